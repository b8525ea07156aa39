"""Matching folded text back to exact offsets, and the enclosing sentence."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from semaxkg.build.curation.textmatch import DROPPED, cuts_word, enclosing_sentence, find_all, fold

ALPHABET = st.sampled_from(list("abAB .\n\u00a0\u2019'\u201c\"-\u2013\u00ad?e"))


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=60), st.data())
def test_every_match_folds_to_the_words_and_sits_in_its_sentence(text: str, data: st.DataObject) -> None:
    if not text:
        return
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, len(text)))
    words = text[i:j]
    needle = fold(words)[0].strip()
    found = find_all(text, words)
    if needle:
        # the first character that counts: not white space, not dropped (soft hyphen)
        first = i + next(k for k, ch in enumerate(words) if not ch.isspace() and ch not in DROPPED)
        assert any(o.start == first for o in found)
    for o in found:
        assert fold(text[o.start:o.end])[0] == needle
        assert o.sentence_start <= o.start < o.end <= o.sentence_end


def test_curly_quotes_dashes_soft_hyphens_and_spaces_fold_away() -> None:
    text = "It is \u201cfast\u201d \u2013 very\u00a0fas\u00adter."
    assert [(o.start, o.end) for o in find_all(text, '"FAST" - very fasTer')] == [(6, 27)]
    assert text[6:27] == "\u201cfast\u201d \u2013 very\u00a0fas\u00adter"


def test_sentences_end_at_full_stops_but_not_after_abbreviations_or_initials() -> None:
    text = "First one. Then e.g. this, by J. Doe et al. here. Last"
    start = text.index("this")
    assert enclosing_sentence(text, start, start + 4) == (11, 49)
    assert enclosing_sentence(text, len(text) - 2, len(text)) == (50, 54)


def test_a_line_is_a_sentence_of_its_own() -> None:
    text = "Heading\nBody sentence one. Two"
    assert enclosing_sentence(text, 0, 3) == (0, 7)
    assert enclosing_sentence(text, 9, 12) == (8, 26)


def test_cuts_word() -> None:
    assert cuts_word("abc def", 1) and not cuts_word("abc def", 3) and not cuts_word("abc", 0)
