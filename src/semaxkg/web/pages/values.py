"""RDF values as pages show them: literals with their language or datatype, IRIs as links."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from markupsafe import Markup, escape

from semaxkg.rdf.iri_scheme import RDF_LANG_STRING, XSD, XSD_STRING
from semaxkg.web.iris import curie
from semaxkg.web.pages.links import Link, Linker

#: Datatypes a reader needs no note for: plain text.
TEXT_DATATYPES = frozenset({XSD_STRING, RDF_LANG_STRING})
BOOLEAN = XSD + "boolean"


@dataclass(frozen=True)
class LiteralView:
    """A literal: the text to show, its language tag, and its datatype as a CURIE (or None)."""

    text: str
    language: str | None
    datatype: str | None


#: What a page shows for one RDF term.
Value = Link | LiteralView


def literal_view(literal: ox.Literal) -> LiteralView:
    """Show a literal sensibly: text as is, booleans as yes/no, other datatypes noted."""
    datatype = literal.datatype.value
    if literal.language:
        return LiteralView(literal.value, literal.language, None)
    if datatype in TEXT_DATATYPES:
        return LiteralView(literal.value, None, None)
    if datatype == BOOLEAN:
        text = "yes" if literal.value in ("true", "1") else "no"
        return LiteralView(text, None, curie(datatype))
    return LiteralView(literal.value, None, curie(datatype))


def value_view(term: ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple, link: Linker) -> Value:
    """A link for an IRI, a :class:`LiteralView` for a literal, a note for anything else."""
    if isinstance(term, ox.NamedNode):
        return link(term.value)
    if isinstance(term, ox.Literal):
        return literal_view(term)
    return LiteralView("(anonymous node)" if isinstance(term, ox.BlankNode) else str(term), None, None)


def value_html(term: ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple, link: Linker) -> Markup:
    """A term as HTML: a labelled link, or the literal with its language or datatype noted."""
    if isinstance(term, ox.NamedNode):
        return link.html(term.value)
    view = value_view(term, link)
    assert isinstance(view, LiteralView)
    html = f'<span class="literal">{escape(view.text)}</span>'
    if view.language:
        html += f' <span class="lang muted" title="language">{escape(view.language)}</span>'
    if view.datatype:
        html += f' <span class="datatype muted" title="datatype">{escape(view.datatype)}</span>'
    return Markup(html)
