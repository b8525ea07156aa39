"""Issue 12: sentence coverage of the source texts by span overlap (``semaxkg coverage``).

The unit tests use made-up text; the corpus test reads ../shared/sources and skips without it.
Before issue 12 the same measure gave 231 of 240 fact-stating sentences (96.3%): page metadata
(titles, dates, bylines, reading times) and source 000's "proven benefits" teaser were missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from semaxkg.build.sentence_coverage import Coverage, left_out_spans, measure, sentences
from semaxkg.cli import main
from tests.conftest import ROOT, SHARED_SOURCES

TEXT = "Title line\nIt works. It also fails? No.\n\n• A bullet [R].\nHeading\n"


def test_sentences_are_cut_at_line_breaks_and_sentence_ends() -> None:
    spans = sentences(TEXT)
    assert [TEXT[a:b] for a, b in spans] == [
        "Title line", "It works.", "It also fails?", "No.", "• A bullet [R].", "Heading"]


def test_each_sentence_is_covered_left_out_or_missing() -> None:
    # "It works." is covered by a locator that overlaps it by one character; "Heading" is listed
    # in the note; the rest is missing.
    cov = measure("source-900", TEXT, recorded=[(0, 10), (19, 20), (39, 54)], left_out=[(55, 62)])
    assert cov == Coverage("source-900", sentences=6, covered=3, left_out=1,
                           missing=[(21, 35), (36, 39)])
    assert cov.factual == 5
    assert cov.ratio == pytest.approx(0.6)


def test_only_the_left_out_table_excludes_sentences() -> None:
    note = ("# Note\n\n### Coverage by span\n\n| span | mapped to |\n|---|---|\n| 1–5 | title |\n\n"
            "### Left out: no fact stated\n\n| span | reason |\n|---|---|\n"
            "| 10–20, 30-40 | headings |\n| prose | no span here |\n\n## (b) Other\n| 50–60 | x |\n")
    assert left_out_spans(note) == [(10, 20), (30, 40)]


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="../shared/sources is not present")
def test_every_fact_stating_sentence_of_the_corpus_is_covered(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["coverage", "--statements", str(ROOT / "data" / "statements"),
                 "--sources", str(SHARED_SOURCES)])
    assert capsys.readouterr().out.splitlines() == [
        "source-000: 63 of 63 fact-stating sentences covered (100.0%); 4 left out on purpose; 0 missing",
        "source-001: 102 of 102 fact-stating sentences covered (100.0%); 20 left out on purpose; 0 missing",
        "source-002: 75 of 75 fact-stating sentences covered (100.0%); 10 left out on purpose; 0 missing",
        "total: 240 of 240 (100.0%)",
    ]
    assert code == 0


def test_a_missing_sentence_exits_1(mini: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    # The mini source covers its first two sentences and the third; drop the third's statement.
    path = mini["statements"] / "source-900.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: s900-anxiety")
    path.write_text(text[:start] + text[text.index("  - id: s900-not-bdnf-direct"):], encoding="utf-8")
    code = main(["coverage", "--statements", str(mini["statements"]), "--sources", str(mini["sources"])])
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "source-900: 2 of 3 fact-stating sentences covered (66.7%); 0 left out on purpose; 1 missing"
    assert out[-1] == "  missing source-900 86-123"
    assert code == 1


def test_a_missing_sources_folder_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["coverage", "--sources", str(tmp_path / "nowhere")]) == 2
