"""The SHACL shapes' SPARQL constraints: each finds exactly its violations, and nothing else.

The negated-claim constraint was reordered for speed (its plain-triple pattern now comes before
the UNION of claimObject and claimValue); these tests pin what it finds through both branches.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate as shacl_validate
from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SH

from semaxkg.build.convert import convert
from semaxkg.build.corpus import load_corpus
from semaxkg.build.pipeline import data_graph, load_shapes
from semaxkg.build.vocab import default_vocabulary, load_ontology
from semaxkg.rdf.namespaces import GRAPH, ID, OA, SXO

DOC = ID["source/source-900"]
NEGATED = ID["claim/s900-not-bdnf-direct"]
SEMAX = ID["compound/semax"]
BDNF = ID["target/bdnf"]
SOURCE_GRAPH = GRAPH["source-900"]


def _dataset(statements: Path) -> Dataset:
    vocab = default_vocabulary()
    return convert(load_corpus(statements, vocab), vocab, load_ontology()).dataset


def _sparql_results(ds: Dataset) -> set[tuple[URIRef, URIRef, str]]:
    """(focus node, value, message) of every result of a SPARQL-based constraint."""
    ontology = load_ontology()
    _conforms, report, _text = shacl_validate(
        data_graph(ds), shacl_graph=load_shapes(), ont_graph=ontology, inference="none",
        advanced=True, allow_warnings=False)
    assert isinstance(report, Graph)
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if report.value(result, SH.sourceConstraintComponent) != SH.SPARQLConstraintComponent:
            continue
        focus, value = report.value(result, SH.focusNode), report.value(result, SH.value)
        assert isinstance(focus, URIRef) and isinstance(value, URIRef)
        found.add((focus, value, str(report.value(result, SH.resultMessage))))
    return found


def _negated_message(claim: URIRef) -> str:
    return f"Claim {claim} is negated, so its plain triple must not be asserted."


def test_the_mini_corpus_breaks_no_sparql_constraint(mini: dict[str, Path]) -> None:
    assert _sparql_results(_dataset(mini["statements"])) == set()


def test_asserting_what_a_claim_negates_is_one_violation(mini: dict[str, Path]) -> None:
    ds = _dataset(mini["statements"])
    predicate = ds.graph(SOURCE_GRAPH).value(NEGATED, SXO.claimPredicate)
    assert predicate is not None
    ds.graph(SOURCE_GRAPH).add((SEMAX, predicate, BDNF))  # the plain triple, asserted
    assert _sparql_results(ds) == {(DOC, NEGATED, _negated_message(NEGATED))}


def test_a_negated_claim_with_a_value_is_checked_too(mini: dict[str, Path]) -> None:
    """The claimValue branch of the UNION: a literal object, asserted beside the negation."""
    ds = _dataset(mini["statements"])
    graph = ds.graph(SOURCE_GRAPH)
    predicate = graph.value(NEGATED, SXO.claimPredicate)
    assert predicate is not None
    graph.remove((NEGATED, SXO.claimObject, None))
    graph.add((NEGATED, SXO.claimValue, Literal("7 days")))
    assert _sparql_results(ds) == set()  # not asserted: no violation
    graph.add((SEMAX, predicate, Literal("7 days")))
    assert _sparql_results(ds) == {(DOC, NEGATED, _negated_message(NEGATED))}


def test_a_different_object_is_not_the_negated_triple(mini: dict[str, Path]) -> None:
    ds = _dataset(mini["statements"])
    predicate = ds.graph(SOURCE_GRAPH).value(NEGATED, SXO.claimPredicate)
    assert predicate is not None
    ds.graph(SOURCE_GRAPH).add((SEMAX, predicate, ID["target/some-other-target"]))
    assert _sparql_results(ds) == set()


@pytest.mark.parametrize("beyond", [1, 500])
def test_a_passage_ending_past_the_text_is_one_violation(mini: dict[str, Path], beyond: int) -> None:
    ds = _dataset(mini["statements"])
    graph = ds.graph(SOURCE_GRAPH)
    length = graph.value(DOC, SXO.textLength)
    assert isinstance(length, Literal)
    passage = next(p for p in graph.subjects(OA.hasSource, DOC))
    selector = graph.value(passage, OA.hasSelector)
    assert selector is not None
    end = int(length.toPython()) + beyond
    graph.set((selector, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
    assert isinstance(passage, URIRef)
    assert _sparql_results(ds) == {(DOC, passage, (
        f"Passage {passage} ends at {end}, beyond the document's recorded length of "
        f"{length} characters."))}
