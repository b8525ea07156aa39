"""The column order of a ``SELECT *`` answer: the order the query's pattern introduces them.

pyoxigraph lists the variables of ``SELECT *`` sorted by name (``SELECT * { ?s ?p ?o }``
answers o, p, s); a reader expects them as written. An explicit projection keeps its own order
and its answers are not touched.

>>> star_order("SELECT * { ?s ?p ?o }", ["o", "p", "s"])
['s', 'p', 'o']
>>> star_order("SELECT ?o ?s { ?s ?p ?o }", ["o", "s"]) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence

from semaxkg.rdf import sparql_lexer as lexer

_MODIFIERS = frozenset({"DISTINCT", "REDUCED"})


def is_select_star(query: str) -> bool:
    """Whether the (outermost) query form is ``SELECT *`` (with DISTINCT/REDUCED allowed)."""
    seen_select = False
    for kind, token, _ in lexer.tokens(query):
        if not seen_select:
            seen_select = kind == "word" and token.upper() == "SELECT"
            if kind == "word" and token.upper() in lexer.QUERY_FORMS and not seen_select:
                return False
            continue
        if kind == "word" and token.upper() in _MODIFIERS:
            continue
        return token == "*"
    return False


def star_order(query: str, variables: Sequence[str]) -> list[str] | None:
    """``variables`` in order of first appearance in ``query`` when it is ``SELECT *``,
    else ``None`` (keep the engine's order)."""
    if not is_select_star(query):
        return None
    wanted = set(variables)
    order: list[str] = []
    for kind, token, _ in lexer.tokens(query):
        name = token[1:]
        if kind == "var" and name in wanted and name not in order:
            order.append(name)
    order.extend(v for v in variables if v not in order)
    return order
