"""How each claim is tied to evidence (``semaxkg.build.support``) and the grade that follows, on the
curated corpus: every claim the issue named (issue 12) gets exactly the support, verdict and level
below, and the corpus-wide invariants of the "Done when" hold."""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from semaxkg.build.corpus import Corpus, load_corpus
from semaxkg.build.evidence import grade
from semaxkg.build.support import Support, supports_by_claim
from semaxkg.build.vocab import default_vocabulary
from semaxkg.paths import current_project


@cache
def corpus() -> Corpus:
    return load_corpus(current_project().statements_dir, default_vocabulary())


@cache
def supports() -> dict[str, Support]:
    return supports_by_claim(corpus())


def level(claim: str) -> str:
    st = next(st for _src, st in corpus().statements() if st.id == claim)
    return grade(st, supports()[claim]).level


# claim → (support kind, linked study, named by the source, study verdict, level)
NAMED_BY_THE_ISSUE = {
    "s002-semax-dopamine-release":
        ("cited", "medvedeva-2014", True, "does_not_address", "cited_not_supported"),
    "s002-semax-bdnf-release":
        ("cited", "medvedeva-2014", True, "does_not_address", "cited_not_supported"),
    "s000-semax-striatal-dopamine-release":
        ("cited", "eremin-2005", False, "contradicts", "cited_not_supported"),
    "s001-dolotov2006-anxiety":
        ("cited", "dolotov-2006-brain-res", True, "does_not_address", "cited_not_supported"),
    "s001-dolotov2006-no-sedation":
        ("cited", "dolotov-2006-brain-res", True, "does_not_address", "cited_not_supported"),
    "s001-dolotov2006-serotonin-dependent":
        ("cited", "dolotov-2006-brain-res", True, "does_not_address", "cited_not_supported"),
    "s002-semax-ngf-expression-hippocampus-20min":
        ("cited", "agapova-2008", True, "contradicts", "cited_not_supported"),
    "s002-semax-brain-health-rapid":
        ("cited", "agapova-2008", True, "does_not_address", "cited_not_supported"),
    # No mark on its sentence: the curators' study is context, the page's own words give nothing.
    "s000-semax-cerebrovascular-benefit-via-circulation":
        ("curator_linked", "gusev-2005", False, "supports", "no_evidence_cited"),
    # Bare [R] marks: the study is the curators' pick, the mark is the page's citation.
    "s000-semax-stabilises-cerebrovascular-insufficiency":
        ("cited", "gusev-2005", False, "supports", "human_open_label"),
    "s000-semax-lowers-stroke-risk": ("cited", "gusev-2005", False, "supports", "human_open_label"),
    "s000-semax-striatal-serotonin-release":
        ("cited", "eremin-2005", False, "does_not_address", "cited_not_supported"),
    "s000-semax-immune-vascular-gene-expression-stroke":
        ("cited", "medvedeva-2014", False, "supports", "cited_unspecified"),
    "s000-gusev-2005-population": ("about_study", "gusev-2005", False, None, "bibliographic"),
    "s000-gusev-2005-species": ("about_study", "gusev-2005", False, None, "bibliographic"),
    # Claims about a study, named in the issue.
    "s001-kaplan1996-limit-sample": ("about_study", "kaplan-1996", False, None, "bibliographic"),
    "s001-pilipenko2012-limit-replication":
        ("about_study", "pilipenko-2012", False, None, "bibliographic"),
    # A study the source names by author and year, whose record supports the claim, still grades.
    "s001-kaplan1996-attention": ("cited", "kaplan-1996", True, "supports", "human_controlled"),
    "s002-semax-dmn-activity": ("cited", "lebedeva-2018", True, "supports", "human_controlled"),
    # Re-read of the audit's judgement: reference 6 (Ashmarin 1997) is a review whose record has
    # no patient data, and a conflict with that paper is recorded, so it does not address the
    # patient effects it is cited for (it graded them cited_unspecified before).
    **{f"s002-semax-{name}-patients":
       ("cited", "ashmarin-1997", True, "does_not_address", "cited_not_supported")
       for name in ("memory", "attention", "clearer-thinking", "mental-clarity", "productivity")},
}


@pytest.mark.parametrize("claim", list(NAMED_BY_THE_ISSUE))
def test_support_verdict_and_level_of_the_claims_the_issue_names(claim: str) -> None:
    kind, study, named, verdict, expected_level = NAMED_BY_THE_ISSUE[claim]
    sup = supports()[claim]
    assert sup.study is not None
    assert (sup.kind, sup.study.id, sup.named_by_source, sup.study_support) == (
        kind, study, named, verdict)
    assert level(claim) == expected_level


def test_no_claim_about_a_study_carries_an_effect_level() -> None:
    about = [c for c, s in supports().items() if s.kind == "about_study"]
    assert len(about) == 41  # + the year and DOI source 002 prints for its reference 3
    assert {level(c) for c in about} == {"bibliographic"}
    assert {c for c, s in supports().items() if level(c) == "bibliographic"} == set(about)


def test_no_claim_is_graded_by_a_study_whose_record_does_not_support_it() -> None:
    graded = {c: s for c, s in supports().items() if s.graded_by is not None}
    assert graded and all(s.study_support == "supports" for s in graded.values())
    not_supported = sorted(c for c, s in supports().items()
                           if s.study_support not in (None, "supports"))
    assert not_supported == sorted(c for c, v in NAMED_BY_THE_ISSUE.items()
                                   if v[3] not in (None, "supports"))
    assert {level(c) for c in not_supported} == {"cited_not_supported"}


def test_support_kinds_of_the_whole_corpus() -> None:
    assert Counter(s.kind for s in supports().values()) == Counter(
        {"uncited": 173, "cited": 99, "about_study": 41, "curator_linked": 1})


def test_the_duplicate_bdnf_fact_of_source_001_is_one_claim_with_one_grade() -> None:
    # Regression (issue 12): hasMechanism bdnf-upregulation (no evidence) and affects bdnf
    # increased (animal) said the same thing with two grades.
    ids = {st.id for _src, st in corpus().statements()}
    assert "s001-semax-mechanism-bdnf-upregulation" not in ids
    assert "s001-semax-mechanism-ngf-upregulation" not in ids
    merged = next(st for _src, st in corpus().statements()
                  if st.id == "s001-semax-bdnf-expression-animal")
    assert {(lo.start, lo.end) for lo in merged.locators} >= {(1565, 1637), (9812, 9959), (7340, 7460)}
    assert level("s001-semax-bdnf-expression-animal") == "animal"


def test_stats_show_the_new_levels_and_the_support_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    from semaxkg.cli import main

    assert main(["stats"]) == 0
    out = capsys.readouterr().out
    levels = out.split("claims per evidence level (strongest first):\n", 1)[1].split("\n\n", 1)[0]
    assert [line.split() for line in levels.splitlines()] == [
        ["human_controlled", "13"], ["human_open_label", "9"], ["animal", "32"],
        ["cited_unspecified", "38"], ["cited_not_supported", "14"], ["mechanistic_speculation", "18"],
        ["anecdote", "3"], ["no_evidence_cited", "146"], ["bibliographic", "41"],
    ]
    kinds = out.split("claims per support kind:\n", 1)[1].split("\n\n", 1)[0]
    assert [line.split() for line in kinds.splitlines()] == [
        ["cited", "99"], ["curator_linked", "1"], ["about_study", "41"], ["uncited", "173"],
    ]
    # Issue 12: conflict bases are data and the stats count them (12 of the 33 conflicts record one).
    bases = out.split("conflicts with a recorded basis: ", 1)[1]
    assert [line.split() for line in bases.strip().splitlines()] == [
        ["12"], ["framing_vs_limitation", "6"], ["related_nodes", "3"],
        ["title_vs_citing_text", "2"], ["year_vs_identifier", "1"],
    ]


def test_audit_context_studies_never_raise_a_level() -> None:
    # Issue 12 audit (docs/evidence-audit.md): grading every claim whose study is only context
    # as if no study were linked gives the same level; the study's verdict may only lower it.
    contexts = {cid: sup for cid, sup in supports().items() if sup.context is not None}
    assert len(contexts) == 12
    for _src, st in corpus().statements():
        sup = contexts.get(st.id)
        if sup is None:
            continue
        alone = grade(st, Support(sup.kind)).level
        linked = grade(st, sup).level
        assert linked == alone or linked == "cited_not_supported", st.id


def test_audit_no_claim_is_graded_by_a_study_that_does_not_support_it() -> None:
    # Issue 12 audit: of the claims graded by a study, none has a verdict other than `supports`,
    # and every claim with another verdict is graded cited_not_supported (14 today: the 9 the
    # issue names and the 5 source-002 claims citing the Ashmarin 1997 review).
    graded = [sup for sup in supports().values() if sup.graded_by is not None]
    assert len(graded) == 33
    assert {sup.study_support for sup in graded} == {"supports"}
    against = sorted(cid for cid, sup in supports().items()
                     if sup.study_support not in (None, "supports"))
    assert len(against) == 14
    assert {level(cid) for cid in against} == {"cited_not_supported"}
