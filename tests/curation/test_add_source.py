"""``semaxkg add-source``: the proposed source block, the stub it writes, and refusals."""

from __future__ import annotations

from pathlib import Path

import pytest

from semaxkg.cli import main

SHA = "1bea8d9bba23d2844fb352a5a81cc50ecf76a73f38e9d146760973660881545e"
EXPECTED = f"""\
# source-901: proposed by semaxkg add-source; confirm every line, then add statements.
source:
  id: "source-901"
  file: "sample.txt"
  sha256: "{SHA}"
  length: 598
  title: "A short note on Semax for new curators"
  publisher_kind: "health_information_site"   # confirm: a code of sxo:PublisherKind
  author: null
  date: null
  citation_style: "numbered reference list"
  disclosures:
    - {{kind: "medical_disclaimer", declared: true, locator: {{start: 40, end: 99}}, terms: ["not medical advice", "talk to your doctor"]}}
    - {{kind: "affiliate_links", declared: true, locator: {{start: 100, end: 144}}, terms: ["affiliate"]}}
  sections:
    - {{title: "Background", start: 146}}
    - {{title: "Findings in animals", start: 236}}
    - {{title: "References", start: 401}}
  references:
    - {{number: 1, authors: "Doe J, Roe R", title_withheld: true, title_locator: {{start: 429, end: 450}}, journal: "Journal of Examples", year: 2001, pmid: "12345", pmid_shown: "printed", locator: {{start: 412, end: 500}}}}
    - {{number: 2, authors: "Poe A", title_withheld: true, title_locator: {{start: 511, end: 533}}, journal: "Example Letters", year: 2010, doi: "10.1234/ex.2010.5", doi_shown: "in_link", locator: {{start: 501, end: 597}}}}
statements: []
"""


def test_add_source_prints_the_proposal_and_writes_nothing(
        corpus: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.name for p in corpus["statements"].iterdir())
    assert main(["add-source", str(corpus["sample"]), "--statements", str(corpus["statements"])]) == 0
    assert capsys.readouterr().out == EXPECTED
    assert sorted(p.name for p in corpus["statements"].iterdir()) == before


def test_add_source_spans_point_at_what_they_name(corpus: dict[str, Path]) -> None:
    from tests.curation.sample import SAMPLE_TEXT as text
    assert text[146:156] == "Background"
    assert text[236:255] == "Findings in animals"
    assert text[429:450] == "An invented rat study"
    assert text[412:500].startswith("1. Doe J") and text[412:500].endswith("PMID: 12345")
    assert text[40:99] == "This page is not medical advice; talk to your doctor first."


def test_add_source_write_gives_a_stub_validate_and_check_sources_accept(
        corpus: dict[str, Path]) -> None:
    stmts = str(corpus["statements"])
    assert main(["add-source", str(corpus["sample"]), "--statements", stmts, "--write"]) == 0
    assert (corpus["statements"] / "source-901.yaml").read_text(encoding="utf-8") == EXPECTED
    assert main(["validate", "--no-reasoner", "--statements", stmts]) == 0
    assert main(["check-sources", "--statements", stmts, "--sources", str(corpus["sources"])]) == 0


def test_add_source_write_refuses_to_overwrite(corpus: dict[str, Path],
                                               caplog: pytest.LogCaptureFixture) -> None:
    target = corpus["statements"] / "source-900.yaml"
    before = target.read_bytes()
    code = main(["add-source", str(corpus["sample"]), "--statements", str(corpus["statements"]),
                 "--write", "--id", "source-900"])
    assert code == 2
    assert target.read_bytes() == before
    assert "source-900.yaml: exists already (fix: choose another --id" in caplog.text


def test_add_source_refuses_text_that_is_not_utf8(corpus: dict[str, Path],
                                                  caplog: pytest.LogCaptureFixture) -> None:
    bad = corpus["sources"] / "latin1.txt"
    bad.write_bytes("caf\u00e9 au lait\n".encode("latin-1"))
    assert main(["add-source", str(bad), "--statements", str(corpus["statements"])]) == 2
    assert "latin1.txt: not UTF-8 (byte 3) (fix: save the text as UTF-8)" in caplog.text


def test_add_source_numbers_the_first_source_000(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "t.txt"
    text.write_text("Title line\n\nBody text here.\n", encoding="utf-8")
    empty = tmp_path / "statements"
    empty.mkdir()
    assert main(["add-source", str(text), "--statements", str(empty)]) == 0
    out = capsys.readouterr().out
    assert '  id: "source-000"\n' in out
    assert '  sections: []\n  references: []\n' in out
    assert '  citation_style: "no numbered reference list found (describe how the page cites)"\n' in out


def test_add_source_warns_when_the_text_is_not_in_the_sources_folder(
        corpus: dict[str, Path], caplog: pytest.LogCaptureFixture) -> None:
    assert main(["add-source", str(corpus["sample"]), "--statements", str(corpus["statements"])]) == 0
    assert "sample.txt is not in the sources folder" in caplog.text


def test_add_source_write_of_a_recorded_text_is_refused(corpus: dict[str, Path],
                                                         caplog: pytest.LogCaptureFixture) -> None:
    """``semaxkg add-source sample.txt --write`` run twice wrote source-902 for the same
    text as source-901: two sources, one text, and validate accepted both."""
    command = ["add-source", str(corpus["sample"]), "--statements", str(corpus["statements"])]
    assert main([*command, "--write"]) == 0
    caplog.clear()
    assert main(command) == 0  # the proposal is still shown, with a warning
    assert "source-901.yaml:5: this text is recorded already as source-901" in caplog.text
    caplog.clear()
    assert main([*command, "--write"]) == 2
    assert ("source-901.yaml:5: this text is recorded already as source-901 (fix: add the "
            "statements to that file instead of a second source)") in caplog.text
    assert not (corpus["statements"] / "source-902.yaml").exists()
