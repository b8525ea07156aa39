"""Shared by the hostile-input tests of both modes: crash-shaped queries, stalled bodies, timing.

The shapes are those that overflowed the SPARQL parser's stack (issue 11): ``FILTER NOT
EXISTS``, blank-node property lists, braces, parentheses, ``!``, ``UNION`` and paths, nested
far deeper than :data:`~semaxkg.sparql.limits.MAX_QUERY_NESTING`.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable

import requests

P = "<http://example.org/p>"

#: Query builders by shape: ``n`` levels of the construct.
SHAPES: dict[str, Callable[[int], str]] = {
    "filter-not-exists": lambda n: "ASK {" + " FILTER NOT EXISTS {" * n + "}" * n + "}",
    "blank-node-lists": lambda n: f"ASK {{ ?s {P} " + f"[ {P} " * n + P + " ]" * n + " }",
    "braces": lambda n: "ASK " + "{" * n + "}" * n,
    "parentheses": lambda n: "ASK { FILTER(" + "(" * n + "1" + ")" * n + ") }",
    "negations": lambda n: "ASK { FILTER(" + "!" * n + "true) }",
    "unions": lambda n: "ASK { " + "{ ?s ?p ?o } UNION " * n + "{ ?s ?p ?o } }",
    "path-groups": lambda n: "ASK { ?s " + "(" * n + P + ")" * n + " ?o }",
    "path-sequence": lambda n: "ASK { ?s " + "/".join([P] * n) + " ?o }",
    "prefixed-path-sequence": lambda n: "PREFIX e: <http://example.org/> ASK { ?s "
                                        + "/".join(["e:p"] * n) + " ?o }",
    "or-chain": lambda n: "ASK { FILTER(" + " || ".join(["true"] * n) + ") }",
    "function-calls": lambda n: "ASK { FILTER(" + "CONCAT(" * n + "'a'" + ")" * n + " = 1) }",
    "optionals": lambda n: "ASK {" + " OPTIONAL {" * n + "}" * n + "}",
    "sub-selects": lambda n: "ASK {" + " { SELECT * WHERE {" * n + "}}" * n + "}",
    "exists-in-filters": lambda n: "ASK { FILTER(" + "EXISTS {FILTER(" * n + "true"
                                   + ")}" * n + ") }",
}

#: The query of issue 11 that killed ``serve --store``: 1,000 nested FILTER NOT EXISTS.
CRASH_QUERY = SHAPES["filter-not-exists"](1000)


def stall_bodies(port: int, count: int) -> list[socket.socket]:
    """``count`` connections that announce a 100-byte query body and send 5 bytes of it."""
    held = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     b"Content-Type: application/sparql-query\r\nContent-Length: 100\r\n\r\n"
                     b"ASK {")
        held.append(sock)
    return held


#: What :func:`status_line` returns when the server sent nothing and kept the connection open.
NO_ANSWER = b"(no answer)"
#: ... and when the server closed the connection (a reset may discard an answer sent before).
CLOSED = b"(closed)"


def status_line(sock: socket.socket, seconds: float) -> bytes:
    """The first line the server sent on ``sock`` within ``seconds``, else :data:`NO_ANSWER`
    (still open) or :data:`CLOSED`."""
    sock.settimeout(seconds)
    try:
        return sock.recv(4096).split(b"\r\n", 1)[0] or CLOSED
    except TimeoutError:
        return NO_ANSWER
    except OSError:
        return CLOSED


#: The body deadline the live test servers run with (``SEMAXKG_BODY_READ_TIMEOUT``): long
#: enough that the probes sent meanwhile finish before it even on a loaded machine.
BODY_DEADLINE_SECONDS = 8
#: The status line a stalled body gets at that deadline.
LATE_BODY = b"HTTP/1.1 408 Request Timeout"


def whole_answer(sock: socket.socket, seconds: float) -> bytes:
    """Everything the server sends on ``sock`` until it closes it (or ``seconds`` of silence)."""
    sock.settimeout(seconds)
    parts = []
    try:
        while part := sock.recv(4096):
            parts.append(part)
    except OSError:
        pass
    return b"".join(parts)


def timed_get(url: str, **kwargs: object) -> tuple[requests.Response, float]:
    """``GET url`` and the seconds it took."""
    started = time.monotonic()
    response = requests.get(url, timeout=30, **kwargs)  # type: ignore[arg-type]
    return response, time.monotonic() - started
