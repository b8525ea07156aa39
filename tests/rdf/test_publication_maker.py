"""The one publication maker (``semaxkg.rdf.publication``): the build and the web make the same
bytes from the same quads, and the build's committed files are exactly the maker's output."""

from __future__ import annotations

import gzip
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask

from semaxkg.build.pipeline import write_publication
from semaxkg.rdf import dumps, void
from semaxkg.rdf.iri_scheme import BASE
from semaxkg.rdf.publication import make_publication
from semaxkg.store.local import LocalStore
from semaxkg.web import create_app
from semaxkg.web.linked.live_publication import get_publication

#: Every file of the publication the build writes, relative to its output folder.
BUILD_FILES = ["semaxkg.trig", "semaxkg.nq", "void.ttl",
               *(f"dumps/{fmt.file_name}.gz" for fmt in dumps.FORMATS)]


@pytest.fixture(scope="module")
def store_only_app(built_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Flask:
    """The Semax graph served with no build folder: the web path makes the publication."""
    nowhere = tmp_path_factory.mktemp("no-build") / "none"
    return create_app({"DATA_FILES": [str(built_dir / "semaxkg.nq")], "BUILD_DIR": str(nowhere),
                       "EXECUTOR": "inline", "TESTING": True})


@pytest.mark.slow  # out of the fast tier (make test-fast): seconds of work
def test_build_and_web_paths_publish_identical_bytes_for_the_semax_graph(
        store_only_app: Flask, tmp_path: Path) -> None:
    # The quads as the served store holds them (its blank-node labels, its literal forms):
    # the build path is handed exactly these, so any difference is the paths', not the data's.
    store: ox.Store = store_only_app.extensions["semaxkg"].dataset.store
    quads = list(store.quads_for_pattern(None, None, None, None))
    written = write_publication(tmp_path, quads)
    assert sorted(str(p.relative_to(tmp_path)) for p in written) == sorted(BUILD_FILES)
    client = store_only_app.test_client()
    for fmt in dumps.FORMATS:
        for name in (fmt.file_name, fmt.file_name + dumps.GZIP_SUFFIX):
            served = client.get(f"/dumps/{name}")
            assert served.status_code == 200, name
            built = (tmp_path / dumps.DUMPS_SUBDIR / (fmt.file_name + dumps.GZIP_SUFFIX)).read_bytes()
            assert served.get_data() == (built if name.endswith(dumps.GZIP_SUFFIX) else gzip.decompress(built)), name
    assert client.get("/dumps/semaxkg.trig").get_data() == (tmp_path / "semaxkg.trig").read_bytes()
    with store_only_app.app_context():
        publication = get_publication()
    assert publication.origin == "store"
    assert void.turtle(publication.void_triples, BASE) == (tmp_path / void.VOID_FILE).read_bytes()


@pytest.mark.slow  # out of the fast tier (make test-fast): seconds of work
def test_the_builds_files_are_the_makers_output(built_dir: Path, tmp_path: Path) -> None:
    # Parsing (not loading into a store) keeps the build's blank-node labels and datatypes.
    quads = list(ox.parse(path=str(built_dir / "semaxkg.nq"), format=ox.RdfFormat.N_QUADS))
    made = make_publication(LocalStore.from_quads(quads, "test"), BASE, quads)
    made.write(tmp_path)
    for name in BUILD_FILES:
        assert (tmp_path / name).read_bytes() == (built_dir / name).read_bytes(), name


def test_the_maker_follows_a_non_default_base() -> None:
    base = "https://example.org/kg/"
    quads = [ox.Quad(ox.NamedNode(base + "id/semax"), ox.NamedNode(BASE + "ontology/label"),
                     ox.Literal("x"), ox.NamedNode(base + "graph/entities"))]
    made = make_publication(LocalStore.from_quads(quads, "test"), base, quads)
    assert made.contents[dumps.N_QUADS] == (
        b'<https://example.org/kg/id/semax> <https://w3id.org/semaxkg/ontology/label> "x" '
        b"<https://example.org/kg/graph/entities> .\n")
    assert b"@prefix sx: <https://example.org/kg/id/> ." in made.contents[dumps.TURTLE]
    assert ox.NamedNode(base + void.VOID_PATH) in {t.subject for t in made.void_triples}
    assert all(not t.subject.value.startswith(BASE + ".well-known") for t in made.void_triples
               if isinstance(t.subject, ox.NamedNode))
