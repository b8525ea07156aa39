"""Find words in a source text the way a curator types them, and the sentence around them.

Matching folds case and treats every run of white space (line breaks, no-break and thin
spaces) as one space, curly quotes as straight ones, dashes as hyphens, and drops soft
hyphens; each folded character remembers the offset it came from, so a match maps back to
exact Python ``str`` offsets (end exclusive) in the original text.

>>> text = "Intro line.\\nThe \\u201cquick\\u201d\\u00a0fox\\nran. Next one."
>>> [(m.start, m.end) for m in find_all(text, '"Quick" fox ran')]
[(16, 31)]
>>> enclosing_sentence(text, 16, 31)
(12, 32)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Characters read as another one when matching (quotes, dashes, odd spaces).
FOLD: dict[str, str] = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
}
#: Characters dropped when matching (soft hyphen, zero-width space and joiners).
DROPPED = frozenset("\u00ad\u200b\u200c\u200d\ufeff")
#: Abbreviations whose full stop does not end a sentence.
ABBREVIATIONS = frozenset({"e.g.", "i.e.", "al.", "dr.", "vs.", "fig.", "no.", "approx.",
                           "etc.", "mr.", "mrs.", "ms.", "prof.", "st.", "ca.", "cf."})
#: Where a sentence may end: . ! ? (with closing quotes or brackets), before white space.
END_MARK = re.compile(r"[.!?][)\]\"'\u201d\u2019]*(?=\s|$)")
#: Longest query accepted, in characters (a passage, not a document).
MAX_QUERY_CHARS = 2000


@dataclass(frozen=True)
class Occurrence:
    """One place the words occur: the match and its enclosing sentence (offsets)."""

    start: int
    end: int
    sentence_start: int
    sentence_end: int


def fold(text: str) -> tuple[str, list[int]]:
    """``text`` folded for matching, and for each folded character its original offset."""
    out: list[str] = []
    where: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch in DROPPED:
            continue
        if ch.isspace():
            if not in_space:
                out.append(" ")
                where.append(i)
            in_space = True
            continue
        in_space = False
        for c in FOLD.get(ch, ch).casefold():
            out.append(c)
            where.append(i)
    return "".join(out), where


def find_all(text: str, words: str) -> list[Occurrence]:
    """Every occurrence of ``words`` in ``text`` (overlapping ones too), in text order."""
    needle = fold(words)[0].strip()  # after folding: a dropped character may hide a space
    if not needle:
        return []
    hay, where = fold(text)
    found: list[Occurrence] = []
    at = hay.find(needle)
    while at >= 0:
        start, end = where[at], where[at + len(needle) - 1] + 1
        s_start, s_end = enclosing_sentence(text, start, end)
        found.append(Occurrence(start, end, s_start, s_end))
        at = hay.find(needle, at + 1)
    return found


def _ends_sentence(text: str, mark: re.Match[str]) -> bool:
    word_start = text.rfind(" ", 0, mark.start()) + 1
    word = text[word_start:mark.start() + 1].casefold().lstrip("([\"'")
    return word not in ABBREVIATIONS and not re.fullmatch(r"[a-z]\.", word)


def enclosing_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or line: headings and list items stand alone) holding ``start``–``end``."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", max(end - 1, start))
    line_end = len(text) if line_end < 0 else line_end
    s_start = line_start
    for mark in END_MARK.finditer(text, line_start, start):
        if _ends_sentence(text, mark):
            s_start = mark.end()
    s_end = line_end
    for mark in END_MARK.finditer(text, max(end - 1, line_start), line_end):
        if mark.start() >= end - 1 and _ends_sentence(text, mark):
            s_end = mark.end()
            break
    while s_start < s_end and text[s_start].isspace():
        s_start += 1
    while s_end > s_start and text[s_end - 1].isspace():
        s_end -= 1
    return s_start, s_end


def cuts_word(text: str, offset: int) -> bool:
    """True when ``offset`` falls inside a word (a locator should not cut one)."""
    return 0 < offset < len(text) and text[offset - 1].isalnum() and text[offset].isalnum()
