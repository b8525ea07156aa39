"""Propose the ``source:`` block of a new source from its text alone.

Everything proposed is a guess for the curator to confirm: the title (the first short line),
the section headings (short lines without a closing full stop, after the title), a numbered
reference list (the lines after a "References" heading that start with a number), and the
disclosures whose key words occur (each located by its sentence). The checksum and length
are exact.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
from dataclasses import dataclass, field

from semaxkg.build.curation.textmatch import find_all

#: Longest line read as a title or heading, in characters.
MAX_HEADING_CHARS = 90
#: Headings that open a reference list (lower case, trailing colon ignored).
REFERENCE_HEADINGS = frozenset({"references", "sources", "bibliography", "literature",
                                "works cited", "citations"})
#: A reference entry: a number in brackets or followed by "." or ")".
ENTRY = re.compile(r"^\s*(?:\[(\d{1,3})\]|(\d{1,3})[.)])\s+\S")
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>]+?)(?=[.,;)]?(?:\s|$))")
#: A title printed in quotes (straight or curly).
QUOTED_TITLE = re.compile(r"[\u201c\"]([^\u201d\"]{3,}?)[\u201d\"]")
PMID = re.compile(r"\bPMID:?\s*(\d{1,9})\b")
#: Key words (lower case) that suggest each disclosure kind; ``False`` marks kinds shown
#: rather than stated (a bare buy link is not a declaration).
DISCLOSURE_WORDS: dict[str, tuple[bool, tuple[str, ...]]] = {
    "affiliate_links": (True, ("affiliate", "commission")),
    "product_sales": (False, ("buy now", "add to cart", "shop now", "order now")),
    "medical_disclaimer": (True, ("not medical advice", "consult your doctor",
                                  "consult a doctor", "talk to your doctor",
                                  "consult a physician", "healthcare provider")),
    "research_use_only": (True, ("research use only", "research purposes only",
                                 "not for human consumption")),
    "no_endorsement": (True, ("not recommending", "do not endorse", "does not endorse")),
    "reader_request": (True, ("readers asked", "at the request of", "readers requested")),
    "not_regulator_evaluated": (True, ("not been evaluated", "not evaluated by")),
    "personalised_offer": (True, ("personalized plan", "personalised plan", "take the quiz")),
}
#: Publisher kind proposed when the curator names none (to be confirmed).
DEFAULT_PUBLISHER_KIND = "health_information_site"


@dataclass
class Proposal:
    """The proposed ``source:`` block."""

    source_id: str
    file: str
    sha256: str
    length: int
    title: str | None
    publisher_kind: str
    sections: list[tuple[str, int]] = field(default_factory=list)
    references: list[dict[str, object]] = field(default_factory=list)
    disclosures: list[dict[str, object]] = field(default_factory=list)


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _is_heading(line: str, following: str = "") -> bool:
    """A short line, not ending like a sentence or clause, whose next line does not go on
    with its sentence (a wrapped line is followed by one starting in lower case)."""
    s = line.strip()
    nxt = following.lstrip()
    return (0 < len(s) <= MAX_HEADING_CHARS and not s.endswith((".", ",", ";", ":"))
            and (s[0].isupper() or s[0].isdigit()) and not nxt[:1].islower())


def _parts(start: int, line: str) -> dict[str, object]:
    """Authors, title span and journal of an entry printed "Authors. Title. Journal 3, 1 (2001)".

    The title itself is not copied: its span is kept (``title_withheld``) for the curator to
    replace with the title, or keep withheld when the page repeats it in its own text."""
    body = ENTRY.match(line)
    assert body is not None
    at = body.end() - 1
    cuts = [at] + [at + m.end() for m in re.finditer(r"\.\s+", line[at:])] + [len(line.rstrip())]
    segments = [(a, b) for a, b in itertools.pairwise(cuts) if line[a:b].strip()]
    out: dict[str, object] = {}
    quoted = QUOTED_TITLE.search(line, at)
    if quoted:
        authors = line[at:quoted.start()].strip(" ,.")
        if authors:
            out["authors"] = authors
        title = quoted.group(1).rstrip(" .,")
        out["title_withheld"] = True
        out["title_locator"] = {"start": start + quoted.start(1),
                                "end": start + quoted.start(1) + len(title)}
        journal = re.split(r"\s*(?:\d|https?:)", line[quoted.end():], maxsplit=1)[0].strip(" ,.;")
        if journal:
            out["journal"] = journal
        else:
            out["journal_printed"] = False
    elif len(segments) >= 3:
        (a0, b0), (a1, b1), (a2, b2) = segments[:3]
        out["authors"] = line[a0:b0].strip().rstrip(".")
        title = line[a1:b1].rstrip().rstrip(".")
        out["title_withheld"] = True
        out["title_locator"] = {"start": start + a1, "end": start + a1 + len(title)}
        journal = re.split(r"\s*(?:\d|https?:)", line[a2:b2], maxsplit=1)[0].strip(" ,.;")
        if journal:
            out["journal"] = journal
        else:
            out["journal_printed"] = False
    else:
        out["title_withheld"] = True
        out["title_locator"] = {"start": start + at, "end": start + len(line.rstrip())}
        out["journal_printed"] = False
    return out


def _reference(number: int, start: int, line: str) -> dict[str, object]:
    entry: dict[str, object] = {"number": number, **_parts(start, line)}
    year = YEAR.search(line)
    if year:
        entry["year"] = int(year.group(1))
    doi = DOI.search(line)
    if doi:
        entry["doi"] = doi.group(1)
        in_link = "doi.org/" in line[max(0, doi.start() - 8):doi.start()]
        entry["doi_shown"] = "in_link" if in_link else "printed"
    pmid = PMID.search(line)
    if pmid:
        entry["pmid"] = pmid.group(1)
        entry["pmid_shown"] = "printed"
    stripped = line.rstrip()
    lead = len(line) - len(line.lstrip())
    entry["locator"] = {"start": start + lead, "end": start + len(stripped)}
    return entry


def _structure(text: str) -> tuple[str | None, list[tuple[str, int]], list[dict[str, object]]]:
    title: str | None = None
    sections: list[tuple[str, int]] = []
    references: list[dict[str, object]] = []
    in_refs = False
    lines = _lines(text)
    for n, (start, line) in enumerate(lines):
        following = lines[n + 1][1] if n + 1 < len(lines) else ""
        s = line.strip()
        if not s:
            continue
        lead = start + len(line) - len(line.lstrip())
        if in_refs:
            m = ENTRY.match(line)
            if m:
                references.append(_reference(int(m.group(1) or m.group(2)), start, line))
                continue
            if not _is_heading(line, following):
                continue
            in_refs = False
        if title is None:
            if len(s) <= MAX_HEADING_CHARS * 2:
                title = s
            continue
        if _is_heading(line, following):
            sections.append((s, lead))
            in_refs = s.rstrip(":").casefold() in REFERENCE_HEADINGS
    return title, sections, references


def _disclosures(text: str) -> list[dict[str, object]]:
    found: dict[tuple[str, int, int], dict[str, object]] = {}
    for kind, (declared, words) in DISCLOSURE_WORDS.items():
        for word in words:
            for occ in find_all(text, word):
                key = (kind, occ.sentence_start, occ.sentence_end)
                item = found.setdefault(key, {"kind": kind, "declared": declared,
                                              "locator": {"start": occ.sentence_start,
                                                          "end": occ.sentence_end},
                                              "terms": []})
                terms = item["terms"]
                assert isinstance(terms, list)
                term = text[occ.start:occ.end]
                if term not in terms and len(terms) < 3:
                    terms.append(term)
    return [found[k] for k in sorted(found, key=lambda k: (k[1], k[0]))]


def propose(text: str, file: str, source_id: str,
            publisher_kind: str = DEFAULT_PUBLISHER_KIND) -> Proposal:
    """The proposed source block for ``text`` (saved as ``file``)."""
    title, sections, references = _structure(text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Proposal(source_id, file, digest, len(text), title, publisher_kind,
                    sections, references, _disclosures(text))


def _q(value: object) -> str:
    """A YAML scalar: JSON strings are valid YAML double-quoted scalars."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value).lower() \
        if isinstance(value, bool) else str(value)


def _flow(mapping: dict[str, object]) -> str:
    parts = []
    for key, value in mapping.items():
        if isinstance(value, dict):
            parts.append(f"{key}: {_flow(value)}")
        elif isinstance(value, list):
            parts.append(f"{key}: [{', '.join(_q(v) for v in value)}]")
        else:
            parts.append(f"{key}: {_q(value)}")
    return "{" + ", ".join(parts) + "}"


def render(p: Proposal) -> str:
    """The proposal as a statement file (``source:`` block and an empty statement list)."""
    style = ("numbered reference list" if p.references
             else "no numbered reference list found (describe how the page cites)")
    out = [f"# {p.source_id}: proposed by semaxkg add-source; confirm every line, then add statements.",
           "source:",
           f"  id: {_q(p.source_id)}",
           f"  file: {_q(p.file)}",
           f"  sha256: {_q(p.sha256)}",
           f"  length: {p.length}",
           f"  title: {_q(p.title) if p.title else 'null'}",
           f"  publisher_kind: {_q(p.publisher_kind)}   # confirm: a code of sxo:PublisherKind",
           "  author: null",
           "  date: null",
           f"  citation_style: {_q(style)}"]
    out.append("  disclosures:" + ("" if p.disclosures else " []"))
    out += [f"    - {_flow(d)}" for d in p.disclosures]
    out.append("  sections:" + ("" if p.sections else " []"))
    out += [f"    - {_flow({'title': t, 'start': s})}" for t, s in p.sections]
    out.append("  references:" + ("" if p.references else " []"))
    out += [f"    - {_flow(r)}" for r in p.references]
    out.append("statements: []")
    return "\n".join(out) + "\n"

