"""``semaxkg query``: answer one SPARQL query from the command line."""

from __future__ import annotations

import argparse
import sys
from typing import Any

DESCRIPTION = """\
Run one read-only SPARQL query against the built graph (data/ttl/semaxkg.nq) or the RDF files
given with --data, and write the answer to standard output in the chosen format. The default
graph is the union of all graphs, as on the endpoint.
"""

EPILOG = """\
examples:
  semaxkg query 'SELECT ?s WHERE { ?s a ?type } LIMIT 5' --format csv
  semaxkg query 'CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3' --format turtle --data graph.ttl
exit codes: 0 answered, 2 bad query, bad format or unreadable data
"""

FORMAT_NAMES = ("json", "xml", "csv", "tsv", "turtle", "json-ld", "rdf-xml", "n-triples",
                "n3", "trig", "n-quads")


def register(subparsers: Any) -> None:
    """Add the ``query`` sub-command."""
    parser = subparsers.add_parser(
        "query", help="answer a SPARQL query on the command line", description=DESCRIPTION,
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("query", help="the SPARQL query text, or @FILE to read it from FILE")
    parser.add_argument("--format", "-f", choices=FORMAT_NAMES,
                        help="answer format (default: json for SELECT/ASK, turtle for graphs)")
    parser.add_argument("--data", nargs="+", metavar="FILE",
                        help="RDF files to query instead of the project's data/ttl/semaxkg.nq (outside "
                             "a project: the graph an installed wheel carries)")
    parser.add_argument("--base", help="base IRI for relative IRIs in the query")
    parser.set_defaults(handler=query)


def query(args: argparse.Namespace) -> int:
    """Run the query in-process and print the answer."""
    from semaxkg.errors import UsageError
    from semaxkg.paths import current_project
    from semaxkg.rdf.iri_scheme import BASE
    from semaxkg.sparql.engine import execute
    from semaxkg.sparql.messages import QueryRequest
    from semaxkg.store.dataset import load_dataset

    text: str = args.query
    if text.startswith("@"):
        try:
            with open(text[1:], encoding="utf-8") as handle:
                text = handle.read()
        except OSError as exc:
            raise UsageError(f"cannot read the query file {text[1:]}: {exc.strerror}") from exc
    files = args.data or [str(current_project().data_file)]
    dataset = load_dataset(files)
    answer = execute(dataset, QueryRequest(
        query=text, base_iri=args.base or BASE,
        format_hint=args.format, accept="",
    ))
    if answer.status != 200:
        raise UsageError(answer.body.decode("utf-8", "replace").strip())
    sys.stdout.buffer.write(answer.body)
    sys.stdout.buffer.flush()
    return 0
