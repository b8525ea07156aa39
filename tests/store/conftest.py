"""Fixtures of the triplestore tests: Oxigraph servers started on 127.0.0.1 and stopped after."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_support import TTL, OxigraphServer, oxigraph_binary

needs_oxigraph = pytest.mark.skipif(
    oxigraph_binary() is None,
    reason="the oxigraph server binary is missing: pip install oxigraph (test extra)",
)
needs_build = pytest.mark.skipif(
    not (TTL / "semaxkg.nq").is_file(), reason="data/ttl is missing: run `semaxkg build` first"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here needs the Oxigraph binary and the built dataset."""
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(needs_oxigraph)
            item.add_marker(needs_build)


@pytest.fixture()
def oxigraph(tmp_path: Path) -> Iterator[OxigraphServer]:
    """A fresh in-memory Oxigraph server with a union default graph."""
    server = OxigraphServer(tmp_path)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """One Oxigraph server per module holding the published build (read-only for tests)."""
    from semaxkg.store.upload import Publisher, graphs_in_directory

    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph"))
    Publisher(server.query_url).publish(graphs_in_directory(TTL))
    yield server
    server.stop()
