"""The paged list of every kind of resource: ``/id/<kind>/`` (``compound``, ``claim``, ``study``…).

A *kind* is the first path segment under ``{base}id/``; its members are the typed IRIs
``{base}id/<kind>/<id>`` (parts one level deeper, such as a claim's ``…/passage-1``, are not
members). The kinds are read off the served graph, so a new kind of resource gets its list
without a code change.

The index (every member with its label and its number of claims) is read once per store
version with three fixed queries and kept in ``app.extensions``; a request only sorts and
slices it. Nothing from the request reaches a query: ``page``, ``sort`` and ``order`` are
parsed and checked against fixed choices first (400 naming the fix otherwise).

For machines the same page is a Hydra Core collection (``hydra:Collection`` with
``hydra:totalItems``, this page's ``hydra:member`` links and a ``hydra:PartialCollectionView``
with ``first``/``previous``/``next``/``last``), and every answer carries the same links in an
RFC 8288 ``Link`` header.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import current_app

from semaxkg.rdf.graph_store import GraphStore
from semaxkg.rdf.iri_scheme import HYDRA, SXO
from semaxkg.web.api_errors import bad_request
from semaxkg.web.labels import label_literals, labels_for
from semaxkg.web.state import get_graph_store

#: Members listed on one page.
PAGE_SIZE = 50
#: Each sort key and the order it uses when ``order`` is not given.
SORTS: dict[str, str] = {"label": "asc", "claims": "desc"}
DEFAULT_SORT = "label"
ORDERS = ("asc", "desc")
#: Where the index of the current store version lives in ``app.extensions``.
INDEX_KEY = "semaxkg.kind_lists"
#: Prefixes a list document binds beyond the served ones.
LIST_PREFIXES = {"hydra": HYDRA}
#: How a kind's name reads in the plural, where adding an "s" is wrong.
PLURALS = {"study": "studies", "person": "people", "anatomy": "anatomy"}

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")

_TYPED = "SELECT DISTINCT ?x WHERE { ?x a ?type FILTER(isIRI(?x)) }"
# Counted as on a resource page: claims naming the resource in any role but sxo:conflictsWith.
_CLAIM_COUNTS = f"""PREFIX sxo: <{SXO}>
SELECT ?x (COUNT(DISTINCT ?claim) AS ?n) WHERE {{
  ?claim a sxo:Claim ; ?role ?x .
  FILTER(isIRI(?x) && ?role != sxo:conflictsWith && ?claim != ?x)
}} GROUP BY ?x"""


@dataclass(frozen=True)
class Member:
    """One resource of a list: its IRI, its label and how many claims name it."""

    iri: str
    label: str
    claims: int
    #: The label as the graph states it (language tag kept); ``None`` when it has none.
    label_term: ox.Literal | None = None


def kind_title(kind: str) -> str:
    """``"compound"`` → ``"Compounds"``: how a page names the kind's list."""
    return PLURALS.get(kind, kind + "s").capitalize()


def kind_of(iri: str, root: str) -> str | None:
    """The kind of a member IRI ``{root}<kind>/<id>``, else ``None``."""
    if not iri.startswith(root):
        return None
    parts = iri[len(root):].split("/")
    return parts[0] if len(parts) == 2 and all(parts) else None


def read_index(store: GraphStore, base: str) -> dict[str, list[Member]]:
    """Every kind under ``{base}id/`` with its members, sorted by label then IRI."""
    root = base + "id/"
    kinds: dict[str, list[str]] = {}
    for row in store.select(_TYPED):
        term = row.get("x")
        kind = kind_of(term.value, root) if isinstance(term, ox.NamedNode) else None
        if kind is not None and isinstance(term, ox.NamedNode):
            kinds.setdefault(kind, []).append(term.value)
    claims: dict[str, int] = {}
    for row in store.select(_CLAIM_COUNTS):
        term, n = row.get("x"), row.get("n")
        if isinstance(term, ox.NamedNode) and isinstance(n, ox.Literal):
            claims[term.value] = int(n.value)
    every = [iri for iris in kinds.values() for iri in iris]
    terms = label_literals(store, every)
    shown = labels_for(store, [iri for iri in every if iri not in terms])  # the fallbacks
    shown.update((iri, term.value) for iri, term in terms.items())
    index: dict[str, list[Member]] = {}
    for kind in sorted(kinds):
        members = [Member(iri, shown[iri], claims.get(iri, 0), terms.get(iri)) for iri in kinds[kind]]
        index[kind] = sorted(members, key=lambda m: (m.label.casefold(), m.iri))
    return index


def current_index() -> dict[str, list[Member]]:
    """The index of the served graph, read once per store version and IRI base."""
    store = get_graph_store()
    base = str(current_app.config["IRI_BASE"])
    cached: tuple[str, str, dict[str, list[Member]]] | None = current_app.extensions.get(INDEX_KEY)
    if cached is None or cached[:2] != (store.version, base):
        cached = (store.version, base, read_index(store, base))
        current_app.extensions[INDEX_KEY] = cached
    return cached[2]


@dataclass(frozen=True)
class ListRequest:
    """What one list request asks for, checked: kind, page number, sort key and order."""

    kind: str
    page: int = 1
    sort: str = DEFAULT_SORT
    order: str = SORTS[DEFAULT_SORT]

    @property
    def path(self) -> str:
        """The list's own path (the collection), ``/id/<kind>/``."""
        return f"/id/{self.kind}/"

    def href(self, page: int) -> str:
        """The path of page ``page`` in this sort: defaults are left out, page 1 is the bare path."""
        params: list[tuple[str, str | int]] = []
        if page != 1:
            params.append(("page", page))
        if self.sort != DEFAULT_SORT or self.order != SORTS[DEFAULT_SORT]:
            params.append(("sort", self.sort))
        if self.order != SORTS[self.sort]:
            params.append(("order", self.order))
        return self.path + ("?" + urlencode(params) if params else "")

    def sorted_href(self, sort: str, order: str | None = None) -> str:
        """Page 1 of the list sorted by ``sort`` (in ``order``, else that sort's default)."""
        return ListRequest(self.kind, 1, sort, order or SORTS[sort]).href(1)


def parse_request(kind: str, args: Mapping[str, str]) -> ListRequest:
    """Check ``page``, ``sort`` and ``order``; a bad value is a 400 saying what to send."""
    raw_page = args.get("page", "1")
    if not (raw_page.isascii() and raw_page.isdigit()) or int(raw_page) < 1:
        bad_request(f"page={raw_page!r} is not a page number: use a whole number from 1 "
                    f"(/id/{kind}/?page=2).")
    sort = args.get("sort", DEFAULT_SORT)
    if sort not in SORTS:
        bad_request(f"sort={sort!r} is not a way to sort this list: use sort=label or sort=claims.")
    order = args.get("order", SORTS[sort])
    if order not in ORDERS:
        bad_request(f"order={order!r} is not an order: use order=asc or order=desc.")
    return ListRequest(kind, int(raw_page), sort, order)


@dataclass(frozen=True)
class ListPage:
    """One page of a list: its members in order, the total and the number of pages."""

    request: ListRequest
    members: list[Member]
    total: int

    @property
    def last_page(self) -> int:
        """The number of the last page (1 for an empty list)."""
        return max(1, -(-self.total // PAGE_SIZE))

    @property
    def first_position(self) -> int:
        """The position (from 1) of this page's first member in the whole list."""
        return (self.request.page - 1) * PAGE_SIZE + 1

    def links(self) -> dict[str, str]:
        """``rel`` → path of the first, previous, next and last pages (those that exist)."""
        page, req = self.request.page, self.request
        found = {"first": req.href(1)}
        if page > 1:
            found["prev"] = req.href(page - 1)
        if page < self.last_page:
            found["next"] = req.href(page + 1)
        found["last"] = req.href(self.last_page)
        return found

    def link_header(self) -> str:
        """The RFC 8288 ``Link`` header naming :meth:`links`."""
        return ", ".join(f'<{href}>; rel="{rel}"' for rel, href in self.links().items())


def sort_members(members: list[Member], sort: str, order: str) -> list[Member]:
    """``members`` (sorted by label) in the order asked; ties always by label, then IRI."""
    if sort == "claims":
        sign = -1 if order == "desc" else 1
        return sorted(members, key=lambda m: (sign * m.claims, m.label.casefold(), m.iri))
    return list(reversed(members)) if order == "desc" else list(members)


def list_page(members: list[Member], request: ListRequest) -> ListPage | None:
    """The page ``request`` asks for, or ``None`` when it is past the last page."""
    ordered = sort_members(members, request.sort, request.order)
    page = ListPage(request, [], len(ordered))
    if request.page > page.last_page:
        return None
    start = page.first_position - 1
    return ListPage(request, ordered[start:start + PAGE_SIZE], len(ordered))


def hydra_triples(page: ListPage, base: str) -> list[ox.Triple]:
    """The page as a Hydra collection whose IRIs are minted under ``base``."""
    req = page.request

    def iri(path: str) -> ox.NamedNode:
        return ox.NamedNode(base + path.lstrip("/"))

    def hydra(name: str) -> ox.NamedNode:
        return ox.NamedNode(HYDRA + name)

    collection, view = iri(req.path), iri(req.href(req.page))
    found = [
        ox.Triple(collection, RDF_TYPE, hydra("Collection")),
        ox.Triple(collection, RDFS_LABEL, ox.Literal(kind_title(req.kind), language="en")),
        ox.Triple(collection, hydra("totalItems"), ox.Literal(str(page.total), datatype=ox.NamedNode(
            "http://www.w3.org/2001/XMLSchema#integer"))),
        ox.Triple(collection, hydra("view"), view),
        ox.Triple(view, RDF_TYPE, hydra("PartialCollectionView")),
    ]
    names = {"first": "first", "prev": "previous", "next": "next", "last": "last"}
    found += [ox.Triple(view, hydra(names[rel]), iri(href)) for rel, href in page.links().items()]
    for member in page.members:
        node = ox.NamedNode(member.iri)
        found.append(ox.Triple(collection, hydra("member"), node))
        if member.label_term is not None:
            found.append(ox.Triple(node, RDFS_LABEL, member.label_term))
    return found
