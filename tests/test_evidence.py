"""The evidence rules of ``semaxkg.build.evidence``: exact level, ECO class and rule name per case.

Regression (issue 3): a claim whose only qualifier was ``species: human`` (no study, design,
citation or citation marker) was graded human open-label. A stated species is context, not
evidence; such claims now fall through to "no evidence cited".

Issue 12: the level grades the claim's support (see ``tests/test_support.py`` for how the
support is derived): a claim about a study is ``bibliographic``, a claim whose study's record
does not support it is ``cited_not_supported``, and a study only the curators link is context.
"""

from __future__ import annotations

from typing import Any

import pytest

from semaxkg.build.evidence import (
    ECO_ANIMAL,
    ECO_AUTHOR_STATEMENT,
    ECO_CLINICAL,
    ECO_EVIDENCE,
    ECO_INFERENCE,
    ECO_TRACEABLE,
    ECO_UNTRACEABLE,
    Grade,
    grade,
)
from semaxkg.build.model import Statement, Study
from semaxkg.build.support import ABOUT_STUDY, CURATOR_LINKED, SUPPORTS, UNCITED, Support
from semaxkg.build.support import CITED as CITED_KIND


def statement(**fields: Any) -> Statement:
    """A minimal valid statement with the given fields replaced."""
    base: dict[str, Any] = {
        "id": "s999-x", "subject": "semax", "predicate": "usedFor", "object": "stroke",
        "hedging": "asserted", "locators": [{"start": 0, "end": 10}], "terms": ["x"],
        "text": "A paraphrase of the claim.",
    }
    return Statement.model_validate({**base, **fields})


def study(design: list[str], species: str, sample_size: int | None = None) -> Study:
    return Study(id="some-study", label="A study", design=design, species=species,
                 sample_size=sample_size, identifier_status="U")


def own_words(st: Statement) -> Support:
    """The support of a claim without a linked study: cited when it cites or has a mark."""
    return Support(CITED_KIND if st.cites or st.citation_marker else UNCITED)


def named(s: Study, verdict: str = SUPPORTS) -> Support:
    """The support of a claim whose source names study ``s`` at the passage."""
    return Support(CITED_KIND, s, True, verdict)


NO_EVIDENCE = Grade("no_evidence_cited", ECO_UNTRACEABLE, "no-citation")
NOT_SUPPORTED = Grade("cited_not_supported", ECO_UNTRACEABLE, "cited-study-does-not-support")
OPEN_LABEL = Grade("human_open_label", ECO_CLINICAL, "human-open-or-uncontrolled")
ANIMAL = Grade("animal", ECO_ANIMAL, "animal-study")
CITED = Grade("cited_unspecified", ECO_TRACEABLE, "citation-without-known-design")

# Claims with no linked study: (qualifiers, cites, citation_marker) → grade.
WITHOUT_STUDY = {
    # Negative cases: a species alone is not evidence.
    "human species alone": ({"species": "human"}, [], False, NO_EVIDENCE),
    "rat species alone": ({"species": "rat"}, [], False, NO_EVIDENCE),
    "unnamed animals alone": ({"species": "animal"}, [], False, NO_EVIDENCE),
    "cells alone": ({"species": "cells"}, [], False, NO_EVIDENCE),
    "human with design explicitly not stated": ({"species": "human", "design": ["not_stated"]}, [], False,
                                                NO_EVIDENCE),
    "nothing at all": ({}, [], False, NO_EVIDENCE),
    # Positive cases: a stated design, a citation or a citation marker makes the species count.
    "human with a citation": ({"species": "human"}, [1], False, OPEN_LABEL),
    "human with a citation marker": ({"species": "human"}, [], True, OPEN_LABEL),
    "human with a clinical design": ({"species": "human", "design": ["clinical"]}, [], False, OPEN_LABEL),
    "human, controlled design": ({"species": "human", "design": ["clinical", "controlled"]}, [], False,
                                 Grade("human_controlled", ECO_CLINICAL, "human-controlled")),
    "clinical design without species": ({"design": ["clinical", "open_label"]}, [], False, OPEN_LABEL),
    "rat with a citation marker": ({"species": "rat"}, [], True, ANIMAL),
    "rodent with an animal design": ({"species": "rodent", "design": ["animal"]}, [], False, ANIMAL),
    "animal design without species": ({"design": ["animal"]}, [], False, ANIMAL),
    "cells with a citation": ({"species": "cells"}, [2], False,
                              Grade("in_vitro", ECO_EVIDENCE, "in-vitro-study")),
    "citation without species or design": ({}, [1], False, CITED),
    "marker without species or design": ({}, [], True, CITED),
    "stated review": ({"species": "human", "design": ["review"]}, [], False,
                      Grade("cited_unspecified", ECO_TRACEABLE, "review-is-not-primary-evidence")),
}


@pytest.mark.parametrize("case", list(WITHOUT_STUDY), ids=list(WITHOUT_STUDY))
def test_grade_without_a_linked_study(case: str) -> None:
    qualifiers, cites, marker, expected = WITHOUT_STUDY[case]
    st = statement(qualifiers=qualifiers, cites=cites, citation_marker=marker)
    assert grade(st, own_words(st)) == expected


def test_a_linked_study_is_evidence_without_citation_or_stated_design() -> None:
    # The study record carries the design; the claim itself needs neither cites nor a design.
    assert grade(statement(), named(study(["clinical"], "human"))) == OPEN_LABEL
    assert grade(statement(), named(study(["not_stated"], "rat"))) == ANIMAL
    assert grade(statement(), named(study(["not_stated"], "not_stated"))) == CITED


def test_the_study_record_overrides_what_the_claim_states() -> None:
    st = statement(qualifiers={"species": "human", "design": ["clinical"]})
    assert grade(st, named(study(["animal"], "rat"))) == ANIMAL


@pytest.mark.parametrize(("n", "expected"), [
    (19, Grade("human_controlled", ECO_CLINICAL, "small-blinded-trial")),
    (20, Grade("human_randomised_blinded", ECO_CLINICAL, "human-blinded-or-randomised")),
    (None, Grade("human_randomised_blinded", ECO_CLINICAL, "human-blinded-or-randomised")),
])
def test_blinded_trial_size_threshold(n: int | None, expected: Grade) -> None:
    s = study(["clinical", "randomised", "double_blind", "placebo_controlled"], "human", n)
    assert grade(statement(), named(s)) == expected


def test_open_label_blinding_is_not_randomised_blinded() -> None:
    s = study(["clinical", "single_blind", "open_label"], "human", 50)
    assert grade(statement(), named(s)) == Grade("human_controlled", ECO_CLINICAL, "human-controlled")


@pytest.mark.parametrize(("hedging", "expected"), [
    ("speculative", Grade("mechanistic_speculation", ECO_INFERENCE, "speculative-hedging")),
    ("anecdotal", Grade("anecdote", ECO_UNTRACEABLE, "anecdotal-hedging")),
])
def test_hedging_decides_before_the_study(hedging: str, expected: Grade) -> None:
    s = study(["clinical", "randomised", "double_blind"], "human", 100)
    assert grade(statement(hedging=hedging), named(s)) == expected


def test_a_claim_about_a_study_is_bibliographic_whatever_the_study() -> None:
    # Regression (issue 12): "Kaplan 1996 had a small sample" was graded human_controlled.
    s = study(["clinical", "double_blind", "placebo_controlled"], "human", 18)
    about = statement(subject="some-study", predicate="hasEvidenceLimitation", object=None,
                      value="a small sample")
    expected = Grade("bibliographic", ECO_AUTHOR_STATEMENT, "claim-about-a-study")
    assert grade(about, Support(ABOUT_STUDY, s)) == expected


@pytest.mark.parametrize("verdict", ["does_not_address", "contradicts"])
def test_a_cited_study_that_does_not_support_the_claim_never_lends_its_design(verdict: str) -> None:
    # Regression (issue 12): s002-semax-dopamine-release borrowed the animal grade of a
    # gene-expression study that does not report dopamine release.
    s = study(["animal"], "rat")
    assert grade(statement(), named(s, verdict)) == NOT_SUPPORTED
    # ... nor does a hedged claim, and the verdict decides before the hedging.
    assert grade(statement(hedging="suggested"), named(s, verdict)) == NOT_SUPPORTED


def test_a_curator_linked_study_is_context_and_grades_nothing() -> None:
    # Regression (issue 12): s000-semax-cerebrovascular-benefit-via-circulation had no mark on
    # its sentence but was graded human_controlled from the study the curators identified.
    s = study(["clinical", "controlled"], "human", 110)
    sup = Support(CURATOR_LINKED, s, False, SUPPORTS)
    assert sup.graded_by is None and sup.context == s
    assert grade(statement(hedging="suggested"), sup) == Grade(
        "no_evidence_cited", ECO_UNTRACEABLE, "curator-linked-study-is-context")


def test_a_study_behind_a_bare_mark_is_context_the_mark_counts_as_a_citation() -> None:
    # Regression (issue 12): the seven source-000 claims with bare [R] marks took the grade of
    # the study the curators identified; the page's own words give a citation of unknown design.
    s = study(["clinical", "controlled"], "human", 110)
    sup = Support(CITED_KIND, s, False, SUPPORTS)
    assert sup.graded_by is None and sup.context == s
    assert grade(statement(citation_marker=True), sup) == CITED
    # What the passage itself states still counts: human, clinical, nothing more.
    stated = statement(citation_marker=True, qualifiers={"species": "human", "design": ["clinical"]})
    assert grade(stated, sup) == OPEN_LABEL
