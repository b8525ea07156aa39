"""Compress text answers (HTML, JSON, SPARQL results, RDF, plain dumps) for clients that accept it.

A WSGI middleware, so that every surface — pages, ``/sparql`` (cached answers included), linked
data, VoID, the dumps' plain forms — is covered by one rule: a ``200`` whose media type is text
(:func:`is_compressible`) and that is not already encoded is sent gzip-encoded when the request's
``Accept-Encoding`` allows it, and every such answer says ``Vary: Accept-Encoding``, encoded or
not, so that a shared cache keeps the two forms apart.

An encoded answer gets its own ETag (the plain one with ``-gzip`` appended, RFC 9110 §8.8.3: an
encoding is a different representation). A revalidation naming that ETag is passed down with the
suffix removed, so the views and the ``/sparql`` answer cache compare their own ETags and a
``304`` goes back with the suffixed one.

Answers with an ETag are compressed once: the encoded body is kept in a small LRU keyed by that
ETag (:data:`MEMO_BYTES`), so a page drawn once per store version is also compressed once.
Bodies without an ETag (the dumps, streamed from disk) are compressed as they stream.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from werkzeug.http import parse_accept_header

#: gzip level: 6 is zlib's default, within a few per cent of 9's size at a fraction of the time.
GZIP_LEVEL = 6
#: The suffix that turns a plain ETag into the gzip form's ETag.
GZIP_ETAG_SUFFIX = "-gzip"
#: Bytes of encoded bodies remembered by ETag (least recently used dropped first).
MEMO_BYTES = 32 * 1024 * 1024
#: Encoded bodies larger than this are not remembered (they stream through instead).
MEMO_ENTRY_BYTES = 4 * 1024 * 1024

#: Media types compressed besides ``text/*``: JSON, XML and the RDF syntaxes we serve.
COMPRESSIBLE_TYPES = frozenset({
    "application/json", "application/ld+json", "application/sparql-results+json",
    "application/sparql-results+xml", "application/xml", "application/rdf+xml",
    "application/n-triples", "application/n-quads", "application/trig",
    "application/javascript", "application/problem+json", "image/svg+xml",
    "application/xhtml+xml", "application/manifest+json",
})

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def is_compressible(content_type: str) -> bool:
    """Whether a body of this ``Content-Type`` is text that gzip shrinks."""
    media = content_type.split(";", 1)[0].strip().lower()
    return media.startswith("text/") or media in COMPRESSIBLE_TYPES or media.endswith("+json")


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether ``Accept-Encoding`` allows gzip (``gzip``, ``x-gzip`` or ``*`` with q > 0)."""
    if not accept_encoding:
        return False
    qualities = {value.lower(): quality for value, quality in parse_accept_header(accept_encoding)}
    for name in ("gzip", "x-gzip"):
        if name in qualities:
            return qualities[name] > 0
    return qualities.get("*", 0) > 0


def _header(headers: list[tuple[str, str]], name: str) -> str | None:
    lower = name.lower()
    for key, value in headers:
        if key.lower() == lower:
            return value
    return None


def _without(headers: list[tuple[str, str]], *names: str) -> list[tuple[str, str]]:
    drop = {n.lower() for n in names}
    return [(k, v) for k, v in headers if k.lower() not in drop]


def _add_vary(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    vary = _header(headers, "Vary")
    if vary is None:
        return [*headers, ("Vary", "Accept-Encoding")]
    if "accept-encoding" in vary.lower() or vary.strip() == "*":
        return headers
    return [*_without(headers, "Vary"), ("Vary", f"{vary}, Accept-Encoding")]


def _gzip_etag(etag: str) -> str:
    """``"abc"`` → ``"abc-gzip"`` (a weak tag keeps its ``W/``)."""
    if etag.endswith('"'):
        return etag[:-1] + GZIP_ETAG_SUFFIX + '"'
    return etag + GZIP_ETAG_SUFFIX


def _strip_gzip_etags(condition: str) -> str:
    """``If-None-Match`` with the gzip suffix taken off each tag, for the layers below."""
    return condition.replace(GZIP_ETAG_SUFFIX + '"', '"')


def _gzip_stream(chunks: Iterable[bytes]) -> Iterator[bytes]:
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    try:
        for chunk in chunks:
            out = compressor.compress(chunk)
            if out:
                yield out
        yield compressor.flush()
    finally:
        close: Callable[[], None] | None = getattr(chunks, "close", None)
        if close is not None:
            close()


def gzip_bytes(body: bytes) -> bytes:
    """``body`` gzip-encoded at :data:`GZIP_LEVEL`."""
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    return compressor.compress(body) + compressor.flush()


class CompressionMiddleware:
    """WSGI middleware: gzip text answers for clients that accept it; ``Vary`` on all of them."""

    def __init__(self, app: WsgiApp, memo_bytes: int = MEMO_BYTES) -> None:
        self.app = app
        self.memo_bytes = memo_bytes
        self._memo: OrderedDict[tuple[str, str, str], bytes] = OrderedDict()
        self._memo_size = 0
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        gzip_ok = accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", ""))
        condition = environ.get("HTTP_IF_NONE_MATCH", "")
        # A revalidation of the gzip form: the layers below know the plain ETag only.
        gzip_condition = gzip_ok and GZIP_ETAG_SUFFIX + '"' in condition
        if gzip_condition:
            environ["HTTP_IF_NONE_MATCH"] = _strip_gzip_etags(condition)
        seen: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen["status"], seen["headers"], seen["exc_info"] = status, headers, exc_info
            return lambda data: None  # write() is unused by Flask; answers are iterables

        result = self.app(environ, capture)
        status: str = seen["status"]
        headers: list[tuple[str, str]] = seen["headers"]
        content_type = _header(headers, "Content-Type") or ""
        code = status.split(" ", 1)[0]
        if code == "304":  # no Content-Type to judge by: the tag the client sent says the form
            etag = _header(headers, "ETag")
            if gzip_condition and etag is not None:
                headers = [*_without(headers, "ETag"), ("ETag", _gzip_etag(etag))]
            start_response(status, _add_vary(headers), seen["exc_info"])
            return result
        if code != "200" or not is_compressible(content_type) \
                or _header(headers, "Content-Encoding"):
            start_response(status, headers, seen["exc_info"])
            return result
        headers = _add_vary(headers)
        etag = _header(headers, "ETag")
        if not gzip_ok or environ.get("REQUEST_METHOD") == "HEAD":
            start_response(status, headers, seen["exc_info"])
            return result
        if etag is not None:
            headers = [*_without(headers, "ETag"), ("ETag", _gzip_etag(etag))]
        headers = [*_without(headers, "Content-Length"), ("Content-Encoding", "gzip")]
        if etag is None:
            start_response(status, headers, seen["exc_info"])
            return _gzip_stream(result)
        key = (etag, environ.get("PATH_INFO", ""), content_type)
        body = self._encoded(key, result)
        start_response(status, [*headers, ("Content-Length", str(len(body)))], seen["exc_info"])
        return [body]

    def _encoded(self, key: tuple[str, str, str], result: Iterable[bytes]) -> bytes:
        """The gzip body of the answer ``key`` (ETag, path, media type): remembered, or made
        and remembered (an ETag alone may be shared by one query's answers in two formats)."""
        with self._lock:
            found = self._memo.get(key)
            if found is not None:
                self._memo.move_to_end(key)
        if found is not None:
            close: Callable[[], None] | None = getattr(result, "close", None)
            if close is not None:
                close()
            return found
        body = b"".join(_gzip_stream(result))
        if len(body) <= MEMO_ENTRY_BYTES:
            with self._lock:
                if key not in self._memo:
                    self._memo[key] = body
                    self._memo_size += len(body)
                while self._memo_size > self.memo_bytes and self._memo:
                    _, dropped = self._memo.popitem(last=False)
                    self._memo_size -= len(dropped)
        return body


def init_app(app: Any) -> None:
    """Wrap ``app.wsgi_app`` (a Flask app) in :class:`CompressionMiddleware`."""
    app.wsgi_app = CompressionMiddleware(app.wsgi_app)
