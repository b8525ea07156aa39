"""The converter: exact triples, the plain triple, negation, provenance, derived evidence."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, XSD, Literal, URIRef

from semaxkg.build.convert import convert
from semaxkg.build.corpus import load_corpus
from semaxkg.build.vocab import default_vocabulary, load_ontology
from semaxkg.rdf.namespaces import GRAPH, ID, OA, PROV, SXO

CLAIM = ID["claim/s900-bdnf"]
SEMAX = ID["compound/semax"]
BDNF = ID["target/bdnf"]
DOC = ID["source/source-900"]


def dataset(statements: Path):  # type: ignore[no-untyped-def]
    vocab = default_vocabulary()
    return convert(load_corpus(statements, vocab), vocab, load_ontology()).dataset


def test_claim_resource_and_plain_triple(mini: dict[str, Path]) -> None:
    g = dataset(mini["statements"]).graph(GRAPH["source-900"])
    assert (SEMAX, SXO.affects, BDNF) in g
    expected = {
        (CLAIM, RDF.type, SXO.Claim),
        (CLAIM, SXO.claimSubject, SEMAX),
        (CLAIM, SXO.claimPredicate, SXO.affects),
        (CLAIM, SXO.claimObject, BDNF),
        (CLAIM, SXO.direction, SXO.increased),
        (CLAIM, SXO.aspect, SXO.level),
        (CLAIM, SXO.anatomicalContext, ID["anatomy/hippocampus"]),
        (CLAIM, SXO.supportingStudy, ID["study/rat-study"]),
        (CLAIM, PROV.wasQuotedFrom, DOC),
        (CLAIM, PROV.hadPrimarySource, ID["study/rat-study"]),
        (CLAIM, SXO.hedging, SXO["hedging-asserted"]),
        (CLAIM, SXO.hasClaimKind, SXO["kind-mechanism"]),
        (CLAIM, SXO.evidenceLevel, SXO["level-animal"]),
        (CLAIM, SXO.evidenceRule, Literal("animal-study")),
        (CLAIM, SXO.supportKind, SXO["support-cited"]),
        (CLAIM, SXO.studySupport, SXO["study-supports"]),
        (CLAIM, SXO.gradedByStudy, ID["study/rat-study"]),
        (CLAIM, SXO.commercialSupportOnly, Literal(True)),
        (CLAIM, SXO.hasPassage, URIRef(f"{CLAIM}/passage-1")),
    }
    assert expected <= set(g)


def test_passage_is_a_web_annotation_with_offsets_and_section(mini: dict[str, Path]) -> None:
    g = dataset(mini["statements"]).graph(GRAPH["source-900"])
    passage = URIRef(f"{CLAIM}/passage-1")
    selector = URIRef(f"{passage}/selector")
    assert set(g.triples((selector, None, None))) == {
        (selector, RDF.type, OA.TextPositionSelector),
        (selector, OA.start, Literal(43, datatype=XSD.nonNegativeInteger)),
        (selector, OA.end, Literal(86, datatype=XSD.nonNegativeInteger)),
    }
    assert (passage, OA.hasSource, DOC) in g
    assert (passage, RDF.type, OA.SpecificResource) in g
    assert (passage, SXO.section, Literal("Intro")) in g


def test_negated_claim_is_kept_but_not_asserted(mini: dict[str, Path]) -> None:
    g = dataset(mini["statements"]).graph(GRAPH["source-900"])
    claim = ID["claim/s900-not-bdnf-direct"]
    assert (claim, SXO.negated, Literal(True)) in g
    assert (claim, SXO.claimPredicate, SXO.bindsTo) in g
    assert (SEMAX, SXO.bindsTo, BDNF) not in g


def test_source_records_checksum_length_and_commercial_interest(mini: dict[str, Path]) -> None:
    g = dataset(mini["statements"]).graph(GRAPH["source-900"])
    text = (mini["sources"] / "mini.txt").read_text(encoding="utf-8")
    import hashlib

    assert (DOC, SXO.sha256, Literal(hashlib.sha256(text.encode()).hexdigest())) in g
    assert (DOC, SXO.textLength, Literal(len(text), datatype=XSD.nonNegativeInteger)) in g
    assert (DOC, SXO.commercialInterest, Literal(True)) in g
    assert (DOC, SXO.disclosesCommercialInterest, Literal(False)) in g
    assert (DOC, SXO.authorStated, Literal(False)) in g


def test_evidence_levels_follow_the_study_design(mini: dict[str, Path]) -> None:
    g = dataset(mini["statements"]).graph(GRAPH["source-900"])
    assert (ID["claim/s900-anxiety"], SXO.evidenceLevel, SXO["level-anecdote"]) in g
    assert (ID["claim/s900-derived"], SXO.evidenceLevel, SXO["level-none"]) in g
    # Correcting the study's design re-grades every claim that cites it.
    ents = mini["statements"] / "entities.yaml"
    ents.write_text(ents.read_text().replace(
        "    design: [animal]\n    species: rat\n",
        "    design: [clinical, randomised, double_blind, placebo_controlled]\n    species: human\n"
        "    sample_size: 120\n"))
    g = dataset(mini["statements"]).graph(GRAPH["source-900"])
    assert (CLAIM, SXO.evidenceLevel, SXO["level-human-rct"]) in g
    assert (CLAIM, SXO.evidenceLevel, SXO["level-animal"]) not in g


def test_rule_finds_conflicting_fragments_between_sources(mini: dict[str, Path]) -> None:
    other = mini["statements"] / "source-901.yaml"
    text = (mini["statements"] / "source-900.yaml").read_text()
    text = text.replace("source-900", "source-901").replace("s900-", "s901-").replace('"4-10"', '"4-7"')
    other.write_text(text)
    ds = dataset(mini["statements"])
    g = ds.graph(GRAPH["conflicts"])
    a, b = ID["claim/s900-derived"], ID["claim/s901-derived"]
    conflicts = {c for c in g.subjects(SXO.involvesClaim, a) if (c, SXO.involvesClaim, b) in g}
    assert len(conflicts) == 1
    (c,) = conflicts
    assert (c, SXO.conflictKind, SXO["between-sources"]) in g
    assert (c, SXO.detectedBy, Literal("incompatible-value")) in g
    assert (a, SXO.conflictsWith, b) in g and (b, SXO.conflictsWith, a) in g


def test_entity_mapping_keeps_its_verification_status(mini: dict[str, Path]) -> None:
    g = dataset(mini["statements"]).graph(GRAPH["entities"])
    wikidata = URIRef("http://www.wikidata.org/entity/Q4415058")
    from rdflib.namespace import SKOS

    assert (SEMAX, SKOS.exactMatch, wikidata) in g
    mapping = URIRef(f"{SEMAX}/mapping-1")
    assert (mapping, SXO.mappedTo, wikidata) in g
    assert (mapping, SXO.identifierStatus, SXO["id-secondary"]) in g


def test_negation_is_a_polarity_beside_the_hedging(mini: dict[str, Path]) -> None:
    # Issue 12: a denial keeps the hedging of its wording ("does not appear to": suggested).
    path = mini["statements"] / "source-900.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    hedging: asserted\n    negated: true\n",
                                 "    hedging: suggested\n    negated: true\n"), encoding="utf-8")
    g = dataset(mini["statements"]).graph(GRAPH["source-900"])
    claim = ID["claim/s900-not-bdnf-direct"]
    assert (claim, SXO.negated, Literal(True)) in g
    assert (claim, SXO.hedging, SXO["hedging-suggested"]) in g
    assert (SEMAX, SXO.bindsTo, BDNF) not in g
    assert (ID["claim/s900-bdnf"], SXO.negated, None) not in g


def test_support_subject_qualifiers_and_explanandum(mini: dict[str, Path]) -> None:
    path = mini["statements"] / "source-900.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("qualifiers: {direction: increased, aspect: level, anatomy: hippocampus, study: rat-study}",
                        "qualifiers: {subject_direction: increased, subject_aspect: level, anatomy: hippocampus,"
                        " study: rat-study}\n    citation_marker: true\n    explains: [increased-anxiety]")
    path.write_text(text, encoding="utf-8")
    g = dataset(mini["statements"]).graph(GRAPH["source-900"])
    assert {(p, o) for p, o in g.predicate_objects(CLAIM)} >= {
        (SXO.subjectDirection, SXO.increased), (SXO.subjectAspect, SXO.level),
        (SXO.explains, ID["outcome/increased-anxiety"]),
        # A bare mark: the curators chose the study, so it is context and grades nothing.
        (SXO.supportKind, SXO["support-cited"]), (SXO.contextStudy, ID["study/rat-study"]),
        (SXO.evidenceLevel, SXO["level-cited-unspecified"]),
    }
    assert (CLAIM, SXO.gradedByStudy, None) not in g
    assert (CLAIM, SXO.direction, None) not in g


def test_a_conflict_saying_the_study_does_not_address_the_claim_regrades_it(mini: dict[str, Path]) -> None:
    (mini["statements"] / "conflicts.yaml").write_text(
        "conflicts:\n"
        "  - id: rat-study-is-about-something-else\n"
        "    kind: source_vs_cited_paper\n"
        "    status: genuine\n"
        "    claims: [s900-bdnf]\n"
        "    study: rat-study\n"
        "    study_support: does_not_address\n"
        "    record_says: The rat study measured something else.\n"
        "    note: The page credits the rat study with a finding it does not report.\n", encoding="utf-8")
    g = dataset(mini["statements"]).graph(GRAPH["source-900"])
    assert (CLAIM, SXO.studySupport, SXO["study-does-not-address"]) in g
    assert (CLAIM, SXO.evidenceLevel, SXO["level-cited-not-supported"]) in g
    assert (CLAIM, SXO.evidenceRule, Literal("cited-study-does-not-support")) in g
    assert (CLAIM, SXO.gradedByStudy, None) not in g
