"""``/health``: is the app up, and what does it serve."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from semaxkg.web.state import get_state

bp = Blueprint("health", __name__)


@bp.get("/health")
def health() -> Response:
    """Answer 200 with the dataset's size and version."""
    dataset = get_state().dataset
    return jsonify(
        status="ok", quads=dataset.quads, namedGraphs=len(dataset.named_graphs),
        version=dataset.version,
    )
