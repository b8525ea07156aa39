"""Answer repeated ``/sparql`` requests from the result cache before Flask sees them.

The whole answer to a request is a function of what the client sent and of the served
graph's version (part of the key: it changes only under ``serve --watch``).
A hit therefore costs one dictionary lookup on the raw request —
method, query string, body, Content-Type, Accept and the URL the endpoint was reached at —
instead of Flask's request machinery, negotiation and a round trip to the executor (measured
on the benchmark mix: several times the throughput). Every other path, method and request
goes to Flask untouched.

What is stored is decided by the view: it marks a fresh answer ``SemaxKG-Cache: miss``; this
middleware keeps such 200 answers (status, headers, body) and replays them marked ``hit``,
or a 304 when ``If-None-Match`` names the answer's ETag. A request identical to one being
answered at that moment waits for that answer (up to the query time limit) instead of running
the same query again; it gets the same answer, stored or not (a time-out's 503 too).
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import Flask
from werkzeug.http import parse_etags

from semaxkg.errors import SemaxkgError
from semaxkg.sparql import limits
from semaxkg.sparql.cache import ENTRY_OVERHEAD_BYTES, CachedAnswer, ResultCache
from semaxkg.web.state import get_state

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

#: Paths whose GET and POST answers may be served from the cache.
CACHED_PATHS = frozenset({"/sparql", "/sparql/"})
#: The header through which the view marks an answer as cacheable ("miss") and hits say so.
CACHE_HEADER = "SemaxKG-Cache"
#: Headers a 304 repeats from the full answer (RFC 9110 §15.4.5), plus CORS.
NOT_MODIFIED_KEEP = frozenset({"etag", "vary", "cache-control", "expires", "content-location"})


#: WSGI environ key: answer from the cache only, raise :class:`NotCached` otherwise.
HIT_ONLY_KEY = "semaxkg.hit_only"


class NotCached(SemaxkgError):
    """A hit-only request (:data:`HIT_ONLY_KEY`) has no stored answer: run it in a thread."""


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


def _no_write(data: bytes) -> None:
    raise NotImplementedError("WSGI write() is not supported behind the answer cache")


def run_to_end(app: WSGIApplication, environ: WSGIEnvironment,
               write: Callable[[bytes], object] = _no_write) -> tuple[str, list[tuple[str, str]], bytes]:
    """Run ``app`` on ``environ`` and return its status, headers and whole body (closing the
    body iterable as WSGI asks); ``write`` is what the app's ``write()`` callable does."""
    seen: list[Any] = []

    def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        seen[:] = [status, headers]
        return write

    result = app(environ, capture)
    try:
        body = b"".join(result)
    finally:
        close: Callable[[], None] | None = getattr(result, "close", None)
        if close is not None:
            close()
    status, headers = seen
    return status, headers, body


@dataclass
class _Flight:
    """A request being answered now; identical requests wait for its answer."""

    done: threading.Event = field(default_factory=threading.Event)
    answer: CachedAnswer | None = None


class AnswerCacheMiddleware:
    """WSGI middleware: replay cached ``/sparql`` answers, store fresh cacheable ones."""

    def __init__(self, app: WSGIApplication, cache: ResultCache, max_body_bytes: int,
                 wait_seconds: float = 0.0, version: Callable[[], str] = lambda: "") -> None:
        self.app = app
        self.cache = cache
        #: The served data's version, part of the key: a graph swapped in by ``serve --watch``
        #: is asked afresh.
        self.version = version
        self.max_body_bytes = max_body_bytes
        #: How long a request waits for an identical one already being answered (at most the
        #: query time limit); then it is answered on its own.
        self.wait_seconds = wait_seconds
        self._in_flight: dict[Hashable, _Flight] = {}
        self._lock = threading.Lock()

    def key_for(self, environ: WSGIEnvironment, body: bytes) -> tuple[str | bytes, ...]:
        """The cache key of a request: the served data's version, then :func:`request_key`."""
        return (self.version(), *request_key(environ, body))

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        hit_only = bool(environ.get(HIT_ONLY_KEY))
        body = self._cacheable_body(environ)
        if body is None:
            if hit_only:
                raise NotCached
            return self.app(environ, start_response)
        key = self.key_for(environ, body)
        # A hit-only miss is counted by the retry in a thread, not twice.
        hit = self.cache.get(key, count_miss=not hit_only)
        if hit is None:
            if hit_only:
                raise NotCached
            return self._miss(key, environ, start_response)
        return self._replay(hit, environ, start_response)

    @staticmethod
    def _replay(
        answer: CachedAnswer, environ: WSGIEnvironment, start_response: StartResponse
    ) -> list[bytes]:
        condition = environ.get("HTTP_IF_NONE_MATCH")
        if condition and answer.etag is not None and parse_etags(condition).contains(answer.etag):
            start_response("304 Not Modified", list(answer.not_modified_headers))
            return []
        start_response(answer.status, list(answer.headers))
        return [answer.body]

    def _miss(
        self, key: tuple[str | bytes, ...], environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        """Answer through Flask, unless an identical request is being answered: then share
        its answer (many clients asking the same slow query at once would each run it)."""
        flight, leading = self.lead(key)
        if not leading:
            shared = flight.answer if flight.done.wait(self.wait_seconds) else None
            if shared is None:  # still running after the time limit, or failed: go alone
                return self.app(environ, start_response)
            return self._replay(shared, environ, start_response)
        fresh = None
        try:
            status, headers, body = run_to_end(self.app, environ)
            fresh = self.keep(key, status, headers, body)
        finally:
            self.land(key, flight, fresh)
        start_response(fresh[0].status, list(fresh[0].headers))
        return [fresh[0].body]

    def lead(self, key: Hashable) -> tuple[_Flight, bool]:
        """The flight of the request ``key``, and whether this caller leads it (answers it,
        then calls :meth:`land`) rather than waits for an identical request's answer."""
        with self._lock:
            flight = self._in_flight.get(key)
            if flight is not None:
                return flight, False
            flight = self._in_flight[key] = _Flight()
        return flight, True

    def land(self, key: Hashable, flight: _Flight,
             answer: tuple[CachedAnswer, CachedAnswer] | None) -> None:
        """The request ``key`` led with :meth:`lead` is answered (``None``: it failed); wake
        the identical requests that wait for it."""
        flight.answer = answer[1] if answer is not None else None
        with self._lock:
            del self._in_flight[key]
        flight.done.set()

    def _cacheable_body(self, environ: WSGIEnvironment) -> bytes | None:
        """The body of a request the cache may answer (``b""`` for a GET); else ``None``."""
        if environ.get("PATH_INFO") not in CACHED_PATHS:
            return None
        method = environ.get("REQUEST_METHOD")
        if method == "GET":
            return b""
        return self._read_body(environ) if method == "POST" else None

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

    def keep(self, key: tuple[str | bytes, ...], status: str, headers: list[tuple[str, str]],
             body: bytes) -> tuple[CachedAnswer, CachedAnswer]:
        """Store a fresh answer if the view marked it cacheable (``SemaxKG-Cache: miss``).

        Returns the answer as sent, and as replayed to identical requests (marked ``hit``).
        """
        size = len(body) + sum(len(part) for part in key) + ENTRY_OVERHEAD_BYTES
        sent = CachedAnswer(status, headers, body, _etag_of(headers),
                            _not_modified_headers(headers), size)
        if not status.startswith("200 ") or (CACHE_HEADER, "miss") not in headers:
            return sent, sent
        stored = [(n, "hit" if n == CACHE_HEADER else v) for n, v in headers]
        replay = CachedAnswer(status, stored, body, sent.etag, _not_modified_headers(stored), size)
        self.cache.put(key, replay)
        return sent, replay


def request_key(environ: WSGIEnvironment, body: bytes) -> tuple[str | bytes, ...]:
    """What a ``/sparql`` answer is a function of: method, query string, body, Content-Type,
    Accept and the URL the endpoint was reached at."""
    return (
        environ["REQUEST_METHOD"], environ.get("QUERY_STRING", ""), body,
        environ.get("CONTENT_TYPE", ""), environ.get("HTTP_ACCEPT", ""),
        environ.get("HTTP_HOST", ""), environ.get("wsgi.url_scheme", ""),
        environ.get("SCRIPT_NAME", ""),
    )


#: Where :func:`init_app` leaves the middleware, for the ``/sparql`` fast path.
MIDDLEWARE_KEY = "semaxkg.answer_cache"


def init_app(app: Flask) -> None:
    """Put the middleware in front of ``app`` when its result cache is on."""
    state = get_state(app)
    if state.cache is not None:
        max_body = app.config.get("MAX_CONTENT_LENGTH") or limits.MAX_BODY_BYTES
        middleware = AnswerCacheMiddleware(app.wsgi_app, state.cache, int(max_body),
                                           state.timeout,
                                           lambda: state.version)
        app.wsgi_app = middleware  # type: ignore[method-assign]
        app.extensions[MIDDLEWARE_KEY] = middleware
