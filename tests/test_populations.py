"""Populations as entities (issue 12, must-deliver 5 and 6): who a study examined, who a claim
is about and who a population-specific outcome is measured in are population entities with
structured facts, never strings. Exact triples from the built graph, the shapes refusing a
string, the QC IRI pattern, and located errors on bad input in the mini corpus."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate as shacl_validate
from rdflib import RDF, RDFS, Dataset, Literal, URIRef

from semaxkg.build.convert import convert
from semaxkg.build.corpus import load_corpus
from semaxkg.build.pipeline import data_graph, load_shapes
from semaxkg.build.qc import load_qc_queries, run_query
from semaxkg.build.vocab import default_vocabulary, load_ontology
from semaxkg.errors import InputError
from semaxkg.rdf.namespaces import ID, SXO

ROOT = Path(__file__).resolve().parents[1]
STATEMENTS = ROOT / "data" / "statements"
HEALTHY_MEN = ID["population/healthy-men"]


@cache
def full() -> Dataset:
    vocab = default_vocabulary()
    ds = convert(load_corpus(STATEMENTS, vocab), vocab, load_ontology()).dataset
    ds.default_union = True  # look across the named graphs
    return ds


def about(s: URIRef) -> set[tuple[object, object]]:
    return set(full().predicate_objects(s))


def test_kaplan_1996_a_examined_healthy_men_as_an_entity() -> None:
    """The request: the study record's population was the string 'healthy male volunteers'."""
    study = ID["study/kaplan-1996-a"]
    assert set(full().objects(study, SXO.examinedPopulation)) == {HEALTHY_MEN}
    assert about(HEALTHY_MEN) == {
        (RDF.type, SXO.Population),
        (RDFS.label, Literal("healthy men", lang="en")),
        (URIRef("http://www.w3.org/2004/02/skos/core#altLabel"), Literal("healthy male volunteers")),
        (SXO.species, SXO.human),
        (SXO.healthStatus, SXO["health-healthy"]),
        (SXO.ageGroup, SXO["age-adult"]),
        (SXO.sex, SXO["sex-male"]),
    }


def test_a_population_with_a_condition_and_a_broader_population() -> None:
    acute = ID["population/patients-acute-ischemic-stroke"]
    assert set(full().objects(ID["study/gusev-1997"], SXO.examinedPopulation)) == {acute}
    assert set(full().objects(acute, SXO.populationCondition)) == {ID["condition/ischemic-stroke"]}
    assert set(full().objects(acute, URIRef("http://www.w3.org/2004/02/skos/core#broader"))) == {
        ID["population/stroke-patients"]}
    assert set(full().objects(acute, SXO.sex)) == set()  # the source gives none: none is recorded


def test_claim_qualifier_and_outcome_link_population_entities() -> None:
    claim = ID["claim/s001-kaplan1996-attention"]
    assert set(full().objects(claim, SXO.populationContext)) == {HEALTHY_MEN}
    assert set(full().objects(ID["outcome/attention-healthy-men"], SXO.measuredInPopulation)) == {
        HEALTHY_MEN}
    kids = ID["population/children-attention-deficits"]
    assert set(full().objects(ID["outcome/attention-children-attention-deficits"],
                              SXO.measuredInPopulation)) == {kids}
    assert set(full().objects(kids, SXO.populationCondition)) == {ID["condition/attention-deficits"]}


def test_no_population_is_a_string_any_more() -> None:
    for prop in (SXO.examinedPopulation, SXO.populationContext, SXO.measuredInPopulation):
        objs = set(full().objects(None, prop))
        assert objs and all(isinstance(o, URIRef) and str(o).startswith(ID["population/"])
                            for o in objs), prop
    assert list(full().triples((None, SXO.population, None))) == []


def test_shapes_refuse_a_study_whose_population_is_a_string() -> None:
    g = data_graph(full())
    study, claim = ID["study/grigoriev-2002"], ID["claim/s001-grigoriev2002-attention"]
    g.remove((study, SXO.examinedPopulation, None))
    g.add((study, SXO.examinedPopulation, Literal("students during examinations")))
    g.remove((claim, SXO.populationContext, None))
    g.add((claim, SXO.populationContext, Literal("students")))
    conforms, _report, text = shacl_validate(g, shacl_graph=load_shapes(), ont_graph=load_ontology(),
                                             inference="none", advanced=True)
    assert not conforms
    # each string fails twice: it is not an IRI, and not a sxo:Population
    assert str(text).count("Constraint Violation") == 4
    assert str(text).count("Message: Who a study examined is a population entity (…/id/population/<id>), "
                           "never a string.") == 2
    assert str(text).count("Message: A claim names at most one population, and it must be a population "
                           "entity") == 2


def _iri_outside_scheme(iris: list[str]) -> list[str]:
    (query,) = [q for q in load_qc_queries() if q.name == "iri-outside-scheme"]
    store = ox.Store()
    for iri in iris:
        store.add(ox.Quad(ox.NamedNode(iri), ox.NamedNode(str(RDFS.label)), ox.Literal("x")))
    return sorted(str(row[0]) for row in run_query(store, query))


def test_qc_iri_pattern_accepts_population_ids_only() -> None:
    good = [str(HEALTHY_MEN), str(ID["population/patients-acute-ischemic-stroke"])]
    bad = [str(ID["population/Healthy_Men"]), str(ID["populations/healthy-men"]),
           str(ID["population/healthy-men/extra"])]
    assert _iri_outside_scheme(good + bad) == sorted(bad)


# -- located errors on bad input (mini corpus) -------------------------------------------------


def _entities(mini: dict[str, Path], text: str) -> Path:
    path = mini["statements"] / "entities.yaml"
    body = path.read_text(encoding="utf-8").replace("studies:\n", text + "studies:\n", 1)
    path.write_text(body, encoding="utf-8")
    return path


def _problems(mini: dict[str, Path]) -> list[tuple[int | None, str]]:
    with pytest.raises(InputError) as err:
        load_corpus(mini["statements"], default_vocabulary())
    return sorted((p.location.line, p.message) for p in err.value.problems)


def test_a_string_population_on_an_outcome_is_a_located_error(mini: dict[str, Path]) -> None:
    path = _entities(mini, "  - id: attention-men\n    kind: outcome\n    label: attention in men\n"
                           "    population: healthy men\n")
    line = path.read_text(encoding="utf-8").splitlines().index("    population: healthy men") + 1
    ((at, message),) = _problems(mini)
    assert at == line
    assert "'population' has value 'healthy men', which does not match" in message


def test_population_facts_are_checked_codes_on_populations_only(mini: dict[str, Path]) -> None:
    path = _entities(mini, "  - id: old-rats\n    kind: population\n    label: old rats\n"
                           "    species: rat\n    age_group: elderly\n"
                           "  - id: memory-x\n    kind: outcome\n    label: memory x\n    sex: male\n"
                           "  - id: attention-x\n    kind: outcome\n    label: attention x\n"
                           "    population: bdnf\n")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert _problems(mini) == [
        (lines.index("    age_group: elderly") + 1, "unknown age group 'elderly'"),
        (lines.index("    sex: male") + 1, "'sex' is only for population entities, not a outcome"),
        (lines.index("    population: bdnf") + 1, "population 'bdnf' is a target"),
    ]
