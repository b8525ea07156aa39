"""Source text as HTML with spans marked: a passage within its paragraph, a whole document.

The text is untrusted: every character of it passes through :func:`markupsafe.escape`, and
so does every title and link. Offsets are Python string indices (code points), as the
graph records them; spans outside the text are dropped, never clipped silently into
another passage.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

#: Most characters of context shown on each side of a passage within its paragraph.
MAX_CONTEXT_CHARS = 700
#: What stands for text cut from a long paragraph.
ELLIPSIS = "…"


@dataclass(frozen=True)
class Span:
    """One marked stretch of a document: a claim's passage, where it links and its hover text."""

    start: int
    end: int
    href: str
    title: str
    #: A short id for the anchor (``span-<key>``) of the span's first character.
    key: str
    #: Extra CSS class of the mark (e.g. ``genuine`` for a disputed claim).
    css: str = ""


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The paragraph (lines between newlines) holding ``start``-``end``, cut to
    :data:`MAX_CONTEXT_CHARS` of context on each side."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    last = len(text) if last < 0 else last
    return max(first, start - MAX_CONTEXT_CHARS), min(last, end + MAX_CONTEXT_CHARS)


def valid_span(text: str, start: int, end: int) -> bool:
    """True when ``start``-``end`` is a non-empty span inside ``text``."""
    return 0 <= start < end <= len(text)


def passage_in_paragraph(text: str, start: int, end: int) -> Markup:
    """The paragraph around the passage, the passage in ``<mark>`` (escaped throughout)."""
    first, last = paragraph_bounds(text, start, end)
    before = (ELLIPSIS if first > 0 and text[first - 1] != "\n" else "") + text[first:start]
    after = text[end:last] + (ELLIPSIS if last < len(text) and text[last] != "\n" else "")
    return Markup('{}<mark class="passage-mark">{}</mark>{}').format(
        before, text[start:end], after)


def _segment(piece: str, covering: Sequence[Span]) -> Markup:
    if not covering:
        return escape(piece)
    # The text links to the narrowest claim over it; the hover names every claim over it.
    narrowest = min(covering, key=lambda s: (s.end - s.start, s.key))
    classes = " ".join(c for c in ("span", "overlap" if len(covering) > 1 else "",
                                   *(s.css for s in covering)) if c)
    title = "\n\n".join(s.title for s in covering)
    return Markup('<a class="{}" href="{}" title="{}" data-claims="{}">{}</a>').format(
        " ".join(dict.fromkeys(classes.split())), narrowest.href, title, len(covering), piece)


def marked_document(text: str, spans: Sequence[Span]) -> Markup:
    """The whole ``text`` with every span marked and linked, and a numbered anchor at the
    start of each span (so each claim has its own link even where spans overlap)."""
    kept = sorted((s for s in spans if valid_span(text, s.start, s.end)),
                  key=lambda s: (s.start, s.end, s.key))
    cuts = sorted({0, len(text), *(s.start for s in kept), *(s.end for s in kept)})
    starting: dict[int, list[tuple[int, Span]]] = {}
    for number, span in enumerate(kept, 1):
        starting.setdefault(span.start, []).append((number, span))
    parts: list[Markup] = []
    for left, right in pairwise(cuts):
        for number, span in starting.get(left, []):
            parts.append(Markup('<a class="span-start" id="span-{}" href="{}" title="{}">'
                                '<sup>{}</sup></a>').format(span.key, span.href, span.title, number))
        covering = [s for s in kept if s.start <= left and right <= s.end]
        parts.append(_segment(text[left:right], covering))
    return Markup("").join(parts)
