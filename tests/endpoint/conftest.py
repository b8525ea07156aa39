"""Shared fixtures of the endpoint tests: the test dataset, the app, a live server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from endpoint_support import LiveServer, nquads
from flask import Flask
from flask.testing import FlaskClient

from semaxkg.web import create_app


@pytest.fixture(scope="session")
def nq_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test dataset as an N-Quads file."""
    path = tmp_path_factory.mktemp("data") / "semaxkg.nq"
    path.write_text(nquads(), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def app(nq_file: Path) -> Iterator[Flask]:
    """The app on the test dataset, with a 2 s time limit and a 50-row cap."""
    application = create_app(
        {"DATA_FILES": [str(nq_file)], "QUERY_TIMEOUT": 2, "MAX_RESULT_ROWS": 50,
         "TESTING": True}
    )
    yield application
    application.extensions["semaxkg"].close()


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    """A test client of the shared app."""
    return app.test_client()


@pytest.fixture(scope="session")
def live_server(nq_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A gunicorn server (2 workers, 2 s time limit) on the test dataset."""
    log = tmp_path_factory.mktemp("server") / "server.log"
    server = LiveServer([nq_file], log, {"SEMAXKG_QUERY_TIMEOUT": "2"})
    yield server
    server.stop()
