"""``semaxkg locate``: find words in a source text and print ready ``locators:`` lines.

The passages are shown on the terminal for the curator to read; nothing is written.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

from semaxkg.build.curation.sourcetext import SourceText, find_statement, read_source
from semaxkg.build.curation.textmatch import MAX_QUERY_CHARS, cuts_word, find_all
from semaxkg.errors import UsageError
from semaxkg.paths import current_project

log = logging.getLogger(__name__)

#: Most occurrences printed (a common word can occur hundreds of times; narrow the words).
MAX_SHOWN = 50

HELP = """\
Print every occurrence of WORDS in the text of SOURCE (case, line breaks, no-break spaces,
curly quotes and dashes do not matter), with the enclosing sentence's offsets and a
locators: line to paste into the statement. With --check STATEMENT_ID, print the passages
a statement points to as they stand, and say what is wrong with them.

examples:
  semaxkg locate source-001 BDNF expression
  semaxkg locate --check s001-semax-bdnf-expression
"""


def one_line(passage: str) -> str:
    """The passage on one line (white space runs shown as one space)."""
    return " ".join(passage.split())


def print_occurrences(src: SourceText, words: str) -> int:
    """Print each occurrence of ``words``; return how many there were."""
    found = find_all(src.text, words)
    print(f"{src.source_id} ({src.file}): {len(found)} occurrence"
          f"{'' if len(found) == 1 else 's'} of {words!r}")
    for n, occ in enumerate(found[:MAX_SHOWN], 1):
        section = src.section_at(occ.sentence_start)
        where = f' (section "{section}")' if section else ""
        print(f"{n}. match {occ.start}-{occ.end}, sentence {occ.sentence_start}-{occ.sentence_end}{where}")
        print(f"   | {one_line(src.text[occ.sentence_start:occ.sentence_end])}")
        print(f"   locators: [{{start: {occ.sentence_start}, end: {occ.sentence_end}}}]")
    if len(found) > MAX_SHOWN:
        print(f"... {len(found) - MAX_SHOWN} more not shown: give more words to narrow the search")
    return len(found)


def _locators(st: dict[str, Any]) -> list[tuple[int, int]]:
    out = []
    for lo in st.get("locators") or []:
        if isinstance(lo, dict) and isinstance(lo.get("start"), int) and isinstance(lo.get("end"), int):
            out.append((lo["start"], lo["end"]))
    return out


def check_statement(src: SourceText, statement_id: str, st: dict[str, Any], where: str) -> int:
    """Print the statement's passages and what is wrong with them; return the problem count."""
    text = src.text
    problems = 0
    print(f"{statement_id} ({src.source_id}, {where})")
    print(f"text: {st.get('text')}")
    passages = []
    for n, (start, end) in enumerate(_locators(st), 1):
        print(f"passage {n}: {start}-{end}")
        if not 0 <= start < end <= len(text):
            print(f"   ! outside the text (it has {len(text)} characters)")
            problems += 1
            continue
        passages.append(text[start:end].casefold())
        print(f"   | {one_line(text[start:end])}")
        for name, offset in (("start", start), ("end", end)):
            if cuts_word(text, offset):
                print(f"   ! the {name} {offset} cuts a word")
                problems += 1
    for term in st.get("terms") or []:
        if any(str(term).casefold() in p for p in passages):
            print(f"term {term!r}: in the passage")
        else:
            print(f"term {term!r}: NOT in the passage")
            problems += 1
    return problems


def run(args: argparse.Namespace) -> int:
    """Locate words, or check a statement's passages (exit 1 when they have problems)."""
    project = current_project()
    statements: Path = args.statements or project.statements_dir
    sources: Path = args.sources or project.sources_dir
    if args.check:
        if args.source or args.words:
            raise UsageError("--check takes only a statement id: drop SOURCE and WORDS")
        source_id, st, loc = find_statement(statements, args.check)
        problems = check_statement(read_source(statements, sources, source_id), args.check, st, str(loc))
        if problems:
            log.error("%s: %d problem(s) with its passages", loc, problems)
            return 1
        return 0
    if not args.source or not args.words:
        raise UsageError("give SOURCE and WORDS (e.g. semaxkg locate source-001 BDNF), "
                         "or --check STATEMENT_ID")
    words = " ".join(args.words)
    if len(words) > MAX_QUERY_CHARS:
        raise UsageError(f"WORDS has {len(words)} characters; give at most {MAX_QUERY_CHARS}")
    found = print_occurrences(read_source(statements, sources, args.source), words)
    return 0 if found else 1


def register(sub: Any) -> None:
    """Add the ``locate`` sub-command."""
    p = sub.add_parser("locate", help="find words in a source and print locators",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("source", nargs="?", metavar="SOURCE", help="a source id, e.g. source-001")
    p.add_argument("words", nargs="*", metavar="WORDS", help="the words to find")
    p.add_argument("--check", metavar="STATEMENT_ID", help="show a statement's passages as they stand")
    p.add_argument("--statements", type=Path, help="folder with the statement YAML files "
                   "(default: the project's data/statements)")
    p.add_argument("--sources", type=Path, help="folder with the source texts "
                   "(default: ../shared/sources beside the project)")
    p.set_defaults(handler=run)
