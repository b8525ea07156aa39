"""What every test that starts a server needs: a free port, waiting until it answers, stopping it.

The endpoint, linked-data and triplestore tests each start real processes (``semaxkg serve``,
``oxigraph serve``, ``virtuoso-t``) on 127.0.0.1; they share these steps so that a server is
never left running and a start-up failure always shows the server's log.

Ports: the kernel hands out a free port (bind to port 0), which is released before the server
binds it; under pytest-xdist another worker may take it in between. :func:`start_on_free_port`
therefore starts the server again on a new port when it exits before answering.
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable, Mapping

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


def start_on_free_port(launch: Callable[[int], subprocess.Popen[bytes]],
                       ready: Callable[[int, subprocess.Popen[bytes]], bool],
                       attempts: int = 3) -> tuple[int, subprocess.Popen[bytes], bool]:
    """``(port, process, answering)``: ``launch(port)`` on a free port until ``ready`` says it
    answers, or it fails while still running (a real failure: no retry), or ``attempts`` pass.

    A server that exits before answering may have lost its port to another process; it is
    started again on a new port.
    """
    port = free_port()
    process = launch(port)
    for _attempt in range(attempts - 1):
        if ready(port, process):
            return port, process, True
        if process.poll() is None:
            return port, process, False
        port = free_port()
        process = launch(port)
    return port, process, ready(port, process)


def stop_process(process: subprocess.Popen[bytes], grace_s: float = 10) -> None:
    """SIGTERM, then SIGKILL after ``grace_s``; returns once the process is gone."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
