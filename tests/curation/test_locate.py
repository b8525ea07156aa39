"""``semaxkg locate``: occurrences with sentence offsets, and ``--check`` of a statement."""

from __future__ import annotations

from pathlib import Path

import pytest

from semaxkg.cli import main

STATEMENT = """\
statements:
  - id: s901-semax-bdnf-rats
    subject: semax
    predicate: affects
    object: bdnf
    hedging: asserted
    qualifiers: {direction: increased, aspect: level, anatomy: hippocampus, species: rat}
    cites: [1]
    locators:
      - {start: START, end: END}
    terms: [BDNF, TERM]
    text: In a rat experiment the compound increased hippocampal BDNF.
"""


def add_sample(corpus: dict[str, Path], start: int = 256, end: int = 340,
               term: str = "hippocampus") -> Path:
    """Add the sample as source-901 with one statement located at ``start``-``end``."""
    assert main(["add-source", str(corpus["sample"]), "--statements", str(corpus["statements"]),
                 "--write"]) == 0
    path = corpus["statements"] / "source-901.yaml"
    stub = path.read_text(encoding="utf-8")
    statement = STATEMENT.replace("START", str(start)).replace("END", str(end)).replace("TERM", term)
    path.write_text(stub.replace("statements: []\n", statement), encoding="utf-8")
    return path


def locate(corpus: dict[str, Path], *words: str) -> int:
    return main(["locate", *words, "--statements", str(corpus["statements"]),
                 "--sources", str(corpus["sources"])])


def test_locate_matches_across_line_breaks_no_break_spaces_and_case(
        corpus: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    add_sample(corpus)
    capsys.readouterr()
    assert locate(corpus, "source-901", "bdnf", "levels in the hippocampus") == 0
    assert capsys.readouterr().out == (
        "source-901 (sample.txt): 1 occurrence of 'bdnf levels in the hippocampus'\n"
        '1. match 292-322, sentence 256-340 (section "Findings in animals")\n'
        "   | In one rat study the peptide raised BDNF levels in the hippocampus within hours [1].\n"
        "   locators: [{start: 256, end: 340}]\n")


def test_locate_matches_straight_quotes_to_curly_ones_and_lists_every_occurrence(
        corpus: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    add_sample(corpus)
    capsys.readouterr()
    assert locate(corpus, "source-901", '"memory aid"') == 0
    out = capsys.readouterr().out
    assert "1. match 204-216, sentence 183-234 (section \"Background\")\n" in out
    assert locate(corpus, "source-901", "SEMAX") == 0
    assert capsys.readouterr().out == (
        "source-901 (sample.txt): 2 occurrences of 'SEMAX'\n"
        "1. match 16-21, sentence 0-38\n"
        "   | A short note on Semax for new curators\n"
        "   locators: [{start: 0, end: 38}]\n"
        '2. match 157-162, sentence 157-182 (section "Background")\n'
        "   | Semax is a small peptide.\n"
        "   locators: [{start: 157, end: 182}]\n")


def test_locate_sentence_does_not_end_at_an_abbreviation(
        corpus: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    add_sample(corpus)
    capsys.readouterr()
    assert locate(corpus, "source-901", "the same rise") == 0
    assert "sentence 341-399" in capsys.readouterr().out


def test_locate_nothing_found_exits_1(corpus: dict[str, Path],
                                      capsys: pytest.CaptureFixture[str]) -> None:
    add_sample(corpus)
    capsys.readouterr()
    assert locate(corpus, "source-901", "dopamine") == 1
    assert capsys.readouterr().out == "source-901 (sample.txt): 0 occurrences of 'dopamine'\n"


def test_locate_unknown_source_names_the_known_ones(corpus: dict[str, Path],
                                                    caplog: pytest.LogCaptureFixture) -> None:
    assert locate(corpus, "source-777", "BDNF") == 2
    assert "no source 'source-777' (fix: name one of source-900)" in caplog.text


def test_locate_refuses_a_text_whose_sha256_differs(corpus: dict[str, Path],
                                                    caplog: pytest.LogCaptureFixture) -> None:
    add_sample(corpus)
    corpus["sample"].write_text("A different text altogether.\n", encoding="utf-8")
    assert locate(corpus, "source-901", "text") == 2
    assert "source-901.yaml:5: sha256 of sample.txt is " in caplog.text
    assert "recorded 1bea8d9b" in caplog.text


def test_check_shows_a_good_passage_as_it_stands(corpus: dict[str, Path],
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    add_sample(corpus)
    capsys.readouterr()
    assert locate(corpus, "--check", "s901-semax-bdnf-rats") == 0
    assert capsys.readouterr().out == (
        "s901-semax-bdnf-rats (source-901, source-901.yaml:23)\n"
        "text: In a rat experiment the compound increased hippocampal BDNF.\n"
        "passage 1: 256-340\n"
        "   | In one rat study the peptide raised BDNF levels in the hippocampus within hours [1].\n"
        "term 'BDNF': in the passage\n"
        "term 'hippocampus': in the passage\n")


def test_check_names_every_problem_of_a_bad_passage(corpus: dict[str, Path],
                                                    capsys: pytest.CaptureFixture[str],
                                                    caplog: pytest.LogCaptureFixture) -> None:
    add_sample(corpus, start=258, end=299, term="cortex")
    capsys.readouterr()
    assert locate(corpus, "--check", "s901-semax-bdnf-rats") == 1
    assert capsys.readouterr().out == (
        "s901-semax-bdnf-rats (source-901, source-901.yaml:23)\n"
        "text: In a rat experiment the compound increased hippocampal BDNF.\n"
        "passage 1: 258-299\n"
        "   | one rat study the peptide raised BDNF le\n"
        "   ! the end 299 cuts a word\n"
        "term 'BDNF': in the passage\n"
        "term 'cortex': NOT in the passage\n")
    assert "source-901.yaml:23: 2 problem(s) with its passages" in caplog.text


def test_check_with_words_is_a_usage_error(corpus: dict[str, Path]) -> None:
    add_sample(corpus)
    assert locate(corpus, "--check", "s901-semax-bdnf-rats", "source-901") == 2


def test_locate_shows_at_most_max_shown_occurrences(corpus: dict[str, Path],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from semaxkg.commands.locate_command import MAX_SHOWN
    add_sample(corpus)
    capsys.readouterr()
    assert locate(corpus, "source-901", "e") == 0
    out = capsys.readouterr().out.splitlines()
    total = int(out[0].split(": ")[1].split(" ")[0])
    assert total > MAX_SHOWN
    assert sum(1 for line in out if line.startswith("   locators: ")) == MAX_SHOWN
    assert out[-1] == f"... {total - MAX_SHOWN} more not shown: give more words to narrow the search"


def test_locate_check_of_a_misspelt_statement_id_suggests_the_close_one(
        corpus: dict[str, Path], caplog: pytest.LogCaptureFixture) -> None:
    """``semaxkg locate --check s901-semax-bdnf-rat`` said only "no statement": no hint."""
    add_sample(corpus)
    assert locate(corpus, "--check", "s901-semax-bdnf-rat") == 2
    assert ("no statement 's901-semax-bdnf-rat' (did you mean 's901-semax-bdnf-rats'?) "
            "(fix: give a statement id from a source-NNN.yaml file)") in caplog.text
    caplog.clear()
    assert locate(corpus, "--check", "zzz") == 2
    assert "no statement 'zzz' (fix: give a statement id" in caplog.text
