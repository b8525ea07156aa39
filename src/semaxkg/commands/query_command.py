"""``semaxkg query``: answer one SPARQL query from the command line."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from semaxkg.store.dataset import Dataset

DESCRIPTION = """\
Run one read-only SPARQL query against the built graph (data/ttl/semaxkg.nq) or the RDF files
given with --data, and write the answer to standard output in the chosen format. The default
graph is the union of all graphs, as on the endpoint. On a terminal, SELECT and ASK answers
are an aligned text table (--format text) unless --format says otherwise; into a pipe or a
file they are SPARQL JSON. A bad query gets the endpoint's 400 message on standard error.
"""

EPILOG = """\
examples:
  semaxkg query 'SELECT ?s WHERE { ?s a ?type } LIMIT 5' --format csv
  semaxkg query 'CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3' --format turtle --data graph.ttl
  semaxkg query 'SELECT * { ?s ?p ?o } LIMIT 3' --format text
exit codes: 0 answered, 2 bad query, bad format or unreadable data
"""

#: The text table (the default on a terminal for SELECT and ASK).
TEXT = "text"
#: The exit code of a refused query (the CLI's usage or input error).
USAGE_EXIT = 2
FORMAT_NAMES = (TEXT, "json", "xml", "csv", "tsv", "turtle", "json-ld", "rdf-xml", "n-triples",
                "n3", "trig", "n-quads")


def register(subparsers: Any) -> None:
    """Add the ``query`` sub-command."""
    parser = subparsers.add_parser(
        "query", help="answer a SPARQL query on the command line", description=DESCRIPTION,
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    # Optional for argparse so that a query swallowed by --data gets a message saying so.
    parser.add_argument("query", nargs="?",
                        help="the SPARQL query text, or @FILE to read it from FILE")
    parser.add_argument("--format", "-f", choices=FORMAT_NAMES,
                        help="answer format (default: a text table on a terminal, else json, "
                             "for SELECT/ASK; turtle for graphs)")
    parser.add_argument("--data", nargs="+", metavar="FILE",
                        help="RDF files to query instead of the project's data/ttl/semaxkg.nq (outside "
                             "a project: the graph an installed wheel carries)")
    parser.add_argument("--base", help="base IRI for relative IRIs in the query")
    parser.set_defaults(handler=query)


def _render(body: bytes, query_text: str, table: bool) -> bytes:
    """The answer as printed: a text table from SPARQL JSON when ``table``; a final newline."""
    if table:
        import json

        from semaxkg.commands.text_table import boolean_text, declared_prefixes, solutions_table

        answer = json.loads(body)
        text = boolean_text(answer) if "boolean" in answer else solutions_table(
            answer, declared_prefixes(query_text))
        return text.encode("utf-8")
    return body if body.endswith(b"\n") or not body else body + b"\n"


def _query_text(args: argparse.Namespace) -> str:
    """The query given on the command line (read from FILE for ``@FILE``)."""
    from semaxkg.errors import UsageError

    text: str | None = args.query
    if text is None:
        if args.data:  # --data takes every word after it, the query too
            raise UsageError(f"no query given: --data took every word after it as a file "
                             f"({' '.join(args.data)}); put the query before --data, or end "
                             "the files with --")
        raise UsageError("no query given: write it after 'query' (or @FILE to read it from FILE)")
    if text.startswith("@"):
        try:
            with open(text[1:], encoding="utf-8") as handle:
                return handle.read()
        except OSError as exc:
            raise UsageError(f"cannot read the query file {text[1:]}: {exc.strerror}") from exc
    return text


def _check_format(name: str, form: str | None) -> None:
    """Refuse (UsageError) a ``--format`` that cannot carry the answer of a ``form`` query
    (``csv`` for CONSTRUCT, ``turtle`` for SELECT), rather than silently writing another."""
    from semaxkg.errors import UsageError
    from semaxkg.rdf.formats import Kind, by_short_name

    kinds = {"SELECT": Kind.SOLUTIONS, "ASK": Kind.BOOLEAN, "CONSTRUCT": Kind.GRAPH,
             "DESCRIBE": Kind.GRAPH}
    kind = kinds.get(form or "")
    if name == TEXT or kind is None or by_short_name(kind, name) is not None:
        return
    fitting = [n for n in FORMAT_NAMES if n == TEXT or by_short_name(kind, n) is not None]
    article = "an" if form == "ASK" else "a"
    raise UsageError(f"--format {name} does not fit the answer of {article} {form} query: "
                     f"use one of {', '.join(fitting)}")


def _search_index(dataset: Dataset) -> str:
    """The search index file of ``dataset`` (made now unless on disk), for ``sxf:score`` and
    ``sxf:matches`` on resources, which answer from it as on the endpoint."""
    from semaxkg.errors import UsageError
    from semaxkg.rdf.iri_scheme import BASE
    from semaxkg.search.index_build import default_folder, ensure_index
    from semaxkg.store.local import LocalStore

    folder = default_folder()
    try:
        return str(ensure_index(LocalStore(dataset), dataset.version, BASE, folder))
    except OSError as exc:
        raise UsageError(f"cannot write the search index in {folder}: {exc.strerror or exc}") from exc


def query(args: argparse.Namespace) -> int:
    """Run the query in-process and print the answer."""
    from semaxkg.paths import current_project
    from semaxkg.rdf.iri_scheme import BASE, FUNCTIONS
    from semaxkg.rdf.sparql_lexer import query_form
    from semaxkg.sparql.engine import execute
    from semaxkg.sparql.messages import QueryRequest, bad_request_text
    from semaxkg.store.dataset import load_dataset

    text = _query_text(args)
    if not text.strip():
        # The endpoint's own words for an empty query.
        sys.stderr.write(bad_request_text("the query is empty", "send the text of a SPARQL query")
                         + "\n")
        return USAGE_EXIT
    if args.format:
        _check_format(args.format, query_form(text))
    files = args.data or [str(current_project().data_file)]
    dataset = load_dataset(files)
    chosen = args.format or (TEXT if sys.stdout.isatty() else None)
    table = chosen == TEXT and query_form(text) in ("SELECT", "ASK")
    answer = execute(dataset, QueryRequest(
        query=text, base_iri=args.base or BASE,
        format_hint="json" if table else (None if chosen == TEXT else chosen), accept="",
    ), _search_index(dataset) if FUNCTIONS in text else None)
    if answer.status != 200:
        # The endpoint's own 400 text, as it is: the same message in every place.
        sys.stderr.write(answer.body.decode("utf-8", "replace"))
        sys.stderr.flush()
        return USAGE_EXIT
    sys.stdout.buffer.write(_render(answer.body, text, table))
    sys.stdout.buffer.flush()
    return 0
