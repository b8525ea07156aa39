"""Quality-control queries: ``queries/qc/*-violation.rq``, each returning zero rows on a good graph.

Each file starts with ``# title:`` and ``# description:`` lines like the named queries. A row
is one violation; its first IRI names the offending resource, so the build can point at the
YAML line it came from. The queries run on Oxigraph with the default graph as the union of
the named graphs (as at the endpoint).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

from semaxkg.build.serialize import named_graphs
from semaxkg.errors import Location, Problem
from semaxkg.paths import current_project, display

log = logging.getLogger(__name__)

#: The QC queries' folder inside the project's ``queries/``.
QC_FOLDER = "qc"
#: QC files are recognised by this ending (the OBO/ODK convention).
QC_SUFFIX = "-violation.rq"
#: At most this many rows of one query are reported; the rest are counted.
MAX_ROWS_REPORTED = 20

Row = tuple[str | None, ...]


@dataclass(frozen=True)
class QcQuery:
    """One QC query: its name (file name without the suffix), title, SPARQL text and file."""

    name: str
    title: str
    text: str
    path: Path


@dataclass(frozen=True)
class Violation:
    """One row returned by a QC query: the query and the row's values (IRIs as full strings)."""

    query: QcQuery
    row: Row

    @property
    def subject(self) -> str | None:
        """The first IRI of the row: the resource the violation is about."""
        return next((v for v in self.row if v is not None and v.startswith(("http://", "https://"))),
                    None)


def qc_dir() -> Path:
    """The current project's QC query folder (``queries/qc``)."""
    return current_project().queries_dir / QC_FOLDER


def load_qc_queries(directory: Path | None = None) -> list[QcQuery]:
    """Every ``*-violation.rq`` file of ``directory`` (default :func:`qc_dir`), in name order."""
    directory = directory or qc_dir()
    queries = []
    for path in sorted(directory.glob(f"*{QC_SUFFIX}")):
        text = path.read_text(encoding="utf-8")
        first = text.splitlines()[0] if text else ""
        if not first.startswith("# title: "):
            raise ValueError(f"{path}:1: a QC query must start with '# title: …'")
        queries.append(QcQuery(path.name.removesuffix(QC_SUFFIX), first.removeprefix("# title: "), text,
                               path))
    return queries


def store_from_dataset(ds: Dataset) -> ox.Store:
    """An in-memory Oxigraph store holding every named graph of ``ds``."""
    store = ox.Store()
    for g in named_graphs(ds):
        store.load(g.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES,
                   to_graph=ox.NamedNode(str(g.identifier)))
    return store


def _value(term: object) -> str | None:
    return None if term is None else str(term.value)  # type: ignore[attr-defined]


def run_query(store: ox.Store, query: QcQuery) -> list[Row]:
    """The rows a QC query returns, each value as text (IRIs in full), in the query's order."""
    result = store.query(query.text, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions), f"{query.name}: a QC query must be a SELECT"
    names = [v.value for v in result.variables]
    return [tuple(_value(solution[n]) for n in names) for solution in result]


def run_qc(store: ox.Store, queries: Iterable[QcQuery]) -> list[Violation]:
    """Every violation of every query, query by query."""
    found: list[Violation] = []
    for q in queries:
        rows = run_query(store, q)
        log.debug("QC %s: %d rows", q.name, len(rows))
        found.extend(Violation(q, row) for row in rows)
    return found


def check_dataset(ds: Dataset, queries: Sequence[QcQuery] | None = None) -> list[Violation]:
    """Run the QC queries (by default every file in ``queries/qc``) over a converted dataset."""
    return run_qc(store_from_dataset(ds), load_qc_queries() if queries is None else queries)


def describe(v: Violation) -> str:
    """One line: the query's title and the row's values."""
    return f"QC '{v.query.name}' ({v.query.title}): " + ", ".join(
        "(none)" if x is None else x for x in v.row)


def qc_problems(violations: Iterable[Violation],
                locate: Callable[[str | None], Location]) -> list[Problem]:
    """Located problems, at most :data:`MAX_ROWS_REPORTED` per query plus a count of the rest;
    ``locate`` maps the row's first IRI to the statement file and line it came from."""
    problems = []
    seen: Counter[QcQuery] = Counter()
    for v in violations:
        seen[v.query] += 1
        if seen[v.query] <= MAX_ROWS_REPORTED:
            problems.append(Problem(locate(v.subject), describe(v),
                                    f"correct the data so that {display(v.query.path)} returns no rows"))
    for q, n in seen.items():
        if n > MAX_ROWS_REPORTED:
            problems.append(Problem(Location(display(q.path)), f"{n - MAX_ROWS_REPORTED} more rows not shown",
                                    "run the query to see them all"))
    return problems
