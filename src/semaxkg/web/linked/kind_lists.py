"""The paged list of every kind of resource: ``/id/<kind>/`` (``compound``, ``claim``, ``study``…).

A *kind* is the first path segment under ``{base}id/``; its members are the typed IRIs
``{base}id/<kind>/<id>`` (parts one level deeper, such as a claim's ``…/passage-1``, are not
members). The kinds are read off the served graph, so a new kind of resource gets its list
without a code change.

The index is kept in ``app.extensions`` per store version: the kinds and their sizes (one
fixed query; what the home page shows), then, when a kind's list is first asked for, its
members' labels and the claim counts (fixed queries, IRIs as ``VALUES``), and each sorted
order once; a request only slices it. Nothing from the request reaches a query: ``page``,
``sort`` and ``order`` are parsed and checked against fixed choices first (400 naming the fix
otherwise).

For machines the same page is a Hydra Core collection (``hydra:Collection`` with
``hydra:totalItems``, this page's ``hydra:member`` links and a ``hydra:PartialCollectionView``
with ``first``/``previous``/``next``/``last``), and every answer carries the same links in an
RFC 8288 ``Link`` header.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import current_app

from semaxkg.rdf import iri_scheme
from semaxkg.rdf.graph_store import GraphStore
from semaxkg.rdf.iri_scheme import HYDRA, SXO
from semaxkg.web.api_errors import bad_request
from semaxkg.web.labels import label_literals, unlabelled
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

RDF_TYPE = ox.NamedNode(iri_scheme.RDF_TYPE)
RDFS_LABEL = ox.NamedNode(iri_scheme.RDFS_LABEL)

_TYPED = "SELECT DISTINCT ?x WHERE { ?x a ?type FILTER(isIRI(?x)) }"
# Counted as on a resource page: claims naming the resource in any role but sxo:conflictsWith.
_CLAIM_PATTERN = """?claim a sxo:Claim ; ?role ?x .
  FILTER(isIRI(?x) && ?role != sxo:conflictsWith && ?claim != ?x)"""
_CLAIM_COUNTS = f"""PREFIX sxo: <{SXO}>
SELECT ?x (COUNT(DISTINCT ?claim) AS ?n) WHERE {{ {_CLAIM_PATTERN} }} GROUP BY ?x"""
# The counts of one page's members: the IRIs go in a VALUES block *inside* the pattern (a
# trailing one would join after grouping, so every resource would be counted first). They are
# written from parsed NamedNodes the store returned, never from the request.
_SOME_CLAIM_COUNTS = f"""PREFIX sxo: <{SXO}>
SELECT ?x (COUNT(DISTINCT ?claim) AS ?n) WHERE {{ $VALUES {_CLAIM_PATTERN} }} GROUP BY ?x"""


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


def read_kinds(store: GraphStore, base: str) -> dict[str, list[str]]:
    """Every kind under ``{base}id/`` with its member IRIs (one query)."""
    root = base + "id/"
    kinds: dict[str, list[str]] = {}
    for row in store.select(_TYPED):
        term = row.get("x")
        kind = kind_of(term.value, root) if isinstance(term, ox.NamedNode) else None
        if kind is not None and isinstance(term, ox.NamedNode):
            kinds.setdefault(kind, []).append(term.value)
    return dict(sorted(kinds.items()))


def read_claim_counts(store: GraphStore, iris: list[str] | None = None) -> dict[str, int]:
    """How many claims name each IRI (of ``iris``, else of all), in any role but
    ``sxo:conflictsWith``; IRIs no claim names are left out."""
    if iris is None:
        query = _CLAIM_COUNTS
    else:
        values = " ".join(str(ox.NamedNode(iri)) for iri in iris)
        query = _SOME_CLAIM_COUNTS.replace("$VALUES", f"VALUES ?x {{ {values} }}")
    claims: dict[str, int] = {}
    for row in store.select(query):
        term, n = row.get("x"), row.get("n")
        if isinstance(term, ox.NamedNode) and isinstance(n, ox.Literal):
            claims[term.value] = int(n.value)
    return claims


def read_members(store: GraphStore, iris: list[str]) -> list[Member]:
    """``iris`` as members with their labels (claim counts not yet read), by label then IRI."""
    terms = label_literals(store, iris)
    members = [Member(iri, terms[iri].value if iri in terms else unlabelled(iri), 0, terms.get(iri))
               for iri in iris]
    return sorted(members, key=lambda m: (m.label.casefold(), m.iri))


@dataclass
class KindIndex:
    """The lists of one store version, read as they are needed.

    The kinds and their sizes (what the home page shows) cost one query. A kind's labels are
    read when its list is first asked for; claim counts only for the members a page shows,
    unless the list is sorted by them (then all at once). Each sorted order is kept.
    """

    store: GraphStore
    version: str
    base: str
    kinds: dict[str, list[str]]
    _claims: dict[str, int] | None = None
    _orders: dict[tuple[str, str, str], list[Member]] = field(default_factory=dict)

    def sizes(self) -> dict[str, int]:
        """Each kind with its number of members, by kind name."""
        return {kind: len(iris) for kind, iris in self.kinds.items()}

    def members(self, kind: str, sort: str = DEFAULT_SORT, order: str = SORTS[DEFAULT_SORT]) -> list[Member]:
        """The members of ``kind`` (a key of :attr:`kinds`) in the order asked."""
        key = (kind, sort, order)
        if key not in self._orders:
            by_label = (kind, DEFAULT_SORT, "asc")
            if by_label not in self._orders:
                self._orders[by_label] = read_members(self.store, self.kinds[kind])
            members = self._orders[by_label]
            if sort == "claims":
                members = self.with_claims(members)
            self._orders[key] = sort_members(members, sort, order)
        return self._orders[key]

    def with_claims(self, members: list[Member]) -> list[Member]:
        """``members`` with their claim counts filled in."""
        if self._claims is None and len(members) > PAGE_SIZE:
            self._claims = read_claim_counts(self.store)
        counts = (self._claims if self._claims is not None
                  else read_claim_counts(self.store, [m.iri for m in members]))
        return [replace(m, claims=counts.get(m.iri, 0)) for m in members]


def current_index() -> KindIndex:
    """The index of the served graph, one per store version and IRI base."""
    store = get_graph_store()
    base = str(current_app.config["IRI_BASE"])
    cached: KindIndex | None = current_app.extensions.get(INDEX_KEY)
    if cached is None or (cached.version, cached.base) != (store.version, base):
        cached = KindIndex(store, store.version, base, read_kinds(store, base))
        current_app.extensions[INDEX_KEY] = cached
    return cached


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


def list_page(index: KindIndex, request: ListRequest) -> ListPage | None:
    """The page ``request`` asks for, or ``None`` when it is past the last page."""
    page = ListPage(request, [], len(index.kinds[request.kind]))
    if request.page > page.last_page:
        return None
    ordered = index.members(request.kind, request.sort, request.order)
    start = page.first_position - 1
    shown = ordered[start:start + PAGE_SIZE]
    if request.sort != "claims":
        shown = index.with_claims(shown)
    return ListPage(request, shown, len(ordered))


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
            iri_scheme.XSD + "integer"))),
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
