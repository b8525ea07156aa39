"""``semaxkg serve``: serve the graph over the SPARQL 1.1 Protocol with Granian."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DESCRIPTION = """\
Serve the built Semax graph (data/ttl/semaxkg.nq), or the RDF files given with --data, at
/sparql (SPARQL 1.1 Protocol, read-only) and /health, with a multi-worker Granian server.
Files may be Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML; quads keep their graph
names and the query's default graph is the union of all graphs. Limits (time-out, row cap,
body size, cache) come from SEMAXKG_* settings: see docs/endpoint.md.
"""

EPILOG = """\
example:
  semaxkg serve --port 8000 --workers 2
  curl -H 'Accept: text/csv' 'http://127.0.0.1:8000/sparql?query=ASK%7B%7D'
  semaxkg serve --store http://127.0.0.1:7878/query    # over a triplestore (see publish)
  semaxkg serve --watch --no-reasoner    # rebuild on every statement change (curators)
"""


#: WSGI threads per worker: enough to overlap waiting on executors (see benchmarks/README.md)
#: and to keep answering while queries run into their time limit.
DEFAULT_THREADS = 12


def executors_for(threads: int) -> int:
    """Query executors per worker for ``threads`` WSGI threads: two thirds, so the other
    threads (4 of the default 12) keep answering ``/health``, pages and cheap requests while
    every executor runs a runaway query."""
    return max(1, threads * 2 // 3)


def default_workers() -> int:
    """One worker per core."""
    return max(1, os.cpu_count() or 1)


def where_to_go(bind_url: str, workers: int) -> list[str]:
    """The start-up lines naming the home page and the endpoints under ``bind_url``."""
    base = bind_url.rstrip("/")
    return [f"serving with {workers} worker(s); open the home page: {base}/",
            f"SPARQL endpoint: {base}/sparql (in a browser: the query page)",
            f"dataset description (VoID): {base}/.well-known/void; downloads: {base}/dumps",
            f"health: {base}/health"]


def register(subparsers: Any) -> None:
    """Add the ``serve`` sub-command."""
    parser = subparsers.add_parser(
        "serve", help="serve the graph at /sparql (Granian)", description=DESCRIPTION,
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--workers", type=int, default=default_workers(),
                        help="worker processes (default: one per core)")
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS,
                        help=f"WSGI threads per worker (default {DEFAULT_THREADS}); two "
                             "thirds of them may run a query at a time, each in its own "
                             "executor process")
    parser.add_argument("--data", nargs="+", metavar="FILE",
                        help="RDF files to serve instead of the project's data/ttl/semaxkg.nq (outside "
                             "a project: the graph an installed wheel carries)")
    parser.add_argument("--store", metavar="URL",
                        help="serve over this SPARQL 1.1 endpoint instead of local files (its "
                             "default graph must be the union of its graphs; credentials from "
                             "SEMAXKG_STORE_USER / SEMAXKG_STORE_PASSWORD; see "
                             "docs/triplestores.md)")
    parser.add_argument("--sources", metavar="DIR",
                        help="folder of the source texts: pages then show each claim's passage "
                             "(checked against its recorded SHA-256; default: the project's "
                             "../shared/sources when present)")
    parser.add_argument("--watch", action="store_true",
                        help="rebuild (into a scratch folder, never data/ttl) when a statement "
                             "file changes; serve each build that conforms, and show the "
                             "problems of one that does not on every page and in /health")
    parser.add_argument("--statements", type=Path,
                        help="with --watch: the statement folder to watch (default: the "
                             "project's data/statements)")
    parser.add_argument("--no-reasoner", action="store_true",
                        help="with --watch: build without the OWL (HermiT) check (faster)")
    parser.set_defaults(handler=serve)


@contextlib.contextmanager
def watching(args: argparse.Namespace) -> Iterator[Path]:
    """Run the build watcher (``python -m semaxkg.commands.watch_builds``) for as long as the
    server runs; yield its status file. The builds go to a scratch folder, removed after."""
    from semaxkg.errors import UsageError
    from semaxkg.paths import current_project
    from semaxkg.web.build_status import STATUS_FILE_NAME, status_of, write_status

    project = current_project()
    statements: Path = (args.statements or project.statements_dir).resolve()
    if not statements.is_dir():
        raise UsageError(f"--statements {statements}: no such folder; name the folder of the "
                         "statement files to watch")
    scratch = Path(tempfile.mkdtemp(prefix="semaxkg-watch-"))
    status = scratch / STATUS_FILE_NAME
    write_status(status, status_of(0, None, []))
    command = [sys.executable, "-m", "semaxkg.commands.watch_builds", "--statements",
               str(statements), "--scratch", str(scratch), "--parent", str(os.getpid()),
               "--since-ns", str(time.time_ns())]
    if statements.is_relative_to(project.root):
        command += ["--root", str(project.root)]
    if args.no_reasoner:
        command.append("--no-reasoner")
    watcher = subprocess.Popen(command)
    log.info("watching %s (builds in %s)", statements, scratch)
    try:
        yield status
    finally:
        watcher.terminate()
        watcher.wait()
        shutil.rmtree(scratch, ignore_errors=True)


def serve(args: argparse.Namespace) -> int:
    """Build the app (loading the data once) and run Granian."""
    from semaxkg.errors import UsageError

    if args.workers < 1 or args.threads < 1:
        raise UsageError("--workers and --threads must be at least 1")
    if not 0 < args.port < 65536:
        raise UsageError("--port must be between 1 and 65535")
    from semaxkg.web.config import bind_url

    overrides: dict[str, Any] = {"EXECUTORS_PER_WORKER": executors_for(args.threads),
                                 "BIND_URL": bind_url(args.host, args.port)}
    if args.data:
        overrides["DATA_FILES"] = list(args.data)
    if args.sources:
        if not os.path.isdir(args.sources):
            raise UsageError(f"--sources {args.sources}: no such folder; name the folder "
                             "holding the source texts")
        overrides["SOURCES_DIR"] = args.sources
    if args.store:
        if args.data:
            raise UsageError("give --data or --store, not both")
        if args.watch:
            raise UsageError("--watch serves the local builds: give --watch or --store, not both")
        overrides["STORE_URL"] = args.store
    with contextlib.ExitStack() as stack:
        if args.watch:
            overrides["WATCH_STATUS_FILE"] = str(stack.enter_context(watching(args)))
        _serve(args, overrides)
    return 0


def _serve(args: argparse.Namespace, overrides: dict[str, Any]) -> None:
    """Bind the port, build the app (loading the data) and run Granian until stopped."""
    from semaxkg.web import create_app
    from semaxkg.web.serving import bind_port, run

    # Bound before the data is loaded (after the usage checks, which bind nothing): a taken
    # port fails at once, naming the port.
    sock = bind_port(args.host, args.port)
    try:
        app = create_app(overrides)
    except BaseException:
        sock.close()
        raise
    for line in where_to_go(app.config["BIND_URL"] or f"http://localhost:{args.port}/",
                            args.workers):
        log.info("%s", line)
    run(app, args.host, args.port, args.workers, args.threads, sock)
