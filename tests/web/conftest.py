"""Shared fixtures of the linked-data and page tests: the app on the built graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from semaxkg.web import create_app

REPO = Path(__file__).resolve().parents[2]
#: The built dataset (``semaxkg build`` writes it; it is committed).
BUILT_DATA = REPO / "data" / "ttl" / "semaxkg.nq"
#: What a browser sends (Firefox, Chrome and Safari send this list or a longer one).
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.fixture(scope="session")
def app() -> Iterator[Flask]:
    """The app on the built graph, answering queries inline (no executor processes)."""
    application = create_app(
        {"DATA_FILES": [str(BUILT_DATA)], "EXECUTOR": "inline", "TESTING": True}
    )
    yield application
    application.extensions["semaxkg"].close()


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    """A test client of the shared app."""
    return app.test_client()
