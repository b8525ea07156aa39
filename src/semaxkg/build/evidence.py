"""Evidence levels derived by rules, never typed by hand.

The inputs are the claim's support (:mod:`semaxkg.build.support`: how the source ties it to evidence
and whether the linked study's record supports it), the grading study's curated design, species
and size (or, when no study grades it, the design and species the claim states) and the claim's
hedging. Correcting a study's design in ``entities.yaml`` therefore re-grades every claim that
the study grades. A claim about a study is graded ``bibliographic`` (no effect evidence); a claim
whose study's record does not support it is graded ``cited_not_supported``, never by the study's
design; a study only the curators link is context and never raises the level.

Without a grading study, a species qualifier alone is context (who the claim is about), not
evidence: the study-based rungs (human, animal, in vitro) also need a stated design, a cited
reference or a citation marker. "Patients use it for stroke" is about people but cites nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from semaxkg.build.model import Statement
from semaxkg.build.support import ABOUT_STUDY, CITED, SUPPORTS, Support
from semaxkg.rdf.namespaces import OBO

#: A blinded or randomised human trial smaller than this is graded one rung lower.
SMALL_TRIAL_N = 20

HUMAN_SPECIES = frozenset({"human"})
ANIMAL_SPECIES = frozenset({"rat", "mouse", "rodent", "animal"})
BLINDING = frozenset({"double_blind", "single_blind"})
CONTROL = frozenset({"controlled", "placebo_controlled", "crossover", "parallel_group"})
OPEN = frozenset({"open_label", "uncontrolled", "case_series"})
#: The explicit "design not stated" code says nothing about the evidence.
NOT_STATED = frozenset({"not_stated"})

ECO_CLINICAL = OBO["ECO_0007121"]  # clinical study evidence used in manual assertion
ECO_ANIMAL = OBO["ECO_0007120"]  # animal model system study evidence used in manual assertion
ECO_EVIDENCE = OBO["ECO_0000000"]  # evidence (no verified in-vitro term in our notes)
ECO_TRACEABLE = OBO["ECO_0000033"]  # author statement supported by traceable reference
ECO_UNTRACEABLE = OBO["ECO_0000034"]  # author statement without traceable support
ECO_INFERENCE = OBO["ECO_0006185"]  # author inference
ECO_AUTHOR_STATEMENT = OBO["ECO_0000204"]  # author statement (here: about a study)


@dataclass(frozen=True)
class Grade:
    """The evidence level code, the ECO class and the name of the rule that decided."""

    level: str
    eco: URIRef
    rule: str


def grade(st: Statement, support: Support) -> Grade:
    """Grade one statement from its support (see :mod:`semaxkg.build.support`) and hedging."""
    if support.kind == ABOUT_STUDY:
        return Grade("bibliographic", ECO_AUTHOR_STATEMENT, "claim-about-a-study")
    if support.kind == CITED and support.study_support not in (None, SUPPORTS):
        return Grade("cited_not_supported", ECO_UNTRACEABLE, "cited-study-does-not-support")
    if st.hedging == "anecdotal":
        return Grade("anecdote", ECO_UNTRACEABLE, "anecdotal-hedging")
    if st.hedging == "speculative":
        return Grade("mechanistic_speculation", ECO_INFERENCE, "speculative-hedging")
    study = support.graded_by
    if study is not None:
        design, species, n = set(study.design), study.species, study.sample_size
    else:
        q = st.qualifiers
        design, species, n = set(q.design) - NOT_STATED, q.species or "not_stated", q.sample_size
    cited = support.kind == CITED
    if "review" in design:
        return Grade("cited_unspecified", ECO_TRACEABLE, "review-is-not-primary-evidence")
    if cited or design:
        if species in HUMAN_SPECIES or "clinical" in design:
            return _grade_human(design, n)
        if species in ANIMAL_SPECIES or "animal" in design:
            return Grade("animal", ECO_ANIMAL, "animal-study")
        if species == "cells" or "in_vitro" in design:
            return Grade("in_vitro", ECO_EVIDENCE, "in-vitro-study")
    if cited:
        return Grade("cited_unspecified", ECO_TRACEABLE, "citation-without-known-design")
    if support.context is not None:
        return Grade("no_evidence_cited", ECO_UNTRACEABLE, "curator-linked-study-is-context")
    return Grade("no_evidence_cited", ECO_UNTRACEABLE, "no-citation")


def _grade_human(design: set[str], n: int | None) -> Grade:
    blinded_or_random = bool(design & BLINDING) or "randomised" in design
    is_open = bool(design & OPEN)
    if blinded_or_random and not is_open:
        if n is not None and n < SMALL_TRIAL_N:
            return Grade("human_controlled", ECO_CLINICAL, "small-blinded-trial")
        return Grade("human_randomised_blinded", ECO_CLINICAL, "human-blinded-or-randomised")
    if design & CONTROL or blinded_or_random:
        return Grade("human_controlled", ECO_CLINICAL, "human-controlled")
    return Grade("human_open_label", ECO_CLINICAL, "human-open-or-uncontrolled")
