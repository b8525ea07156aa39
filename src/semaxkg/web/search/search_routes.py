"""``GET /api/search`` (JSON for scripts and the header box) and ``GET /search`` (the page).

``/api/search?q=TEXT[&kind=KIND][&limit=N]`` answers ``{"query", "results": [{"iri", "label",
"kind", "href", "snippet"}…], "did_you_mean"}`` (``did_you_mean``: the text with misspelt
words corrected, else ``null``). ``kind`` is a kind (``compound``, ``claim``…) or a group
(``entity``); a bad ``kind`` or ``limit`` is a 400 that names the fix.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template, request

from semaxkg.web.api_errors import bad_request
from semaxkg.web.search.search_state import get_index, grouped, search

bp = Blueprint("search", __name__)

#: Results ``/api/search`` gives when no ``limit`` is asked for, and the most it gives.
DEFAULT_LIMIT = 10
MAX_LIMIT = 50
#: Results the ``/search`` page shows.
PAGE_LIMIT = 50


def _kind() -> str | None:
    kind = request.args.get("kind", "").strip()
    if not kind:
        return None
    known = get_index().kinds()
    if kind not in known:
        bad_request(f"kind {kind!r} is unknown: use one of {', '.join(known)} "
                    "(or leave kind out to search everything)")
    return kind


def _limit() -> int:
    raw = request.args.get("limit", "").strip()
    if not raw:
        return DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        bad_request(f"limit {raw!r} is not a whole number from 1 to {MAX_LIMIT}: "
                    f"e.g. limit={DEFAULT_LIMIT}")
    return int(raw)


@bp.get("/api/search")
def api_search() -> Response:
    """The ranked resources matching ``q`` as JSON."""
    query = request.args.get("q", "")
    if not query.strip():
        bad_request("q is missing or empty: give the text to find, e.g. /api/search?q=semax")
    kind, limit = _kind(), _limit()
    found, results = search(query, kind, limit)
    return jsonify({"query": query, "results": [r.as_json() for r in results],
                    "did_you_mean": found.did_you_mean})


@bp.get("/search")
def search_page() -> str:
    """The search page: the results grouped by kind, best first within each group."""
    query = request.args.get("q", "")
    kind = _kind()
    # One more than shown, to tell "50 results" from "the first 50 of more".
    found, results = search(query, kind, PAGE_LIMIT + 1) if query.strip() else (None, [])
    more, results = len(results) > PAGE_LIMIT, results[:PAGE_LIMIT]
    return render_template("search.html", query=query, kind=kind or "", groups=grouped(results),
                           count=len(results), more=more,
                           did_you_mean=found.did_you_mean if found is not None else None,
                           kinds=get_index().kinds())
