"""The evidence rules of ``semaxkg.evidence``: exact level, ECO class and rule name per case.

Regression (issue 3): a claim whose only qualifier was ``species: human`` (no study, design,
citation or citation marker) was graded human open-label. A stated species is context, not
evidence; such claims now fall through to "no evidence cited".
"""

from __future__ import annotations

from typing import Any

import pytest

from semaxkg.evidence import (
    ECO_ANIMAL,
    ECO_CLINICAL,
    ECO_EVIDENCE,
    ECO_INFERENCE,
    ECO_TRACEABLE,
    ECO_UNTRACEABLE,
    Grade,
    grade,
)
from semaxkg.model import Statement, Study


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


NO_EVIDENCE = Grade("no_evidence_cited", ECO_UNTRACEABLE, "no-citation")
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
    assert grade(st, None) == expected


def test_a_linked_study_is_evidence_without_citation_or_stated_design() -> None:
    # The study record carries the design; the claim itself needs neither cites nor a design.
    assert grade(statement(), study(["clinical"], "human")) == OPEN_LABEL
    assert grade(statement(), study(["not_stated"], "rat")) == ANIMAL
    assert grade(statement(), study(["not_stated"], "not_stated")) == CITED


def test_the_study_record_overrides_what_the_claim_states() -> None:
    st = statement(qualifiers={"species": "human", "design": ["clinical"]})
    assert grade(st, study(["animal"], "rat")) == ANIMAL


@pytest.mark.parametrize(("n", "expected"), [
    (19, Grade("human_controlled", ECO_CLINICAL, "small-blinded-trial")),
    (20, Grade("human_randomised_blinded", ECO_CLINICAL, "human-blinded-or-randomised")),
    (None, Grade("human_randomised_blinded", ECO_CLINICAL, "human-blinded-or-randomised")),
])
def test_blinded_trial_size_threshold(n: int | None, expected: Grade) -> None:
    s = study(["clinical", "randomised", "double_blind", "placebo_controlled"], "human", n)
    assert grade(statement(), s) == expected


def test_open_label_blinding_is_not_randomised_blinded() -> None:
    s = study(["clinical", "single_blind", "open_label"], "human", 50)
    assert grade(statement(), s) == Grade("human_controlled", ECO_CLINICAL, "human-controlled")


@pytest.mark.parametrize(("hedging", "expected"), [
    ("speculative", Grade("mechanistic_speculation", ECO_INFERENCE, "speculative-hedging")),
    ("anecdotal", Grade("anecdote", ECO_UNTRACEABLE, "anecdotal-hedging")),
])
def test_hedging_decides_before_the_study(hedging: str, expected: Grade) -> None:
    s = study(["clinical", "randomised", "double_blind"], "human", 100)
    assert grade(statement(hedging=hedging), s) == expected
