"""The passage, shown: ``/sources/<id>/text`` and the passage excerpts of claim and passage pages.

``/sources/source-000/text`` shows the whole document, read from ``SOURCES_DIR`` and checked
against its recorded SHA-256 (:mod:`semaxkg.web.pages.source_texts`), with every claim's span
marked and linked to the claim; hovering a span shows the claim, its evidence level and its
conflicts (``title`` attributes: no script). The template global ``passage_excerpt(iri)``
draws a passage within its paragraph on claim pages and on the passage's own page. When the
text cannot be shown, both say why, list the claim's key terms and how to enable the view.
Everything is read from the graph with SPARQL, so it works over ``serve --store`` too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, Flask, abort, render_template
from flask.blueprints import BlueprintSetupState
from markupsafe import Markup

from semaxkg.rdf.graph_store import Row
from semaxkg.web.iris import get_mapper
from semaxkg.web.pages.links import Linker
from semaxkg.web.pages.prologue import PROLOGUE, sxo
from semaxkg.web.pages.source_texts import ENABLE_HINT, source_text
from semaxkg.web.pages.text_marks import Span, marked_document, passage_in_paragraph, valid_span
from semaxkg.web.state import get_graph_store

bp = Blueprint("source_text", __name__)

#: What a source id in a URL may look like (anything else is a 404 without a query).
SOURCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
#: The conflict status for which a claim is called "disputed" (others: apparent disagreement).
GENUINE = sxo("genuine")

_PASSAGE = PROLOGUE + """
SELECT ?doc ?start ?end ?term WHERE {
  ?passage oa:hasSelector ?selector .
  ?selector oa:start ?start ; oa:end ?end .
  OPTIONAL { ?passage oa:hasSource ?doc }
  OPTIONAL { ?owner sxo:hasPassage ?passage ; sxo:keyTerm ?term }
}"""

_DOCUMENT_TERMS = PROLOGUE + """
SELECT DISTINCT ?term WHERE {
  ?claim a sxo:Claim ; sxo:hasPassage/oa:hasSource ?doc ; sxo:keyTerm ?term .
} ORDER BY ?term"""

_DOCUMENT_CLAIMS = PROLOGUE + """
SELECT ?claim ?start ?end ?text ?level ?status WHERE {
  ?claim a sxo:Claim ; sxo:hasPassage ?passage .
  ?passage oa:hasSource ?doc ; oa:hasSelector ?selector .
  ?selector oa:start ?start ; oa:end ?end .
  OPTIONAL { ?claim sxo:paraphrase ?text }
  OPTIONAL { ?claim sxo:evidenceLevel ?level }
  OPTIONAL { ?conflict sxo:involvesClaim ?claim ; sxo:conflictStatus ?status }
}"""


def span_key(claim_id: str, start: int) -> str:
    """The anchor key of a claim's span starting at ``start`` (a claim may have several)."""
    return f"{claim_id}-{start}"


def text_href(document: str) -> str:
    """``/sources/<id>/text`` for a source document IRI (``""`` for one not ours)."""
    path = get_mapper().path_for(document) or ""
    if not path.startswith("/id/source/"):
        return ""
    return "/sources/" + path.removeprefix("/id/source/") + "/text"


def _unavailable(problem: str | None, terms: list[str]) -> Markup:
    listed = Markup(", ").join(Markup('<span class="key-term">{}</span>').format(t) for t in terms)
    return Markup(
        '<div class="passage-unavailable"><p>The source text is not shown here: {}.</p>'
        '<p>{}</p><p class="muted">To see the passage, {}.</p></div>').format(
        problem or "it is not available",
        Markup("Key terms of the passage: {}").format(listed) if terms else "No key terms recorded.",
        ENABLE_HINT)


def passage_excerpt(passage: str) -> Markup:
    """The passage ``passage`` within its paragraph, or why it cannot be shown; ``""`` for an
    IRI that is no passage."""
    try:
        node = ox.NamedNode(passage)
    except ValueError:
        return Markup("")
    store = get_graph_store()
    rows = store.select(_PASSAGE, {"passage": node})
    if not rows:
        return Markup("")
    doc, start, end = rows[0].get("doc"), rows[0].get("start"), rows[0].get("end")
    terms = sorted({t.value for row in rows if isinstance(t := row.get("term"), ox.Literal)})
    if not (isinstance(doc, ox.NamedNode) and isinstance(start, ox.Literal)
            and isinstance(end, ox.Literal) and start.value.isdigit() and end.value.isdigit()):
        return _unavailable("the passage names no document", terms)
    shown = source_text(store, doc.value)
    first, last = int(start.value), int(end.value)
    if shown.text is None:
        return _unavailable(shown.problem, terms)
    if not valid_span(shown.text, first, last):
        return _unavailable(f"characters {first}-{last} lie outside the text", terms)
    whole = text_href(doc.value)
    anchor = span_key(passage.rstrip("/").rsplit("/", 2)[-2], first)
    link = Markup(' · <a href="{}#span-{}">in the whole text</a>').format(
        whole, anchor) if whole else Markup("")
    return Markup(
        '<figure class="passage-text" data-passage="{}"><blockquote class="source-excerpt">'
        '{}</blockquote><figcaption class="muted">The source’s own words, read from the '
        'sources folder (checked against the recorded SHA-256); characters {}–{} marked{}'
        '</figcaption></figure>').format(
        passage, passage_in_paragraph(shown.text, first, last), first, last, link)


@dataclass
class _SpanFacts:
    """What the hover text of one claim span says."""

    text: str = ""
    level: str | None = None
    statuses: set[str] = field(default_factory=set)


def _claim_spans(link: Linker, rows: list[Row]) -> list[Span]:
    facts: dict[tuple[str, int, int], _SpanFacts] = {}
    for row in rows:
        claim, start, end = row.get("claim"), row.get("start"), row.get("end")
        if not (isinstance(claim, ox.NamedNode) and isinstance(start, ox.Literal)
                and isinstance(end, ox.Literal) and start.value.isdigit() and end.value.isdigit()):
            continue
        entry = facts.setdefault((claim.value, int(start.value), int(end.value)), _SpanFacts())
        text, level, status = row.get("text"), row.get("level"), row.get("status")
        if isinstance(text, ox.Literal):
            entry.text = text.value
        if isinstance(level, ox.NamedNode):
            entry.level = level.value
        if isinstance(status, ox.NamedNode):
            entry.statuses.add(status.value)
    spans = []
    for (claim_iri, first, last), entry in facts.items():
        lines = [entry.text or link.text(claim_iri),
                 "evidence: " + (link.text(entry.level) if entry.level else "not graded")]
        if GENUINE in entry.statuses:
            lines.append("conflicts: disputed (a genuine conflict)")
        elif entry.statuses:
            lines.append("conflicts: apparent disagreement only")
        else:
            lines.append("conflicts: none recorded")
        spans.append(Span(first, last, link(claim_iri).href, "\n".join(lines),
                          span_key(claim_iri.rstrip("/").rsplit("/", 1)[-1], first),
                          "genuine" if GENUINE in entry.statuses else ""))
    return spans


@bp.get("/sources/<source_id>/text")
def document_text(source_id: str) -> str:
    """The whole text of a source document with every claim's span marked and linked."""
    if not SOURCE_ID.fullmatch(source_id):
        abort(404)
    store = get_graph_store()
    mapper = get_mapper()
    document = mapper.iri_for(f"id/source/{source_id}")
    if not store.ask(PROLOGUE + "\nASK { ?doc a sxo:SourceDocument }", {"doc": ox.NamedNode(document)}):
        abort(404)
    shown = source_text(store, document)
    rows = store.select(_DOCUMENT_CLAIMS, {"doc": ox.NamedNode(document)})
    iris = {document, sxo("genuine"), sxo("apparent")}
    iris.update(t.value for row in rows for t in row.values() if isinstance(t, ox.NamedNode))
    link = Linker.fetch(store, mapper, iris)
    spans = _claim_spans(link, rows)
    body = marked_document(shown.text, spans) if shown.text is not None else None
    terms = [] if body is not None else [
        t.value for row in store.select(_DOCUMENT_TERMS, {"doc": ox.NamedNode(document)})
        if isinstance(t := row.get("term"), ox.Literal)]
    return render_template(
        "source_text.html", document=document, L=link, title=link.text(document), body=body,
        problem=shown.problem, hint=ENABLE_HINT, terms=terms, claims=len({s.href for s in spans}),
        spans=len(spans))


@bp.record_once
def _register_globals(state: BlueprintSetupState) -> None:
    app = state.app
    assert isinstance(app, Flask)
    app.add_template_global(passage_excerpt)
    app.add_template_global(text_href, "source_text_href")
