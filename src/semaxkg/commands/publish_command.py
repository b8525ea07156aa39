"""``semaxkg publish``: load the built dataset into a triplestore (Graph Store Protocol)."""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path
from typing import Any

from semaxkg.rdf.iri_scheme import GRAPH

log = logging.getLogger(__name__)

#: Environment variable holding the store password (never on the command line).
PASSWORD_ENV = "SEMAXKG_STORE_PASSWORD"

DESCRIPTION = f"""\
Upload every named graph of the built dataset (data/ttl/, or the folder or .nq/.trig file
given with --data) to a triplestore with the SPARQL 1.1 Graph Store HTTP Protocol: PUT
replaces each graph, so publishing again gives the same store. After each upload the store's
triple count for the graph must equal the file's, or the command stops (exit 3) naming the
graph. The graph <{GRAPH}manifest> records which graphs are
complete; an interrupted run leaves the graph it was loading out of it. Transient failures
(connection refused, 429, 502-504, time-outs) are retried with backoff. The password comes
from ${PASSWORD_ENV} or --password-file. Settings for Oxigraph, Fuseki, Virtuoso and
GraphDB: docs/triplestores.md.
"""

EPILOG = """\
examples:
  oxigraph serve --location store/ --union-default-graph &
  semaxkg publish --to http://127.0.0.1:7878/query            # graph store: .../store
  SEMAXKG_STORE_PASSWORD=pw semaxkg publish --to http://localhost:3030/semax/sparql \\
      --graph-store http://localhost:3030/semax/data --auth admin
exit codes: 0 published and verified, 2 bad arguments or input, 3 the store failed
"""


def register(subparsers: Any) -> None:
    """Add the ``publish`` sub-command."""
    from semaxkg.store.http import MAX_ATTEMPTS
    from semaxkg.store.upload import UPLOAD_TIMEOUT_SECONDS

    parser = subparsers.add_parser(
        "publish", help="upload the dataset to a triplestore (Graph Store Protocol)",
        description=DESCRIPTION, epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--to", required=True, metavar="URL",
                        help="the store's SPARQL query endpoint (used to verify the counts)")
    parser.add_argument("--graph-store", metavar="URL",
                        help="its Graph Store Protocol endpoint (default: .../query -> "
                             ".../store as in Oxigraph, else the --to URL)")
    parser.add_argument("--data", type=Path, metavar="DIR_OR_FILE",
                        help="build folder (one .ttl per graph) or a .nq/.trig file "
                             "(default: the project's data/ttl)")
    parser.add_argument("--auth", metavar="USER",
                        help=f"user name; the password is read from ${PASSWORD_ENV} or "
                             "--password-file")
    parser.add_argument("--password-file", type=Path, metavar="FILE",
                        help="file whose first line is the password")
    parser.add_argument("--auth-scheme", choices=("basic", "digest"), default="basic",
                        help="HTTP authentication scheme (Virtuoso's -auth endpoint: digest)")
    parser.add_argument("--timeout", type=float, default=UPLOAD_TIMEOUT_SECONDS,
                        metavar="SECONDS",
                        help=f"wait this long for each answer (default {UPLOAD_TIMEOUT_SECONDS:g})")
    parser.add_argument("--retries", type=int, default=MAX_ATTEMPTS - 1,
                        help=f"retries of a transient failure (default {MAX_ATTEMPTS - 1})")
    parser.add_argument("--prune", action="store_true",
                        help=f"delete graphs under {GRAPH} that are not "
                             "in this dataset")
    parser.set_defaults(handler=publish)


def read_password(password_file: Path | None) -> str:
    """The store password from ``--password-file`` or the environment ('' when neither)."""
    from semaxkg.errors import UsageError

    if password_file is not None:
        try:
            lines = password_file.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise UsageError(f"cannot read --password-file {password_file}: "
                             f"{exc.strerror}") from exc
        return lines[0] if lines else ""
    return os.environ.get(PASSWORD_ENV, "")


def publish(args: argparse.Namespace) -> int:
    """Publish, then print one line per graph: triples in the file, before and after."""
    from semaxkg.errors import UsageError
    from semaxkg.paths import current_project
    from semaxkg.store.http import make_auth
    from semaxkg.store.upload import Publisher, local_graphs, short_name

    if args.timeout <= 0:
        raise UsageError("--timeout must be positive")
    if args.retries < 0:
        raise UsageError("--retries must be 0 or more")
    auth = make_auth(args.auth, read_password(args.password_file), args.auth_scheme)
    publisher = Publisher(args.to, args.graph_store, auth=auth, timeout=args.timeout,
                          attempts=args.retries + 1)
    with local_graphs(args.data or current_project().ttl_dir) as graphs:
        log.info("publishing %d graph(s), %d triples, to %s (graph store %s)", len(graphs),
                 sum(g.triples for g in graphs), publisher.query_url, publisher.graph_store_url)
        reports = publisher.publish(graphs, prune=args.prune)
    width = max(len(short_name(r.name)) for r in reports)
    print(f"{'graph':<{width}}  {'file':>10}  {'before':>10}  {'after':>10}  seconds")
    for r in reports:
        print(f"{short_name(r.name):<{width}}  {r.local:>10}  {r.before:>10}  {r.after:>10}  "
              f"{r.seconds:7.2f}")
    log.info("published and verified %d graph(s), %d triples", len(reports),
             sum(r.after for r in reports))
    return 0
