"""Result bodies: SPARQL JSON, XML, CSV and TSV for solutions and booleans, RDF for graphs.

Solutions are written here (not with ``QuerySolutions.serialize``) so that a row cap can cut a
result and say so in the body; graphs use pyoxigraph's serialisers on a capped iterator.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from semaxkg.rdf.formats import (
    SPARQL_CSV,
    SPARQL_JSON,
    SPARQL_TSV,
    SPARQL_XML,
    Format,
)
from semaxkg.rdf.iri_scheme import SPARQL_RESULTS, XSD_STRING

SPARQL_RESULTS_NS = SPARQL_RESULTS

Term = Any  # pyoxigraph NamedNode | BlankNode | Literal | Triple (untyped extension module)
Row = Sequence[Term | None]


def truncation_note(cap: int) -> str:
    """The note added to a result cut at ``cap`` rows."""
    return f"result truncated to the row cap of {cap}; use LIMIT and OFFSET to page through it"


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            dt = quoteattr(term.datatype.value)
            return f"<literal datatype={dt}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject>"
        f"<predicate>{_xml_term(term.predicate)}</predicate>"
        f"<object>{_xml_term(term.object)}</object></triple>"
    )


def _csv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return str(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _tsv_term(term: Term | None) -> str:
    if term is None:
        return ""
    return str(term).replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def solutions_body(
    fmt: Format, variables: Sequence[str], rows: Iterable[Row], truncated_at: int | None
) -> bytes:
    """Serialise SELECT rows; ``truncated_at`` is the row cap when the result was cut."""
    if fmt is SPARQL_JSON:
        bindings = [
            {var: _json_term(value) for var, value in zip(variables, row, strict=True)
             if value is not None}
            for row in rows
        ]
        doc: dict[str, Any] = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
        if truncated_at is not None:
            doc["truncated"] = True
            doc["note"] = truncation_note(truncated_at)
        return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    if fmt is SPARQL_XML:
        parts = [
            '<?xml version="1.0" encoding="utf-8"?>\n',
            f'<sparql xmlns="{SPARQL_RESULTS_NS}"><head>',
            *(f"<variable name={quoteattr(v)}/>" for v in variables),
        ]
        if truncated_at is not None:
            parts.append(f"<!-- {escape(truncation_note(truncated_at))} -->")
        parts.append("</head><results>")
        for row in rows:
            parts.append("<result>")
            for var, value in zip(variables, row, strict=True):
                if value is not None:
                    parts.append(f"<binding name={quoteattr(var)}>{_xml_term(value)}</binding>")
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        return "".join(parts).encode()
    if fmt is SPARQL_CSV:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_term(v) for v in row] for row in rows)
        return buffer.getvalue().encode()
    if fmt is SPARQL_TSV:
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines.extend("\t".join(_tsv_term(v) for v in row) for row in rows)
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(f"{fmt.media_type} cannot serialise solutions")


def boolean_body(fmt: Format, value: bool) -> bytes:
    """Serialise an ASK answer."""
    text = "true" if value else "false"
    if fmt is SPARQL_JSON:
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt is SPARQL_XML:
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            f'<sparql xmlns="{SPARQL_RESULTS_NS}"><head/><boolean>{text}</boolean></sparql>\n'
        ).encode()
    if fmt in (SPARQL_CSV, SPARQL_TSV):
        return f"{text}\n".encode()
    raise ValueError(f"{fmt.media_type} cannot serialise a boolean")


def graph_body(
    fmt: Format, triples: Iterable[ox.Triple], cap: int | None, prefixes: dict[str, str]
) -> tuple[bytes, bool]:
    """Serialise at most ``cap`` triples; return the body and whether it was cut."""
    if fmt.rdf_format is None:
        raise ValueError(f"{fmt.media_type} cannot serialise a graph")
    items = list(triples if cap is None else itertools.islice(triples, cap + 1))
    truncated = cap is not None and len(items) > cap
    if truncated:
        items = items[:cap]
    rdf_format = fmt.rdf_format
    if rdf_format in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
        default = ox.DefaultGraph()
        quads = [ox.Quad(t.subject, t.predicate, t.object, default) for t in items]
        body = ox.serialize(quads, format=rdf_format, prefixes=prefixes or None)
    elif rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.N3, ox.RdfFormat.RDF_XML):
        body = ox.serialize(items, format=rdf_format, prefixes=prefixes or None)
    else:
        body = ox.serialize(items, format=rdf_format)
    return body or b"", truncated
