"""Conflicts as data: rules find what they can, curated entries add and override the rest."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from semaxkg.corpus import Corpus
from semaxkg.model import SourceFile, Statement, Study

#: Attribute predicates that can hold only one true value per subject.
FUNCTIONAL = frozenset(
    {"hasMolecularWeight", "hasSequence", "hasCASNumber", "hasSampleSize", "hasPublicationYear"}
)
#: Design features that cannot both describe one study.
INCOMPATIBLE_DESIGNS = frozenset(
    frozenset(p)
    for p in [
        ("crossover", "parallel_group"),
        ("open_label", "double_blind"),
        ("open_label", "single_blind"),
        ("double_blind", "single_blind"),
        ("review", "clinical"),
        ("review", "animal"),
        ("review", "randomised"),
        ("review", "controlled"),
        ("uncontrolled", "controlled"),
        ("uncontrolled", "placebo_controlled"),
        ("animal", "clinical"),
    ]
)
OPPOSED = frozenset(frozenset(p) for p in [("increased", "decreased"), ("increased", "unchanged"),
                                           ("decreased", "unchanged")])


@dataclass(frozen=True)
class Found:
    """One conflict: its id, kind, status, claims, optional cited study, rule and note."""

    id: str
    kind: str
    status: str
    claims: tuple[str, ...]
    rule: str
    note: str
    study: str | None = None
    record_says: str | None = None


def _auto_id(rule: str, claims: Iterable[str]) -> str:
    digest = hashlib.sha1("|".join(sorted(claims)).encode()).hexdigest()[:10]
    return f"{rule}-{digest}"


def _kind(a: str, b: str) -> str:
    return "within_source" if a == b else "between_sources"


def find_conflicts(corpus: Corpus) -> list[Found]:
    """Every conflict: rule-derived ones, then curated ones (which replace a rule's finding
    for the same set of claims)."""
    owner: dict[str, SourceFile] = {}
    by_key: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for src, st in corpus.statements():
        owner[st.id] = src
        by_key[(st.subject, st.predicate)].append(st)
    found: list[Found] = []

    def pair(rule: str, a: Statement, b: Statement, note: str) -> None:
        found.append(Found(_auto_id(rule, (a.id, b.id)),
                           _kind(owner[a.id].source.id, owner[b.id].source.id), "genuine",
                           tuple(sorted((a.id, b.id))), rule, note))

    for (_subj, pred), claims in sorted(by_key.items()):
        for a, b in combinations(claims, 2):
            same_object = a.object is not None and a.object == b.object
            qa, qb = a.qualifiers, b.qualifiers
            same_place = qa.anatomy is None or qb.anatomy is None or qa.anatomy == qb.anatomy
            same_dose = qa.dose == qb.dose
            if same_object and qa.direction and qb.direction and same_place and same_dose \
                    and frozenset((qa.direction, qb.direction)) in OPPOSED:
                pair("opposite-direction", a, b,
                     f"One claim says {qa.direction}, the other {qb.direction}, for the same relation.")
            if same_object and (a.hedging == "negated") != (b.hedging == "negated"):
                pair("negation", a, b, "One claim asserts the relation and the other denies it.")
            if pred in FUNCTIONAL and a.value is not None and b.value is not None \
                    and a.object_text != b.object_text:
                pair("incompatible-value", a, b,
                     f"Two different values ({a.object_text} and {b.object_text}) "
                     "for a single-valued property.")
            if pred == "derivedFrom" and same_object and qa.fragment and qb.fragment \
                    and qa.fragment != qb.fragment:
                pair("incompatible-value", a, b,
                     f"Different fragments of the parent ({qa.fragment} and {qb.fragment}).")
    found.extend(_against_records(corpus, owner))
    return _merge_curated(corpus, found)


def _against_records(corpus: Corpus, owner: dict[str, SourceFile]) -> list[Found]:
    """Claims about a study that its curated record contradicts."""
    out = []
    for _src, st in corpus.statements():
        subj = corpus.entities.get(st.subject)
        study = subj if isinstance(subj, Study) else None
        if study is None and st.qualifiers.study:
            linked = corpus.entities[st.qualifiers.study]
            study = linked if isinstance(linked, Study) else None
        if study is None:
            continue
        says = None
        if st.subject == study.id and st.predicate == "hasStudyDesign" and st.object:
            clash = [d for d in study.design if frozenset((d, st.object)) in INCOMPATIBLE_DESIGNS]
            if clash:
                says = f"Its record gives the design as {', '.join(study.design)}."
        elif st.subject == study.id and st.predicate == "hasSampleSize" \
                and study.sample_size is not None and st.value != study.sample_size:
            says = f"Its record gives {study.sample_size} participants."
        elif st.subject == study.id and st.predicate == "studiedSpecies" and st.object \
                and study.species != "not_stated" and st.object != study.species:
            says = f"Its record gives the species as {study.species}."
        elif st.qualifiers.sample_size is not None and study.sample_size is not None \
                and st.qualifiers.sample_size != study.sample_size:
            says = f"Its record gives {study.sample_size} participants, not {st.qualifiers.sample_size}."
        if says:
            out.append(Found(_auto_id("study-record", (st.id, study.id)), "source_vs_cited_paper",
                             "genuine", (st.id,), "study-record",
                             "The source's account of the study differs from the study's record.",
                             study.id, says))
    return out


def _merge_curated(corpus: Corpus, found: list[Found]) -> list[Found]:
    curated = [
        Found(c.id, c.kind, c.status, tuple(sorted(c.claims)), "curator", c.note, c.study, c.record_says)
        for c in corpus.conflicts.conflicts
    ]
    covered = {(f.claims, f.study) for f in curated}
    kept = [f for f in found if (f.claims, f.study) not in covered]
    unique: dict[str, Found] = {}
    for f in [*kept, *curated]:
        unique.setdefault(f.id, f)
    return sorted(unique.values(), key=lambda f: f.id)
