"""The ``semaxkg`` command line: sub-commands are registered from ``semaxkg.commands``.

Exit codes: 0 ok, 1 the data does not conform, 2 usage or input error, 3 a triplestore failed
(unreachable, refused, timed out or answered wrongly: ``publish``, ``serve --store``).

Every command acts on the project around the working directory, or the one named with
``--project DIR`` (before or after the sub-command); see :mod:`semaxkg.paths`.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import logging
import re
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from semaxkg import __version__
from semaxkg.commands import COMMAND_MODULES
from semaxkg.errors import InputError, SemaxkgError
from semaxkg.logsafe import escaping_handler
from semaxkg.paths import using_project

log = logging.getLogger("semaxkg")

EXIT_OK = 0
EXIT_NOT_CONFORMING = 1
EXIT_USAGE = 2
EXIT_STORE = 3

Handler = Callable[[argparse.Namespace], int]


def _option_strings(parser: argparse.ArgumentParser) -> list[str]:
    """Every option of ``parser`` and of its sub-commands (``--format``, ``-v``…)."""
    found: list[str] = []
    for action in parser._actions:
        found.extend(action.option_strings)
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found.extend(_option_strings(sub))
    return found


def _sub_commands(parser: argparse.ArgumentParser) -> list[str]:
    return [name for action in parser._actions
            if isinstance(action, argparse._SubParsersAction) for name in action.choices]


def did_you_mean(parser: argparse.ArgumentParser, message: str) -> str:
    """A "did you mean" for an unknown option, sub-command or choice in argparse's
    ``message``, or ``""``.

    >>> parser = argparse.ArgumentParser()
    >>> _ = parser.add_argument("--format")
    >>> did_you_mean(parser, "unrecognized arguments: --fromat json")
    ' (did you mean --format?)'
    """
    hints: list[str] = []
    if message.startswith("unrecognized arguments:"):
        options = sorted(set(_option_strings(parser)))
        for word in message.split(":", 1)[1].split():
            if word.startswith("-"):
                hints += difflib.get_close_matches(word.split("=", 1)[0], options, n=1)
    choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
    if choice:
        choices = re.findall(r"'([^']*)'", choice.group(2)) or _sub_commands(parser)
        hints += difflib.get_close_matches(choice.group(1), choices, n=1)
    return f" (did you mean {' or '.join(hints)}?)" if hints else ""


class _Parser(argparse.ArgumentParser):
    """argparse exits with 2 on usage errors already; this adds a "did you mean"."""

    def error(self, message: str) -> NoReturn:
        """Print the usage and ``message`` with the closest known option, then exit 2."""
        super().error(message + did_you_mean(self, message))


PROJECT_HELP = ("the project folder to act on (default: the nearest folder at or above the "
                "working directory whose pyproject.toml has a [tool.semaxkg] table)")

#: Sub-commands that must start fast (``semaxkg serve`` answers within 1 s, issue 4) import
#: only their own module: the others pull in the build pipeline (pySHACL, rdflib, pydantic),
#: which costs about a second. Any other invocation registers every sub-command.
FAST_COMMANDS: dict[str, str] = {"serve": "semaxkg.commands.serve_command",
                                 "query": "semaxkg.commands.query_command"}


#: Sub-commands that log only warnings and errors unless ``-v``: their output is the answer.
QUIET_COMMANDS = frozenset({"query"})


def build_parser(modules: Sequence[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """Build the argument parser with the sub-commands of ``modules`` (default: all)."""
    parser = _Parser(
        prog="semaxkg",
        description="Build, validate and serve the semaxkg knowledge graph.",
        epilog="Exit codes: 0 ok, 1 the data does not conform, 2 usage or input error, "
               "3 a triplestore failed.",
    )
    parser.add_argument("--version", action="version", version=f"semaxkg {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    parser.add_argument("--project", metavar="DIR", help=PROJECT_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in modules:
        importlib.import_module(name).register(sub)
    for command in sub.choices.values():
        # SUPPRESS: a sub-command without the option keeps the value given before it.
        command.add_argument("--project", metavar="DIR", default=argparse.SUPPRESS,
                             help=PROJECT_HELP)
        # After the sub-command too (`semaxkg query -v …`): argparse said "unrecognized
        # arguments: -v (did you mean -v?)".
        command.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                             help="log debug messages")
    return parser


def command_word(words: Sequence[str]) -> str:
    """The sub-command named in ``words`` (the first word that is neither an option nor the
    value of ``--project``), or ``""``.

    >>> command_word(["--project", "serve", "query", "ASK {}"])
    'query'
    """
    rest = iter(words)
    for word in rest:
        if word == "--project":
            next(rest, None)
        elif not word.startswith("-"):
            return word
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code."""
    words = list(sys.argv[1:] if argv is None else argv)
    command = command_word(words)
    parser = build_parser([FAST_COMMANDS[command]] if command in FAST_COMMANDS else COMMAND_MODULES)
    args = parser.parse_args(words)
    # One record, one line: control characters from requests are escaped (see logsafe).
    # Commands whose output is the answer (query) say nothing more unless -v.
    quiet = logging.WARNING if command in QUIET_COMMANDS else logging.INFO
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else quiet,
        handlers=[escaping_handler(sys.stderr, "%(levelname)s %(name)s: %(message)s")],
    )
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        with using_project(args.project):
            return handler(args)
    except InputError as exc:
        # One record per problem: the curator reads every one, each on its own line.
        for problem in exc.problems:
            log.error("%s", problem)
        if len(exc.problems) > 1:
            log.error("%d problems", len(exc.problems))
        return exc.exit_code
    except SemaxkgError as exc:
        log.error("%s", exc)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
