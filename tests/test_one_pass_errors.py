"""Issue 17 (must-deliver 3, "one pass, every problem"): ``semaxkg validate`` reports every
problem of every file in one run, without knock-on errors, each with file:line, the fix and
a "did you mean" for near misses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from semaxkg.build.corpus import load_corpus
from semaxkg.build.vocab import default_vocabulary
from semaxkg.cli import main
from semaxkg.errors import InputError

STATEMENTS = Path(__file__).resolve().parents[1] / "data" / "statements"

#: The issue's scenario: one new statement, wrong in five ways at once.
NEW_STATEMENT = """\
  - id: s000-semax-new-claim
    subject: "semax"
    predicate: "usedFro"
    object: "strok"
    hedging: "asserterd"
    locators:
      - {start: 614, end: 99999}
    terms: ["stroke"]
    text: "Too short"
"""
OBJECT_LINE = 'object: "strok"'
ANCHOR = "  - id: s000-semax-nootropic-use\n"


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "statements"
    shutil.copytree(STATEMENTS, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"statements lack {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return i
    raise AssertionError(needle)


def _problems(folder: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_corpus(folder, default_vocabulary(), folder.parent)
    return [str(p) for p in caught.value.problems]


def test_issue_17_new_statement_wrong_five_ways_reports_all_in_one_run_without_knock_ons(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = _copy(tmp_path)
    src = folder / "source-000.yaml"
    _edit(src, ANCHOR, NEW_STATEMENT + ANCHOR)
    f = "statements/source-000.yaml"
    predicates = ("affects, associatedWith, beneficialIn, bindsTo, comparedWith, derivedFrom, "
                  "developedBy, hasAdverseEffect, hasCASNumber, hasClassification, hasEffect, "
                  "hasEvidenceBase, hasEvidenceLimitation, hasFormulation, hasFunction, hasHalfLife, "
                  "hasKeyDifference, hasMechanism, hasMolecularWeight, hasOriginNote, "
                  "hasPublicationYear, hasRegulatoryStatus, hasSafetyNote, hasSampleSize, hasSequence, "
                  "hasStudyDesign, inhibits, locatedIn, modulates, printedDOI, proposedFor, studiedIn, "
                  "studiedPopulation, studiedSpecies, usedFor")
    assert _problems(folder) == [
        f"{f}:{_line(src, 'usedFro')}: unknown predicate 'usedFro' (did you mean 'usedFor'?) "
        f"(fix: use one of: {predicates})",
        f"{f}:{_line(src, OBJECT_LINE)}: unknown object 'strok' (did you mean 'stroke'?) "
        "(fix: define it in an entities file or correct the id)",
        f"{f}:{_line(src, 'asserterd')}: unknown hedging 'asserterd' (did you mean 'asserted'?) "
        "(fix: use one of: anecdotal, asserted, speculative, suggested)",
        f"{f}:{_line(src, '99999')}: locator end 99999 lies beyond the text (6504 characters) "
        "(fix: correct the offsets, or the source's recorded length)",
        f"{f}:{_line(src, 'Too short')}: 'text' is 9 characters long; at least 10 are needed "
        "(fix: write at least 10 characters in 'text')",
    ]
    # The command says the same, one line per problem, and exits 2.
    assert main(["validate", "--no-reasoner", "--statements", str(folder)]) == 2
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors[-1] == "5 problems"
    assert len(errors) == 6


def test_issue_17_refused_statement_named_by_a_conflict_is_no_knock_on(tmp_path: Path) -> None:
    """A statement the schema refuses outright (object and value both given) is reported once;
    conflicts.yaml still knows its id, and the rest of its file is still checked."""
    folder = _copy(tmp_path)
    src = folder / "source-000.yaml"
    _edit(src, '    object: "increased-anxiety"\n', '    object: "increased-anxiety"\n    value: 3\n')
    named = (folder / "conflicts.yaml").read_text(encoding="utf-8")
    assert named.count("s000-semax-anxiety-side-effect") == 4
    # A second, independent mistake further down the same file.
    _edit(src, ANCHOR, ANCHOR.replace("  - id:", "  - colour: red\n    id:"))
    f = "statements/source-000.yaml"
    assert _problems(folder) == [
        f"{f}:{_line(src, 'colour: red')}: unknown field 'colour' "
        "(fix: remove 'colour' or correct its spelling)",
        f"{f}:{_line(src, 'id: s000-semax-anxiety-side-effect')}: give exactly one of 'object' "
        "(an entity id) or 'value' (a literal) (fix: correct this entry as said)",
    ]


def test_issue_17_misspelt_field_gets_did_you_mean(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    src = folder / "source-000.yaml"
    _edit(src, '    hedging: "asserted"\n', '    hedgin: "asserted"\n')
    f = "statements/source-000.yaml"
    line = _line(src, "hedgin:")
    first = _line(src, "- id: s000-semax-used-for-circulatory-disorders-russia")
    assert _problems(folder) == [
        f"{f}:{first}: missing field 'hedging' (fix: add 'hedging:' here)",
        f"{f}:{line}: unknown field 'hedgin' (did you mean 'hedging'?) "
        "(fix: remove 'hedgin' or correct its spelling)",
    ]


SOURCES = STATEMENTS.parents[2] / "shared" / "sources"


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the source texts (../shared/sources) are not at hand")
def test_issue_17_validate_checks_key_terms_in_the_same_run_when_sources_are_at_hand(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = _copy(tmp_path)
    src = folder / "source-000.yaml"
    _edit(src, ANCHOR, NEW_STATEMENT.replace(
        "      - {start: 614, end: 99999}\n",
        "      - {start: 614, end: 735}\n      - {start: 614, end: 99999}\n").replace(
        '["stroke"]', '["strokes of luck"]') + ANCHOR)
    code = main(["validate", "--no-reasoner", "--statements", str(folder), "--sources", str(SOURCES)])
    assert code == 2
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    f = str(src)
    item = _line(src, "- id: s000-semax-new-claim")
    assert errors[0] == (f"{f}:{item}: s000-semax-new-claim: key term 'strokes of luck' is not in its "
                         "passage (fix: fix the offsets or choose a term from the passage)")
    # The span beyond the text is reported once (by the statement checks), not twice.
    assert [e for e in errors if "99999" in e] == [
        f"{f}:{_line(src, '99999')}: locator end 99999 lies beyond the text (6504 characters) "
        "(fix: correct the offsets, or the source's recorded length)"]
    assert errors[-1] == "6 problems"


@pytest.mark.skipif(not SOURCES.is_dir(), reason="the source texts (../shared/sources) are not at hand")
def test_issue_17_refused_sha256_is_reported_once_not_again_against_the_text(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = _copy(tmp_path)
    src = folder / "source-001.yaml"
    text = src.read_text(encoding="utf-8")
    sha = next(line for line in text.splitlines() if line.startswith("  sha256: "))
    _edit(src, sha + "\n", '  sha256: "xyz"\n')
    code = main(["validate", "--no-reasoner", "--statements", str(folder), "--sources", str(SOURCES)])
    assert code == 2
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors == [f"{src}:{_line(src, 'sha256:')}: 'sha256' has value 'xyz', which does not "
                      "match ^[0-9a-f]{64}$ (fix: correct the value)"]
