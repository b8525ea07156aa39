"""The scale benchmark's corpus generator (``benchmarks/scale_corpus.py``): the copies it makes of
the curated corpus pass the real validation (schema, references, SHACL, QC, OWL), with exactly
as many claims as the copies hold, and no two copies share a subject.

Regression test for the request "repair the synthetic corpus generator": after the statement
model gained broader concepts, population entities, databases and the like, ``scale.py build``
failed with "unknown broader concept 'learning'" and "unknown database 'pubmed'".
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from semaxkg.build.batches import load_batch, load_setup, owl_check, qc_check
from semaxkg.build.corpus import load_corpus
from semaxkg.build.vocab import default_vocabulary
from semaxkg.cli import main
from semaxkg.rdf.namespaces import ONTOLOGY_GRAPH

from .conftest import ROOT, SHARED_SOURCES

SCRIPT = ROOT / "benchmarks" / "scale_corpus.py"


def _import_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("scale_corpus", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("scale_corpus", module)
    spec.loader.exec_module(module)
    return module


scale_corpus = _import_generator()


@pytest.fixture(scope="module")
def real_claims() -> int:
    """Claims of the curated corpus, counted by the loader (not by the generator)."""
    corpus = load_corpus(ROOT / "data" / "statements", default_vocabulary())
    return sum(1 for _ in corpus.statements())


@pytest.fixture(scope="module")
def template() -> Any:
    return scale_corpus.Template()


@pytest.fixture(scope="module")
def setup() -> Any:
    return load_setup()


@pytest.fixture(scope="module")
def two_groups(tmp_path_factory: pytest.TempPathFactory, template: Any) -> list[Path]:
    """Two groups of one family each: two renamed copies of the curated corpus."""
    out = tmp_path_factory.mktemp("scale")
    return list(scale_corpus.generate(2, out, families_per_group=1, template=template))


def _subjects(batch: Any) -> set[str]:
    return {str(s) for g in batch.conversion.dataset.graphs()
            if g.identifier != ONTOLOGY_GRAPH for s in g.subjects()}


@pytest.mark.slow  # out of the fast tier (make test-fast): seconds of work
def test_two_generated_groups_load_with_twice_the_claims_and_no_shared_subject(
        two_groups: list[Path], setup: Any, real_claims: int) -> None:
    assert [sorted(p.name for p in g.iterdir()) for g in two_groups] == [
        ["conflicts-f0000.yaml", "entities-f0000.yaml", "source-000.yaml", "source-001.yaml", "source-002.yaml"],
        ["conflicts-f0001.yaml", "entities-f0001.yaml", "source-003.yaml", "source-004.yaml", "source-005.yaml"],
    ]
    batches = [load_batch(i, folder, setup) for i, folder in enumerate(two_groups)]
    assert [b.claims for b in batches] == [real_claims, real_claims]
    # Families share no subject: each batch checks the same constraints as their union.
    first, second = (_subjects(b) for b in batches)
    assert first and first.isdisjoint(second)
    # The same work per family: every copy has as many triples as the other.
    assert len(batches[0].conversion.dataset) == len(batches[1].conversion.dataset)


@pytest.mark.slow  # out of the fast tier (make test-fast): seconds of work
def test_generated_groups_conform_together(two_groups: list[Path], tmp_path: Path,
                                            real_claims: int, caplog: pytest.LogCaptureFixture) -> None:
    """``semaxkg validate`` on both groups: schema, references, SHACL, QC (and the key terms and
    spans against the source texts when they are at hand)."""
    texts = ["--sources", str(SHARED_SOURCES)] if SHARED_SOURCES.is_dir() else []
    union = tmp_path / "union"
    union.mkdir()
    for path in (p for g in two_groups for p in g.glob("*.yaml")):
        (union / path.name).symlink_to(path)
    caplog.set_level("INFO", logger="semaxkg")
    assert main(["validate", "--no-reasoner", "--statements", str(union), *texts]) == 0
    assert f"6 sources, {2 * real_claims} statements" in caplog.text
    assert "SHACL: conforms" in caplog.text
    assert "QC queries: no violations" in caplog.text


@pytest.mark.slow  # out of the fast tier (make test-fast): seconds of work
def test_families_of_one_group_share_its_sources(tmp_path: Path, template: Any, setup: Any,
                                                 real_claims: int) -> None:
    [folder] = scale_corpus.generate(1, tmp_path, families_per_group=2, template=template)
    batch = load_batch(0, folder, setup)
    assert batch.claims == 2 * real_claims  # loaded: every citation is in the renumbered list
    qc_check(batch)
    original = template.sources[0]["source"]["references"]
    copied = scale_corpus._load(folder / "source-000.yaml")["source"]["references"]
    assert [r["number"] for r in copied] == (
        [r["number"] for r in original] + [r["number"] + 1000 for r in original])


def test_the_plan_follows_the_statement_model() -> None:
    plan = scale_corpus.model_plan(scale_corpus.model.EntitiesFile)
    entity, study = plan["entities"], plan["studies"]
    assert entity == {"id": "ref", "broader": "ref", "molecule": "ref", "population": "ref",
                      "condition": "ref"}
    assert study["examined"] == {key: "ref" for key in (
        "exposures", "anatomy", "cell_types", "conditions", "outcomes", "populations")}
    assert (study["id"], study["part_of"], study["author_list"]) == ("ref", "ref", "person")
    source = scale_corpus.model_plan(scale_corpus.model.SourceFile)
    assert source["source"]["author"] == {"name": "person", "affiliations": "ref"}
    assert source["statements"]["qualifiers"]["databases"] == "ref"
    assert "id" not in source["source"]  # source-NNN is renumbered, not suffixed
    conflicts = scale_corpus.model_plan(scale_corpus.model.ConflictsFile)
    # record_part and record_mechanism are text and a code, not ids (the old list renamed them).
    assert conflicts["conflicts"] == {"id": "ref", "claims": "ref", "study": "ref", "record": "ref"}


def test_only_the_corpus_ids_are_renamed(template: Any) -> None:
    assert template.rename("learning", 7) == "learning-f0007"
    assert template.rename("not_stated", 7) == "not_stated"  # a code, not an id of the corpus
    long_id = max(template.ids, key=len)
    renamed = {template.rename(long_id, f) for f in range(3)}
    assert len(renamed) == 3 and all(len(r) <= scale_corpus.MAX_ID for r in renamed)


@pytest.mark.slow
def test_a_generated_group_is_owl_consistent(two_groups: list[Path], setup: Any) -> None:
    outcome = owl_check(load_batch(1, two_groups[1], setup))
    assert outcome.consistent, outcome.message
