"""Every claim rendered as an English sentence from its structured fields (``semaxkg.build.sentences``).

Regression (issue 12): ``s000-low-bdnf-anxiety`` put ``direction: decreased, aspect: level`` on
the claim, which reads as the object's ("BDNF is associated with a decreased level of anxiety").
The subject's qualifiers are now ``subject_direction``/``subject_aspect``; the renderings of all
308 claims were read by eye, and the ones below are pinned.
"""

from __future__ import annotations

from functools import cache

import pytest

from semaxkg.build.corpus import Corpus, load_corpus
from semaxkg.build.model import Statement
from semaxkg.build.sentences import render
from semaxkg.build.vocab import default_vocabulary
from semaxkg.paths import current_project


@cache
def corpus() -> Corpus:
    return load_corpus(current_project().statements_dir, default_vocabulary())


def label(ident: str) -> str:
    ent = corpus().entities.get(ident)
    return ent.label if ent is not None else ident.replace("_", " ")


@cache
def sentences() -> dict[str, str]:
    return {st.id: render(st, label) for _src, st in corpus().statements()}


def statement(claim: str) -> Statement:
    return next(st for _src, st in corpus().statements() if st.id == claim)


PINNED = {
    "s000-low-bdnf-anxiety": "A decreased level of brain-derived neurotrophic factor (BDNF) appears to be "
                             "associated with increased anxiety.",
    "s000-low-bdnf-depression": "A decreased level of brain-derived neurotrophic factor (BDNF) appears to be "
                                "associated with increased depression.",
    "s000-enkephalins-reduce-pain": "An increased level of enkephalins appears to be associated with "
                                    "decreased perceived pain.",
    "s000-chronic-stress-raises-liver-enzymes": "Chronic stress is associated with an increased level of "
                                                "liver enzymes (unspecified) in the liver.",
    "s001-semax-no-acute-dopamine-surge": "Semax appears not to have an effect on acute dopamine surge.",
    "s001-semax-not-direct-agonism": "Semax appears not to act through direct receptor agonism as the "
                                     "explanation of dopaminergic modulation and serotonergic modulation.",
    "s001-dolotov2006-no-sedation": "Semax has no effect on sedation in rats compared with benzodiazepines.",
    "s000-semax-anxiety-effect-via-bdnf": "Semax may act through raising BDNF, offered to explain anxiety "
                                          "or anxiety-like behaviour.",
    "s002-semax-ngf-expression-hippocampus-20min": "Semax increases the expression of nerve growth factor "
                                                   "(NGF) in the hippocampus in rodents.",
    "s001-semax-binds-mc4r": "Semax binds to melanocortin 4 receptor (MC4R) in the central nervous system.",
    "s000-semax-anxiety-side-effect": "Users report that Semax has the adverse effect increased anxiety "
                                      "(side effect).",
    "s001-kaplan1996-year": "Kaplan et al. 1996, Semax in healthy volunteers was published in 1996.",
}


@pytest.mark.parametrize("claim", list(PINNED))
def test_pinned_renderings(claim: str) -> None:
    assert sentences()[claim] == PINNED[claim]


def test_every_claim_renders_as_one_sentence_naming_its_subject() -> None:
    assert len(sentences()) == 314
    for claim, text in sentences().items():
        st = statement(claim)
        assert text[0].isupper() and text.endswith(".") and "None" not in text, claim
        assert label(st.subject).lower() in text.lower(), claim
        # The polarity is in the verb, before the object (whose own words may say "not").
        head = text.split(label(st.object) if st.object else str(st.value), 1)[0]
        assert ("not " in head or " no " in head) == st.negated, claim


def test_subject_qualifiers_read_before_the_relation_object_qualifiers_after() -> None:
    for claim, text in sentences().items():
        q = statement(claim).qualifiers
        subject = label(statement(claim).subject)
        if q.subject_aspect:
            assert text.startswith(f"A {q.subject_direction} {q.subject_aspect} of {subject}") \
                or text.startswith(f"An {q.subject_direction} {q.subject_aspect} of {subject}"), claim
        elif q.aspect and statement(claim).predicate != "bindsTo":
            assert f"{q.aspect} of" in text.lower().split(subject.lower(), 1)[1], claim
