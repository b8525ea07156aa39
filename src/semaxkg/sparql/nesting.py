"""How deeply a query nests, measured by a cheap scan before any SPARQL parser sees it.

pyoxigraph's parser (and the algebra it builds) recurses once per nested group, bracket,
parenthesis and chained operator; a query nesting a few hundred levels deep overflows the
stack of the thread parsing it and kills the whole process (SIGSEGV), which no ``except``
can catch. :func:`too_deep` walks the tokens of :mod:`semaxkg.rdf.sparql_lexer` (strings,
IRIs and comments skipped) once, in linear time, and reports the first place where the
nesting passes :data:`~semaxkg.sparql.limits.MAX_QUERY_NESTING`.

>>> too_deep("ASK { ?s ?p ?o }") is None
True
>>> too_deep("ASK " + "{" * 100 + "}" * 100).depth
65
"""

from __future__ import annotations

from dataclasses import dataclass

from semaxkg.rdf import sparql_lexer as lexer
from semaxkg.sparql.limits import MAX_QUERY_NESTING

_OPEN = frozenset("({[")
_CLOSE = frozenset(")}]")
#: Punctuation that chains two operands (or prefixes one): each is one more level of the tree.
_OPERATOR_CHARS = frozenset("|/^!&=<>+-*")
#: Keywords that wrap what came before them in the group (or what follows) in a new node.
_OPERATOR_WORDS = frozenset({"UNION", "OPTIONAL", "MINUS", "BIND", "NOT", "EXISTS"})
#: Characters the lexer keeps inside a prefixed name (``ex:a/ex:b`` is one token there) that
#: are path or expression operators in SPARQL.
_PNAME_OPERATOR_CHARS = frozenset("|/^!&=+*")


@dataclass(frozen=True)
class TooDeep:
    """Where a query first nests deeper than the limit."""

    depth: int
    line: int
    column: int
    limit: int

    def message(self) -> str:
        """What is wrong (the 400's first line): where, how deep and the limit."""
        return (
            f"the query nests too deeply: {self.depth} levels at line {self.line}, column "
            f"{self.column}, over the limit of {self.limit} (MAX_QUERY_NESTING)"
        )

    def fix(self) -> str:
        """How to fix the query (the 400's second line)."""
        return (
            "flatten the query, e.g. list values with VALUES or IN instead of chaining them "
            "(each open {, ( or [ counts one level, and so does each chained UNION, OPTIONAL, "
            "MINUS, BIND, NOT, EXISTS or operator (| / ^ ! && || = < > + - *) inside it)"
        )


def _weight(kind: str, token: str) -> int:
    if kind == "other":
        return 1 if token in _OPERATOR_CHARS else 0
    if kind == "word":
        return 1 if token.upper() in _OPERATOR_WORDS else 0
    if kind == "pname":
        return sum(1 for char in token if char in _PNAME_OPERATOR_CHARS)
    return 0


def too_deep(text: str, limit: int = MAX_QUERY_NESTING) -> TooDeep | None:
    """The first place ``text`` nests deeper than ``limit`` levels, or ``None``."""
    levels = [0]  # operators seen so far in each open level (the query itself is level 0)
    depth = 0
    for kind, token, offset in lexer.tokens(text):
        if kind == "other" and token in _OPEN:
            levels.append(0)
            depth += 1
        elif kind == "other" and token in _CLOSE:
            if len(levels) > 1:
                depth -= 1 + levels.pop()
            continue
        else:
            weight = _weight(kind, token)
            if not weight:
                continue
            levels[-1] += weight
            depth += weight
        if depth > limit:
            line = text.count("\n", 0, offset) + 1
            column = offset - (text.rfind("\n", 0, offset) + 1) + 1
            return TooDeep(depth, line, column, limit)
    return None
