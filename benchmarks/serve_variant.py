"""``semaxkg serve`` with one option of the RSGI front changed: the baselines of issue 14.

Exactly what ``semaxkg serve`` runs (same app, config, Granian set-up, ``serving.run``), with
``BodyDeadlineFront`` made with the given keyword arguments (``serve_flask.py``: ``fast=None``;
``serve_hop.py``: ``loop_hits=False``), so old and new run in the same interleaved rounds.
"""

from __future__ import annotations

import argparse
from typing import Any


def serve_with_front(description: str | None, **front_options: Any) -> None:
    """Parse ``--port --data --workers --threads`` and serve with ``front_options`` set."""
    from semaxkg.commands.serve_command import executors_for
    from semaxkg.web import create_app, serving
    from semaxkg.web.body_front import BodyDeadlineFront
    from semaxkg.web.config import bind_url

    class VariantFront(BodyDeadlineFront):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **(kwargs | front_options))

    serving.BodyDeadlineFront = VariantFront  # type: ignore[attr-defined]  # swapped for the run
    parser = argparse.ArgumentParser(description=description,
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
