"""Regenerate queries/expected/*.tsv: each named query's answer over the built graph.

    python queries/make_expected.py                 # from data/ttl/semaxkg.nq
    python queries/make_expected.py --data FILE.nq  # from another build

Each file is the query's answer in the W3C SPARQL 1.1 Query Results TSV format (a header line
of ``?variables``, then one line per row, terms in Turtle/N-Triples syntax), computed with
the union of the named graphs as the default graph, as the endpoint answers. Rows keep the
query's order when it has an ORDER BY; otherwise they are sorted, so the files do not depend
on the store's iteration order. ``tests/test_queries.py`` answers every query again and
compares with these files: after a change of the statements, rebuild (``semaxkg build``),
run this script and review ``git diff queries/expected``.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
EXPECTED = HERE / "expected"
DEFAULT_DATA = HERE.parent / "data" / "ttl" / "semaxkg.nq"

_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)


def query_files(folder: Path = HERE) -> list[Path]:
    """The named queries (``NN-name.rq``), in file-name order; the QC queries are not among them."""
    return sorted(folder.glob("[0-9][0-9]-*.rq"))


def load_store(data: Path) -> ox.Store:
    """An in-memory store holding ``data`` (N-Quads)."""
    store = ox.Store()
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    return store


def answer_tsv(store: ox.Store, query: str) -> str:
    """The answer to ``query`` as SPARQL TSV, rows sorted unless the query orders them."""
    results = store.query(query, use_default_graph_as_union=True)
    if not isinstance(results, ox.QuerySolutions):
        raise ValueError("a named query must be a SELECT query")
    text = results.serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")
    head, _, body = text.partition("\n")
    rows = body.splitlines()
    if not _ORDER_BY.search(query):
        rows.sort()
    return "".join(line + "\n" for line in [head, *rows])


def expected_path(query_file: Path) -> Path:
    """Where the expected answer of ``query_file`` is kept."""
    return query_file.parent / "expected" / (query_file.stem + ".tsv")


def main(argv: list[str] | None = None) -> int:
    """Write one expected-answer file per named query; remove files of deleted queries."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="the built graph as N-Quads (default: data/ttl/semaxkg.nq)")
    args = parser.parse_args(argv)
    store = load_store(args.data)
    EXPECTED.mkdir(exist_ok=True)
    wanted = set()
    for path in query_files():
        target = expected_path(path)
        wanted.add(target)
        target.write_text(answer_tsv(store, path.read_text(encoding="utf-8")), encoding="utf-8")
    for stale in set(EXPECTED.glob("*.tsv")) - wanted:
        stale.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
