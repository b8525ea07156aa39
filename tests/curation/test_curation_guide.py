"""The outputs shown in docs/curation.md are what the commands print for the sample text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from semaxkg.cli import main
from tests.conftest import ROOT

GUIDE = (ROOT / "docs" / "curation.md").read_text(encoding="utf-8")


def block(after: str, lang: str = "console") -> str:
    """The fenced block (without its fences) whose first line is ``after``."""
    m = re.search(rf"```{lang}\n{re.escape(after)}\n(.*?)```", GUIDE, re.S)
    assert m is not None, f"no ```{lang} block starting with {after!r} in docs/curation.md"
    return m.group(1)


def test_the_guides_outputs_are_what_the_commands_print(
        corpus: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    stmts, sources = str(corpus["statements"]), str(corpus["sources"])
    assert main(["add-source", str(corpus["sample"]), "--statements", stmts, "--id", "source-003"]) == 0
    assert capsys.readouterr().out == block("$ semaxkg add-source ../shared/sources/sample.txt")
    assert main(["add-source", str(corpus["sample"]), "--statements", stmts, "--id", "source-003",
                 "--write"]) == 0
    path = corpus["statements"] / "source-003.yaml"
    statement = block("statements:", "yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("statements: []\n",
                                                            "statements:\n" + statement),
                    encoding="utf-8")
    assert main(["validate", "--no-reasoner", "--statements", stmts]) == 0
    assert main(["check-sources", "--statements", stmts, "--sources", sources]) == 0
    capsys.readouterr()
    words = "bdnf levels in the hippocampus"
    assert main(["locate", "source-003", *words.split(), "--statements", stmts, "--sources", sources]) == 0
    assert capsys.readouterr().out == block(f"$ semaxkg locate source-003 {words}")
    assert main(["locate", "--check", "s003-semax-bdnf-rats", "--statements", stmts,
                 "--sources", sources]) == 0
    assert capsys.readouterr().out == block("$ semaxkg locate --check s003-semax-bdnf-rats")
