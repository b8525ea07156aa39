"""Shared fixtures of the linked-data and page tests: the app on the built graph, a live server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from browser_support import find_chromium, start_chromium
from flask import Flask
from flask.testing import FlaskClient
from ld_support import LiveServer

from semaxkg.rdf.graph_store import GraphStore
from semaxkg.web import create_app
from semaxkg.web.state import get_graph_store

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver


@pytest.fixture(scope="session")
def app(built_dir: Path) -> Iterator[Flask]:
    """The app on the built graph, answering queries inline (no executor processes)."""
    application = create_app(
        {"DATA_FILES": [str(built_dir / "semaxkg.nq")], "BUILD_DIR": str(built_dir),
         "EXECUTOR": "inline", "TESTING": True}
    )
    yield application
    application.extensions["semaxkg"].close()


@pytest.fixture(scope="session")
def store(app: Flask) -> GraphStore:
    """The graph the app serves, to derive expectations from."""
    with app.app_context():
        return get_graph_store()


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    """A test client of the shared app."""
    return app.test_client()


@pytest.fixture(scope="session")
def live_server(built_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """``semaxkg serve`` on the build snapshot (127.0.0.1, free port), shared by the live tests."""
    live = LiveServer(built_dir, tmp_path_factory.mktemp("live") / "serve.log")
    yield live
    live.stop()


# The browser tests' fixtures (tests/web/test_browser*.py); a module may override ``browser``.
@pytest.fixture(scope="module")
def chromium() -> tuple[str, str]:
    """Paths of Debian's chromium and chromedriver, or skip with the reason."""
    found = find_chromium()
    if isinstance(found, str):
        pytest.skip(found)
    return found


@pytest.fixture(scope="module")
def site(chromium: tuple[str, str], live_server: LiveServer) -> LiveServer:
    """The session's ``semaxkg serve`` (asked for after ``chromium``, so a skip starts no server)."""
    return live_server


@pytest.fixture(scope="module")
def browser(chromium: tuple[str, str]) -> Iterator[WebDriver]:
    """One headless Chromium for the module's tests."""
    session = start_chromium(*chromium)
    yield session
    session.quit()
