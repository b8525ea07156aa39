"""``/health``: is the app up, and what does it serve."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from semaxkg.web.state import get_state

bp = Blueprint("health", __name__)


@bp.get("/health")
def health() -> Response:
    """Answer 200 with the dataset's size and version (503 when the remote store is down)."""
    state = get_state()
    if state.remote is not None:
        # Asks the store (a StoreError becomes 502/503 through the app's error handler).
        state.remote.ping()
        quads, graphs = state.summary()
        return jsonify(status="ok", store=state.remote.endpoint, quads=quads,
                       namedGraphs=len(graphs), version=state.version)
    dataset = state.dataset
    assert dataset is not None
    return jsonify(
        status="ok", quads=dataset.quads, namedGraphs=len(dataset.named_graphs),
        version=dataset.version,
    )
