"""Experiment: ``semaxkg serve`` with every response body joined into one list item.

Exactly what ``semaxkg serve`` runs (same app, config, Granian set-up, ``serving.run``), with
one WSGI middleware outermost that returns ``[b"".join(body)]`` instead of Flask's iterator.
Granian answers a list with one write (``response_bytes``) and an iterator with several
(``response_iter``: the head, then the body); on a keep-alive connection the second small
write waits for the client's delayed ACK (Nagle's algorithm), about 40 ms. The answer cache
already returns lists, so only cache misses with the cache off take the slow path. Used by
``profile_request.py --http`` to measure what the one-line change in ``src/`` would give.

    .venv/bin/python benchmarks/serve_joined.py --port 8123 --data FILE [--workers 2]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from typing import Any


def joined(app: Callable[..., Iterable[bytes]]) -> Callable[..., list[bytes]]:
    """Wrap the WSGI ``app`` so that its answers are one bytes object in a list."""
    def call(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        result = app(environ, start_response)
        try:
            return [b"".join(result)]
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
    return call


def main() -> None:
    from semaxkg.commands.serve_command import executors_for
    from semaxkg.web import create_app
    from semaxkg.web.config import bind_url
    from semaxkg.web.serving import bind_port, run

    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data", nargs="+", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    sock = bind_port("127.0.0.1", args.port)
    app = create_app({"EXECUTORS_PER_WORKER": executors_for(args.threads),
                      "BIND_URL": bind_url("127.0.0.1", args.port), "DATA_FILES": args.data})
    app.wsgi_app = joined(app.wsgi_app)  # type: ignore[method-assign]
    run(app, "127.0.0.1", args.port, args.workers, args.threads, sock)


if __name__ == "__main__":
    main()
