"""The batched build API (``semaxkg.build.batches``) on two tiny batches: the same graphs as the
whole build of each batch, every stage timed, and a bad batch stopped with a located error."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from semaxkg.build.batches import NQUADS_FILE, build_batches, load_setup
from semaxkg.build.corpus import load_corpus
from semaxkg.build.pipeline import build
from semaxkg.errors import InputError
from tests.conftest import write_mini

GRAPH = "https://w3id.org/semaxkg/graph/"


def _second_batch(mini: dict[str, Path], root: Path) -> Path:
    """A copy of the mini corpus whose source and claims are renamed (900 → 901)."""
    folder = root / "batch-1"
    folder.mkdir()
    for path in mini["statements"].glob("*.yaml"):
        text = path.read_text("utf-8").replace("source-900", "source-901").replace("s900-", "s901-")
        (folder / path.name.replace("900", "901")).write_text(text, "utf-8")
    return folder


@pytest.fixture()
def two_batches(tmp_path: Path) -> list[Path]:
    mini = write_mini(tmp_path)
    return [mini["statements"], _second_batch(mini, tmp_path)]


def _quads(path: Path, graph: str) -> set[str]:
    return {str(q) for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)
            if q.graph_name == ox.NamedNode(graph)}


@pytest.mark.slow  # out of the fast tier (make test-fast): seconds of work
def test_two_batches_give_the_graphs_of_their_whole_builds(two_batches: list[Path], tmp_path: Path) -> None:
    seen: list[str] = []

    @contextlib.contextmanager
    def timer(stage: str) -> Iterator[None]:
        seen.append(stage)
        yield

    out = tmp_path / "batched"
    report = build_batches(two_batches, out, shacl=True, owl=False, timer=timer)
    assert (report.batches, report.claims) == (2, 8)
    assert seen == ["load", "convert", "shacl", "qc", "write"] * 2
    assert sorted(p.name for p in report.files) == sorted(
        [NQUADS_FILE, "ontology.nt", "shapes.nt", "entities.nt", "conflicts.nt",
         "source-900.nt", "source-901.nt"])
    nquads = out / NQUADS_FILE
    assert report.total_triples == sum(1 for line in nquads.read_text("utf-8").splitlines() if line)
    setup = load_setup()
    for folder, source in zip(two_batches, ("source-900", "source-901"), strict=True):
        whole = tmp_path / f"whole-{source}"
        build(load_corpus(folder, setup.vocabulary), whole, reasoner=False)
        expected = _quads(whole / "semaxkg.nq", GRAPH + source)
        assert expected and _quads(nquads, GRAPH + source) == expected
        assert report.triples[GRAPH + source] == len(expected)
    # The ontology and the shapes are written once, not once per batch.
    assert report.triples[GRAPH + "ontology"] == len(_quads(tmp_path / "whole-source-900" / "semaxkg.nq",
                                                             GRAPH + "ontology"))


def test_a_bad_batch_stops_the_build_with_a_located_error(two_batches: list[Path], tmp_path: Path) -> None:
    bad = two_batches[1] / "source-901.yaml"
    bad.write_text(bad.read_text("utf-8").replace("predicate: affects", "predicate: cures"), "utf-8")
    with pytest.raises(InputError) as caught:
        build_batches(two_batches, tmp_path / "batched", shacl=False)
    line = 1 + bad.read_text("utf-8").splitlines().index("    predicate: cures")
    assert str(caught.value).startswith(f"{bad}:{line}: unknown predicate 'cures' (fix: use one of: affects, ")
    # The batch before it was appended (a work area, as documented); nothing of the bad one.
    assert (tmp_path / "batched" / "source-900.nt").exists()
    assert not (tmp_path / "batched" / "source-901.nt").exists()
