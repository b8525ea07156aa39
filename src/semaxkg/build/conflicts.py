"""Conflicts as data: rules find what they can, curated entries add and override the rest.

Species are compared through the ontology's ``skos:broader`` hierarchy (rat, mouse < rodent <
animal), so a source that says "rodents" for a rat study is less specific, not in conflict.
A source's account of a study is grouped per (study, field, stated value): every claim that
gives Kaplan 1996 eighteen participants is in one conflict, not one conflict each.

Issue 12 adds two rules with a ``basis`` (what the conflict is about): claims of two sources
whose objects are parent and child in the entity hierarchy (``related_nodes``), and a reference
whose printed year differs from the year inside its DOI (``year_vs_identifier``). Curated
conflicts add the bases the rules cannot see (``framing_vs_limitation``, ``title_vs_citing_text``).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations

from semaxkg.build.corpus import Corpus
from semaxkg.build.hierarchy import within
from semaxkg.build.model import Entity, SourceFile, Statement, Study
from semaxkg.build.vocab import Vocabulary
from semaxkg.rdf.namespaces import SXO

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
#: A publication year inside a DOI suffix, as journals such as Neuropeptides print it
#: (10.1016/j.npep.2020.102114).
DOI_YEAR = re.compile(r"\.((?:19|20)[0-9]{2})\.")
#: Years apart that online-first publication explains (online in one year, in an issue the next).
ONLINE_FIRST_GAP = 1


@dataclass(frozen=True)
class Found:
    """One conflict: its id, kind, status, claims, rule and note; for a conflict with a cited
    paper the study, for one with an external record the record, and what either says."""

    id: str
    kind: str
    status: str
    claims: tuple[str, ...]
    rule: str
    note: str
    study: str | None = None
    record_says: str | None = None
    record: str | None = None
    record_part: str | None = None
    record_mechanism: str | None = None
    basis: str | None = None


_Pair = Callable[[str, Statement, Statement, str, "str | None"], None]


@dataclass(frozen=True)
class _Discrepancy:
    """One field of a study on which a claim and the study's record disagree."""

    field: str
    stated: str
    record: str


def _auto_id(rule: str, claims: Iterable[str]) -> str:
    digest = hashlib.sha1("|".join(sorted(claims)).encode()).hexdigest()[:10]
    return f"{rule}-{digest}"


def _kind(a: str, b: str) -> str:
    return "within_source" if a == b else "between_sources"


def find_conflicts(corpus: Corpus, vocab: Vocabulary) -> list[Found]:
    """Every conflict: rule-derived ones, then curated ones (which replace a rule's finding
    for the same set of claims)."""
    owner: dict[str, SourceFile] = {}
    by_key: dict[tuple[str, str], list[Statement]] = defaultdict(list)
    for src, st in corpus.statements():
        owner[st.id] = src
        by_key[(st.subject, st.predicate)].append(st)
    found: list[Found] = []

    def pair(rule: str, a: Statement, b: Statement, note: str, basis: str | None = None) -> None:
        found.append(Found(_auto_id(rule, (a.id, b.id)),
                           _kind(owner[a.id].source.id, owner[b.id].source.id), "genuine",
                           tuple(sorted((a.id, b.id))), rule, note, basis=basis))

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
            if owner[a.id] is not owner[b.id] and a.object and b.object \
                    and _parent_and_child(corpus, a.object, b.object):  # cheap tests first
                _related_nodes(a, b, corpus, vocab, pair)
            if same_object and a.negated != b.negated:
                yes, no = (b, a) if a.negated else (a, b)
                pair("negation", a, b, f"One claim affirms the relation ({yes.hedging}) and the "
                     f"other denies it ({no.hedging}).")
            if pred in FUNCTIONAL and a.value is not None and b.value is not None \
                    and a.object_text != b.object_text:
                pair("incompatible-value", a, b,
                     f"Two different values ({a.object_text} and {b.object_text}) "
                     "for a single-valued property.")
            if pred == "derivedFrom" and same_object and qa.fragment and qb.fragment \
                    and qa.fragment != qb.fragment:
                pair("incompatible-value", a, b,
                     f"Different fragments of the parent ({qa.fragment} and {qb.fragment}).")
    found.extend(_against_records(corpus, vocab))
    found.extend(_reference_years(corpus))
    return _merge_curated(corpus, found)


def _species(corpus: Corpus, st: Statement) -> str | None:
    """The species a claim is about: its own qualifier, else its study's (None if unknown)."""
    study = _study_of(corpus, st)
    species = st.qualifiers.species or (study.species if study else None)
    return None if species in (None, "not_stated") else species


def _related_nodes(a: Statement, b: Statement, corpus: Corpus, vocab: Vocabulary,
                   pair: _Pair) -> None:
    """Two sources on one relation whose objects are parent and child in the hierarchy
    (memory and memory consolidation), in the same species: opposite directions, or a denial
    of the parent against an assertion of the child, are a disagreement about related nodes.
    Only direct parents count: an effect on "cognitive function" says nothing about one of
    its many grandchildren."""
    sa, sb = _species(corpus, a), _species(corpus, b)
    if sa is None or sb is None or not vocab.compatible(SXO.Organism, sa, sb):
        return
    qa, qb = a.qualifiers, b.qualifiers
    same_dose = qa.dose is None or qb.dose is None or qa.dose == qb.dose  # unstated fits any
    if qa.direction and qb.direction and same_dose \
            and frozenset((qa.direction, qb.direction)) in OPPOSED:
        pair("related-opposite-direction", a, b,
             f"One source says {qa.direction} for {a.object_text}, the other {qb.direction} "
             f"for {b.object_text}; one concept lies under the other.", "related_nodes")
    neg, pos = (a, b) if a.negated else (b, a)
    if neg.negated and not pos.negated and neg.object and pos.object \
            and within(corpus.entities, pos.object, neg.object):
        pair("related-negation", a, b,
             f"One source denies the relation for {neg.object}, the other asserts it for "
             f"{pos.object}, which lies under it.", "related_nodes")


def _parent_and_child(corpus: Corpus, a: str, b: str) -> bool:
    def parents(ident: str) -> list[str]:
        ent = corpus.entities.get(ident)
        return ent.broader if isinstance(ent, Entity) else []
    return a in parents(b) or b in parents(a)


def _reference_years(corpus: Corpus) -> list[Found]:
    """A reference whose printed year differs from the year in its own DOI, with the claims of
    the same source that give the study that printed year."""
    out = []
    for src in corpus.sources:
        for r in src.source.references:
            m = DOI_YEAR.search(r.doi or "")
            if r.year is None or r.study is None or m is None or int(m.group(1)) == r.year:
                continue
            year = [st.id for st in src.statements if st.subject == r.study
                    and st.predicate == "hasPublicationYear" and st.value == r.year]
            doi = [st.id for st in src.statements if st.subject == r.study
                   and st.predicate == "printedDOI" and st.value == r.doi]
            if not year or not doi:  # both sides must be claims of the source
                continue
            claims = tuple(sorted(year + doi))
            gap = abs(int(m.group(1)) - r.year)
            out.append(Found(
                _auto_id("reference-year", (src.source.id, str(r.number))), "within_source",
                "apparent" if gap <= ONLINE_FIRST_GAP else "genuine", claims,
                "reference-year-vs-doi",
                f"Reference {r.number} of {src.source.id} prints {r.year}, its DOI carries "
                f"{m.group(1)}" + ("; a one-year gap is what online-first publication gives."
                                   if gap <= ONLINE_FIRST_GAP else "."),
                basis="year_vs_identifier"))
    return out


def _study_of(corpus: Corpus, st: Statement) -> Study | None:
    """The study a claim is about (its subject) or cites (its ``study`` qualifier)."""
    for ident in (st.subject, st.qualifiers.study):
        ent = corpus.entities.get(ident) if ident else None
        if isinstance(ent, Study):
            return ent
    return None


def _discrepancies(st: Statement, study: Study, vocab: Vocabulary) -> list[_Discrepancy]:
    """Every field on which the claim's account of ``study`` contradicts the study's record."""
    out = []
    about_study = st.subject == study.id
    if about_study and st.predicate == "hasStudyDesign" and st.object:
        clash = [d for d in study.design if frozenset((d, st.object)) in INCOMPATIBLE_DESIGNS]
        if clash:
            out.append(_Discrepancy("design", st.object, ", ".join(study.design)))
    if about_study and st.predicate == "studiedSpecies" and st.object \
            and study.species != "not_stated" \
            and not vocab.compatible(SXO.Organism, st.object, study.species):
        out.append(_Discrepancy("species", st.object, study.species))
    if study.sample_size is not None:
        stated = st.value if about_study and st.predicate == "hasSampleSize" else st.qualifiers.sample_size
        if isinstance(stated, int) and stated != study.sample_size:
            out.append(_Discrepancy("sample size", str(stated), str(study.sample_size)))
    return out


def _record_says(d: _Discrepancy) -> str:
    if d.field == "sample size":
        return f"Its record gives {d.record} participants, not {d.stated}."
    return f"Its record gives the {d.field} as {d.record}, not {d.stated}."


def _against_records(corpus: Corpus, vocab: Vocabulary) -> list[Found]:
    """Claims about a study that its curated record contradicts: one conflict per
    (study, field, stated value), with every claim that states that value."""
    groups: dict[tuple[str, _Discrepancy], list[str]] = defaultdict(list)
    for _src, st in corpus.statements():
        study = _study_of(corpus, st)
        if study is not None:
            for d in _discrepancies(st, study, vocab):
                groups[(study.id, d)].append(st.id)
    out = []
    for (study_id, d), claims in groups.items():  # the caller sorts every conflict by id
        n = len(claims)
        out.append(Found(
            _auto_id("study-record", (study_id, d.field, d.stated)), "source_vs_cited_paper",
            "genuine", tuple(sorted(claims)), "study-record",
            f"{n} claim{'s' if n > 1 else ''} give{'' if n > 1 else 's'} the study's {d.field} as "
            f"{d.stated}; the study's record differs.",
            study_id, _record_says(d)))
    return out


def _merge_curated(corpus: Corpus, found: list[Found]) -> list[Found]:
    curated = [
        Found(c.id, c.kind, c.status, tuple(sorted(c.claims)), "curator", c.note, c.study,
              c.record_says, c.record, c.record_part, c.record_mechanism, c.basis)
        for c in corpus.conflicts.conflicts
    ]
    covered = {(f.claims, f.study) for f in curated}
    kept = [f for f in found if (f.claims, f.study) not in covered]
    unique: dict[str, Found] = {}
    for f in [*kept, *curated]:
        unique.setdefault(f.id, f)
    return sorted(unique.values(), key=lambda f: f.id)
