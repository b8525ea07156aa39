"""The read side of a graph, whatever holds it: the in-process store or a remote endpoint.

Every web surface other than the raw ``/sparql`` protocol (resource pages, ontology pages,
dumps, VoID) asks its questions through :class:`GraphStore`, so the same pages work over the
built-in pyoxigraph store (:class:`~semaxkg.store.local.LocalStore`) and over a SPARQL 1.1
endpoint of an existing triplestore (``semaxkg serve --store URL``).

Conventions every implementation keeps:

* the default graph of a query is the **union of all named graphs** (the remote store must be
  configured that way; it is checked at start-up);
* values from the outside (an IRI from a URL path, a search term) never go into the query
  text: they are passed as ``bindings`` (variable name → pyoxigraph term). Both stores add
  them as a trailing ``VALUES`` clause written by :func:`with_bindings` from the *parsed*
  term (a :class:`pyoxigraph.NamedNode` cannot hold ``>`` or a space, a literal is escaped
  by its N-Triples form), so nothing a user sends can change the query's shape. (pyoxigraph's
  own ``substitutions`` only accept projected variables, too narrow for page queries.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Protocol, TypeAlias

import pyoxigraph as ox

#: An RDF term as the stores return it.
Term: TypeAlias = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
#: One solution: variable name (without ``?``) → term; unbound variables are absent.
Row: TypeAlias = dict[str, Term]
#: Values for variables of a query, by variable name (without ``?``).
Bindings: TypeAlias = Mapping[str, ox.NamedNode | ox.Literal]


class GraphStore(Protocol):
    """Read-only access to one dataset whose default graph is the union of its graphs."""

    @property
    def version(self) -> str:
        """A token that changes whenever the data may have changed (used for ETags)."""
        ...

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        """All solutions of a SELECT query."""
        ...

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """The answer of an ASK query."""
        ...

    def construct(self, query: str, bindings: Bindings | None = None) -> Iterator[ox.Triple]:
        """The triples of a CONSTRUCT or DESCRIBE query, streamed."""
        ...

    def named_graphs(self) -> list[ox.NamedNode]:
        """The names of the graphs in the dataset, sorted."""
        ...

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        """Every quad of ``graph`` (all graphs when ``None``), streamed."""
        ...


def solution_rows(result: object) -> list[Row]:
    """The solutions of a SELECT result as rows of bound variables (unbound ones left out)."""
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("select() needs a SELECT query")
    names = [v.value for v in result.variables]
    rows: list[Row] = []
    for solution in result:
        row: Row = {}
        for name in names:
            term = solution[name]
            if term is not None:
                row[name] = term
        rows.append(row)
    return rows


def with_bindings(query: str, bindings: Bindings | None) -> str:
    """``query`` with a trailing ``VALUES`` clause giving each bound variable its term.

    The trailing clause joins before projection (SPARQL 1.1 §18.2.4.3), so a bound variable
    need not be selected. It also joins *after* grouping: in a query with aggregates, group by
    the bound variable, or the aggregate runs over everything. ``query`` must not already end
    with a ``VALUES`` clause.
    """
    if not bindings:
        return query
    names = sorted(bindings)
    for name in names:
        if not name.isidentifier():
            raise ValueError(f"not a SPARQL variable name: {name!r}")
    variables = " ".join(f"?{name}" for name in names)
    values = " ".join(str(bindings[name]) for name in names)
    return f"{query}\nVALUES ({variables}) {{ ({values}) }}"


def with_values(query: str, name: str, terms: Iterable[ox.NamedNode | ox.Literal]) -> str:
    """``query`` with a trailing ``VALUES ?name { ... }`` listing ``terms`` (one row each).

    The multi-row sibling of :func:`with_bindings`, e.g. to fetch the labels of many IRIs in
    one query; the same rules apply.
    """
    if not name.isidentifier():
        raise ValueError(f"not a SPARQL variable name: {name!r}")
    values = " ".join(str(term) for term in terms)
    return f"{query}\nVALUES ?{name} {{ {values} }}"
