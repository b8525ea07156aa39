"""``/ontology``: the ontology's IRI, version IRI and terms dereference, with HTML docs.

* ``GET /ontology`` (the ontology IRI; also ``/ontology/``, the namespace) → ``303`` to
  ``/ontology.<suffix>``: ``html`` (documentation, like pyLODE or Widoco), ``ttl``, ``rdf``
  and ``owl`` (both RDF/XML, what Protégé and owlready2 open), ``jsonld``, ``nt``. With no
  ``Accept`` (or only ``*/*``) the ontology IRI answers RDF/XML, as the W3C "Best Practice
  Recipes for Publishing RDF Vocabularies" advise: tools fetching an ontology by its IRI
  (owlready2, which sends no ``Accept``) get the ontology; browsers name ``text/html``.
* ``GET /ontology/releases/<version>`` (the version IRI of the served version) → ``303`` to
  ``/ontology/releases/<version>.<suffix>``, the same documents.
* ``GET /ontology/<Term>`` → ``303`` to ``/ontology/<Term>.<suffix>`` (negotiated like every
  other IRI); the RDF document holds the term's triples, the triples of the ontology that
  point at it, and the labels of every term they mention. Unknown term → 404 in the
  negotiated format.
* ``GET /ontology/diagram.svg``: the class and property diagram.
* ``GET /ontology/external/<curie>``: the page of another vocabulary's term as our ontology
  declares it (``oa:SpecificResource``…).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request, url_for

from semaxkg.rdf.iri_scheme import PREFIXES, RDF_TYPE, RDFS_LABEL
from semaxkg.web.api_errors import bad_request
from semaxkg.web.iris import IriMapper, get_mapper
from semaxkg.web.linked.linkeddata import (
    BY_SUFFIX,
    HTML,
    RDF_XML,
    DocumentFormat,
    choose_document_format,
    document_response,
    not_acceptable,
    not_found,
    rdf_body,
    see_other,
)
from semaxkg.web.ontology import term_views as views
from semaxkg.web.ontology.diagram import render_svg
from semaxkg.web.ontology.live_counts import LiveCounts, instance_pages
from semaxkg.web.ontology.shapes_model import ShapesModel
from semaxkg.web.ontology.term_model import OntologyModel, TermKind
from semaxkg.web.state import get_graph_store

bp = Blueprint("ontology", __name__)

#: ``.owl``: RDF/XML under the extension ontology tools expect.
OWL_FILE = DocumentFormat("owl", "application/rdf+xml", ox.RdfFormat.RDF_XML)
#: Every suffix of an ontology document.
ONTOLOGY_SUFFIXES: dict[str, DocumentFormat] = {**BY_SUFFIX, OWL_FILE.suffix: OWL_FILE}
#: Where the indexed ontology lives in ``app.extensions`` (rebuilt when the store changes).
CACHE_KEY = "semaxkg.ontology"
DIAGRAM = "diagram.svg"
OVERVIEW = "ontology.html"
EXTERNAL = "external/"
SVG_TYPE = "image/svg+xml"
#: Format labels for the "download" links, in display order.
FORMAT_LABELS: dict[str, str] = {
    "ttl": "Turtle", "rdf": "RDF/XML", "owl": "RDF/XML (.owl)", "jsonld": "JSON-LD", "nt": "N-Triples",
}
TERM_TEMPLATES: dict[TermKind, str] = {
    TermKind.CLASS: "term_class.html",
    TermKind.OBJECT_PROPERTY: "term_property.html",
    TermKind.DATATYPE_PROPERTY: "term_property.html",
    TermKind.ANNOTATION_PROPERTY: "term_property.html",
    TermKind.INDIVIDUAL: "term_individual.html",
}


@dataclass
class LoadedOntology:
    """The ontology and shapes graphs of one store version, indexed."""

    version: str
    base: str
    model: OntologyModel
    shapes: ShapesModel
    counts: LiveCounts
    #: Drawn pages and the diagram, by path (bounded by the number of terms; filled on use).
    drawn: dict[str, str] = field(default_factory=dict)

    @property
    def exists(self) -> bool:
        """Whether the dataset holds the ontology (its header or any term)."""
        return bool(self.model.terms) or bool(self.model.index.objects(
            ox.NamedNode(self.model.iri), RDF_TYPE))


def graph_triples(mapper: IriMapper, name: str) -> list[ox.Triple]:
    """The triples of the graph ``{base}graph/<name>``, read through the GraphStore."""
    graph = ox.NamedNode(mapper.iri_for(f"/graph/{name}"))
    return [quad.triple for quad in get_graph_store().quads(graph)]


def loaded() -> LoadedOntology:
    """The indexed ontology of the current store version (read once per version)."""
    store = get_graph_store()
    mapper = get_mapper()
    cached: LoadedOntology | None = current_app.extensions.get(CACHE_KEY)
    if cached is not None and cached.version == store.version and cached.base == mapper.base:
        return cached
    fresh = LoadedOntology(
        version=store.version,
        base=mapper.base,
        model=OntologyModel.from_triples(graph_triples(mapper, "ontology"), mapper.iri_for("/ontology")),
        shapes=ShapesModel(graph_triples(mapper, "shapes")),
        counts=LiveCounts(store),
    )
    current_app.extensions[CACHE_KEY] = fresh
    return fresh


# -- responses ----------------------------------------------------------------------------

def _wanted_format(document_iri: bool) -> DocumentFormat | None:
    """The negotiated format; the ontology's own IRIs default to RDF/XML (see module doc)."""
    return choose_document_format(request.accept_mimetypes, RDF_XML if document_iri else None)


def _not_acceptable() -> Response:
    return not_acceptable("this ontology document", BY_SUFFIX.values())


def _redirect(path: str, document_iri: bool = False) -> Response:
    fmt = _wanted_format(document_iri)
    if fmt is None:
        return _not_acceptable()
    response = see_other(path, fmt)
    page = request.args.get("page")
    if fmt is HTML and page:  # a class's page of instances is kept on the way to its document
        response.headers["Location"] += "?" + urlencode({"page": page})
    return response


def _bad_suffix(iri: str, suffix: str) -> Response:
    known = ", ".join(f".{s}" for s in ONTOLOGY_SUFFIXES)
    return not_found(iri, f"no document format '.{suffix}': use one of {known}", _wanted_format(False))


def _alternates(path: str, suffixes: tuple[str, ...]) -> list[tuple[str, str, str]]:
    return [(FORMAT_LABELS[s], ONTOLOGY_SUFFIXES[s].media_type, f"{path}.{s}") for s in suffixes]


def _split_suffix(rest: str) -> tuple[str, str | None]:
    """``Claim.ttl`` → (``Claim``, ``ttl``); a dot not followed by a known suffix stays."""
    head, dot, suffix = rest.rpartition(".")
    if dot and suffix in ONTOLOGY_SUFFIXES:
        return head, suffix
    return rest, None


# -- the ontology document ------------------------------------------------------------------

def _ontology_document(onto: LoadedOntology, suffix: str, path: str) -> Response:
    fmt = ONTOLOGY_SUFFIXES[suffix]
    if fmt is HTML:
        return document_response(_overview_page(onto), HTML, path)
    return document_response(rdf_body(onto.model.index.triples, fmt), fmt, path)


def _diagram(onto: LoadedOntology) -> str:
    if DIAGRAM not in onto.drawn:
        link = views.Linker(onto.model, get_mapper())
        title = (onto.model.header().title or "Ontology") + ": classes and object properties"
        onto.drawn[DIAGRAM] = render_svg(onto.model, link.href, title)
    return onto.drawn[DIAGRAM]


def _overview_page(onto: LoadedOntology) -> str:
    if OVERVIEW not in onto.drawn:
        link = views.Linker(onto.model, get_mapper())
        onto.drawn[OVERVIEW] = render_template(
            "ontology.html", **views.overview_context(onto.model, link),
            diagram=_diagram(onto),
            alternates=_alternates("/ontology", ("ttl", "rdf", "owl", "jsonld", "nt")),
        )
    return onto.drawn[OVERVIEW]


# -- terms ----------------------------------------------------------------------------------

def term_triples(model: OntologyModel, iri: str) -> list[ox.Triple]:
    """A term's RDF document: its description, the ontology's links to it, related labels."""
    node = ox.NamedNode(iri)
    found = set(model.index.description(node))
    for subject, predicate in model.index.incoming(node):
        if isinstance(subject, ox.NamedNode):
            found.add(ox.Triple(subject, ox.NamedNode(predicate), node))
    mentioned = {t for triple in found for t in (triple.subject, triple.object)
                 if isinstance(t, ox.NamedNode) and t != node}
    for other in mentioned:
        for label in model.index.objects(other, RDFS_LABEL):
            found.add(ox.Triple(other, ox.NamedNode(RDFS_LABEL), label))
    return sorted(found, key=str)


def _term_page(onto: LoadedOntology, iri: str, alternates: list[tuple[str, str, str]],
               page: int = 1) -> str:
    """The HTML page of a term (page ``page`` of a class's instances), drawn once per store version."""
    key = iri if page == 1 else f"{iri}?page={page}"
    if key not in onto.drawn:
        onto.drawn[key] = _draw_term_page(onto, iri, alternates, page)
    return onto.drawn[key]


def _instance_page_number(onto: LoadedOntology, iri: str) -> int | None:
    """``?page=`` of a class page, checked (400 when not a number); ``None`` past the last page."""
    raw = request.args.get("page", "1")
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        bad_request(f"page={raw!r} is not a page number: use a whole number from 1 "
                    "(page=2 lists the next instances of the class).")
    last = instance_pages(onto.counts.instances(iri))
    return int(raw) if int(raw) <= last else None


def _draw_term_page(onto: LoadedOntology, iri: str, alternates: list[tuple[str, str, str]],
                    page: int = 1) -> str:
    model = onto.model
    link = views.Linker(model, get_mapper())
    store = get_graph_store()
    kind = model.terms[iri].main_kind
    if kind is TermKind.CLASS:
        context = views.class_context(model, onto.shapes, store, onto.counts, iri, link, page)
    elif kind is TermKind.INDIVIDUAL:
        context = views.individual_context(model, store, onto.counts, iri, link)
    else:
        context = views.property_context(model, onto.shapes, store, onto.counts, iri, link)
    return render_template(TERM_TEMPLATES[kind], **context, alternates=alternates,
                           ontology=model.header())


def _term(onto: LoadedOntology, rest: str) -> Response:
    model = onto.model
    name, suffix = _split_suffix(rest)
    mapper = get_mapper()
    iri = mapper.iri_for(f"/ontology/{name}")
    term = model.term_named(name)
    if term is None:
        head, dot, unknown = rest.rpartition(".")
        if dot and model.term_named(head) is not None:
            return _bad_suffix(mapper.iri_for(f"/ontology/{head}"), unknown)
        fmt = ONTOLOGY_SUFFIXES[suffix] if suffix else _wanted_format(False)
        return not_found(iri, f"the ontology has no term <{iri}>", fmt)
    path = f"/ontology/{name}"
    if suffix is None:
        return _redirect(path)
    if suffix == OWL_FILE.suffix:  # .owl is for the whole ontology only
        return _bad_suffix(iri, suffix)
    fmt = ONTOLOGY_SUFFIXES[suffix]
    if fmt is HTML:
        number = 1
        if term.main_kind is TermKind.CLASS:
            found = _instance_page_number(onto, iri)
            if found is None:
                last = instance_pages(onto.counts.instances(iri))
                return not_found(iri, f"page {request.args['page']} is past the last page of "
                                 f"instances ({last}): use page=1 to page={last}", HTML)
            number = found
        page = _term_page(onto, iri, _alternates(path, ("ttl", "rdf", "jsonld", "nt")), number)
        key = f"{path}.{suffix}" + (f"?page={number}" if number > 1 else "")
        return document_response(page, HTML, key)
    return document_response(rdf_body(term_triples(model, iri), fmt), fmt, f"{path}.{suffix}")


def _external(onto: LoadedOntology, short: str) -> Response:
    prefix, colon, local = short.partition(":")
    namespace = PREFIXES.get(prefix)
    iri = namespace + local if colon and namespace else short
    model = onto.model
    if iri not in model.terms or model.is_local(iri):
        return not_found(iri, f"the ontology declares no term {short} of another vocabulary", HTML)
    page = _term_page(onto, iri, [])
    return document_response(page, HTML, f"/ontology/{EXTERNAL}{short}")


# -- routes ---------------------------------------------------------------------------------

def _require_ontology() -> LoadedOntology | Response:
    onto = loaded()
    if not onto.exists:
        graph = get_mapper().iri_for("/graph/ontology")
        return not_found(onto.model.iri, f"the dataset has no ontology graph <{graph}>",
                         _wanted_format(False))
    return onto


@bp.get("/ontology")
@bp.get("/ontology/")
def ontology_iri() -> Response:
    """The ontology IRI (and its namespace): 303 to a document, RDF/XML by default."""
    onto = _require_ontology()
    if isinstance(onto, Response):
        return onto
    return _redirect("/ontology", document_iri=True)


@bp.get("/ontology.<suffix>")
def ontology_document(suffix: str) -> Response:
    """The ontology as HTML documentation or as an RDF document."""
    onto = _require_ontology()
    if isinstance(onto, Response):
        return onto
    if suffix not in ONTOLOGY_SUFFIXES:
        return _bad_suffix(onto.model.iri, suffix)
    return _ontology_document(onto, suffix, f"/ontology.{suffix}")


@bp.get("/ontology/<path:rest>")
def ontology_path(rest: str) -> Response:
    """A term, the version IRI, the diagram or an external term's page."""
    onto = _require_ontology()
    if isinstance(onto, Response):
        return onto
    if rest == DIAGRAM:
        # On its own the SVG links its stylesheet (no inline style: see web.security).
        stylesheet = url_for("static", filename="diagram.css")
        svg = f'<?xml-stylesheet href="{stylesheet}" type="text/css"?>\n' + _diagram(onto)
        response = Response(svg, status=200, content_type=SVG_TYPE)
        response.set_etag(f"diagram-{onto.version}")
        response.make_conditional(request)
        return response
    if rest.startswith(EXTERNAL):
        return _external(onto, rest[len(EXTERNAL):])
    version_iri = onto.model.header().version_iri
    version_path = get_mapper().path_for(version_iri) if version_iri else None
    name, suffix = _split_suffix(rest)
    if version_path is not None and f"/ontology/{name}" == version_path:
        if suffix is None:
            return _redirect(version_path, document_iri=True)
        return _ontology_document(onto, suffix, f"{version_path}.{suffix}")
    if "/" in name:
        fmt = ONTOLOGY_SUFFIXES[suffix] if suffix else _wanted_format(False)
        iri = get_mapper().iri_for(f"/ontology/{name}")
        return not_found(iri, f"nothing is published at <{iri}>", fmt)
    return _term(onto, rest)
