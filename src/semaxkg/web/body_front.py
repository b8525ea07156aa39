"""An asyncio front for the WSGI app: request bodies are read under a deadline (issue 11).

Granian reads a WSGI body in the thread that runs the app, with no time limit, so a client
that announces ``Content-Length: 100`` and sends 5 bytes held a thread for as long as it kept
the connection open. Reading in a helper thread and answering 408 at a deadline was measured
to freeze the whole worker: the helper, blocked inside Granian's body reader, held the
interpreter lock (seen with gdb: the lock's last holder was that helper, every other thread
waited for it) until the client left. So ``semaxkg serve`` runs Granian's RSGI interface
instead: each body is awaited on the worker's event loop under ``BODY_READ_TIMEOUT``
(default :data:`~semaxkg.sparql.limits.BODY_READ_TIMEOUT_SECONDS`); a late one gets 408
with ``Connection: close`` and never took a thread. Only complete requests reach the Flask
app, which runs in a pool of ``threads`` threads and answers from there.

The hop to that pool (a thread wake-up there and back) cost answers from the result cache
about a third of their speed (issue 14). So when the answer cache is on, a ``/sparql`` request
is first run through the same WSGI stack on the event loop, marked hit-only
(:data:`~semaxkg.web.sparql.answer_cache.HIT_ONLY_KEY`): a stored answer (a dictionary
lookup; ETag/304, CORS, ``Vary`` and compression exactly as in a thread) is sent from there,
and anything else raises :class:`~semaxkg.web.sparql.answer_cache.NotCached` before Flask is
reached and goes to the pool with a fresh environ. Queries the cache does not hold are
then answered by the fast path (:mod:`semaxkg.web.sparql.fast_path`): parsed, checked and sent
to an executor on the loop, the answer awaited there, without Flask or a thread; what it does
not handle goes to the pool as before. Every answer is handed to Granian as one
bytes object (``response_bytes``: the head and body in one write, so no small second write
waits for the client's delayed ACK).
"""

from __future__ import annotations

import asyncio
import io
import logging
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from semaxkg.sparql.limits import BODY_READ_TIMEOUT_SECONDS
from semaxkg.web.sparql.answer_cache import CACHED_PATHS, HIT_ONLY_KEY, NotCached
from semaxkg.web.sparql.fast_path import FastPath

log = logging.getLogger(__name__)

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class _TooLarge(Exception):
    """The body passed the byte limit: what was read so far is handed on (the app says 413)."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.data = data


async def _read_body(protocol: Any, max_bytes: int) -> bytes:
    parts: list[bytes] = []
    got = 0
    async for part in protocol:
        parts.append(part)
        got += len(part)
        if got > max_bytes:
            raise _TooLarge(b"".join(parts))
    return b"".join(parts)


def _headers_environ(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    environ: dict[str, str] = {}
    for name, value in headers:
        key = name.upper().replace("-", "_")
        if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            key = "HTTP_" + key
        if key in environ:  # a repeated field: joined as HTTP says (cookies with "; ")
            environ[key] += ("; " if key == "HTTP_COOKIE" else ",") + value
        else:
            environ[key] = value
    return environ


def wsgi_environ(scope: Any, body: bytes) -> dict[str, Any]:
    """The WSGI environ for a Granian RSGI ``http`` scope whose whole body is ``body``."""
    server, _, server_port = str(scope.server).rpartition(":")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope.method,
        "SCRIPT_NAME": "",
        # Granian decodes the path as UTF-8; WSGI wants its bytes as latin-1 (PEP 3333).
        "PATH_INFO": scope.path.encode("utf-8", "surrogateescape").decode("latin-1"),
        "QUERY_STRING": scope.query_string,
        "SERVER_NAME": server,
        "SERVER_PORT": server_port,
        "REMOTE_ADDR": str(scope.client).rpartition(":")[0],
        "SERVER_PROTOCOL": "HTTP/" + scope.http_version,
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.scheme,
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    environ.update(_headers_environ(scope.headers.items()))
    if body or "HTTP_TRANSFER_ENCODING" in environ:
        # The body is complete here: its length is known even when it came chunked.
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
    return environ


class BodyDeadlineFront:
    """RSGI app: await the body under a deadline, then run the WSGI ``app`` in a thread."""

    def __init__(self, app: WsgiApp, threads: int, max_body_bytes: int, cors_origin: str,
                 seconds: float = BODY_READ_TIMEOUT_SECONDS, loop_hits: bool = False,
                 fast: FastPath | None = None) -> None:
        self.app = app
        #: ``/sparql`` queries answered on the event loop outside Flask (``web.sparql.fast_path``).
        self.fast = fast
        #: Try ``/sparql`` requests on the event loop first, hit-only (the answer cache is on).
        self.loop_hits = loop_hits
        self.max_body_bytes = max_body_bytes
        self.seconds = seconds
        self.cors_origin = cors_origin
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="semaxkg-app")

    def _has_body(self, scope: Any) -> bool:
        declared = scope.headers.get("content-length")
        if declared is None:
            return "transfer-encoding" in scope.headers
        # A body declared over the limit is left unread: the app refuses it (413), as before.
        return not (declared.isdigit() and int(declared) > self.max_body_bytes) \
            and declared != "0"

    async def __rsgi__(self, scope: Any, protocol: Any) -> None:
        """Answer one request (Granian's RSGI entry point)."""
        body = b""
        if self._has_body(scope):
            try:
                body = await asyncio.wait_for(_read_body(protocol, self.max_body_bytes),
                                              self.seconds)
            except _TooLarge as too_large:
                body = too_large.data
            except TimeoutError:
                protocol.response_bytes(408, self._late_headers(), self._late_text())
                return
            except Exception as exc:  # the client went away mid-body: nobody to answer
                log.info("a request body was cut off: %s", exc)
                return
        if scope.path in CACHED_PATHS and (self.loop_hits or self.fast is not None) \
                and await self._answer_on_loop(scope, body, protocol):
            return
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        self._pool.submit(self._run, wsgi_environ(scope, body), protocol, loop, done)
        await done

    async def _answer_on_loop(self, scope: Any, body: bytes, protocol: Any) -> bool:
        """A ``/sparql`` request: from the result cache, else by the fast path; return
        whether it was answered (else Flask answers it in a thread)."""
        environ = wsgi_environ(scope, body)
        if self.loop_hits and self._answer_hit(dict(environ), protocol):
            return True
        if self.fast is None:
            return False
        try:
            return await self.fast.answer(environ, body, protocol, self._pool)
        except Exception:  # a bug in the fast path: Flask answers properly
            log.exception("the fast path failed on %s %s", scope.method, scope.path)
            return False

    def _answer_hit(self, environ: dict[str, Any], protocol: Any) -> bool:
        """On the event loop: answer from the result cache if it holds the answer; return
        whether it did (no thread hop). Never reaches Flask: a miss raises ``NotCached``."""
        environ[HIT_ONLY_KEY] = True
        try:
            status, headers, answer = self._call_app(environ)
        except NotCached:
            return False
        except Exception:  # a bug on the way to the cache: the thread path answers properly
            log.exception("answering %s %s from the cache failed", environ["REQUEST_METHOD"],
                          environ["PATH_INFO"])
            return False
        protocol.response_bytes(status, headers, answer)
        return True

    def _run(self, environ: dict[str, Any], protocol: Any,
             loop: asyncio.AbstractEventLoop, done: asyncio.Future[None]) -> None:
        """In a pool thread: run the app and answer from here (Granian's response methods
        are thread-safe), then wake the request's coroutine, which only waited."""
        try:
            status, headers, body = self._call_app(environ)
            protocol.response_bytes(status, headers, body)
        except Exception:  # Flask answers its own errors; this is a bug in the front itself
            log.exception("answering %s %s failed", environ["REQUEST_METHOD"],
                          environ["PATH_INFO"])
            protocol.response_bytes(500, [("content-type", "text/plain; charset=utf-8")],
                                    b"Internal server error.\n")
        finally:
            loop.call_soon_threadsafe(done.set_result, None)

    def _call_app(self, environ: dict[str, Any]) -> tuple[int, list[tuple[str, str]], bytes]:
        started: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]],
                           exc_info: Any = None) -> Callable[[bytes], None]:
            started[:] = [int(status.split(" ", 1)[0]), headers]
            return lambda data: None  # WSGI's legacy write(): Flask never calls it

        result = self.app(environ, start_response)
        try:
            # Answers are bounded (MAX_RESULT_ROWS, dumps of a few MB): sent in one piece.
            body = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        return started[0], started[1], body

    def _late_headers(self) -> list[tuple[str, str]]:
        return [("content-type", "text/plain; charset=utf-8"), ("connection", "close"),
                ("access-control-allow-origin", self.cors_origin)]

    def _late_text(self) -> bytes:
        return (f"The request body did not arrive within {self.seconds:g} s "
                "(BODY_READ_TIMEOUT): send the whole body at once, or POST a "
                "shorter query.\n").encode()
