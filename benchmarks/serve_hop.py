"""Baseline: ``semaxkg serve`` (answer cache on) with every answer, cache hits included, run in
the front's thread pool, as before issue 14 step 2 (hits answered on the event loop).

Exactly what ``semaxkg serve`` runs (same app, config, Granian set-up, ``serving.run``), with
``BodyDeadlineFront(loop_hits=False)``. Used by ``varied.py --hop`` to measure old and new in
the same interleaved rounds.

    .venv/bin/python benchmarks/serve_hop.py --port 8123 --data FILE [--workers 2]
"""

from __future__ import annotations

from serve_variant import serve_with_front

if __name__ == "__main__":
    serve_with_front(__doc__, loop_hits=False)
