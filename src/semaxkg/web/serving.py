"""Running the app under gunicorn: preloaded store, one executor per worker, access log.

The app (and so the store) is built once in the gunicorn master (``preload_app``) and the
workers fork from it, sharing the store's memory copy-on-write; each worker forks its query
executor right after it starts, so the first query pays no fork.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

from semaxkg.web.state import get_state

log = logging.getLogger(__name__)

#: One line per request on stderr: client, request line, status, bytes, microseconds.
ACCESS_LOG_FORMAT = '%(h)s "%(r)s" %(s)s %(B)s %(D)sus'


class GunicornServer(BaseApplication):  # type: ignore[misc]
    """A gunicorn application around an already built Flask app."""

    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        """Copy the options into gunicorn's config."""
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        """Return the preloaded app."""
        return self.application


def _post_fork(app: Flask) -> Callable[[Any, Any], None]:
    def post_fork(server: Any, worker: Any) -> None:
        state = get_state(app)
        if state.executor_kind == "process":
            state.pool().warm_up()

    return post_fork


def gunicorn_options(
    app: Flask, host: str, port: int, workers: int, threads: int = 1
) -> dict[str, Any]:
    """The gunicorn settings used by ``semaxkg serve``."""
    query_timeout = get_state(app).timeout
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread" if threads > 1 else "sync",
        "preload_app": True,
        "accesslog": "-",
        "errorlog": "-",
        "access_log_format": ACCESS_LOG_FORMAT,
        "timeout": int(query_timeout) + 30,
        "graceful_timeout": 5,
        "keepalive": 5,
        "post_fork": _post_fork(app),
        "control_socket_disable": True,
    }


def run(app: Flask, host: str, port: int, workers: int, threads: int = 1) -> None:
    """Serve ``app`` until interrupted."""
    GunicornServer(app, gunicorn_options(app, host, port, workers, threads)).run()
