"""Facts as data (issue 12): the structured forms of what used to sit in strings, and the study
node that carries only the curated record. Exact triples from the built graph, the mini corpus
for located errors, and the shapes for what must never appear."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from pyshacl import validate as shacl_validate
from rdflib import RDFS, XSD, Dataset, Literal, URIRef

from semaxkg.build.convert import convert
from semaxkg.build.corpus import load_corpus
from semaxkg.build.pipeline import data_graph, load_shapes
from semaxkg.build.vocab import default_vocabulary, load_ontology
from semaxkg.cli import main
from semaxkg.errors import InputError
from semaxkg.rdf.namespaces import ID, SXO, person_iri

ROOT = Path(__file__).resolve().parents[1]
STATEMENTS = ROOT / "data" / "statements"


@cache
def full() -> Dataset:
    vocab = default_vocabulary()
    ds = convert(load_corpus(STATEMENTS, vocab), vocab, load_ontology()).dataset
    ds.default_union = True  # look across the named graphs
    return ds


def claim(ident: str) -> URIRef:
    return ID[f"claim/{ident}"]


def objects(s: URIRef, p: URIRef) -> set[object]:
    return set(full().objects(s, p))


# -- the curated record and the sources' accounts apart (must-deliver 8) ----------------------


def test_kaplan_1996_sample_size_16_beside_18_is_record_and_claim_not_two_properties() -> None:
    """The request: the study node showed sampleSize 16 beside hasSampleSize 18."""
    study = ID["study/kaplan-1996"]
    assert objects(study, SXO.sampleSize) == {Literal(16, datatype=XSD.integer)}
    for prop in (SXO.hasSampleSize, SXO.hasPublicationYear, SXO.studiedPopulation,
                 SXO.hasStudyDesign, SXO.studiedSpecies):
        assert list(full().triples((None, prop, None))) == [], prop
    said = {c for c in full().subjects(SXO.claimSubject, study)
            if (c, SXO.claimPredicate, SXO.hasSampleSize) in full()}
    assert {next(iter(objects(c, SXO.claimValue))) for c in said} == {Literal(18, datatype=XSD.integer)}


def test_shapes_reject_a_source_account_on_the_study_node_and_kindless_limitations() -> None:
    g = data_graph(full())
    g.add((ID["study/kaplan-1996"], SXO.hasSampleSize, Literal(18, datatype=XSD.integer)))
    g.remove((claim("s001-limit-small-human-trials"), SXO.limitationKind, None))
    g.add((claim("s001-noopept-keydiff"), SXO.limitationKind, SXO["limitation-small-samples"]))
    conforms, _report, text = shacl_validate(g, shacl_graph=load_shapes(), ont_graph=load_ontology(),
                                             inference="none", advanced=True)
    assert not conforms
    assert str(text).count("Constraint Violation") == 3
    assert "A source's sample size for a study is a claim" in str(text)
    assert (f"Claim {claim('s001-limit-small-human-trials')} names an evidence limitation without its kind"
            in str(text))
    assert f"Claim {claim('s001-noopept-keydiff')} has a limitation kind but is not" in str(text)


# -- limitations, comparisons, emphasis (must-deliver 5) --------------------------------------


def test_limitation_kinds_and_numbers() -> None:
    small = claim("s001-limit-small-human-trials")
    assert objects(small, SXO.limitationKind) == {SXO["limitation-small-samples"]}
    (qty,) = objects(small, SXO.hasQuantity)
    assert qty == ID["claim/s001-limit-small-human-trials/quantity-1"]
    assert isinstance(qty, URIRef)
    assert objects(qty, SXO.quantityValue) == {Literal(Decimal("50.0"), datatype=XSD.decimal)}
    assert objects(qty, SXO.quantityUnit) == {SXO["unit-participant"]}
    assert objects(qty, SXO.quantityBound) == {SXO["bound-less-than"]}
    assert objects(qty, SXO.quantityKind) == {SXO["measures-sample-size"]}
    assert objects(qty, RDFS.label) == {Literal("fewer than 50 participants (sample size)", lang="en")}
    pubmed = claim("s001-limit-not-indexed-pubmed")
    assert objects(pubmed, SXO.namesDatabase) == {ID["database/pubmed"]}
    every = set(full().subjects(SXO.claimPredicate, SXO.hasEvidenceLimitation))
    assert len(every) == 28
    assert all(objects(c, SXO.limitationKind) for c in every)


def test_compared_compounds_route_indication_and_human_data() -> None:
    assert objects(claim("s001-cerebrolysin-keydiff"), SXO.route) == {SXO["route-intravenous"]}
    assert objects(claim("s001-noopept-keydiff"), SXO.route) == {SXO["route-oral"]}
    assert objects(claim("s001-cerebrolysin-evidence-base"), SXO.indication) == {ID["condition/stroke"]}
    assert objects(claim("s001-cerebrolysin-evidence-base"), SXO.humanDataStatus) == {
        SXO["human-data-randomised-trials"]}
    assert objects(claim("s001-p21-keydiff"), SXO.humanDataStatus) == {SXO["human-data-none"]}


def test_emphasis_as_codes() -> None:
    # issue 12: the BDNF mechanism claim was merged into the expression claim (one fact, one claim)
    assert objects(claim("s001-semax-bdnf-expression-animal"), SXO.emphasis) == {
        SXO["emphasis-primary"], SXO["emphasis-most-replicated"], SXO["emphasis-marked"]}
    assert objects(claim("s001-semax-dopaminergic-secondary"), SXO.emphasis) == {SXO["emphasis-secondary"]}


# -- authors, affiliations, identifiers, references (must-deliver 5 and 6) --------------------


def test_person_iri_is_a_slug_of_the_name() -> None:
    assert person_iri("Gusev EI") == ID["person/gusev-ei"]
    assert person_iri("Glazova NYu") == ID["person/glazova-nyu"]
    assert person_iri("  ") == ID["person/unnamed"]


def test_authors_as_a_list_with_the_first_author() -> None:
    study = ID["study/gusev-1997"]
    assert objects(study, SXO.firstAuthor) == {ID["person/gusev-ei"]}
    assert objects(study, SXO.authorListComplete) == {Literal(False)}
    (node,) = objects(study, SXO.hasAuthorship)
    assert isinstance(node, URIRef)
    assert objects(node, SXO.authorPosition) == {Literal(1, datatype=XSD.integer)}
    assert objects(node, SXO.author) == {ID["person/gusev-ei"]}
    ref3 = ID["source/source-002/reference-3"]
    assert objects(ref3, SXO.firstAuthor) == {ID["person/glazova-nyu"]}


def test_source_author_affiliation_is_an_organisation() -> None:
    doc = ID["source/source-002"]
    (person,) = objects(doc, SXO.hasAuthor)
    assert person == ID["person/johnathon-anderson"]
    assert objects(person, SXO.affiliation) == {ID["organization/uc-davis-school-of-medicine"]}
    assert objects(person, SXO.academicDegree) == {Literal("PhD")}


def test_identifiers_as_plain_literals_beside_the_links() -> None:
    study = ID["study/medvedeva-2014"]
    assert objects(study, SXO.pmid) == {Literal("24661604")}
    assert objects(study, SXO.doiValue) == {Literal("10.1186/1471-2164-15-228")}
    assert objects(study, SXO.pubmed) == {URIRef("https://pubmed.ncbi.nlm.nih.gov/24661604/")}


def test_printed_pmid_told_apart_from_a_bare_link() -> None:
    ref = "source/source-002/reference-"
    assert objects(ID[ref + "4"], SXO.pmidPresentation) == {SXO["identifier-printed"]}
    assert objects(ID[ref + "9"], SXO.pmidPresentation) == {SXO["identifier-in-link"]}
    assert objects(ID[ref + "2"], SXO.doiPresentation) == {SXO["identifier-in-link"]}


def test_reference_2_title_is_kept_as_its_span() -> None:
    ref2 = ID["source/source-002/reference-2"]
    assert objects(ref2, SXO.title) == set()
    assert objects(ref2, SXO.titleWithheld) == {Literal(True)}
    (passage,) = objects(ref2, SXO.titlePassage)
    sel = URIRef(f"{passage}/selector")
    start = int(next(iter(objects(sel, URIRef("http://www.w3.org/ns/oa#start")))).toPython())
    end = int(next(iter(objects(sel, URIRef("http://www.w3.org/ns/oa#end")))).toPython())
    source = ROOT.parent / "shared" / "sources" / "002_3e1b47201ccb6f8b.txt"
    if not source.is_file():
        pytest.skip("the shared source texts are not present")
    title = source.read_text(encoding="utf-8")[start:end]
    assert title.startswith("The peptide Semax") and title.endswith("analysis.")


def test_what_cited_studies_examined_links_entities() -> None:
    study = ID["study/agapova-2008"]
    assert objects(study, SXO.examinedExposure) == {ID["compound/semax"]}
    assert objects(study, SXO.examinedAnatomy) == {ID["anatomy/hippocampus"], ID["anatomy/frontal-cortex"]}
    assert objects(study, SXO.examinedOutcome) == {ID["target/bdnf"], ID["target/ngf"]}
    assert objects(ID["study/ivanov-2017"], SXO.examinedCondition) == {ID["condition/chronic-stress"]}


# -- located errors on bad input -------------------------------------------------------------

LIMITATION = """\
  - id: s900-limit
    subject: semax
    predicate: hasEvidenceLimitation
    value: few rat studies so far
    hedging: asserted
{qualifiers}    locators:
      - {{start: 43, end: 86}}
    terms: [rats]
    text: Only rat work backs the peptide so far.
"""


def _with_limitation(mini: dict[str, Path], qualifiers: str) -> Path:
    path = mini["statements"] / "source-900.yaml"
    path.write_text(path.read_text(encoding="utf-8") + LIMITATION.format(qualifiers=qualifiers),
                    encoding="utf-8")
    return path


def test_limitation_without_kind_is_a_located_error(mini: dict[str, Path]) -> None:
    path = _with_limitation(mini, "")
    with pytest.raises(InputError) as err:
        load_corpus(mini["statements"], default_vocabulary())
    (problem,) = err.value.problems
    line = path.read_text(encoding="utf-8").splitlines().index("  - id: s900-limit") + 1
    assert (problem.location.path, problem.location.line) == (str(path), line)
    assert "names an evidence limitation but not its kind" in problem.message
    assert "limitation: [<code>]" in problem.fix


def test_unknown_unit_and_database_of_another_kind_are_reported(mini: dict[str, Path]) -> None:
    _with_limitation(mini, "    qualifiers:\n      limitation: [small_samples]\n"
                           "      quantities: [{value: 5, unit: parsec, measures: sample_size}]\n      databases: [bdnf]\n")
    with pytest.raises(InputError) as err:
        load_corpus(mini["statements"], default_vocabulary())
    messages = sorted(p.message for p in err.value.problems)
    assert messages == ["database 'bdnf' is a target", "unknown unit 'parsec'"]


def test_bad_limitation_kind_exits_2(mini: dict[str, Path]) -> None:
    _with_limitation(mini, "    qualifiers:\n      limitation: [vibes]\n")
    assert main(["validate", "--no-reasoner", "--statements", str(mini["statements"])]) == 2


def test_reference_journal_volume_issue_pages_and_unprinted_journal() -> None:
    ref4, ref5 = ID["source/source-002/reference-4"], ID["source/source-002/reference-5"]
    assert objects(ref4, SXO.journalName) == {Literal("Bull Exp Biol Med")}
    assert (objects(ref4, SXO.volume), objects(ref4, SXO.issue), objects(ref4, SXO.pages)) == (
        {Literal("152")}, {Literal("5")}, {Literal("560-3")})
    assert objects(ref4, SXO.journalPrinted) == {Literal(True)}
    assert objects(ref5, SXO.journalName) == set()
    assert objects(ref5, SXO.journalPrinted) == {Literal(False)}
    assert objects(ref5, SXO.volume) == {Literal("97")}
