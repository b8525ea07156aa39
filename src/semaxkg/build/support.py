"""How each claim is tied to evidence: its support kind and what its linked study's record says.

The support kind is derived from fields every statement already has; a statement's explicit
``support:`` is needed only where the derivation is wrong:

- ``about_study``: the subject is a study (its year, design, size, population, a limitation);
- ``cited``: the source attaches something at the passage: a numbered reference (``cites``), a
  citation mark (``citation_marker``), or (in a source without a reference list) a study named
  by author and year, which is how a linked study without cites or mark is read there;
- ``curator_linked``: a study is linked but the source names nothing at the passage;
- ``uncited``: nothing is offered.

The study a claim links to **grades** it only when the source itself names that study at the
passage (a cited reference pointing to it, or author and year in the text) and the study's
record supports the claim. A study behind a bare mark was identified by the curators (the mark's
target is lost): it is context, like a ``curator_linked`` one.

Whether the study's record supports the claim is read from the curated conflicts with the cited
paper (``study_support`` on a conflict), or from the statement's own ``study_support``; with
neither, it is ``supports`` (no disagreement recorded).
"""

from __future__ import annotations

from dataclasses import dataclass

from semaxkg.build.corpus import Corpus
from semaxkg.build.model import SourceFile, Statement, Study

CITED = "cited"
CURATOR_LINKED = "curator_linked"
ABOUT_STUDY = "about_study"
UNCITED = "uncited"
SUPPORTS = "supports"


@dataclass(frozen=True)
class Support:
    """How one claim is tied to evidence."""

    kind: str
    #: The study linked to the claim (the subject of a claim about a study, or its ``study``).
    study: Study | None = None
    #: The linked study, when the source itself names it at the passage.
    named_by_source: bool = False
    #: What the linked study's record says of the claim; None for claims about a study.
    study_support: str | None = None

    @property
    def graded_by(self) -> Study | None:
        """The study whose curated design sets the level: named by the source, supporting."""
        if self.kind == CITED and self.named_by_source and self.study_support == SUPPORTS:
            return self.study
        return None

    @property
    def context(self) -> Study | None:
        """A study the curators linked that the source does not name: shown, never graded by."""
        if self.study is not None and self.kind != ABOUT_STUDY and not self.named_by_source:
            return self.study
        return None


def linked_study(corpus: Corpus, st: Statement) -> Study | None:
    """The study a claim is about (its subject) or names (its ``study`` qualifier)."""
    for ident in (st.qualifiers.study, st.subject):
        ent = corpus.entities.get(ident) if ident else None
        if isinstance(ent, Study):
            return ent
    return None


def study_verdicts(corpus: Corpus) -> dict[tuple[str, str], str]:
    """(claim id, study id) → what the study's record says, from the curated conflicts."""
    return {
        (claim, c.study): c.study_support
        for c in corpus.conflicts.conflicts
        if c.study is not None and c.study_support is not None
        for claim in c.claims
    }


def _named_by_source(src: SourceFile, st: Statement, study: Study) -> bool:
    refs = src.source.references
    if any(r.number in st.cites and r.study == study.id for r in refs):
        return True
    # Without a reference list, a linked study with no mark is one the text names by author
    # and year; a bare mark means the target is lost, so the curators chose the study.
    return not refs and not st.cites and not st.citation_marker


def support_of(corpus: Corpus, src: SourceFile, st: Statement,
               verdicts: dict[tuple[str, str], str]) -> Support:
    """Derive how ``st`` (a statement of ``src``) is tied to evidence."""
    study = linked_study(corpus, st)
    about = isinstance(corpus.entities.get(st.subject), Study)
    named = study is not None and not about and _named_by_source(src, st, study)
    if st.support is not None:
        kind = st.support
    elif about:
        kind = ABOUT_STUDY
    elif st.cites or st.citation_marker or named:
        kind = CITED
    elif study is not None:
        kind = CURATOR_LINKED
    else:
        kind = UNCITED
    named = named and kind == CITED
    verdict = None
    if study is not None and kind != ABOUT_STUDY:
        verdict = st.study_support or verdicts.get((st.id, study.id), SUPPORTS)
    return Support(kind, study, named, verdict)


def supports_by_claim(corpus: Corpus) -> dict[str, Support]:
    """The support of every claim of the corpus, by claim id."""
    verdicts = study_verdicts(corpus)
    return {st.id: support_of(corpus, src, st, verdicts) for src, st in corpus.statements()}
