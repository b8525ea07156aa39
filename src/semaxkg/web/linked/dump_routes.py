"""``/dumps``, ``/dumps/<file>`` and ``/.well-known/void``: harvesting the whole dataset.

* ``/dumps``: a page listing every file with its size, media type, triple or quad count and
  SHA-256, the per-graph documents and the dataset description.
* ``/dumps/<file>``: the file with its own media type (``application/gzip`` for ``.gz``,
  which is a gzip file, so no ``Content-Encoding``), ``Content-Length``, a strong ETag (its
  SHA-256) and conditional GET (304).
* ``/.well-known/void`` (RFC 8615): ``303`` to ``/.well-known/void.<suffix>``, Turtle for a
  request without ``Accept``, HTML for a browser, any RDF document format otherwise.

Files and description come from :func:`semaxkg.web.linked.live_publication.get_publication`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request

from semaxkg.rdf import void
from semaxkg.rdf.dataset_size import QUADS_NAME, TRIPLES_NAME
from semaxkg.rdf.dumps import DumpFile
from semaxkg.rdf.iri_scheme import DCTERMS, FOAF, OWL, VOID
from semaxkg.web.iris import curie, get_mapper
from semaxkg.web.labels import labels_for
from semaxkg.web.linked.linkeddata import (
    BY_SUFFIX,
    DOCUMENT_FORMATS,
    HTML,
    TURTLE,
    document_response,
    negotiated_see_other,
    not_found,
    rdf_alternates,
    rdf_body,
)
from semaxkg.web.linked.live_publication import get_publication
from semaxkg.web.security import safe_href
from semaxkg.web.state import get_graph_store

bp = Blueprint("dumps", __name__)

VOID_PATH = "/" + void.VOID_PATH
#: Media types of the dump syntaxes that are text (they get ``; charset=utf-8``).
_TEXT = "text/"


@dataclass(frozen=True)
class Link:
    """An IRI as a page shows it."""

    text: str
    href: str
    iri: str


@dataclass(frozen=True)
class VoidSummary:
    """What the VoID page shows, read back from the description's triples."""

    numbers: list[tuple[str, int]]
    classes: list[tuple[Link, int]]
    properties: list[tuple[Link, int]]
    subsets: list[tuple[Link, int]]
    vocabularies: list[Link]
    facts: list[tuple[str, Link | str]]


def human_size(size: int) -> str:
    """``2.5 MB``-style size (powers of 1000)."""
    value = float(size)
    for unit in ("bytes", "kB", "MB", "GB"):
        if value < 1000 or unit == "GB":
            return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def _file_content_type(dump: DumpFile) -> str:
    media = dump.media_type
    return f"{media}; charset=utf-8" if media.startswith(_TEXT) else media


@bp.get("/dumps")
def dumps_page() -> Response:
    """The list of dump files and of per-graph documents."""
    publication = get_publication()
    store = get_graph_store()
    graphs = [g.value for g in store.named_graphs()]
    counts = _subset_counts(publication.void_triples)
    labels = labels_for(store, graphs)
    mapper = get_mapper()
    graph_rows = [(Link(labels[g], mapper.href(g), g), counts.get(g)) for g in graphs]
    files = [(dump, human_size(dump.size)) for dump in publication.files.values()]
    page = render_template("dumps.html", files=files, graphs=graph_rows,
                           formats=[f for f in DOCUMENT_FORMATS if f is not HTML],
                           origin=publication.origin)
    return document_response(page, HTML, "/dumps")


@bp.get("/dumps/<name>")
def dump_file(name: str) -> Response:
    """One dump file, streamed."""
    publication = get_publication()
    dump = publication.files.get(name)
    if dump is None:
        names = ", ".join(publication.files)
        return not_found(None, f"no dump file '{name}': the files are {names} (list: /dumps)", None)
    etag = dump.sha256
    if request.if_none_match.contains(etag):
        response = Response(status=304)
        response.set_etag(etag)
        return response
    response = Response(publication.chunks(name), status=200, content_type=_file_content_type(dump),
                        direct_passthrough=True)
    response.content_length = dump.size
    response.set_etag(etag)
    return response


@bp.get("/.well-known/void")
def void_iri() -> Response:
    """The description's IRI: 303 to its document (Turtle by default)."""
    return negotiated_see_other(VOID_PATH, default=TURTLE)


@bp.get("/.well-known/void.<suffix>")
def void_document(suffix: str) -> Response:
    """The description in one format (``html``: a summary page)."""
    fmt = BY_SUFFIX.get(suffix)
    iri = get_mapper().iri_for(VOID_PATH)
    if fmt is None:
        known = ", ".join(f".{s}" for s in BY_SUFFIX)
        return not_found(iri, f"no document format '.{suffix}': use one of {known}", None)
    triples = get_publication().void_triples
    if fmt is HTML:
        page = render_template("void.html", summary=summarise(triples), iri=iri,
                               alternates=rdf_alternates(VOID_PATH))
        return document_response(page, HTML, VOID_PATH + ".html")
    return document_response(rdf_body(triples, fmt, void.VOID_PREFIXES), fmt, f"{VOID_PATH}.{suffix}")


def _subset_counts(triples: list[ox.Triple]) -> dict[str, int]:
    subsets = {t.object.value for t in triples
               if t.predicate.value == VOID + "subset" and isinstance(t.object, ox.NamedNode)}
    return {t.subject.value: int(t.object.value) for t in triples
            if isinstance(t.subject, ox.NamedNode) and t.subject.value in subsets
            and t.predicate.value == VOID + "triples" and isinstance(t.object, ox.Literal)}


_Objects = list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]
_Props = dict[str, _Objects]


def _values(props: _Props, name: str) -> _Objects:
    return props.get(VOID + name, [])


def _number(props: _Props, name: str) -> int:
    found = [v for v in _values(props, name) if isinstance(v, ox.Literal)]
    return int(found[0].value) if found else 0


def _partitions(by_subject: dict[str, _Props], dataset: _Props, kind: str, key: str,
                count: str) -> list[tuple[str, int]]:
    out = []
    for part in _values(dataset, kind):
        props = by_subject.get(part.value, {}) if isinstance(part, ox.NamedNode) else {}
        target = [v for v in _values(props, key) if isinstance(v, ox.NamedNode)]
        if target:
            out.append((target[0].value, _number(props, count)))
    return sorted(out, key=lambda item: (-item[1], item[0]))


def _numbers(by_subject: dict[str, _Props], dataset: _Props) -> list[tuple[str, int]]:
    numbers = [(label, _number(dataset, name)) for label, name in (
        (TRIPLES_NAME.capitalize(), "triples"), ("Entities (IRIs under the URI space)", "entities"),
        ("Distinct subjects", "distinctSubjects"), ("Distinct objects", "distinctObjects"),
        ("Properties", "properties"), ("Classes", "classes"))]
    # Each named graph's void:triples, summed: the quads (named as on the home page and stats).
    numbers.insert(1, (QUADS_NAME.capitalize(),
                       sum(_number(by_subject.get(s.value, {}), "triples")
                           for s in _values(dataset, "subset") if isinstance(s, ox.NamedNode))))
    return numbers


def _facts(dataset: _Props) -> list[tuple[str, Link | str]]:
    mapper = get_mapper()
    facts: list[tuple[str, Link | str]] = []
    for label, predicate in (("SPARQL endpoint", VOID + "sparqlEndpoint"),
                             ("Licence", DCTERMS + "license"),
                             ("Conforms to", DCTERMS + "conformsTo"),
                             ("Version", OWL + "versionInfo"),
                             ("URI space", VOID + "uriSpace")):
        for value in dataset.get(predicate, []):
            if isinstance(value, ox.NamedNode):
                facts.append((label, Link(curie(value.value), mapper.href(value.value), value.value)))
            elif isinstance(value, ox.Literal):
                facts.append((label, value.value))
    return facts


def summarise(triples: list[ox.Triple]) -> VoidSummary:
    """The numbers, partitions, subsets and facts of a VoID description, labelled."""
    by_subject: dict[str, _Props] = {}
    for t in triples:
        if isinstance(t.subject, ox.NamedNode):
            by_subject.setdefault(t.subject.value, {}).setdefault(t.predicate.value, []).append(t.object)
    topics = [t.object.value for t in triples
              if t.predicate.value == FOAF + "primaryTopic" and isinstance(t.object, ox.NamedNode)]
    dataset = by_subject.get(topics[0], {}) if topics else {}
    classes = _partitions(by_subject, dataset, "classPartition", "class", "entities")
    properties = _partitions(by_subject, dataset, "propertyPartition", "property", "triples")
    subsets = sorted((s.value, _number(by_subject.get(s.value, {}), "triples"))
                     for s in _values(dataset, "subset") if isinstance(s, ox.NamedNode))
    vocabularies = sorted(v.value for v in _values(dataset, "vocabulary") if isinstance(v, ox.NamedNode))
    iris = {i for i, _ in classes} | {i for i, _ in properties} | {i for i, _ in subsets}
    labels = labels_for(get_graph_store(), iris)
    mapper = get_mapper()

    def link(iri: str) -> Link:
        return Link(labels.get(iri, curie(iri)), mapper.href(iri), iri)

    return VoidSummary(_numbers(by_subject, dataset), [(link(i), n) for i, n in classes],
                       [(link(i), n) for i, n in properties], [(link(i), n) for i, n in subsets],
                       [Link(curie(v), safe_href(v), v) for v in vocabularies], _facts(dataset))
