"""The graphs a query's ``FROM`` / ``FROM NAMED`` clauses name, resolved as pyoxigraph would.

Over a store whose default graph is the union of its named graphs (``serve --store``), the
store may ignore a query's ``FROM`` (Oxigraph's ``--union-default-graph`` does), so that
``SELECT … FROM <g> WHERE { ?s ?p ?o }`` would read every graph. The proxy therefore sends
the clauses' graphs as the protocol's ``default-graph-uri``/``named-graph-uri`` parameters,
which every store honours and which mean exactly what the clauses mean (SPARQL 1.1 Protocol
§2.1.4: the dataset they describe replaces the query's).

Reading the clauses: the tokeniser (:mod:`semaxkg.rdf.sparql_lexer`) finds each ``FROM``
keyword (never inside a string, IRI or comment) and the IRI or prefixed name after it; the
prologue's ``BASE``/``PREFIX`` declarations and those tokens are handed to pyoxigraph inside
``SELECT ?g WHERE { VALUES ?g { … } }``, evaluated on an empty in-memory store, so relative
IRIs and prefixed names resolve exactly as in the query. Only tokens the tokeniser typed as an
IRI or a prefixed name go into that text (neither can hold a brace or a space), it is parsed
and checked by pyoxigraph, and it reads no data: the graphs then travel as form parameters,
never as query text.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from semaxkg.rdf import sparql_lexer as lexer

#: Token kinds that may stand after ``FROM`` / ``FROM NAMED``.
GRAPH_TOKENS = frozenset({"iri", "pname"})
#: Keywords a prologue is made of.
PROLOGUE_WORDS = frozenset({"BASE", "PREFIX"})


class DatasetClauseError(ValueError):
    """The ``FROM`` clauses of a query could not be read (the message names why)."""


@dataclass(frozen=True)
class DatasetClause:
    """The graphs of a query's ``FROM`` (default) and ``FROM NAMED`` (named) clauses."""

    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]


def dataset_clause(query: str, base_iri: str | None = None) -> DatasetClause | None:
    """The dataset the query's ``FROM`` clauses describe, or ``None`` when it has none.

    Raises :class:`DatasetClauseError` when a clause cannot be read (the query would not
    parse either).
    """
    if "FROM" not in lexer.query_keywords(query):
        return None
    found = list(lexer.tokens(query))
    form_at = next((i for i, (kind, token, _) in enumerate(found)
                    if kind == "word" and token.upper() in lexer.QUERY_FORMS), None)
    if form_at is None:
        raise DatasetClauseError("FROM outside a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    prologue = found[:form_at]
    if any(kind not in GRAPH_TOKENS and not (kind == "word" and token.upper() in PROLOGUE_WORDS)
           for kind, token, _ in prologue):
        raise DatasetClauseError("the prologue holds more than BASE and PREFIX declarations")
    targets: list[tuple[bool, str]] = []
    index = form_at
    while index < len(found):
        kind, token, _ = found[index]
        if kind == "word" and token.upper() == "FROM":
            index += 1
            named = index < len(found) and found[index][0] == "word" \
                and found[index][1].upper() == "NAMED"
            index += 1 if named else 0
            if index >= len(found) or found[index][0] not in GRAPH_TOKENS:
                raise DatasetClauseError("FROM must be followed by a graph IRI")
            targets.append((named, found[index][1]))
        index += 1
    resolved = _resolve([token for _, token, _ in prologue], [token for _, token in targets],
                        base_iri)
    return DatasetClause(
        tuple(iri for (named, _), iri in zip(targets, resolved, strict=True) if not named),
        tuple(iri for (named, _), iri in zip(targets, resolved, strict=True) if named),
    )


def _resolve(prologue: list[str], graphs: list[str], base_iri: str | None) -> list[str]:
    """The absolute IRIs of ``graphs`` (IRI or prefixed-name tokens) under ``prologue``."""
    text = (" ".join(prologue) + "\nSELECT ?g WHERE { VALUES ?g { "
            + " ".join(graphs) + " } }")
    try:
        solutions = ox.Store().query(text, base_iri=base_iri)
    except (SyntaxError, ValueError, OSError) as exc:
        detail = " ".join(str(exc).split())[:160]
        raise DatasetClauseError(f"a FROM graph does not resolve to an IRI: {detail}") from exc
    assert isinstance(solutions, ox.QuerySolutions)
    iris: list[str] = []
    for solution in solutions:
        term = solution["g"]
        if not isinstance(term, ox.NamedNode):
            raise DatasetClauseError("a FROM graph is not an IRI")
        iris.append(term.value)
    if len(iris) != len(graphs):
        raise DatasetClauseError("the FROM graphs could not all be read")
    return iris
