"""Answer repeated ``/sparql`` requests from the result cache before Flask sees them.

The graph never changes while it is served, so the whole answer to a request is a function
of what the client sent. A hit therefore costs one dictionary lookup on the raw request —
method, query string, body, Content-Type, Accept and the URL the endpoint was reached at —
instead of Flask's request machinery, negotiation and a round trip to the executor (measured
on the benchmark mix: several times the throughput). Every other path, method and request
goes to Flask untouched.

What is stored is decided by the view: it marks a fresh answer ``SemaxKG-Cache: miss``; this
middleware keeps such 200 answers (status, headers, body) and replays them marked ``hit``,
or a 304 when ``If-None-Match`` names the answer's ETag.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from flask import Flask
from werkzeug.http import parse_etags

from semaxkg.endpoint import limits
from semaxkg.endpoint.cache import ENTRY_OVERHEAD_BYTES, CachedAnswer, ResultCache
from semaxkg.web.state import get_state

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

#: Paths whose GET and POST answers may be served from the cache.
CACHED_PATHS = frozenset({"/sparql", "/sparql/"})
#: The header through which the view marks an answer as cacheable ("miss") and hits say so.
CACHE_HEADER = "SemaxKG-Cache"
#: Headers a 304 repeats from the full answer (RFC 9110 §15.4.5), plus CORS.
NOT_MODIFIED_KEEP = frozenset({"etag", "vary", "cache-control", "expires", "content-location"})


def _not_modified_headers(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [
        (name, value) for name, value in headers
        if name.lower() in NOT_MODIFIED_KEEP or name.lower().startswith("access-control-")
    ]


def _etag_of(headers: list[tuple[str, str]]) -> str | None:
    for name, value in headers:
        if name.lower() == "etag":
            return value.strip('"')
    return None


class AnswerCacheMiddleware:
    """WSGI middleware: replay cached ``/sparql`` answers, store fresh cacheable ones."""

    def __init__(self, app: WSGIApplication, cache: ResultCache, max_body_bytes: int) -> None:
        self.app = app
        self.cache = cache
        self.max_body_bytes = max_body_bytes

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") not in CACHED_PATHS:
            return self.app(environ, start_response)
        method = environ.get("REQUEST_METHOD")
        if method == "GET":
            body = b""
        elif method == "POST":
            read = self._read_body(environ)
            if read is None:
                return self.app(environ, start_response)
            body = read
        else:
            return self.app(environ, start_response)
        key = (
            method, environ.get("QUERY_STRING", ""), body, environ.get("CONTENT_TYPE", ""),
            environ.get("HTTP_ACCEPT", ""), environ.get("HTTP_HOST", ""),
            environ.get("wsgi.url_scheme", ""), environ.get("SCRIPT_NAME", ""),
        )
        hit = self.cache.get(key)
        if hit is None:
            return self._fill(key, environ, start_response)
        condition = environ.get("HTTP_IF_NONE_MATCH")
        if condition and hit.etag is not None and parse_etags(condition).contains(hit.etag):
            start_response("304 Not Modified", list(hit.not_modified_headers))
            return []
        start_response(hit.status, list(hit.headers))
        return [hit.body]

    def _read_body(self, environ: WSGIEnvironment) -> bytes | None:
        """The request body when its length is declared and within the limit; else ``None``.

        The body is put back as a fresh stream so that Flask can read it on a miss.
        """
        try:
            length = int(environ.get("CONTENT_LENGTH") or "")
        except ValueError:
            return None
        if not 0 <= length <= self.max_body_bytes:
            return None
        body: bytes = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)
        return body

    def _fill(
        self, key: tuple[str | bytes, ...], environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        seen: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen[:] = [status, headers]
            return start_response(status, headers, exc_info)

        result = self.app(environ, capture)
        if not seen or not seen[0].startswith("200 ") or (CACHE_HEADER, "miss") not in seen[1]:
            return result
        try:
            body = b"".join(result)
        finally:
            close: Callable[[], None] | None = getattr(result, "close", None)
            if close is not None:
                close()
        status, headers = seen
        stored = [(n, "hit" if n == CACHE_HEADER else v) for n, v in headers]
        size = len(body) + sum(len(part) for part in key) + ENTRY_OVERHEAD_BYTES
        self.cache.put(key, CachedAnswer(status, stored, body, _etag_of(stored),
                                         _not_modified_headers(stored), size))
        return [body]


def init_app(app: Flask) -> None:
    """Put the middleware in front of ``app`` when its result cache is on."""
    cache = get_state(app).cache
    if cache is not None:
        max_body = app.config.get("MAX_CONTENT_LENGTH") or limits.MAX_BODY_BYTES
        app.wsgi_app = AnswerCacheMiddleware(  # type: ignore[method-assign]
            app.wsgi_app, cache, int(max_body))
