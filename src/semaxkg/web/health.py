"""``/health``: is the app up, and what does it serve.

Over a remote store the answer also says whether the publication there is complete:
``"status": "degraded"`` (still HTTP 200: the complete graphs are served) when the last
``semaxkg publish`` did not finish or the store has no semaxkg manifest, with ``missing``
saying what is not there. The store is asked with a short time limit
(:data:`HEALTH_STORE_TIMEOUT_SECONDS`), so a frozen store makes ``/health`` answer 503 quickly.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify

from semaxkg.web.build_watch import health_field
from semaxkg.web.state import get_state

bp = Blueprint("health", __name__)

#: Seconds ``/health`` waits for the remote store's answer to ``ASK {}``.
HEALTH_STORE_TIMEOUT_SECONDS = 2.0


def _publication(state: Any) -> dict[str, Any]:
    """``status`` (``ok`` or ``degraded``) and, when degraded, what is missing."""
    manifest = state.remote.manifest()
    if manifest is None:
        return {"status": "degraded",
                "missing": "the store has no semaxkg manifest: every named graph is served "
                           "unchecked; publish with `semaxkg publish --to URL`"}
    if not manifest.complete:
        return {"status": "degraded", "completeGraphs": sorted(manifest.entries),
                "missing": "the last publish did not finish: only the graphs listed in "
                           "completeGraphs are served; run `semaxkg publish --to URL` again"}
    return {"status": "ok"}


@bp.get("/health")
def health() -> Response:
    """Answer 200 with the dataset's size and version (503 when the remote store is down)."""
    state = get_state()
    if state.remote is not None:
        # Asks the store (a StoreError becomes 502/503 through the app's error handler).
        state.remote.ping(HEALTH_STORE_TIMEOUT_SECONDS)
        quads, graphs = state.summary()
        return jsonify(**_publication(state), store=state.remote.endpoint, quads=quads,
                       namedGraphs=len(graphs), version=state.version)
    dataset = state.dataset
    assert dataset is not None
    return jsonify(
        status="ok", quads=dataset.quads, namedGraphs=len(dataset.named_graphs),
        version=dataset.version, **health_field(current_app),
    )
