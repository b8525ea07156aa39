"""Draw each page once per store version: replay it, with an ETag, and answer 304s.

A page (and a linked-data document) is a function of the request — its path, query string,
``Accept`` and the host it was reached at — and of the served version (which changes only
under ``serve --watch``, with the build banner) and the recorded releases (``semaxkg release``
may add one while the server runs).
This WSGI middleware keeps the first ``200`` answer to each such ``GET`` or
``HEAD`` (status, headers, body) and replays it — a dictionary lookup instead of running the
view, which for the Semax page means hundreds of claims drawn anew (issue 16: 0.2–0.4 s).

Each kept answer carries a strong ETag (its view's, or a digest of its body), and a request
whose ``If-None-Match`` names it gets a bodiless ``304``. Pages are answered with
``Cache-Control: no-cache``: a browser keeps them and revalidates, so a new build is seen at
once. ``/sparql`` (its own answer cache), ``/health`` (live state), the dumps and the release
files (files: ranges, ``Last-Modified``) and the static assets are passed through; so is
everything over a remote store, whose data may change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from werkzeug.http import parse_etags

from semaxkg.rdf.release_layout import RELEASE_FILES
from semaxkg.sparql.cache import ENTRY_OVERHEAD_BYTES, CachedAnswer, ResultCache
from semaxkg.web.sparql.answer_cache import run_to_end
from semaxkg.web.state import get_state

#: Paths (prefixes) never kept: each has its own caching or changes while served.
UNCACHED_PREFIXES = ("/sparql", "/health", "/dumps", "/static/", "/assets/", "/api/")
#: Where the releases are served; their files (changelog, dump, description) are not kept.
RELEASES_PREFIX = "/releases/"
#: Pages kept at most, their total bytes, and the largest one kept.
MAX_PAGES = 2048
MAX_PAGE_CACHE_BYTES = 128 * 1024 * 1024
MAX_PAGE_BYTES = 8 * 1024 * 1024
#: Headers a 304 repeats from the full answer (RFC 9110 §15.4.5).
NOT_MODIFIED_KEEP = frozenset({"etag", "vary", "cache-control", "expires", "content-location"})
#: Set on kept answers that name no caching policy: keep, but revalidate before each use.
DEFAULT_CACHE_CONTROL = "no-cache"
#: Says whether an answer was drawn now (``miss``) or replayed (``hit``); for tests and logs.
PAGE_CACHE_HEADER = "SemaxKG-Page"

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def _cacheable_path(path: str) -> bool:
    if path.startswith(RELEASES_PREFIX) and path.rpartition("/")[2] in RELEASE_FILES:
        return False  # a release's files: sent as files (ranges, Last-Modified), like /dumps
    return not path.startswith(UNCACHED_PREFIXES)


def _etag_in(headers: list[tuple[str, str]]) -> str | None:
    for name, value in headers:
        if name.lower() == "etag":
            return value.removeprefix("W/").strip('"')
    return None


class PageCacheMiddleware:
    """WSGI middleware: keep and replay ``GET`` answers of pages and documents."""

    def __init__(self, app: WsgiApp, cache: ResultCache,
                 variant: Callable[[], Hashable] = lambda: None) -> None:
        self.app = app
        self.cache = cache
        #: What pages depend on besides the request (the served version, a build banner):
        #: part of the key, so a swapped graph (``serve --watch``) draws them anew.
        self.variant = variant

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        path = environ.get("PATH_INFO", "")
        if method not in ("GET", "HEAD") or not _cacheable_path(path):
            return self.app(environ, start_response)
        key: Hashable = (
            self.variant(), path, environ.get("QUERY_STRING", ""), environ.get("HTTP_ACCEPT", ""),
            environ.get("HTTP_HOST", ""), environ.get("wsgi.url_scheme", ""),
            environ.get("SCRIPT_NAME", ""),
        )
        answer = self.cache.get(key)
        if answer is None:
            answer = self._draw(key, environ)
        condition = environ.get("HTTP_IF_NONE_MATCH")
        if condition and answer.etag is not None and parse_etags(condition).contains(answer.etag):
            start_response("304 Not Modified", list(answer.not_modified_headers))
            return []
        start_response(answer.status, list(answer.headers))
        return [] if method == "HEAD" else [answer.body]

    def _draw(self, key: Hashable, environ: dict[str, Any]) -> CachedAnswer:
        """Run the view without conditions; keep its answer when it is a 200 (with an ETag)."""
        plain = dict(environ)
        plain.pop("HTTP_IF_NONE_MATCH", None)
        plain.pop("HTTP_IF_MODIFIED_SINCE", None)
        plain["REQUEST_METHOD"] = "GET"  # a HEAD fills the cache with the GET answer
        status, headers, body = run_to_end(self.app, plain, lambda data: None)
        if not status.startswith("200 ") or len(body) > MAX_PAGE_BYTES:
            return CachedAnswer(status, headers, body, None, [], 0)  # sent as drawn, not kept
        etag = _etag_in(headers)
        if etag is None:
            etag = hashlib.blake2b(body, digest_size=12).hexdigest()
            headers = [*headers, ("ETag", f'"{etag}"')]
        if not any(name.lower() == "cache-control" for name, _ in headers):
            headers = [*headers, ("Cache-Control", DEFAULT_CACHE_CONTROL)]
        kept = CachedAnswer(
            status, [*headers, (PAGE_CACHE_HEADER, "hit")], body, etag,
            [(n, v) for n, v in headers if n.lower() in NOT_MODIFIED_KEEP],
            len(body) + ENTRY_OVERHEAD_BYTES,
        )
        self.cache.put(key, kept)
        return CachedAnswer(status, [*headers, (PAGE_CACHE_HEADER, "miss")], body, etag,
                            kept.not_modified_headers, kept.size)


def init_app(app: Any, enabled: bool) -> None:
    """Wrap ``app.wsgi_app`` (a Flask app) in :class:`PageCacheMiddleware` when ``enabled``."""
    if enabled:
        app.wsgi_app = PageCacheMiddleware(
            app.wsgi_app, ResultCache(MAX_PAGES, MAX_PAGE_CACHE_BYTES, MAX_PAGE_BYTES),
            lambda: get_state(app).page_variant())
