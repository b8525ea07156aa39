"""Baseline: ``semaxkg serve`` with every ``/sparql`` query answered by the Flask route in a
front thread, as before issue 14's fast path (``web/sparql/fast_path.py``).

Exactly what ``semaxkg serve`` runs (same app, config, Granian set-up, ``serving.run``), with
``BodyDeadlineFront(fast=None)``; the answer cache follows ``SEMAXKG_RESULT_CACHE_ENTRIES``.
Used by ``varied.py --flask`` and ``profile_request.py --http`` to measure the Flask route and
the fast path in the same interleaved rounds.

    .venv/bin/python benchmarks/serve_flask.py --port 8123 --data FILE [--workers 2]
"""

from __future__ import annotations

import argparse
from typing import Any


def main() -> None:
    from semaxkg.commands.serve_command import executors_for
    from semaxkg.web import create_app, serving
    from semaxkg.web.body_front import BodyDeadlineFront
    from semaxkg.web.config import bind_url

    class FlaskFront(BodyDeadlineFront):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **(kwargs | {"fast": None}))

    serving.BodyDeadlineFront = FlaskFront  # type: ignore[misc]
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--data", nargs="+", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    sock = serving.bind_port("127.0.0.1", args.port)
    app = create_app({"EXECUTORS_PER_WORKER": executors_for(args.threads),
                      "BIND_URL": bind_url("127.0.0.1", args.port), "DATA_FILES": args.data})
    serving.run(app, "127.0.0.1", args.port, args.workers, args.threads, sock)


if __name__ == "__main__":
    main()
