"""The search index itself: what is indexed, how it ranks, when it is rebuilt (issue 15)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from semaxkg.search import sparql_functions
from semaxkg.search.index_build import ensure_index, index_path, kind_of
from semaxkg.search.ranking import Tier, edit_distance, normalise, without_scheme
from semaxkg.search.text_index import SearchIndex
from semaxkg.store.dataset import Dataset
from semaxkg.store.local import LocalStore

BASE = "https://w3id.org/semaxkg/"
ID = BASE + "id/"
SXO = BASE + "ontology/"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"
GRAPH = ox.NamedNode(BASE + "graph/entities")


def _store(triples: list[tuple[str, str, str]]) -> LocalStore:
    store = ox.Store()
    for subject, predicate, value in triples:
        store.add(ox.Quad(ox.NamedNode(subject), ox.NamedNode(predicate), ox.Literal(value), GRAPH))
    return LocalStore(Dataset(store, "v1", (), (GRAPH.value,), len(store)))


TRIPLES = [
    (ID + "compound/semax", LABEL, "Semax"),
    (ID + "compound/semax", ALT, "MEHFPGP"),
    (ID + "compound/selank", LABEL, "Selank"),
    (ID + "target/bdnf", LABEL, "brain-derived neurotrophic factor (BDNF)"),
    (ID + "target/bdnf", ALT, "BDNF"),
    (ID + "study/x-2001", SXO + "pmid", "123456"),
    (ID + "study/x-2001", SXO + "title", "Semax in rats"),
    (ID + "claim/c1", SXO + "paraphrase", "Semax raised BDNF in the hippocampus."),
    (SXO + "Claim", LABEL, "claim"),
    (BASE + "shapes/ClaimShape", LABEL, "claim shape"),
]


@pytest.fixture()
def index(tmp_path: Path) -> SearchIndex:
    return SearchIndex(ensure_index(_store(TRIPLES), "v1", BASE, tmp_path))


def test_kinds_come_from_the_iri_path() -> None:
    assert kind_of(ID + "compound/semax", BASE) == ("compound", 2)
    assert kind_of(ID + "source/s-1/reference-2", BASE) == ("source", 3)
    assert kind_of(SXO + "Claim", BASE) == ("term", 1)
    assert kind_of(BASE + "shapes/ClaimShape", BASE) is None
    assert kind_of(ID + "claim-0000012", BASE) == ("claim", 1)
    assert kind_of(ID + "entity_7", BASE) == ("entity", 1)
    assert kind_of("https://example.org/kg/id/compound/a", "https://example.org/kg/") == ("compound", 2)


def test_ranking_tiers(index: SearchIndex) -> None:
    found = index.search("semax", limit=10)
    assert [(h.iri, h.tier) for h in found.hits] == [
        (ID + "compound/semax", Tier.EXACT),
        (ID + "study/x-2001", Tier.PREFIX),  # labelled by its title
        (ID + "claim/c1", Tier.PREFIX),  # labelled by its paraphrase
    ]
    assert [(h.iri, h.tier) for h in index.search("hippocampus").hits] == [
        (ID + "claim/c1", Tier.LABEL_WORDS)]
    assert [(h.iri, h.tier) for h in index.search("bdn").hits][:1] == [(ID + "target/bdnf", Tier.PREFIX)]
    assert index.search("neurotrophic").hits[0].tier is Tier.LABEL_WORDS
    assert index.search("erived neuro").hits[0].tier is Tier.FRAGMENT


def test_identifiers_find_their_resource(index: SearchIndex) -> None:
    for text in ("123456", "PMID 123456", "pmid:123456"):
        hits = index.search(text).hits
        assert [(h.iri, h.kind, h.tier) for h in hits] == [(ID + "study/x-2001", "study", Tier.EXACT)]
    assert index.search("123456").hits[0].label == "Semax in rats"


def test_typos_are_corrected_from_the_label_words(index: SearchIndex) -> None:
    found = index.search("semx")
    assert found.did_you_mean == "Semax"
    assert found.hits[0].iri == ID + "compound/semax"
    assert found.hits[0].tier is Tier.CORRECTED
    assert index.search("selnk").did_you_mean == "Selank"
    assert index.search("bdnf semx").did_you_mean == "bdnf Semax"
    assert index.search("semax").did_you_mean is None
    assert index.search("qqqq").did_you_mean is None


def test_kind_and_group_narrow_the_search(index: SearchIndex) -> None:
    assert [h.kind for h in index.search("semax", kind="claim").hits] == ["claim"]
    assert {h.kind for h in index.search("s", kind="entity", limit=50).hits} <= {"compound", "target"}
    assert index.kinds() == ["claim", "compound", "entity", "study", "target", "term"]


def test_shapes_are_not_searched(index: SearchIndex) -> None:
    assert [h.iri for h in index.search("claim").hits] == [SXO + "Claim"]


def test_the_index_is_made_once_per_version(tmp_path: Path) -> None:
    store = _store(TRIPLES)
    first = ensure_index(store, "v1", BASE, tmp_path)
    made = first.stat().st_mtime_ns
    assert ensure_index(store, "v1", BASE, tmp_path) == first
    assert first.stat().st_mtime_ns == made
    second = ensure_index(store, "v2", BASE, tmp_path)
    assert second != first and second == index_path(tmp_path, "v2", BASE)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([first.name, second.name])


def test_normalising_and_distances() -> None:
    assert normalise("  Ménière's\tDisease ") == "meniere's disease"
    assert without_scheme("PMID: 123") == "123"
    assert without_scheme("doi 10.1/x") == "10.1/x"
    assert without_scheme("semax") == "semax"
    assert edit_distance("semx", "semax", 2) == 1
    assert edit_distance("sealx", "selax", 2) == 1  # an adjacent swap is one edit
    assert edit_distance("abc", "xyzabc", 2) == 3  # cut short: over the limit


def test_sparql_functions_without_an_index_file_match_nothing(tmp_path: Path) -> None:
    functions = sparql_functions.functions(str(tmp_path / "gone.sqlite"))
    score = functions[ox.NamedNode(sparql_functions.SCORE)]
    matches = functions[ox.NamedNode(sparql_functions.MATCHES)]
    assert score(ox.NamedNode(ID + "compound/semax"), ox.Literal("semax")) is None
    assert matches(ox.NamedNode(ID + "compound/semax"), ox.Literal("semax")).value == "false"
    assert score(ox.Literal("Semax"), ox.Literal("semax")) == ox.Literal(
        "1.0", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double"))
