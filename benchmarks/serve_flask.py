"""Baseline: ``semaxkg serve`` with every ``/sparql`` query answered by the Flask route in a
front thread, as before issue 14's fast path (``web/sparql/fast_path.py``).

Exactly what ``semaxkg serve`` runs (same app, config, Granian set-up, ``serving.run``), with
``BodyDeadlineFront(fast=None)``; the answer cache follows ``SEMAXKG_RESULT_CACHE_ENTRIES``.
Used by ``varied.py --flask`` and ``profile_request.py --http`` to measure the Flask route and
the fast path in the same interleaved rounds.

    .venv/bin/python benchmarks/serve_flask.py --port 8123 --data FILE [--workers 2]
"""

from __future__ import annotations

from serve_variant import serve_with_front

if __name__ == "__main__":
    serve_with_front(__doc__, fast=None)
