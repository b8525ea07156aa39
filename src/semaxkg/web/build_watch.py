"""``semaxkg serve --watch`` on the serving side: follow the watcher's status file.

Set ``WATCH_STATUS_FILE`` and each web worker polls that file (one ``stat`` every
:data:`POLL_SECONDS`, in a thread of its own, so no request waits for a load). When the
watcher's latest build conformed, the worker loads it and swaps it in
(:meth:`~semaxkg.web.state.EndpointState.swap`); when it did not, the last good graph stays
served and every HTML page shows the build's problems in a banner (``_build_banner.html``),
as ``/health`` does under ``build``. The build itself never runs here: serving code does
not import the build (see :mod:`semaxkg.commands.watch_builds`).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

from flask import Flask

from semaxkg.errors import SemaxkgError
from semaxkg.store.dataset import load_dataset
from semaxkg.store.local import LocalStore
from semaxkg.web.build_status import read_status
from semaxkg.web.state import build_search_index, get_state

log = logging.getLogger(__name__)

EXTENSION_KEY = "semaxkg.build_watch"
#: Seconds between two looks at the status file.
POLL_SECONDS = 0.2


class Follower:
    """Reads the status file when it changed and applies it to one app's state."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen: tuple[int, int, int] | None = None
        self._lock = threading.Lock()

    def refresh(self, app: Flask) -> bool:
        """Apply the status file if it changed since the last look; True when it did."""
        with self._lock:
            try:
                st = os.stat(self.path)
            except FileNotFoundError:
                return False
            seen = (st.st_ino, st.st_mtime_ns, st.st_size)
            if seen == self._seen:
                return False
            status = read_status(self.path)
            state = get_state(app)
            served = state.dataset.files if state.dataset is not None else ()
            if status.data_file is not None and (status.data_file,) != served:
                dataset = load_dataset([status.data_file])
                index = build_search_index(app.config, LocalStore(dataset), dataset.version)
                state.swap(dataset, index)
                log.info("serving build %d (%s)", status.serial, status.data_file)
            state.build_status = status
            self._seen = seen
            return True

    def follow(self, app: Flask) -> None:
        """Poll for ever (a daemon thread of one worker)."""
        while True:
            try:
                self.refresh(app)
            except (OSError, ValueError, KeyError, SemaxkgError):
                # A status file being replaced, or a build that will not load: the current
                # graph stays served, the next poll tries again.
                log.exception("cannot apply %s", self.path)
            time.sleep(POLL_SECONDS)


def start(app: Flask) -> None:
    """Start this process's polling thread (in each forked worker) when watching."""
    follower: Follower | None = app.extensions.get(EXTENSION_KEY)
    if follower is not None:
        threading.Thread(target=follower.follow, args=(app,), name="build-watch",
                         daemon=True).start()


def _banner_context(app: Flask) -> dict[str, Any]:
    status = get_state(app).build_status
    if status is None or status.conforms:
        return {"build_problems": ()}
    return {"build_problems": status.problems, "build_serial": status.serial}


def init_app(app: Flask) -> None:
    """Follow ``WATCH_STATUS_FILE`` when set: read it once now, show its problems on pages."""
    path = str(app.config.get("WATCH_STATUS_FILE") or "")
    if not path:
        return
    follower = Follower(Path(path))
    follower.refresh(app)
    app.extensions[EXTENSION_KEY] = follower
    app.context_processor(lambda: _banner_context(app))


def health_field(app: Flask) -> dict[str, Any]:
    """``{"build": ...}`` for ``/health`` when watching, else ``{}``."""
    status = get_state(app).build_status
    return {} if status is None else {"build": status.as_json()}
