"""The aligned text table ``semaxkg query`` prints on a terminal (as Jena's ``sparql`` does).

It reads the SPARQL JSON answer the engine gives, so the columns and rows are exactly those of
the endpoint. IRIs are shortened with the query's own ``PREFIX`` declarations.

>>> answer = {"head": {"vars": ["s", "n"]}, "results": {"bindings": [
...     {"s": {"type": "uri", "value": "http://x/a"},
...      "n": {"type": "literal", "value": "2",
...            "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}
>>> print(solutions_table(answer, {"x": "http://x/"}), end="")
-----------
| s   | n |
===========
| x:a | 2 |
-----------
"""

from __future__ import annotations

import unicodedata
from typing import Any

from semaxkg.rdf import sparql_lexer as lexer
from semaxkg.rdf.iri_scheme import XSD

#: Datatypes written bare, as in SPARQL (``2``, ``1.5``, ``true``).
BARE_TYPES = frozenset(XSD + name for name in ("integer", "decimal", "double", "boolean"))


#: Characters a cell writes escaped, as in SPARQL strings (a raw tab or line break would
#: break the columns).
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def width(text: str) -> int:
    """How many terminal columns ``text`` takes: wide (CJK) characters two, combining marks none."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text)


def declared_prefixes(query: str) -> dict[str, str]:
    """The ``PREFIX name: <namespace>`` declarations of ``query``."""
    found: dict[str, str] = {}
    words = list(lexer.tokens(query))
    for (kind, token, _), (kind2, name, _), (kind3, iri, _) in zip(
            words, words[1:], words[2:], strict=False):
        if kind == "word" and token.upper() == "PREFIX" and kind2 == "pname" and kind3 == "iri":
            found[name.rstrip(":")] = iri[1:-1]
    return found


def _iri(value: str, prefixes: dict[str, str]) -> str:
    for name, namespace in prefixes.items():
        rest = value[len(namespace):]
        if value.startswith(namespace) and rest and all(c.isalnum() or c in "_-" for c in rest):
            return f"{name}:{rest}"
    return f"<{value}>"


def cell(term: dict[str, Any] | None, prefixes: dict[str, str]) -> str:
    """One SPARQL JSON term as text: ``x:a``, ``<iri>``, ``"text"@en``, ``2``, ``_:b``."""
    if term is None:
        return ""
    kind, value = term["type"], str(term.get("value", ""))
    if kind == "uri":
        return _iri(value, prefixes)
    if kind == "bnode":
        return f"_:{value}"
    if kind != "literal":
        return str(value)
    datatype = term.get("datatype")
    if datatype in BARE_TYPES:
        return value
    quoted = '"' + value.translate(_ESCAPES) + '"'
    if "xml:lang" in term:
        return f"{quoted}@{term['xml:lang']}"
    if datatype and datatype != XSD + "string":
        return f"{quoted}^^{_iri(datatype, prefixes)}"
    return quoted


def solutions_table(answer: dict[str, Any], prefixes: dict[str, str]) -> str:
    """A SELECT answer (SPARQL JSON) as a boxed table, ending with a newline."""
    names: list[str] = list(answer["head"].get("vars", []))
    rows = [[cell(binding.get(name), prefixes) for name in names]
            for binding in answer["results"]["bindings"]]
    widths = [max([width(name), *(width(row[i]) for row in rows)]) for i, name in enumerate(names)]

    def line(values: list[str]) -> str:
        cells = (v + " " * (w - width(v)) for v, w in zip(values, widths, strict=True))
        return "| " + " | ".join(cells) + " |"

    rule_width = sum(widths) + 3 * len(widths) + 1 if names else 4
    rule = "-" * rule_width
    out = [rule, line(names) if names else "|  |", "=" * rule_width]
    out.extend(line(row) for row in rows)
    out.append(rule)
    return "\n".join(out) + "\n"


def boolean_text(answer: dict[str, Any]) -> str:
    """An ASK answer as Jena writes it: ``Ask => Yes``."""
    return f"Ask => {'Yes' if answer.get('boolean') else 'No'}\n"
