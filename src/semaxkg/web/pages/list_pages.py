"""``/id/<kind>/``: the paged, sortable list of every kind of resource, for people and machines.

``GET /id/compound/?page=2&sort=claims&order=desc`` answers the HTML page of the list, or,
by ``Accept`` (or ``?format=ttl|jsonld|nt|rdf|html`` for a link to click), the same page as a
Hydra collection in an RDF format of :mod:`semaxkg.rdf.formats`. Every answer names the first,
previous, next and last pages in a ``Link`` header. The lists themselves, and what the
parameters may be, are :mod:`semaxkg.web.linked.kind_lists`. An unknown kind and a page past
the last are 404s (in the negotiated format); a malformed ``page``, ``sort``, ``order`` or
``format`` is a 400 naming the fix. The view is registered on the pages blueprint
(:mod:`semaxkg.web.pages.page_routes`).
"""

from __future__ import annotations

import difflib

from flask import Response, current_app, render_template, request

from semaxkg.web.api_errors import bad_request
from semaxkg.web.iris import get_mapper
from semaxkg.web.linked import kind_lists as lists
from semaxkg.web.linked import resources
from semaxkg.web.linked.documents import exists
from semaxkg.web.linked.linkeddata import (
    BY_SUFFIX,
    DOCUMENT_FORMATS,
    HTML,
    DocumentFormat,
    choose_document_format,
    document_response,
    not_acceptable,
    not_found,
    rdf_body,
)
from semaxkg.web.state import get_graph_store

#: The rule the pages blueprint serves the lists at.
RULE = "/id/<kind>/"


def _wanted_format() -> DocumentFormat | None:
    """``?format=`` when given (400 when unknown), else what ``Accept`` prefers."""
    suffix = request.args.get("format")
    if suffix is None:
        return choose_document_format(request.accept_mimetypes)
    if suffix not in BY_SUFFIX:
        bad_request(f"format={suffix!r} is not a format of this list: use one of "
                    f"{', '.join(BY_SUFFIX)} (or leave format out and send Accept).")
    return BY_SUFFIX[suffix]


def format_links(req: lists.ListRequest) -> list[tuple[str, str, str]]:
    """``(suffix, media type, href)`` of this list page in each RDF format."""
    here = req.href(req.page)
    joiner = "&" if "?" in here else "?"
    return [(fmt.suffix, fmt.media_type, f"{here}{joiner}format={fmt.suffix}")
            for fmt in DOCUMENT_FORMATS if fmt is not HTML]


def _html(page: lists.ListPage, index: lists.KindIndex) -> str:
    req = page.request
    mapper = get_mapper()
    return render_template(
        "kind_list.html", page=page, req=req, title=lists.kind_title(req.kind),
        collection_iri=mapper.iri_for(req.path), href=mapper.href, links=page.links(),
        alternates=format_links(req), sorts=lists.SORTS,
        kinds=[(kind, lists.kind_title(kind), n) for kind, n in index.sizes().items()],
    )


def kind_list(kind: str) -> Response:
    """One page of the list of ``kind``, as HTML or RDF, with ``Link`` headers.

    The rule also matches ``/id/<name>`` without the slash (no redirect), which is a resource
    IRI like any other; only when the graph has no such resource but a list of that name
    exists is it sent on to the list.
    """
    if not request.path.endswith("/"):
        iri = get_mapper().iri_for(f"/id/{kind}")
        if kind in lists.current_index().kinds and not exists(get_graph_store(), iri):
            moved = Response(status=308)
            moved.headers["Location"] = f"/id/{kind}/"
            return moved
        return resources.resource(kind)
    fmt = _wanted_format()
    if fmt is None:
        return not_acceptable("this list", DOCUMENT_FORMATS)
    index = lists.current_index()
    mapper = get_mapper()
    collection = mapper.iri_for(f"/id/{kind}/")
    if kind not in index.kinds:
        known = ", ".join(f"/id/{k}/" for k in index.kinds)
        near = difflib.get_close_matches(kind, index.kinds, n=1)
        hint = f" (did you mean /id/{near[0]}/?)" if near else ""
        return not_found(collection, f"no kind of resource is called {kind!r}{hint}: "
                         f"the lists are {known}", fmt)
    req = lists.parse_request(kind, request.args)
    page = lists.list_page(index, req)
    if page is None:
        last = lists.ListPage(req, [], len(index.kinds[kind])).last_page
        # No search suggestions: the list exists, only the page does not.
        response = not_found(collection, f"page {req.page} is past the last page ({last}) of "
                             f"{req.path}: use page=1 to page={last}", fmt, suggest=False)
        response.headers["Link"] = f'<{req.href(1)}>; rel="first", <{req.href(last)}>; rel="last"'
        return response
    if fmt is HTML:
        body: str | bytes = _html(page, index)
    else:
        base = str(current_app.config["IRI_BASE"])
        body = rdf_body(lists.hydra_triples(page, base), fmt, lists.LIST_PREFIXES)
    response = document_response(body, fmt, request.full_path)
    response.headers["Link"] = page.link_header()
    return response
