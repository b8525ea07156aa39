"""Check the statements against the source texts: checksums, lengths, spans and key terms."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from semaxkg.build.corpus import Corpus
from semaxkg.errors import Location, Problem


@dataclass(frozen=True)
class SourceReport:
    """What check-sources found for one source document."""

    source_id: str
    file: str
    statements: int
    locators: int
    problems: list[Problem]


def text_digest(text: str) -> str:
    """Hex SHA-256 of the UTF-8 bytes of ``text``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _term_in(term: str, passages: list[str]) -> bool:
    low = term.casefold()
    return any(low in p.casefold() for p in passages)


def check_sources(corpus: Corpus, sources_dir: Path, where: dict[str, Location],
                  spans_reported: bool = False) -> list[SourceReport]:
    """Recompute each source's checksum and length and check every locator and key term.
    ``spans_reported``: the statement checks already reported spans beyond the recorded
    length, so while that length is right they are not reported twice."""
    reports = []
    for src in corpus.sources:
        meta = src.source
        loc = where.get(meta.id, Location(meta.id))
        problems: list[Problem] = []
        path = sources_dir / meta.file
        if not path.is_file():
            problems.append(Problem(loc, f"source text {path} not found",
                                    "pass --sources DIR with the source files"))
            reports.append(SourceReport(meta.id, meta.file, 0, 0, problems))
            continue
        text = path.read_bytes().decode("utf-8")
        digest = text_digest(text)
        if digest != meta.sha256:
            problems.append(Problem(loc, f"sha256 of {meta.file} is {digest}, recorded {meta.sha256}",
                                    "the text changed: re-check every offset, then record the new sha256"))
        if len(text) != meta.length:
            problems.append(Problem(loc, f"{meta.file} has {len(text)} characters, recorded {meta.length}",
                                    "record the actual length after checking offsets"))
        n_loc = 0
        for st in src.statements:
            sloc = where.get(st.id, loc)
            passages = []
            for lo in st.locators:
                n_loc += 1
                if not 0 <= lo.start < lo.end <= len(text):
                    if spans_reported and len(text) == meta.length:
                        continue
                    problems.append(Problem(sloc, f"{st.id}: span {lo.start}-{lo.end} is outside the text",
                                            "correct the offsets"))
                    continue
                passages.append(text[lo.start:lo.end])
            for term in st.terms:
                if passages and not _term_in(term, passages):
                    problems.append(Problem(sloc, f"{st.id}: key term {term!r} is not in its passage",
                                            "fix the offsets or choose a term from the passage"))
        for d in meta.disclosures:
            span = text[d.locator.start:d.locator.end]
            for term in d.terms:
                if not _term_in(term, [span]):
                    problems.append(Problem(loc, f"disclosure {d.kind}: key term {term!r} not in its passage",
                                            "fix the disclosure's locator"))
        reports.append(SourceReport(meta.id, meta.file, len(src.statements), n_loc, problems))
    return reports
