"""Shared fixtures: the snapshot of the build (``built_dir``, see ``tests/build_snapshot.py``)
and a tiny, valid statement corpus written to a temporary folder."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.build_snapshot import built_snapshot, is_built

ROOT = Path(__file__).resolve().parents[1]
SHARED_SOURCES = ROOT.parent / "shared" / "sources"


class BufferedClient(FlaskClient):
    """A Flask test client that reads each response whole and closes it: a file the app
    streams (``/static/*``, dumps) is closed at once, not left to the garbage collector
    (a ``ResourceWarning``, an error under ``filterwarnings = error``)."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("buffered", True)
        return super().open(*args, **kwargs)


@pytest.fixture(autouse=True, scope="session")
def _buffered_test_clients() -> Iterator[None]:
    saved = Flask.test_client_class
    Flask.test_client_class = BufferedClient
    yield
    Flask.test_client_class = saved


#: Fixtures that start a server process: a test using any of them is a ``live`` test.
LIVE_FIXTURES = frozenset({"live_server", "oxigraph", "published", "virtuoso", "site"})
#: Folders whose every test starts a server (the triplestore tests all run Oxigraph).
LIVE_FOLDERS = (Path(__file__).parent / "store",)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the tests that start servers ``live`` (``make test-fast`` leaves them out).

    The modules with ``slow`` tests go first: under ``--dist loadscope`` (each module on one
    pytest-xdist worker, so a module-scoped crawl, browser or store is made once) a worker
    starts the longest modules while the others share the many short ones, instead of every
    worker waiting at the end for one long module.
    """
    slow_modules = {item.path for item in items if item.get_closest_marker("slow") is not None}
    items.sort(key=lambda item: item.path not in slow_modules)
    for item in items:
        path = Path(str(item.path))
        if LIVE_FIXTURES & set(getattr(item, "fixturenames", ())) or any(
                path.is_relative_to(folder) for folder in LIVE_FOLDERS):
            item.add_marker(pytest.mark.live)


@pytest.fixture(scope="session")
def built_dir() -> Path:
    """This process's consistent copy of ``data/ttl``; skips when nothing is built."""
    if not is_built():
        pytest.skip("data/ttl/semaxkg.nq is missing: run `semaxkg build` first")
    return built_snapshot()


MINI_TEXT = (
    "Peptide X is made from a hormone fragment. In rats it raised BDNF in the hippocampus. "
    "Some users say it makes them anxious.\n"
)

MINI_ENTITIES = """\
entities:
  - id: semax
    kind: compound
    label: Semax
    matches:
      - {relation: exact, iri: "http://www.wikidata.org/entity/Q4415058", status: S}
  - id: acth
    kind: compound
    label: ACTH
  - id: bdnf
    kind: target
    label: BDNF
  - id: hippocampus
    kind: anatomy
    label: hippocampus
  - id: increased-anxiety
    kind: outcome
    label: increased anxiety
studies:
  - id: rat-study
    label: A rat study
    design: [animal]
    species: rat
    identifier_status: U
"""


def mini_source(sha: str, length: int) -> str:
    """The mini source file, with the checksum and length of MINI_TEXT."""
    return f"""\
source:
  id: source-900
  file: mini.txt
  sha256: {sha}
  length: {length}
  title: Mini
  publisher_kind: vendor_blog
  author: null
  citation_style: none
  disclosures:
    - {{kind: product_sales, declared: false, locator: {{start: 0, end: 10}}, terms: [Peptide]}}
  sections:
    - {{title: Intro, start: 0}}
statements:
  - id: s900-derived
    subject: semax
    predicate: derivedFrom
    object: acth
    hedging: asserted
    qualifiers: {{fragment: "4-10"}}
    locators:
      - {{start: 0, end: 42}}
    terms: [hormone]
    text: The peptide is built from a piece of a hormone.
  - id: s900-bdnf
    subject: semax
    predicate: affects
    object: bdnf
    hedging: asserted
    qualifiers: {{direction: increased, aspect: level, anatomy: hippocampus, study: rat-study}}
    locators:
      - {{start: 43, end: 86}}
    terms: [BDNF, rats]
    text: In rats the peptide raised hippocampal BDNF.
  - id: s900-anxiety
    subject: semax
    predicate: hasAdverseEffect
    object: increased-anxiety
    hedging: anecdotal
    locators:
      - {{start: 87, end: 124}}
    terms: [anxious]
    text: Some users report feeling anxious on it.
  - id: s900-not-bdnf-direct
    subject: semax
    predicate: bindsTo
    object: bdnf
    hedging: asserted
    negated: true
    locators:
      - {{start: 43, end: 86}}
    terms: [BDNF]
    text: The peptide is not said to bind BDNF directly.
"""


@pytest.fixture()
def mini(tmp_path: Path) -> dict[str, Path]:
    """A valid mini corpus: statements dir, sources dir, output dir."""
    return write_mini(tmp_path)


def write_mini(tmp_path: Path) -> dict[str, Path]:
    """Write the mini corpus under ``tmp_path``: statements dir, sources dir, output dir."""
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "mini.txt").write_text(MINI_TEXT, encoding="utf-8")
    statements = tmp_path / "statements"
    statements.mkdir()
    (statements / "entities.yaml").write_text(MINI_ENTITIES, encoding="utf-8")
    sha = hashlib.sha256(MINI_TEXT.encode("utf-8")).hexdigest()
    (statements / "source-900.yaml").write_text(mini_source(sha, len(MINI_TEXT)), encoding="utf-8")
    out = tmp_path / "ttl"
    return {"statements": statements, "sources": sources, "out": out, "root": tmp_path}
