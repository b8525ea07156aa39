"""The ``pages`` blueprint: the home page ``/``, the conflicts index and the sources page.

Registering the blueprint also registers the resource renderer of
:mod:`semaxkg.web.pages.resource_pages` for every IRI under ``{base}id/``, so ``create_app`` needs
one line for the whole surface. All numbers on these pages are counted from the graph when the
page is drawn; the conflicts index can be filtered by kind and status with the codes the
ontology gives them (``/conflicts?kind=between_sources&status=genuine&basis=related_nodes``).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Flask, render_template, request
from flask.blueprints import BlueprintSetupState

from semaxkg.rdf.dataset_size import QUADS_NAME, TRIPLES_NAME, store_size
from semaxkg.rdf.graph_store import GraphStore
from semaxkg.rdf.iri_scheme import CONFLICTS_GRAPH, rebase
from semaxkg.web.api_errors import bad_request
from semaxkg.web.iris import get_mapper
from semaxkg.web.linked.kind_lists import current_index, kind_title
from semaxkg.web.linked.linkeddata import rdf_alternates
from semaxkg.web.pages import list_pages, resource_pages
from semaxkg.web.pages.conflict_views import (
    ConflictView,
    conflict_bases,
    conflict_kinds,
    conflict_statuses,
    load_conflicts,
)
from semaxkg.web.pages.links import Linker
from semaxkg.web.pages.prologue import PROLOGUE
from semaxkg.web.pages.resource_pages import claims_query, query_href
from semaxkg.web.pages.source_views import load_sources
from semaxkg.web.pages.values import value_html
from semaxkg.web.sparql.named_queries import get_named_queries
from semaxkg.web.state import get_graph_store

bp = Blueprint("pages", __name__)
# /id/<kind>/: the paged list of each kind of resource (HTML and Hydra RDF).
bp.add_url_rule(list_pages.RULE, view_func=list_pages.kind_list, strict_slashes=False)

#: The home page's main entry: the compound the dataset is about.
SEMAX_PATH = "id/compound/semax"
#: How many named queries the home page links to directly (the query page lists them all).
HOME_QUERIES = 8
#: The list each home-page count links to (a kind of :mod:`semaxkg.web.linked.kind_lists`).
HOME_COUNT_LISTS = {"claims": "claim", "sources": "source", "conflicts": "conflict"}
#: Filters of the conflicts index: query parameter → loader of its allowed codes.
CONFLICT_FILTERS = {"kind": conflict_kinds, "status": conflict_statuses, "basis": conflict_bases}

_COUNTS = PROLOGUE + """
SELECT ?what (COUNT(DISTINCT ?x) AS ?n) WHERE {
  { ?x a sxo:Claim . BIND("claims" AS ?what) }
  UNION { ?x a sxo:SourceDocument . BIND("sources" AS ?what) }
  UNION { ?x a sxo:Conflict . BIND("conflicts" AS ?what) }
  UNION { ?x a ?class . ?class rdfs:subClassOf* sxo:Entity . BIND("entities" AS ?what) }
} GROUP BY ?what"""

_ENTITY_CLASSES = PROLOGUE + """
SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {
  ?x a ?class . ?class rdfs:subClassOf* sxo:Entity .
} GROUP BY ?class"""


@bp.record_once
def _register_renderer(state: BlueprintSetupState) -> None:
    app = state.app
    assert isinstance(app, Flask)
    resource_pages.init_app(app)


@dataclass(frozen=True)
class Counts:
    """What the home page counts."""

    claims: int
    sources: int
    conflicts: int
    entities: int


def count_dataset(store: GraphStore) -> Counts:
    """Claims, source documents, conflicts and entities (instances of any entity class)."""
    found = {"claims": 0, "sources": 0, "conflicts": 0, "entities": 0}
    for row in store.select(_COUNTS):
        what, n = row.get("what"), row.get("n")
        if isinstance(what, ox.Literal) and isinstance(n, ox.Literal) and what.value in found:
            found[what.value] = int(n.value)
    return Counts(**found)


def _graph_alternates(graph_iri: str) -> list[tuple[str, str, str]]:
    return rdf_alternates(get_mapper().path_for(graph_iri) or graph_iri)


@bp.get("/")
def home() -> str:
    """The home page: what the dataset is, its size, and where to go from here."""
    store = get_graph_store()
    mapper = get_mapper()
    counts = count_dataset(store)
    size = store_size(store)
    classes: list[tuple[str, int]] = []
    for row in store.select(_ENTITY_CLASSES):
        cls, n = row.get("class"), row.get("n")
        if isinstance(cls, ox.NamedNode) and isinstance(n, ox.Literal):
            classes.append((cls.value, int(n.value)))
    semax = mapper.iri_for(SEMAX_PATH)
    sources = load_sources(store)
    link = Linker.fetch(store, mapper, {semax, *(c for c, _ in classes), *(s.iri for s in sources)})
    classes.sort(key=lambda item: (-item[1], link.text(item[0])))
    queries = get_named_queries()
    kinds = [(kind, kind_title(kind), n) for kind, n in current_index().sizes().items()]
    return render_template(
        "home.html", counts=counts, size=size, size_names=(TRIPLES_NAME, QUADS_NAME),
        classes=classes, semax=semax, sources=sources, L=link,
        queries=queries[:HOME_QUERIES], query_total=len(queries),
        kinds=kinds, count_lists=HOME_COUNT_LISTS,
    )


@dataclass(frozen=True)
class FilterChoice:
    """One code of a conflicts filter, as a link."""

    code: str
    label: str
    count: int
    href: str
    current: bool


@dataclass(frozen=True)
class FilterGroup:
    """One filter of the conflicts index (kind or status) with its choices."""

    name: str
    all_href: str
    all_current: bool
    choices: list[FilterChoice]


def _filter_href(picked: dict[str, list[str]], name: str, code: str | None) -> str:
    """The index URL with filter ``name`` set to ``code`` (or dropped) and the others kept."""
    params = [(other, value) for other, values in picked.items() if other != name for value in values]
    if code is not None:
        params.append((name, code))
    return "/conflicts" + ("?" + urlencode(params) if params else "")


def _filter_values(name: str, allowed: dict[str, str]) -> list[str]:
    """The IRIs selected by the repeated query parameter ``name`` (400 on an unknown code)."""
    chosen: list[str] = []
    for code in request.args.getlist(name):
        if code not in allowed:
            bad_request(f"{name}={code!r} is not a conflict {name}",
                        f"use one of {', '.join(allowed)} (or leave {name} out for all)")
        chosen.append(allowed[code])
    return chosen


def _selected(conflict: ConflictView, chosen: dict[str, list[str]], ignore: str = "") -> bool:
    """Whether ``conflict`` passes every chosen filter except ``ignore``."""
    return all(not values or getattr(conflict, name) in values
               for name, values in chosen.items() if name != ignore)


@bp.get("/conflicts")
def conflicts() -> str:
    """Every conflict once, optionally filtered by ``kind``, ``status`` and ``basis`` codes.

    Each choice's count is the number of conflicts it would show with the other filters kept,
    so the counts of one filter add up to the conflicts shown under the others.
    """
    store = get_graph_store()
    mapper = get_mapper()
    codes = {name: loader(store) for name, loader in CONFLICT_FILTERS.items()}
    chosen = {name: _filter_values(name, allowed) for name, allowed in codes.items()}
    every = load_conflicts(store)
    shown = [c for c in every if _selected(c, chosen)]
    iris: set[str] = {iri for allowed in codes.values() for iri in allowed.values()}
    for conflict in shown:
        iris |= conflict.iris()
    link = Linker.fetch(store, mapper, iris)
    shown.sort(key=lambda c: (link.text(c.kind) if c.kind else "~", c.iri))
    picked = {name: [code for code, iri in codes[name].items() if iri in values]
              for name, values in chosen.items()}
    filters = [
        FilterGroup(name, _filter_href(picked, name, None), not picked[name], [
            # Each count respects the other filters: what this choice would show.
            FilterChoice(code, link.text(iri), sum(1 for c in every if getattr(c, name) == iri
                                                   and _selected(c, chosen, name)),
                         _filter_href(picked, name, code), code in picked[name])
            for code, iri in allowed.items()])
        for name, allowed in codes.items()
    ]
    return render_template(
        "conflicts.html", conflicts=shown, total=len(every), filters=filters,
        L=link, value=lambda term: value_html(term, link),
        alternates=_graph_alternates(rebase(CONFLICTS_GRAPH, get_mapper().base)),
    )


@bp.get("/sources")
def sources() -> str:
    """Every source document with its credibility facts, disclosures and claim counts."""
    store = get_graph_store()
    mapper = get_mapper()
    views = load_sources(store)
    iris: set[str] = set()
    for view in views:
        iris |= view.iris()
    link = Linker.fetch(store, mapper, iris)
    claim_queries = {view.iri: query_href(claims_query(view.iri)) for view in views}
    return render_template("sources.html", sources=views, L=link, claim_queries=claim_queries)
