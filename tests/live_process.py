"""What every test that starts a server needs: a free port, waiting until it answers, stopping it.

The endpoint, linked-data and triplestore tests each start real processes (``semaxkg serve``,
``oxigraph serve``, ``virtuoso-t``) on 127.0.0.1; they share these three steps so that a
server is never left running and a start-up failure always shows the server's log.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Mapping

import requests


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_answering(url: str, process: subprocess.Popen[bytes], seconds: float,
                         params: Mapping[str, str] | None = None, poll_s: float = 0.05) -> bool:
    """True once ``GET url`` answers 2xx; False if ``process`` exits or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if requests.get(url, params=params, timeout=2).ok:
                return True
        except (requests.ConnectionError, requests.Timeout):  # not listening yet, or loading
            pass
        time.sleep(poll_s)
    return False


def stop_process(process: subprocess.Popen[bytes], grace_s: float = 10) -> None:
    """SIGTERM, then SIGKILL after ``grace_s``; returns once the process is gone."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
