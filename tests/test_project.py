"""Commands act on the project around the working directory (the ``[tool.semaxkg]`` marker) or
the one named with ``--project DIR``, never on the checkout the package was installed from."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from semaxkg.cli import build_parser, command_word, main
from semaxkg.errors import UsageError
from semaxkg.paths import (
    Project,
    current_project,
    embedded_project,
    find_current_project,
    find_project,
    is_project,
    using_project,
)

from .conftest import ROOT

MARKER = "[project]\nname = 'other'\n\n[tool.semaxkg]\n"


def make_project(folder: Path, statements: Path) -> Path:
    """A second project: the marker, the mini statements, and this checkout's ontology,
    shapes and queries."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pyproject.toml").write_text(MARKER, encoding="utf-8")
    shutil.copytree(statements, folder / "data" / "statements")
    for part in ("ontology", "shapes", "queries"):
        shutil.copytree(ROOT / part, folder / part, ignore=shutil.ignore_patterns("expected", "*.py"))
    return folder


def test_this_checkout_is_a_project() -> None:
    assert is_project(ROOT)


def test_marker_is_the_tool_semaxkg_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n[tool.other]\n", encoding="utf-8")
    assert not is_project(tmp_path)
    (tmp_path / "pyproject.toml").write_text("not = [toml", encoding="utf-8")
    assert not is_project(tmp_path)
    (tmp_path / "pyproject.toml").write_text(MARKER, encoding="utf-8")
    assert is_project(tmp_path)


def test_the_project_is_found_by_walking_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(MARKER, encoding="utf-8")
    deep = tmp_path / "data" / "statements" / "deeper"
    deep.mkdir(parents=True)
    assert find_project(deep) == tmp_path.resolve()
    monkeypatch.chdir(deep)
    monkeypatch.delenv("SEMAXKG_PROJECT", raising=False)
    assert current_project() == Project(tmp_path.resolve())
    assert current_project().ttl_dir == tmp_path.resolve() / "data" / "ttl"


def test_outside_any_project_commands_say_how_to_name_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    if embedded_project() is not None:
        pytest.skip("this install carries a project (a wheel)")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SEMAXKG_PROJECT", raising=False)
    assert find_current_project() is None
    assert main(["query", "ASK {}"]) == 2
    assert main(["build", "--no-reasoner"]) == 2
    assert (f"no semaxkg project at or above {tmp_path.resolve()} (none): run inside a folder whose "
            "pyproject.toml has a [tool.semaxkg] table, or pass --project DIR") in caplog.text


def test_project_option_must_name_a_project(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(UsageError, match="not a semaxkg project"), using_project(tmp_path):
        current_project()
    assert main(["--project", str(tmp_path), "query", "ASK {}"]) == 2
    assert (f"--project names {tmp_path}, which is not a semaxkg project (no [tool.semaxkg] table in "
            "its pyproject.toml)") in caplog.text


def test_environment_variable_names_the_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(MARKER, encoding="utf-8")
    monkeypatch.setenv("SEMAXKG_PROJECT", str(tmp_path))
    assert current_project().root == tmp_path.resolve()
    with using_project(ROOT):  # --project wins over the variable
        assert current_project().root == ROOT


@pytest.mark.parametrize("words", [["--project", "P", "build"], ["build", "--project", "P"],
                                   ["--project", "Q", "build", "--project", "P"]])
def test_project_option_goes_before_or_after_the_command(words: list[str]) -> None:
    assert build_parser().parse_args(words).project == "P"
    assert command_word(words) == "build"


def test_build_with_project_option_writes_that_project_not_this_checkout(mini: dict[str, Path]) -> None:
    other = make_project(mini["root"] / "other", mini["statements"])
    committed = (ROOT / "data" / "ttl" / "semaxkg.nq").stat().st_mtime_ns
    assert main(["build", "--no-reasoner", "--project", str(other)]) == 0
    built = other / "data" / "ttl" / "semaxkg.nq"
    assert "source-900" in built.read_text(encoding="utf-8")
    assert (ROOT / "data" / "ttl" / "semaxkg.nq").stat().st_mtime_ns == committed


def test_commands_act_on_the_project_around_the_working_directory(
        mini: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    other = make_project(mini["root"] / "other", mini["statements"])
    monkeypatch.chdir(other / "data" / "statements")
    monkeypatch.delenv("SEMAXKG_PROJECT", raising=False)
    assert main(["build", "--no-reasoner"]) == 0
    assert (other / "data" / "ttl" / "semaxkg.nq").is_file()
    capsysbinary.readouterr()
    query = "ASK { GRAPH <https://w3id.org/semaxkg/graph/source-900> { ?s ?p ?o } }"
    assert main(["query", query, "--format", "csv"]) == 0
    assert capsysbinary.readouterr().out == b"true\n"
