"""The HTML page of every resource under ``{base}id/<kind>/<id>``: entities, claims, sources…

The renderer (:func:`render_resource`, registered for the prefix ``{base}id/`` in the
linked-data renderer registry) draws one page layout for every kind of resource: its label
as title, its types (linked to their ontology pages), the IRI for copying, external
identifiers, outgoing properties (each value with the graphs that assert it), incoming links
per property (capped, with a count and a query listing them all) and the RDF formats. On top
of that, what the resource's type calls for: the full claim card of a claim, the conflict card
of a conflict, the credibility facts of a source document, the cards of the claims that
mention the resource, and, for a subject of outcome or mechanism claims such as Semax, the
evidence summary, whose numbers link to the claims they count.

Parts of a resource (``…/passage-1``, ``…/reference-3``, ``…/mapping-2``) are left to the
generic page of :mod:`semaxkg.web.linked.generic`: the renderer declines them.

Every query binds the page's IRI as a value (:func:`semaxkg.rdf.graph_store.with_bindings`); labels
for everything shown are fetched in one batch.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Flask, render_template

from semaxkg.rdf.graph_store import GraphStore
from semaxkg.rdf.iri_scheme import OWL, RDFS, SCHEMA, SKOS
from semaxkg.web.iris import IriMapper, get_mapper
from semaxkg.web.linked.linkeddata import rdf_alternates, register_html_renderer
from semaxkg.web.pages.claim_views import ClaimView, load_claims
from semaxkg.web.pages.conflict_views import ConflictView, load_conflicts
from semaxkg.web.pages.evidence_summary import EvidenceSummary, load_summary
from semaxkg.web.pages.links import Linker
from semaxkg.web.pages.prologue import PROLOGUE, RDF_TYPE, RDFS_COMMENT, sxo
from semaxkg.web.pages.source_views import ReferenceView, SourceView, load_references, load_sources
from semaxkg.web.pages.values import value_html
from semaxkg.web.state import get_graph_store

log = logging.getLogger(__name__)

#: Incoming links listed per property; the rest are counted and reachable by a query.
INCOMING_PER_PROPERTY = 12
#: Most incoming (subject, property) pairs read for one page.
INCOMING_FETCH_LIMIT = 3000
#: Most claim cards on one page; a page with more links to a query listing them all.
MAX_CLAIM_CARDS = 600
#: Claim lists up to this size are shown open; longer ones start folded, group by group.
OPEN_CLAIM_LIST = 25
#: Path of the query page that "see all" links open.
SPARQL_PATH = "/sparql"
#: Properties whose external IRI objects are identifiers of the resource in other registries.
IDENTIFIER_PROPERTIES = frozenset({
    *(SKOS + kind + "Match" for kind in ("exact", "close", "broad", "narrow", "related")),
    OWL + "sameAs",
    SCHEMA + "sameAs",
    RDFS + "seeAlso",
    sxo("pubmed"),
    sxo("doi"),
})

_OUTGOING = "SELECT DISTINCT ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_INCOMING_COUNTS = """
SELECT ?o ?p (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x ?p ?o FILTER(isIRI(?x)) } GROUP BY ?o ?p"""
_INCOMING = ("SELECT DISTINCT ?p ?x WHERE { ?x ?p ?o FILTER(isIRI(?x)) } ORDER BY ?p ?x LIMIT "
             + str(INCOMING_FETCH_LIMIT))
_CLAIMS_LINKED = PROLOGUE + """
SELECT DISTINCT ?claim WHERE {
  ?claim a sxo:Claim ; ?role ?o .
  FILTER (?role != sxo:conflictsWith)
} ORDER BY ?claim"""
_MAPPINGS = PROLOGUE + """
SELECT DISTINCT ?target ?relation ?status WHERE {
  ?s sxo:hasMapping ?mapping .
  ?mapping sxo:mappedTo ?target .
  OPTIONAL { ?mapping sxo:mappingRelation ?relation }
  OPTIONAL { ?mapping sxo:identifierStatus ?status }
}"""


@dataclass
class PropertyValues:
    """One outgoing property with its values; each value with the graphs that state it."""

    predicate: str
    values: list[tuple[ox.NamedNode | ox.Literal, list[str]]] = field(default_factory=list)


@dataclass
class IncomingGroup:
    """Resources linking here through one property: a sample, the total, a query for all."""

    predicate: str
    total: int
    subjects: list[str]
    query_href: str | None


@dataclass(frozen=True)
class Identifier:
    """An identifier of the resource in another registry."""

    iri: str
    relation: str
    status: str | None


@dataclass
class ClaimGroup:
    """The claims of one claim kind that mention the resource."""

    kind: str | None
    claims: list[ClaimView]


@dataclass
class ResourcePage:
    """Everything one resource page shows, before labels are attached."""

    iri: str
    path: str
    types: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    outgoing: list[PropertyValues] = field(default_factory=list)
    graphs: list[str] = field(default_factory=list)
    incoming: list[IncomingGroup] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    claim: ClaimView | None = None
    conflict: ConflictView | None = None
    source: SourceView | None = None
    references: list[ReferenceView] = field(default_factory=list)
    claim_groups: list[ClaimGroup] = field(default_factory=list)
    claims_total: int = 0
    claims_query_href: str = ""
    summary: EvidenceSummary | None = None

    def iris(self) -> set[str]:
        """Every IRI the page shows (for one batched label lookup)."""
        found = {self.iri, *self.types, *self.graphs}
        for group in self.outgoing:
            found.add(group.predicate)
            for term, graphs in group.values:
                found.update(graphs)
                if isinstance(term, ox.NamedNode):
                    found.add(term.value)
                else:
                    found.add(term.datatype.value)
        for incoming in self.incoming:
            found.add(incoming.predicate)
            found.update(incoming.subjects)
        for identifier in self.identifiers:
            found.update(x for x in (identifier.iri, identifier.relation, identifier.status) if x)
        for claim in self.all_claims():
            found |= claim.iris()
        if self.conflict is not None:
            found |= self.conflict.iris()
        if self.source is not None:
            found |= self.source.iris()
        for reference in self.references:
            found |= reference.iris()
        if self.summary is not None:
            found |= self.summary.iris()
        return found

    @property
    def claims_shown(self) -> int:
        """How many claim cards the list holds."""
        return sum(len(group.claims) for group in self.claim_groups)

    def all_claims(self) -> list[ClaimView]:
        """The page's own claim and the claims listed on it."""
        listed = [c for group in self.claim_groups for c in group.claims]
        return [self.claim, *listed] if self.claim is not None else listed


def query_href(query: str) -> str:
    """The query page's URL that opens (and runs) ``query``."""
    return f"{SPARQL_PATH}?{urlencode({'query': query})}"


def _incoming_query(predicate: str, iri: str) -> str:
    # Both IRIs come from the store as parsed NamedNodes, so their N-Triples form is safe.
    return (f"SELECT ?subject WHERE {{ ?subject {ox.NamedNode(predicate)} {ox.NamedNode(iri)} }}"
            " ORDER BY ?subject")


def claims_query(iri: str) -> str:
    """A query listing every claim that mentions ``iri`` (for "see all" links)."""
    return ("PREFIX sxo: <" + sxo("") + ">\n"
            f"SELECT DISTINCT ?claim WHERE {{ ?claim a sxo:Claim ; ?role {ox.NamedNode(iri)} . "
            "FILTER (?role != sxo:conflictsWith) } ORDER BY ?claim")


def _outgoing(store: GraphStore, page: ResourcePage, node: ox.NamedNode) -> None:
    groups: dict[str, PropertyValues] = {}
    graphs: set[str] = set()
    values: dict[tuple[str, ox.NamedNode | ox.Literal], list[str]] = {}
    for row in store.select(_OUTGOING, {"s": node}):
        predicate, term, graph = row.get("p"), row.get("o"), row.get("g")
        if not (isinstance(predicate, ox.NamedNode) and isinstance(term, ox.NamedNode | ox.Literal)):
            continue
        graph_iri = graph.value if isinstance(graph, ox.NamedNode) else None
        if predicate.value == RDF_TYPE and isinstance(term, ox.NamedNode):
            if term.value not in page.types:
                page.types.append(term.value)
            continue
        if (predicate.value == RDFS_COMMENT and isinstance(term, ox.Literal)
                and term.value not in page.comments):
            page.comments.append(term.value)
        if graph_iri:
            graphs.add(graph_iri)
        group = groups.setdefault(predicate.value, PropertyValues(predicate.value))
        key = (predicate.value, term)
        if key not in values:
            values[key] = []
            group.values.append((term, values[key]))
        if graph_iri and graph_iri not in values[key]:
            values[key].append(graph_iri)
    for group in groups.values():
        group.values.sort(key=lambda item: (isinstance(item[0], ox.Literal), item[0].value))
        for _, in_graphs in group.values:
            in_graphs.sort()
    page.types.sort()
    page.outgoing = list(groups.values())
    page.graphs = sorted(graphs)


def _incoming(store: GraphStore, page: ResourcePage, node: ox.NamedNode) -> None:
    # Counting in Python keeps the query free of GROUP BY, which would group the whole graph
    # before the trailing VALUES picks this resource; only a hub past the fetch limit pays
    # for the counting query.
    rows = store.select(_INCOMING, {"o": node})
    totals: Counter[str] = Counter()
    samples: dict[str, list[str]] = {}
    for row in rows:
        predicate, subject = row.get("p"), row.get("x")
        if isinstance(predicate, ox.NamedNode) and isinstance(subject, ox.NamedNode):
            totals[predicate.value] += 1
            listed = samples.setdefault(predicate.value, [])
            if len(listed) < INCOMING_PER_PROPERTY:
                listed.append(subject.value)
    if len(rows) >= INCOMING_FETCH_LIMIT:
        totals.clear()
        for row in store.select(_INCOMING_COUNTS, {"o": node}):
            predicate, count = row.get("p"), row.get("n")
            if isinstance(predicate, ox.NamedNode) and isinstance(count, ox.Literal):
                totals[predicate.value] = int(count.value)
    for name, total in sorted(totals.items()):
        subjects = samples.get(name, [])
        href = query_href(_incoming_query(name, page.iri)) if total > len(subjects) else None
        page.incoming.append(IncomingGroup(name, total, subjects, href))


def _identifiers(store: GraphStore, page: ResourcePage, mapper: IriMapper, node: ox.NamedNode) -> None:
    found: dict[str, Identifier] = {}
    for row in store.select(_MAPPINGS, {"s": node}):
        target, relation, status = row.get("target"), row.get("relation"), row.get("status")
        if isinstance(target, ox.NamedNode) and target.value not in found:
            found[target.value] = Identifier(
                target.value,
                relation.value if isinstance(relation, ox.NamedNode) else "",
                status.value if isinstance(status, ox.NamedNode) else None)
    status_of_resource: str | None = None
    for group in page.outgoing:
        if group.predicate == sxo("identifierStatus"):
            first = group.values[0][0] if group.values else None
            status_of_resource = first.value if isinstance(first, ox.NamedNode) else None
    for group in page.outgoing:
        if group.predicate not in IDENTIFIER_PROPERTIES:
            continue
        for term, _ in group.values:
            if isinstance(term, ox.NamedNode) and not mapper.is_local(term.value) \
                    and term.value not in found:
                checked = status_of_resource if group.predicate in (sxo("pubmed"), sxo("doi")) else None
                found[term.value] = Identifier(term.value, group.predicate, checked)
    page.identifiers = sorted(found.values(), key=lambda i: i.iri)


def _claims(store: GraphStore, page: ResourcePage, node: ox.NamedNode) -> None:
    linked = [claim.value for claim in (row.get("claim") for row in store.select(_CLAIMS_LINKED, {"o": node}))
              if isinstance(claim, ox.NamedNode)]
    linked = [c for c in linked if c != page.iri]
    page.claims_total = len(linked)
    page.claims_query_href = query_href(claims_query(page.iri))
    linked = linked[:MAX_CLAIM_CARDS]
    groups: dict[str | None, list[ClaimView]] = {}
    for claim in load_claims(store, linked):
        groups.setdefault(claim.kind, []).append(claim)
    page.claim_groups = [ClaimGroup(kind, claims) for kind, claims in groups.items()]


def load_page(store: GraphStore, mapper: IriMapper, iri: str) -> ResourcePage | None:
    """Read what the page of ``iri`` shows; ``None`` when the graph says nothing about it."""
    path = mapper.path_for(iri)
    if path is None:
        return None
    node = ox.NamedNode(iri)
    page = ResourcePage(iri, path)
    _outgoing(store, page, node)
    if not page.outgoing and not page.types:
        return None
    _incoming(store, page, node)
    _identifiers(store, page, mapper, node)
    if sxo("Claim") in page.types:
        claims = load_claims(store, [iri])
        page.claim = claims[0] if claims else None
    if sxo("Conflict") in page.types:
        conflicts = load_conflicts(store, [iri])
        page.conflict = conflicts[0] if conflicts else None
    if sxo("SourceDocument") in page.types:
        sources = load_sources(store, [iri])
        page.source = sources[0] if sources else None
        page.references = load_references(store, iri)
    _claims(store, page, node)
    summary = load_summary(store, iri)
    page.summary = None if summary.empty else summary
    return page


def _is_own_resource(mapper: IriMapper, iri: str) -> bool:
    """True for ``{base}id/<kind>/<id>``; parts one level deeper are left to the generic page."""
    path = mapper.path_for(iri)
    if path is None or not path.startswith("/id/"):
        return False
    return len(path.removeprefix("/id/").split("/")) == 2


def _order_for_reading(page: ResourcePage, link: Linker) -> None:
    """Sort what a reader scans by what they read: labels, not IRIs."""
    for group in page.claim_groups:
        group.claims.sort(key=lambda c: (c.text.lower(), c.iri))
    page.claim_groups.sort(key=lambda g: link.text(g.kind).lower() if g.kind else "~")
    page.outgoing.sort(key=lambda g: (link.text(g.predicate).lower(), g.predicate))
    page.incoming.sort(key=lambda g: (link.text(g.predicate).lower(), g.predicate))
    for incoming in page.incoming:
        incoming.subjects.sort(key=lambda subject: (link.text(subject).lower(), subject))
    if page.summary is not None:
        for section in page.summary.sections:
            section.rows.sort(key=lambda r: (-r.total(), link.text(r.object).lower(), r.object))


def render_resource(iri: str) -> str | None:
    """The HTML page of ``iri``, or ``None`` when it is not ours to draw or is unknown."""
    mapper = get_mapper()
    if not _is_own_resource(mapper, iri):
        return None
    started = time.perf_counter()
    store = get_graph_store()
    page = load_page(store, mapper, iri)
    if page is None:
        return None
    link = Linker.fetch(store, mapper, page.iris())
    title = link.text(iri)
    _order_for_reading(page, link)
    html = render_template(
        "resource.html", page=page, L=link, title=title,
        alternates=rdf_alternates(page.path), value=lambda term: value_html(term, link),
        open_claims=page.claims_total <= OPEN_CLAIM_LIST,
    )
    log.debug("rendered %s in %.3f s", iri, time.perf_counter() - started)
    return html


def init_app(app: Flask) -> None:
    """Register :func:`render_resource` for every IRI under ``{base}id/``."""
    register_html_renderer(app, str(app.config["IRI_BASE"]) + "id/", render_resource)

