"""The build watcher behind ``semaxkg serve --watch``, run as a process of its own.

It polls the statement folder (file names, sizes and modification times: no extra
dependency, and a few dozen ``stat`` calls per poll cost nothing), waits until the files have
been quiet for :data:`DEBOUNCE_SECONDS` (an editor's save may touch a file several times),
then builds into a fresh folder of its scratch folder — never ``data/ttl`` — and writes the
outcome to the status file (:mod:`semaxkg.web.build_status`). The web workers read that file
and swap in a build that conformed; while the latest one does not, they show its problems.

Run as ``python -m semaxkg.commands.watch_builds``; ``semaxkg serve --watch`` starts it and
stops it. It also stops by itself when the server that started it is gone.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from semaxkg.build.corpus import load_corpus
from semaxkg.build.pipeline import build
from semaxkg.build.vocab import default_vocabulary
from semaxkg.errors import InputError, Location, NotConformingError, Problem
from semaxkg.logsafe import escaping_handler
from semaxkg.web.build_status import STATUS_FILE_NAME, status_of, write_status

log = logging.getLogger(__name__)

#: Seconds between two looks at the statement folder.
POLL_SECONDS = 0.3
#: Seconds the statement files must stay unchanged before a build starts.
DEBOUNCE_SECONDS = 0.5
#: Builds kept in the scratch folder (a worker may still be loading the one before the last).
KEPT_BUILDS = 3

Snapshot = dict[str, tuple[int, int]]


def snapshot(folder: Path) -> Snapshot:
    """Each statement file's size and modification time (ns), by name."""
    seen: Snapshot = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            st = path.stat()
        except FileNotFoundError:  # removed between the listing and the stat
            continue
        seen[path.name] = (st.st_size, st.st_mtime_ns)
    return seen


def build_problems(statements: Path, out: Path, root: Path | None, reasoner: bool) -> list[Problem]:
    """Build ``statements`` into ``out``; the problems that stopped it (empty: it conformed)."""
    try:
        corpus = load_corpus(statements, default_vocabulary(), root)
        build(corpus, out, reasoner=reasoner)
    except InputError as exc:
        return exc.problems
    except NotConformingError as exc:
        return exc.problems or [Problem(Location(str(statements)), str(exc))]
    except Exception as exc:  # a crashed build (a bug, Java) must not end the watch
        log.exception("build of %s failed", statements)
        return [Problem(Location(str(statements)), f"the build failed: {exc}",
                        "see the server's log; run `semaxkg build` for the whole message")]
    return []


def watch(statements: Path, scratch: Path, root: Path | None, reasoner: bool,
          parent: int, since_ns: int) -> None:
    """Rebuild after every quiet change of ``statements`` until process ``parent`` is gone;
    locations are shown relative to ``root`` (the project) when given. A file changed after
    ``since_ns`` (when the server started: this process takes seconds to import the build)
    counts as a change."""
    status_file = scratch / STATUS_FILE_NAME
    serial, good = 0, None  # serial 0 and no build yet: written by serve before it starts us
    built = snapshot(statements)
    if any(mtime >= since_ns for _size, mtime in built.values()):
        built = {}
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
        now = snapshot(statements)
        if now == built:
            continue
        time.sleep(DEBOUNCE_SECONDS)
        if snapshot(statements) != now:
            continue  # still being written: look again at the next poll
        serial += 1
        out = scratch / f"build-{serial}"
        log.info("statements changed: build %d", serial)
        problems = build_problems(statements, out, root, reasoner)
        if not problems:
            good = str(out / "semaxkg.nq")
            _drop_old_builds(scratch, serial)
        log.info("build %d: %s", serial,
                 "conforms" if not problems else f"{len(problems)} problem(s)")
        write_status(status_file, status_of(serial, good, problems))
        built = now


def _drop_old_builds(scratch: Path, serial: int) -> None:
    for folder in scratch.glob("build-*"):
        number = folder.name.removeprefix("build-")
        if number.isdigit() and int(number) <= serial - KEPT_BUILDS:
            shutil.rmtree(folder, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments ``serve --watch`` passes and watch until the server is gone."""
    parser = argparse.ArgumentParser(prog="python -m semaxkg.commands.watch_builds")
    parser.add_argument("--statements", type=Path, required=True)
    parser.add_argument("--scratch", type=Path, required=True)
    parser.add_argument("--parent", type=int, required=True)
    parser.add_argument("--root", type=Path, help="show file locations relative to this folder")
    parser.add_argument("--since-ns", type=int, default=0,
                        help="files changed since this time (ns) are built at once")
    parser.add_argument("--no-reasoner", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, handlers=[
        escaping_handler(sys.stderr, "%(levelname)s %(name)s: %(message)s")])
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C reaches the whole process group
        watch(args.statements.resolve(), args.scratch, args.root, not args.no_reasoner,
              args.parent, args.since_ns or time.time_ns())
    return 0


if __name__ == "__main__":
    sys.exit(main())
