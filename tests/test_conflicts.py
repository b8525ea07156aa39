"""Conflict rules and curated conflicts: the species hierarchy, one conflict per (study, field,
stated value), and conflicts against an external reference record.

Regressions (issue 3): "rodent" for a rat study was reported as a contradiction (and papered
over in conflicts.yaml); every claim carrying a wrong sample size got a conflict of its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import SKOS

from semaxkg.build.conflicts import Found, _auto_id, find_conflicts
from semaxkg.build.convert import convert
from semaxkg.build.corpus import Corpus, load_corpus
from semaxkg.build.pipeline import check_graph
from semaxkg.build.vocab import default_vocabulary, load_ontology
from semaxkg.errors import InputError, NotConformingError
from semaxkg.rdf.namespaces import GRAPH, ID, PROV, SXO

HUMAN_TRIAL = """\
  - id: human-trial
    label: A small human trial
    design: [clinical, double_blind, parallel_group]
    species: human
    sample_size: 16
    identifier_status: U
"""

RECORDS = """\
records:
  - id: notes
    label: Project reference notes
    identifier: shared/reference/notes.md
    url: https://example.org/notes
    note: Our notes on identifiers.
"""


def statement(ident: str, subject: str, predicate: str, target: str, qualifiers: str = "{}") -> str:
    """One statement in the mini source's YAML layout (``target`` is 'object: …' or 'value: …')."""
    return f"""\
  - id: {ident}
    subject: {subject}
    predicate: {predicate}
    {target}
    hedging: asserted
    qualifiers: {qualifiers}
    locators:
      - {{start: 43, end: 86}}
    terms: [BDNF]
    text: A paraphrase of what the page says here.
"""


def add_statements(mini: dict[str, Path], *statements: str) -> None:
    path = mini["statements"] / "source-900.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "".join(statements), encoding="utf-8")


def add_source(mini: dict[str, Path], source_id: str, *statements: str) -> None:
    """A second source with the mini source's text and metadata and only ``statements``."""
    text = (mini["statements"] / "source-900.yaml").read_text(encoding="utf-8")
    head = text[: text.index("statements:\n")].replace("source-900", source_id)
    (mini["statements"] / f"{source_id}.yaml").write_text(head + "statements:\n" + "".join(statements),
                                                          encoding="utf-8")


def add_study(mini: dict[str, Path], study: str) -> None:
    path = mini["statements"] / "entities.yaml"
    path.write_text(path.read_text(encoding="utf-8") + study, encoding="utf-8")


def load(mini: dict[str, Path]) -> Corpus:
    return load_corpus(mini["statements"], default_vocabulary(), display_root=mini["statements"])


def study_record_conflicts(mini: dict[str, Path]) -> list[Found]:
    return [f for f in find_conflicts(load(mini), default_vocabulary()) if f.rule == "study-record"]


# -- the species hierarchy ---------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("rat", "rat", True),
    ("rat", "rodent", True),
    ("rodent", "rat", True),
    ("mouse", "rodent", True),
    ("rat", "animal", True),
    ("animal", "mouse", True),
    ("rat", "mouse", False),
    ("human", "animal", False),
    ("human", "rodent", False),
    ("cells", "animal", False),
    ("not_stated", "rat", False),
])
def test_species_compatibility_follows_skos_broader(a: str, b: str, expected: bool) -> None:
    assert default_vocabulary().compatible(SXO.Organism, a, b) is expected


def test_the_hierarchy_is_in_the_ontology() -> None:
    g = load_ontology()
    assert set(g.subject_objects(SKOS.broader)) == {
        (SXO.rat, SXO.rodent), (SXO.mouse, SXO.rodent), (SXO.rodent, SXO.animal)}


@pytest.mark.parametrize("said", ["rat", "rodent", "animal"])
def test_a_broader_species_is_no_conflict_with_a_rat_study(mini: dict[str, Path], said: str) -> None:
    add_statements(mini, statement("s900-species", "rat-study", "studiedSpecies", f"object: {said}"))
    assert study_record_conflicts(mini) == []


@pytest.mark.parametrize("said", ["mouse", "human", "cells"])
def test_an_incompatible_species_is_a_conflict(mini: dict[str, Path], said: str) -> None:
    add_statements(mini, statement("s900-species", "rat-study", "studiedSpecies", f"object: {said}"))
    assert study_record_conflicts(mini) == [Found(
        _auto_id("study-record", ("rat-study", "species", said)), "source_vs_cited_paper", "genuine",
        ("s900-species",), "study-record",
        f"1 claim gives the study's species as {said}; the study's record differs.",
        "rat-study", f"Its record gives the species as rat, not {said}.")]


# -- one conflict per (study, field, stated value) ----------------------------------------------


def test_claims_stating_the_same_wrong_size_share_one_conflict(mini: dict[str, Path]) -> None:
    add_study(mini, HUMAN_TRIAL)
    effect = "object: increased-anxiety"
    add_statements(
        mini,
        statement("s900-trial-a", "semax", "hasAdverseEffect", effect, "{study: human-trial, sample_size: 18}"),
        statement("s900-trial-size", "human-trial", "hasSampleSize", "value: 18"),
        statement("s900-trial-b", "semax", "hasAdverseEffect", effect, "{study: human-trial, sample_size: 20}"),
        statement("s900-trial-right", "semax", "hasAdverseEffect", effect,
                  "{study: human-trial, sample_size: 16}"),
    )
    add_source(mini, "source-901",
               statement("s901-trial", "semax", "hasAdverseEffect", effect,
                         "{study: human-trial, sample_size: 18}"))
    assert set(study_record_conflicts(mini)) == {
        Found(_auto_id("study-record", ("human-trial", "sample size", "18")), "source_vs_cited_paper",
              "genuine", ("s900-trial-a", "s900-trial-size", "s901-trial"), "study-record",
              "3 claims give the study's sample size as 18; the study's record differs.",
              "human-trial", "Its record gives 16 participants, not 18."),
        Found(_auto_id("study-record", ("human-trial", "sample size", "20")), "source_vs_cited_paper",
              "genuine", ("s900-trial-b",), "study-record",
              "1 claim gives the study's sample size as 20; the study's record differs.",
              "human-trial", "Its record gives 16 participants, not 20."),
    }


def test_design_and_size_of_one_study_are_separate_conflicts(mini: dict[str, Path]) -> None:
    add_study(mini, HUMAN_TRIAL)
    add_statements(
        mini,
        statement("s900-design", "human-trial", "hasStudyDesign", "object: crossover"),
        statement("s900-size", "human-trial", "hasSampleSize", "value: 18"),
        statement("s900-design-ok", "human-trial", "hasStudyDesign", "object: double_blind"),
    )
    found = {(f.claims, f.record_says) for f in study_record_conflicts(mini)}
    assert found == {
        (("s900-design",), "Its record gives the design as clinical, double_blind, parallel_group, "
                           "not crossover."),
        (("s900-size",), "Its record gives 16 participants, not 18."),
    }


# -- conflicts against an external reference record --------------------------------------------


def record_conflict(kind: str = "source_vs_reference_record", extra: str = "    record: notes\n") -> str:
    return (
        RECORDS
        + "conflicts:\n"
        + "  - id: rec-conflict\n"
        + f"    kind: {kind}\n"
        + "    status: apparent\n"
        + "    claims: [s900-bdnf]\n"
        + extra
        + "    note: The record reports a different mode of action.\n"
    )


FULL = ("    record: notes\n    record_part: section 2\n    record_mechanism: antagonism\n"
        "    record_says: The notes report antagonism.\n")


def test_a_reference_record_conflict_becomes_exact_triples(mini: dict[str, Path]) -> None:
    (mini["statements"] / "conflicts.yaml").write_text(record_conflict(extra=FULL), encoding="utf-8")
    vocab = default_vocabulary()
    g = convert(load(mini), vocab, load_ontology()).dataset.graph(GRAPH["conflicts"])
    conflict, record, claim = ID["conflict/rec-conflict"], ID["record/notes"], ID["claim/s900-bdnf"]
    assert set(g.triples((record, None, None))) == {
        (record, RDF.type, SXO.ReferenceRecord),
        (record, RDF.type, PROV.Entity),
        (record, RDFS.label, Literal("Project reference notes", lang="en")),
        (record, SXO.recordIdentifier, Literal("shared/reference/notes.md")),
        (record, RDFS.seeAlso, URIRef("https://example.org/notes")),
        (record, SXO.note, Literal("Our notes on identifiers.")),
    }
    assert {
        (conflict, SXO.conflictKind, SXO["source-vs-reference-record"]),
        (conflict, SXO.involvesClaim, claim),
        (conflict, SXO.referenceRecord, record),
        (conflict, SXO.recordPart, Literal("section 2")),
        (conflict, SXO.recordMechanism, SXO["causal-antagonism"]),
        (conflict, SXO.recordSays, Literal("The notes report antagonism.")),
        (conflict, SXO.detectedBy, Literal("curator")),
    } <= set(g)
    # The record's side is not a claim: no claim is minted for it and nothing conflictsWith it.
    assert not list(g.triples((None, SXO.conflictsWith, None)))
    assert (None, RDF.type, SXO.Claim) not in g


def test_a_reference_record_conflict_conforms(mini: dict[str, Path]) -> None:
    (mini["statements"] / "conflicts.yaml").write_text(record_conflict(extra=FULL), encoding="utf-8")
    assert check_graph(load(mini), reasoner=False).conversion.dataset is not None


SHAPE_MESSAGE = ("rec-conflict: A conflict with a cited paper must name the study and what its record says, "
                 "one with a reference record must name the record and what it says (and no study); "
                 "any other conflict needs at least two claims.")


@pytest.mark.parametrize(("kind", "extra"), [
    ("source_vs_reference_record", "    record: notes\n"),  # says nothing about what the record says
    ("source_vs_reference_record", "    record_says: The notes disagree.\n"),  # names no record
    ("between_sources", FULL),  # a record on a conflict between claims
])
def test_record_conflicts_with_a_missing_side_do_not_conform(mini: dict[str, Path], kind: str,
                                                             extra: str) -> None:
    (mini["statements"] / "conflicts.yaml").write_text(record_conflict(kind, extra), encoding="utf-8")
    with pytest.raises(NotConformingError) as exc:
        check_graph(load(mini), reasoner=False)
    line = 1 + RECORDS.count("\n") + 1  # the line of "- id: rec-conflict"
    assert [str(p) for p in exc.value.problems] == [
        f"conflicts.yaml:{line}: {SHAPE_MESSAGE} (fix: correct the statement so the graph conforms)"]


@pytest.mark.parametrize(("extra", "message"), [
    ("    record: nope\n    record_says: x y z\n",
     "unknown reference record 'nope' (fix: define it under 'records:' or correct the id)"),
    ("    record_mechanism: antagonism\n    record_says: x y z\n",
     "'record_mechanism' describes a reference record, but the conflict names none "
     "(fix: add 'record: <record id>' or remove the field)"),
    ("    record: notes\n    record_mechanism: agonist\n    record_says: x y z\n",
     "unknown causal mechanism 'agonist' (did you mean 'agonism' or 'antagonism'?) "
         "(fix: use one of: agonism, antagonism, binding)"),
])
def test_bad_record_fields_are_located_input_errors(mini: dict[str, Path], extra: str, message: str) -> None:
    path = mini["statements"] / "conflicts.yaml"
    path.write_text(record_conflict(extra=extra), encoding="utf-8")
    field = extra.split(":")[0].strip() if "nope" not in extra else "record"
    needle = "agonist" if "agonist" in extra else field + ":"
    line = next(i for i, text in enumerate(path.read_text().splitlines(), start=1) if needle in text)
    with pytest.raises(InputError) as exc:
        load(mini)
    assert [str(p) for p in exc.value.problems] == [f"conflicts.yaml:{line}: {message}"]


# -- polarity apart from hedging (issue 12) ----------------------------------------------------


def test_a_hedged_denial_conflicts_with_an_assertion_and_the_note_gives_both_hedgings(
        mini: dict[str, Path]) -> None:
    # "does not appear to bind": suggested and negated; another page asserts the binding.
    denial = statement("s901-no-binding", "semax", "bindsTo", "object: bdnf").replace(
        "    hedging: asserted\n", "    hedging: suggested\n    negated: true\n")
    add_source(mini, "source-901", statement("s901-binds", "semax", "bindsTo", "object: bdnf"), denial)
    found = [f for f in find_conflicts(load(mini), default_vocabulary()) if f.rule == "negation"]
    # The mini source's own denial (asserted, negated) conflicts with the new assertion too.
    assert [(f.claims, f.kind, f.note) for f in found] == sorted([
        (("s900-not-bdnf-direct", "s901-binds"), "between_sources",
         "One claim affirms the relation (asserted) and the other denies it (asserted)."),
        (("s901-binds", "s901-no-binding"), "within_source",
         "One claim affirms the relation (asserted) and the other denies it (suggested)."),
    ], key=lambda t: _auto_id("negation", t[0]))


@pytest.mark.parametrize(("extra", "message"), [
    ("    record: notes\n    study_support: contradicts\n    record_says: x y z\n",
     "'study_support' says what a cited study's record says, but the conflict names no study "
     "(fix: add 'study: <study id>' or remove it)"),
    ("    study: rat-study\n    study_support: refutes\n    record_says: x y z\n",
     "unknown study support 'refutes' (fix: use one of: contradicts, does_not_address, supports)"),
])
def test_bad_study_support_on_a_conflict_is_a_located_input_error(mini: dict[str, Path], extra: str,
                                                                   message: str) -> None:
    path = mini["statements"] / "conflicts.yaml"
    path.write_text(record_conflict(extra=extra), encoding="utf-8")
    line = next(i for i, text in enumerate(path.read_text().splitlines(), start=1) if "study_support:" in text)
    with pytest.raises(InputError) as exc:
        load(mini)
    assert [str(p) for p in exc.value.problems] == [f"conflicts.yaml:{line}: {message}"]
