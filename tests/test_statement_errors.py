"""Bad statement files: each case gives exit 2, a file:line message naming the fix, and
leaves the output folder exactly as it was."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest

from semaxkg.cli import main

from .conftest import write_mini


def snapshot(folder: Path) -> dict[str, str]:
    """Relative path → sha256 of every file in ``folder`` (``dumps/`` included)."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def build(mini: dict[str, Path], *extra: str) -> int:
    return main(["build", "--no-reasoner", "--statements", str(mini["statements"]),
                 "--out", str(mini["out"]), *extra])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture lacks {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return i
    raise AssertionError(needle)


@pytest.fixture(scope="module")
def mini_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini corpus built once per module (a build costs seconds; the copies do not)."""
    once = write_mini(tmp_path_factory.mktemp("mini-built"))
    assert build(once) == 0
    return once["out"]


@pytest.fixture()
def built(mini: dict[str, Path], mini_output: Path) -> dict[str, Path]:
    """The mini corpus with a good build in its output folder."""
    shutil.copytree(mini_output, mini["out"])
    return mini


CASES = {
    # name: (file, old, new, needle for the expected line, message fragment, fix fragment)
    "malformed_yaml": ("source-900.yaml", "    predicate: affects\n", "    predicate: [affects\n",
                       "predicate: [affects", "malformed YAML", "fix the YAML syntax"),
    "unknown_field": ("source-900.yaml", "    hedging: anecdotal\n", "    hedging: anecdotal\n    colour: red\n",
                      "colour: red", "unknown field 'colour'", "remove 'colour'"),
    "missing_field": ("source-900.yaml", "    text: Some users report feeling anxious on it.\n", "",
                      "- id: s900-anxiety", "missing field 'text'", "add 'text:'"),
    "unknown_entity": ("source-900.yaml", "    object: increased-anxiety\n", "    object: unicorn\n",
                       "object: unicorn", "unknown object 'unicorn'", "define it in an entities file"),
    "duplicate_id_across_files": ("source-900.yaml", "  - id: s900-anxiety\n", "  - id: bdnf\n",
                                  "- id: bdnf", "duplicate id 'bdnf' (first defined at", "id of its own"),
    "offsets_reversed": ("source-900.yaml", "      - {start: 87, end: 124}\n", "      - {start: 124, end: 87}\n",
                         "start: 124, end: 87", "start 124 is not before end 87", "start < end"),
    "offsets_beyond_text": ("source-900.yaml", "      - {start: 87, end: 124}\n",
                            "      - {start: 87, end: 99999}\n", "end: 99999",
                            "lies beyond the text", "correct the offsets"),
    "unknown_predicate": ("source-900.yaml", "    predicate: hasAdverseEffect\n", "    predicate: cures\n",
                          "predicate: cures", "unknown predicate 'cures'", "use one of: affects"),
    "wrong_value_type": ("source-900.yaml", "      - {start: 87, end: 124}\n",
                         "      - {start: eighty, end: 124}\n", "start: eighty",
                         "'start': Input should be a valid integer", "right type"),
    "unknown_code": ("source-900.yaml", "    hedging: anecdotal\n", "    hedging: certainly\n",
                     "hedging: certainly", "unknown hedging 'certainly'", "asserted"),
    "object_kind_mismatch": ("source-900.yaml", "    object: increased-anxiety\n", "    object: hippocampus\n",
                             "object: hippocampus", "object 'hippocampus' is a anatomy", "use an entity of kind"),
    "unknown_study": ("source-900.yaml", "study: rat-study}", "study: mouse-study}",
                      "study: mouse-study", "unknown study 'mouse-study'", "define it"),
    # Issue 12: denial moved from the hedging to the polarity; an old file says how to migrate.
    "hedging_negated_is_a_polarity_now": ("source-900.yaml", "    hedging: anecdotal\n",
                                          "    hedging: negated\n", "hedging: negated",
                                          "'negated' is no longer a hedging level",
                                          "write 'negated: true' and the hedging"),
    "unknown_support_kind": ("source-900.yaml", "    hedging: anecdotal\n",
                             "    hedging: anecdotal\n    support: hearsay\n", "support: hearsay",
                             "unknown support kind 'hearsay'", "use one of: about_study, cited"),
    "unknown_study_support": ("source-900.yaml", "    hedging: anecdotal\n",
                              "    hedging: anecdotal\n    study_support: maybe\n", "study_support: maybe",
                              "unknown study support 'maybe'", "contradicts, does_not_address, supports"),
    "explanandum_of_the_wrong_kind": ("source-900.yaml", "    hedging: anecdotal\n",
                                      "    hedging: anecdotal\n    explains: [hippocampus]\n",
                                      "explains: [hippocampus]", "explanandum 'hippocampus' is a anatomy",
                                      "use an entity of kind condition or mechanism or outcome"),
    "unknown_subject_direction": ("source-900.yaml", "qualifiers: {direction: increased,",
                                  "qualifiers: {subject_direction: sideways, direction: increased,",
                                  "subject_direction: sideways", "unknown direction 'sideways'",
                                  "use one of: decreased"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_located_and_loses_nothing(
    built: dict[str, Path], case: str, caplog: pytest.LogCaptureFixture
) -> None:
    name, old, new, needle, message, fix = CASES[case]
    path = built["statements"] / name
    before = snapshot(built["out"])
    edit(path, old, new)
    caplog.clear()
    assert build(built) == 2
    text = caplog.text
    line = line_of(path, needle)
    # A YAML parser notices a broken flow sequence on the line after it opens.
    lines = f"({line}|{line + 1})" if case == "malformed_yaml" else str(line)
    assert re.search(rf"{re.escape(name)}:{lines}(:\d+)?: ", text), text
    assert message in text
    assert fix in text
    assert snapshot(built["out"]) == before
    assert not list(built["root"].glob(".ttl-*")), "temporary folders must be cleaned up"


def test_validate_reports_the_same_located_error(mini: dict[str, Path],
                                                 caplog: pytest.LogCaptureFixture) -> None:
    path = mini["statements"] / "source-900.yaml"
    edit(path, "    predicate: hasAdverseEffect\n", "    predicate: cures\n")
    assert main(["validate", "--no-reasoner", "--statements", str(mini["statements"])]) == 2
    assert f"source-900.yaml:{line_of(path, 'predicate: cures')}: unknown predicate 'cures'" in caplog.text


def test_every_problem_is_reported_not_just_the_first(mini: dict[str, Path],
                                                      caplog: pytest.LogCaptureFixture) -> None:
    path = mini["statements"] / "source-900.yaml"
    edit(path, "    predicate: hasAdverseEffect\n", "    predicate: cures\n")
    edit(path, "    object: acth\n", "    object: unicorn\n")
    assert build(mini) == 2
    assert "unknown predicate 'cures'" in caplog.text
    assert "unknown object 'unicorn'" in caplog.text


def test_shacl_violation_exits_1_with_statement_location(built: dict[str, Path],
                                                         caplog: pytest.LogCaptureFixture) -> None:
    # A conflict with a cited paper that names no study passes the schema but not the shapes.
    conflicts = built["statements"] / "conflicts.yaml"
    conflicts.write_text(
        "conflicts:\n"
        "  - id: bad-conflict\n"
        "    kind: source_vs_cited_paper\n"
        "    status: genuine\n"
        "    claims: [s900-bdnf]\n"
        "    note: The cited paper says otherwise.\n", encoding="utf-8")
    before = snapshot(built["out"])
    assert build(built) == 1
    assert "conflicts.yaml:2: bad-conflict: A conflict with a cited paper must name" in caplog.text
    assert snapshot(built["out"]) == before


def test_failure_while_writing_keeps_previous_output(built: dict[str, Path],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import semaxkg.build.pipeline as pipeline

    def explode(*_args: object) -> list[Path]:
        raise OSError("disk full")

    before = snapshot(built["out"])
    monkeypatch.setattr(pipeline, "write_dataset", explode)
    with pytest.raises(OSError):
        build(built)
    assert snapshot(built["out"]) == before
    assert not list(built["root"].glob(".ttl-*"))
