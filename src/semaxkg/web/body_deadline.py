"""Request bodies read under a deadline, so that a slow client cannot hold a worker thread.

Granian hands the WSGI app a body stream whose ``read`` blocks the calling thread until the
client sends the bytes; it has no time limit of its own for the body (only for the headers).
A client announcing ``Content-Length: 100`` and sending 5 bytes would hold one of the worker's
threads for as long as it keeps the connection open, and a handful of them freeze the server.

:class:`BodyDeadline` wraps the whole app: it reads a request's body in a helper thread and
waits at most ``BODY_READ_TIMEOUT`` seconds for it. A body that is late gets 408 (and
``Connection: close``) and the worker thread goes back to serving others; the helper thread
ends when the connection closes. Helper threads are bounded (:data:`MAX_PENDING_BODIES` per
worker); past that, a request with a body gets 503 at once. It also stamps every request with
the time it arrived (:data:`REQUEST_STARTED_KEY`), from which the query time limit counts.
"""

from __future__ import annotations

import io
import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

log = logging.getLogger(__name__)

#: WSGI environ key holding the :func:`time.monotonic` value at which the request arrived.
REQUEST_STARTED_KEY = "semaxkg.started"
#: Bodies being read at once in one worker (threads waiting on slow clients); more get 503.
MAX_PENDING_BODIES = 64

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def _text(start_response: Callable[..., Any], status: str, message: str,
          headers: list[tuple[str, str]]) -> list[bytes]:
    body = (message + "\n").encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"),
                            ("Content-Length", str(len(body))), *headers])
    return [body]


class BodyDeadline:
    """WSGI middleware: read each request body within ``seconds`` (else 408)."""

    def __init__(self, app: WsgiApp, seconds: float, max_bytes: int, cors_origin: str) -> None:
        self.app = app
        self.seconds = seconds
        self.max_bytes = max_bytes
        self._headers = [("Connection", "close"), ("Access-Control-Allow-Origin", cors_origin)]
        self._slots = threading.BoundedSemaphore(MAX_PENDING_BODIES)

    def __call__(self, environ: dict[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        environ[REQUEST_STARTED_KEY] = time.monotonic()
        chunked = "chunked" in str(environ.get("HTTP_TRANSFER_ENCODING", "")).lower()
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if self.seconds <= 0 or (length <= 0 and not chunked) or length > self.max_bytes:
            return self.app(environ, start_response)  # no body, or one Flask refuses unread
        if not self._slots.acquire(blocking=False):
            return _text(start_response, "503 Service Unavailable",
                         "Too many request bodies are arriving slowly: retry shortly.",
                         [*self._headers, ("Retry-After", "1")])
        stream = environ["wsgi.input"]
        want = length if length > 0 else self.max_bytes + 1
        box: list[bytes] = []
        reader = threading.Thread(target=self._read, args=(stream, want, box), daemon=True,
                                  name="body-reader")
        reader.start()
        reader.join(self.seconds)
        if reader.is_alive():
            log.info("request body not received within %g s: answering 408", self.seconds)
            return _text(start_response, "408 Request Timeout",
                         f"The request body did not arrive within {self.seconds:g} s "
                         "(BODY_READ_TIMEOUT): send it in one go.", self._headers)
        body = box[0] if box else b""
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        return self.app(environ, start_response)

    def _read(self, stream: Any, want: int, box: list[bytes]) -> None:
        try:
            parts: list[bytes] = []
            got = 0
            while got < want:
                part = stream.read(want - got)
                if not part:
                    break
                parts.append(part)
                got += len(part)
            box.append(b"".join(parts))
        except Exception as exc:  # a broken connection: the request is answered without it
            log.info("reading a request body failed: %s", exc)
        finally:
            self._slots.release()


def init_app(app: Any) -> None:
    """Wrap ``app.wsgi_app`` (a Flask app) so bodies are read under ``BODY_READ_TIMEOUT``."""
    config = app.config
    app.wsgi_app = BodyDeadline(app.wsgi_app, float(config["BODY_READ_TIMEOUT"]),
                                int(config["MAX_CONTENT_LENGTH"] or 0) or 1 << 62,
                                str(config["CORS_ALLOW_ORIGIN"]))
