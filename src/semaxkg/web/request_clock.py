"""The time each request arrived, from which its query time limit counts.

A WSGI middleware around the whole app stamps the environ with :func:`time.monotonic` before
anything else runs, so the wait for a free query executor and the reading of the request
count against the query's time limit (``QUERY_TIMEOUT``), not only the query itself.

Request bodies are read in the WSGI thread, as Granian gives them. Reading them under a
deadline was tried and measured: Granian 2.8 lets another thread read a request's body, but
once the app has answered (408) while that read still waits for the client, the worker stops
answering altogether (the interpreter lock stays taken) until the client goes away. So a
client that stalls its body holds one WSGI thread for as long as it keeps the connection; the
threads of ``semaxkg serve`` (12 per worker, 4 of them never used by queries) leave room for
others, and ``docs/endpoint.md`` says how to expose the server behind a proxy that buffers
bodies.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

#: WSGI environ key holding the :func:`time.monotonic` value at which the request arrived.
REQUEST_STARTED_KEY = "semaxkg.started"

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class RequestClock:
    """WSGI middleware: stamp each request with the time it arrived."""

    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any],
                 start_response: Callable[..., Any]) -> Iterable[bytes]:
        environ[REQUEST_STARTED_KEY] = time.monotonic()
        return self.app(environ, start_response)


def init_app(app: Any) -> None:
    """Wrap ``app.wsgi_app`` (a Flask app), outermost, in :class:`RequestClock`."""
    app.wsgi_app = RequestClock(app.wsgi_app)
