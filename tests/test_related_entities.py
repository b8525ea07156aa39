"""Issue 12: entities that relate (skos:broader, mechanism-molecule links, population-specific
outcomes, unnamed studies), the conflict rules that use them, conflict bases and page metadata
located by span."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from semaxkg.build.conflicts import find_conflicts
from semaxkg.build.convert import convert
from semaxkg.build.hierarchy import ancestors, related, within
from semaxkg.build.vocab import default_vocabulary, load_ontology
from semaxkg.errors import InputError
from semaxkg.paths import current_project
from semaxkg.rdf.namespaces import ENTITIES_GRAPH, ID, SXO, source_graph
from tests.test_conflicts import add_source, add_statements, load, statement

RELATED = """\
  - id: memory
    kind: outcome
    label: memory
    broader: [cognition]
  - id: memory-consolidation
    kind: outcome
    label: memory consolidation
    broader: [memory]
  - id: cognition
    kind: outcome
    label: cognition
  - id: attention-kids
    kind: outcome
    label: attention in children with attention deficits
    broader: [cognition]
    population: kids-attention-deficits
    condition: attention-deficits
  - id: kids-attention-deficits
    kind: population
    label: children with attention deficits
    species: human
    age_group: child
    condition: attention-deficits
  - id: attention-deficits
    kind: condition
    label: attention deficits
  - id: bdnf-upregulation
    kind: mechanism
    label: raising BDNF
    molecule: bdnf
"""


def add_entities(mini: dict[str, Path], text: str, studies: str = "") -> None:
    path = mini["statements"] / "entities.yaml"
    body = path.read_text(encoding="utf-8")
    body = body.replace("studies:\n", text + "studies:\n" + studies, 1)
    path.write_text(body, encoding="utf-8")


def effect(ident: str, obj: str, direction: str, species: str = "human", extra: str = "") -> str:
    return statement(ident, "semax", "hasEffect", f"object: {obj}",
                     f"{{direction: {direction}, species: {species}{extra}}}")


# -- validation: located errors ------------------------------------------------------------


@pytest.mark.parametrize(("entities", "needle", "message", "fix"), [
    ("  - id: memory\n    kind: outcome\n    label: memory\n    broader: [nowhere]\n",
     "broader: [nowhere]", "unknown broader concept 'nowhere'", "define it in an entities file"),
    ("  - id: memory\n    kind: outcome\n    label: memory\n    broader: [hippocampus]\n",
     "broader: [hippocampus]", "broader concept 'hippocampus' is a anatomy",
     "use an entity of kind condition or outcome"),
    ("  - id: a-outcome\n    kind: outcome\n    label: a\n    broader: [b-outcome]\n"
     "  - id: b-outcome\n    kind: outcome\n    label: b\n    broader: [a-outcome]\n",
     "broader: [b-outcome]", "'a-outcome' lies under itself through 'broader'", "without cycles"),
    ("  - id: raising-x\n    kind: mechanism\n    label: raising x\n    molecule: hippocampus\n",
     "molecule: hippocampus", "molecule 'hippocampus' is a anatomy", "use an entity of kind"),
    ("  - id: memory\n    kind: outcome\n    label: memory\n    condition: hippocampus\n",
     "condition: hippocampus", "condition 'hippocampus' is a anatomy",
     "use an entity of kind condition"),
])
def test_bad_entity_links_are_located(mini: dict[str, Path], entities: str, needle: str,
                                      message: str, fix: str) -> None:
    add_entities(mini, entities)
    with pytest.raises(InputError) as err:
        load(mini)
    problems = [p for p in err.value.problems if message in p.message]
    assert len(problems) == 1, [p.message for p in err.value.problems]
    path = mini["statements"] / "entities.yaml"
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if needle in text)
    assert str(problems[0].location) == f"entities.yaml:{line}"
    assert fix in problems[0].fix


def test_unknown_conflict_basis_is_located(mini: dict[str, Path]) -> None:
    (mini["statements"] / "conflicts.yaml").write_text(
        "conflicts:\n  - id: c1\n    kind: within_source\n    status: genuine\n    basis: vibes\n"
        "    claims: [s900-bdnf, s900-not-bdnf-direct]\n    note: Two claims that pull apart here.\n",
        encoding="utf-8")
    with pytest.raises(InputError) as err:
        load(mini)
    (p,) = err.value.problems
    assert str(p.location) == "conflicts.yaml:5"
    assert p.message == "unknown conflict basis 'vibes'"
    assert "related_nodes" in p.fix and "year_vs_identifier" in p.fix


# -- the hierarchy -------------------------------------------------------------------------


def test_hierarchy_walks_broader_links(mini: dict[str, Path]) -> None:
    add_entities(mini, RELATED)
    ents = load(mini).entities
    assert ancestors(ents, "memory-consolidation") == ("memory-consolidation", "memory", "cognition")
    assert within(ents, "memory-consolidation", "cognition")
    assert not within(ents, "cognition", "memory")
    assert related(ents, "memory", "memory-consolidation")
    assert not related(ents, "memory", "memory")  # equal ids are the same node, not related ones
    assert not related(ents, "memory", "attention-kids")  # siblings


def test_entity_links_and_unnamed_study_become_triples(mini: dict[str, Path]) -> None:
    unnamed = ("  - id: small-study\n    label: An unnamed study\n    design: [clinical, open_label]\n"
               "    species: human\n    identifier_status: U\n    unnamed: true\n")
    add_entities(mini, RELATED, unnamed)
    ds = convert(load(mini), default_vocabulary(), load_ontology()).dataset.graph(ENTITIES_GRAPH)
    out = ID + "outcome/"
    assert (URIRef(out + "memory-consolidation"), SKOS.broader, URIRef(out + "memory")) in ds
    assert (URIRef(ID + "mechanism/bdnf-upregulation"), SXO.involvesMolecule,
            URIRef(ID + "target/bdnf")) in ds
    assert (URIRef(out + "attention-kids"), SXO.measuredInPopulation,
            URIRef(ID + "population/kids-attention-deficits")) in ds
    assert (URIRef(out + "attention-kids"), SXO.measuredInCondition,
            URIRef(ID + "condition/attention-deficits")) in ds
    assert (URIRef(ID + "study/small-study"), SXO.unnamedInSource, Literal(True)) in ds
    # a named study carries no flag at all
    assert not list(ds.objects(URIRef(ID + "study/rat-study"), SXO.unnamedInSource))


PART = ("  - id: part-a\n    label: Part A of the rat study\n    design: [animal]\n"
        "    species: rat\n    sample_size: 8\n    identifier_status: U\n    part_of: {whole}\n")


def test_a_study_part_links_to_its_whole(mini: dict[str, Path]) -> None:
    # Issue 12: Kaplan 1996's three sub-studies were one free-text sample_size_note.
    add_entities(mini, "", PART.format(whole="rat-study"))
    ds = convert(load(mini), default_vocabulary(), load_ontology()).dataset.graph(ENTITIES_GRAPH)
    assert list(ds.objects(URIRef(ID + "study/part-a"), SXO.partOfStudy)) == [URIRef(ID + "study/rat-study")]
    assert not list(ds.objects(URIRef(ID + "study/rat-study"), SXO.partOfStudy))


@pytest.mark.parametrize(("whole", "message"), [
    ("nowhere", "unknown whole study 'nowhere'"),
    ("semax", "whole study 'semax' is a compound"),
])
def test_a_study_part_of_something_else_is_located(mini: dict[str, Path], whole: str, message: str) -> None:
    add_entities(mini, "", PART.format(whole=whole))
    with pytest.raises(InputError) as err:
        load(mini)
    (problem,) = [p for p in err.value.problems if message in p.message]
    lines = (mini["statements"] / "entities.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, start=1) if f"part_of: {whole}" in text)
    assert str(problem.location) == f"entities.yaml:{line}"


def test_metadata_spans_become_located_passages(mini: dict[str, Path]) -> None:
    path = mini["statements"] / "source-900.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  citation_style: none\n",
        "  citation_style: none\n  reading_minutes: 3\n  category: peptides\n"
        "  metadata_spans:\n    - {field: title, locator: {start: 0, end: 10}}\n", 1)
    path.write_text(text, encoding="utf-8")
    ds = convert(load(mini), default_vocabulary(), load_ontology()).dataset.graph(
        source_graph("source-900"))
    doc = URIRef(ID + "source/source-900")
    passage = URIRef(ID + "source/source-900/metadata-1/passage")
    assert (doc, SXO.hasMetadataPassage, passage) in ds
    assert (passage, SXO.metadataField, Literal("title")) in ds
    assert (doc, SXO.readingMinutes, Literal(3)) in ds
    assert (doc, SXO.category, Literal("peptides")) in ds
    selector = URIRef(str(passage) + "/selector")
    assert [int(str(o)) for o in ds.objects(selector, URIRef("http://www.w3.org/ns/oa#end"))] == [10]


# -- conflict rules on related nodes ---------------------------------------------------------


def rule_conflicts(mini: dict[str, Path]) -> list[tuple[str, str, tuple[str, ...], str | None]]:
    found = find_conflicts(load(mini), default_vocabulary())
    return [(f.rule, f.status, f.claims, f.basis) for f in found if f.rule.startswith(("related", "reference"))]


def test_parent_and_child_in_opposite_directions_across_sources(mini: dict[str, Path]) -> None:
    add_entities(mini, RELATED)
    add_statements(mini, effect("s900-memory-up", "memory", "increased"))
    add_source(mini, "source-901", effect("s901-consolidation-flat", "memory-consolidation", "unchanged"))
    assert rule_conflicts(mini) == [
        ("related-opposite-direction", "genuine", ("s900-memory-up", "s901-consolidation-flat"),
         "related_nodes"),
    ]


@pytest.mark.parametrize(("mine", "theirs"), [
    # grandparent and grandchild: an effect on "cognition" says nothing about one grandchild
    (effect("s900-cognition-up", "cognition", "increased"),
     effect("s901-consolidation-flat", "memory-consolidation", "unchanged")),
    # different species: rats and people may differ
    (effect("s900-memory-up", "memory", "increased", species="rat"),
     effect("s901-consolidation-flat", "memory-consolidation", "unchanged")),
    # species unknown on one side
    (statement("s900-memory-up", "semax", "hasEffect", "object: memory", "{direction: increased}"),
     effect("s901-consolidation-flat", "memory-consolidation", "unchanged")),
    # same direction: agreement, not conflict
    (effect("s900-memory-up", "memory", "increased"),
     effect("s901-consolidation-up", "memory-consolidation", "increased")),
])
def test_related_nodes_rule_stays_quiet(mini: dict[str, Path], mine: str, theirs: str) -> None:
    add_entities(mini, RELATED)
    add_statements(mini, mine)
    add_source(mini, "source-901", theirs)
    assert rule_conflicts(mini) == []


def test_denying_the_parent_against_asserting_the_child(mini: dict[str, Path]) -> None:
    denial = statement("s900-no-memory-effect", "semax", "hasEffect", "object: memory",
                       "{species: human}").replace("hedging: asserted", "hedging: asserted\n    negated: true")
    add_entities(mini, RELATED)
    add_statements(mini, denial)
    add_source(mini, "source-901", effect("s901-consolidation-up", "memory-consolidation", "increased"))
    assert rule_conflicts(mini) == [
        ("related-negation", "genuine", ("s900-no-memory-effect", "s901-consolidation-up"), "related_nodes"),
    ]


def test_denying_the_child_against_asserting_the_parent_is_no_conflict(mini: dict[str, Path]) -> None:
    # "no effect on consolidation" and "better memory" can both hold: memory has other parts
    denial = statement("s900-no-consolidation-effect", "semax", "hasEffect", "object: memory-consolidation",
                       "{species: human}").replace("hedging: asserted", "hedging: asserted\n    negated: true")
    add_entities(mini, RELATED)
    add_statements(mini, denial)
    add_source(mini, "source-901", effect("s901-memory-up", "memory", "increased"))
    assert rule_conflicts(mini) == []


def test_related_nodes_rule_needs_two_sources(mini: dict[str, Path]) -> None:
    add_entities(mini, RELATED)
    add_statements(mini, effect("s900-memory-up", "memory", "increased"),
                   effect("s900-consolidation-flat", "memory-consolidation", "unchanged"))
    assert rule_conflicts(mini) == []


# -- reference year against the year inside its DOI ------------------------------------------

REFERENCE = """\
  references:
    - number: 1
      authors: A. Author et al.
      year: {year}
      doi: "10.1016/j.npep.2020.102114"
      doi_shown: printed
      study: rat-study
      locator: {{start: 43, end: 86}}
"""


def with_reference(mini: dict[str, Path], year: int, *statements: str) -> None:
    path = mini["statements"] / "source-900.yaml"
    text = path.read_text(encoding="utf-8").replace("statements:\n", REFERENCE.format(year=year)
                                                    + "statements:\n", 1)
    path.write_text(text + "".join(statements), encoding="utf-8")


def year_claim(year: int) -> str:
    return statement("s900-year", "rat-study", "hasPublicationYear", f"value: {year}")


DOI_CLAIM = statement("s900-doi", "rat-study", "printedDOI", 'value: "10.1016/j.npep.2020.102114"')


@pytest.mark.parametrize(("year", "status"), [(2021, "apparent"), (2023, "genuine"), (2020, None)])
def test_reference_year_against_its_doi(mini: dict[str, Path], year: int, status: str | None) -> None:
    with_reference(mini, year, year_claim(year), DOI_CLAIM)
    expected = [("reference-year-vs-doi", status, ("s900-doi", "s900-year"), "year_vs_identifier")]
    assert rule_conflicts(mini) == (expected if status else [])


def test_reference_year_needs_both_sides_as_claims(mini: dict[str, Path]) -> None:
    with_reference(mini, 2021, year_claim(2021))  # the DOI is not stated as a claim
    assert rule_conflicts(mini) == []


# -- the shapes: a second line of defence behind the statement checks ------------------------

SHAPE_DATA = """\
@prefix sxo: <https://w3id.org/semaxkg/ontology/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@base <https://w3id.org/semaxkg/id/> .
<outcome/child> a sxo:Outcome ; rdfs:label "child" ; skos:broader <outcome/parent> .
<outcome/parent> a sxo:Outcome ; rdfs:label "parent" .
"""


@pytest.mark.parametrize(("extra", "message"), [
    ("", None),
    ("<outcome/child> skos:broader <http://example.org/stranger> .\n", "A broader concept must be"),
    ("<mechanism/m> a sxo:Mechanism ; rdfs:label \"m\" ; sxo:involvesMolecule <outcome/parent> , "
     "<outcome/child> .\n", "A mechanism names at most one molecule"),
    ("<conflict/c> a sxo:Conflict ; sxo:conflictBasis sxo:genuine .\n", "at most one basis, from the controlled"),
])
def test_shapes_check_entity_links_and_conflict_basis(extra: str, message: str | None) -> None:
    data = Graph().parse(data=SHAPE_DATA + extra, format="turtle")
    data += load_ontology()
    shapes = Graph().parse(current_project().shapes_dir / "semaxkg-shapes.ttl", format="turtle")
    conforms, _report, text = pyshacl.validate(data, shacl_graph=shapes, advanced=True)
    if message is None:
        # the tiny graph breaks other shapes (no passages, no claims); none of ours may fire
        assert "broader concept" not in text and "basis" not in text
    else:
        assert not conforms
        assert message in text
