"""Sentence coverage by span overlap: how much of each source text the statements account for.

A source text is cut into sentences (and table rows, list items, headings: one per line). A
sentence is *covered* when any recorded span overlaps it: a claim's locator, a disclosure, the
rating widget, a reference-list entry or a located page-metadata field. A sentence that no span
overlaps is *left out on purpose* when the source's coverage note lists its span in the table
under its "Left out: no fact stated" heading (``| 506–520 | reason |``), and *missing*
otherwise. The figure that matters is covered / (all sentences − left out), the share of
fact-stating sentences that are data.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from semaxkg.build.model import SourceFile

#: Where a sentence ends inside a line: after . ! ? (or a closing bracket/quote after one)
#: and before whitespace and a capital, digit or opening bracket/quote.
SENTENCE_END = re.compile(r"(?<=[.!?])[)\]”\"]?\s+(?=[A-Z0-9(\[“\"•])")
#: A span in a coverage note's table: ``123–456`` (en dash or hyphen).
NOTE_SPAN = re.compile(r"(\d+)\s*[–-]\s*(\d+)")
#: The heading (lower case) of the coverage-note section listing sentences that state no fact.
LEFT_OUT_HEADING = "left out: no fact stated"
#: What a sentence needs to count at all: a letter or digit.
WORDLIKE = re.compile(r"\w")

Span = tuple[int, int]


@dataclass(frozen=True)
class Coverage:
    """Sentence counts of one source and the spans of the sentences nothing accounts for."""

    source_id: str
    sentences: int
    covered: int
    left_out: int
    missing: list[Span] = field(default_factory=list)

    @property
    def factual(self) -> int:
        """Sentences that state a fact: all of them minus those left out on purpose."""
        return self.sentences - self.left_out

    @property
    def ratio(self) -> float:
        """Covered share of the fact-stating sentences (1.0 when there are none)."""
        return self.covered / self.factual if self.factual else 1.0


def sentences(text: str) -> list[Span]:
    """The sentences of ``text`` as (start, end) spans, trimmed of surrounding whitespace."""
    out: list[Span] = []
    pos = 0
    for line in text.split("\n"):
        cuts = [0, *(m.end() for m in SENTENCE_END.finditer(line)), len(line)]
        for a, b in itertools.pairwise(cuts):
            piece = line[a:b]
            if WORDLIKE.search(piece):
                lead = len(piece) - len(piece.lstrip())
                out.append((pos + a + lead, pos + a + len(piece.rstrip())))
        pos += len(line) + 1
    return out


def recorded_spans(src: SourceFile) -> list[Span]:
    """Every span the statement file records for one source."""
    meta = src.source
    spans = [(lo.start, lo.end) for st in src.statements for lo in st.locators]
    spans += [(d.locator.start, d.locator.end) for d in meta.disclosures]
    spans += [(r.locator.start, r.locator.end) for r in meta.references]
    spans += [(m.locator.start, m.locator.end) for m in meta.metadata_spans]
    if meta.rating is not None:
        spans.append((meta.rating.locator.start, meta.rating.locator.end))
    return spans


def left_out_spans(note: str) -> list[Span]:
    """The spans in the first column of the table under the note's ``Left out: no fact
    stated`` heading (up to the next heading)."""
    out: list[Span] = []
    inside = False
    for line in note.splitlines():
        if line.startswith("#"):
            inside = LEFT_OUT_HEADING in line.casefold()
            continue
        cells = line.split("|")
        if inside and len(cells) > 2:
            out.extend((int(a), int(b)) for a, b in NOTE_SPAN.findall(cells[1]))
    return out


def _overlaps(s: Span, spans: list[Span]) -> bool:
    return any(a < s[1] and s[0] < b for a, b in spans)


def measure(source_id: str, text: str, recorded: list[Span], left_out: list[Span]) -> Coverage:
    """Classify every sentence of ``text`` as covered, left out on purpose or missing."""
    covered = left = 0
    missing: list[Span] = []
    all_sentences = sentences(text)
    for s in all_sentences:
        if _overlaps(s, recorded):
            covered += 1
        elif _overlaps(s, left_out):
            left += 1
        else:
            missing.append(s)
    return Coverage(source_id, len(all_sentences), covered, left, missing)


def source_coverage(src: SourceFile, sources_dir: Path, notes_dir: Path) -> Coverage:
    """Coverage of one source, reading its text and its ``coverage-NNN.md`` note."""
    text = (sources_dir / src.source.file).read_text(encoding="utf-8")
    note_path = notes_dir / f"coverage-{src.source.id.removeprefix('source-')}.md"
    note = note_path.read_text(encoding="utf-8") if note_path.is_file() else ""
    return measure(src.source.id, text, recorded_spans(src), left_out_spans(note))
