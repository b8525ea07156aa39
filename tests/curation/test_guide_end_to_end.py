"""The curator's guide walked end to end (issue 17, item 6), as docs/curation.md section 5
tells it: the sample text becomes the project's fourth source with two statements, one of
them first wrong in three ways that one ``validate`` run finds; once fixed, the build
conforms, the claim pages show the passages, and ``diff`` lists exactly the two claims."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest

from semaxkg.cli import main
from semaxkg.web import create_app
from tests.conftest import ROOT, SHARED_SOURCES
from tests.curation.sample import SAMPLE_TEXT
from tests.curation.test_curation_guide import block

pytestmark = pytest.mark.slow  # three runs over the whole corpus, two builds

FIRST = block("statements:", "yaml")
SECOND_ID = "  - id: s003-semax-memory-older-adults"
SECOND = SECOND_ID + "\n" + block(SECOND_ID, "yaml")
FIXES = (("predicate: hasEfect", "predicate: hasEffect"), ("object: memroy", "object: memory"),
         ("terms: [memory aid, elderly]", "terms: [memory aid, older adults]"))


def shown(text: str, statements: Path, before: Path, after: Path) -> str:
    """``text`` with the test's folders named as the guide names them."""
    text = text.replace(f"{statements}/", "data/statements/")
    text = text.replace(str(before), "../before").replace(str(after), "data/ttl")
    return re.sub(r"\(fix: use one of: [^)]*\)", "(fix: use one of: …)", text)


def test_the_guide_from_start_to_end(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                     caplog: pytest.LogCaptureFixture) -> None:
    statements, sources = tmp_path / "statements", tmp_path / "sources"
    before, after = tmp_path / "before", tmp_path / "after"
    shutil.copytree(ROOT / "data" / "statements", statements)
    sources.mkdir()
    for text in SHARED_SOURCES.glob("*.txt"):
        shutil.copyfile(text, sources / text.name)
    (sources / "sample.txt").write_text(SAMPLE_TEXT, encoding="utf-8")
    given = ["--statements", str(statements)]
    checked = [*given, "--sources", str(sources)]
    assert main(["build", "--no-reasoner", *given, "--out", str(before)]) == 0

    assert main(["add-source", str(sources / "sample.txt"), *given, "--write"]) == 0
    stub = statements / "source-003.yaml"  # the fourth source: the next free id
    assert stub.read_text(encoding="utf-8").endswith("statements: []\n")
    stub.write_text(stub.read_text(encoding="utf-8").replace(
        "statements: []\n", "statements:\n" + FIRST + SECOND), encoding="utf-8")
    caplog.clear()
    assert main(["validate", "--no-reasoner", *checked]) == 2
    errors = [f"ERROR {r.name}: {r.getMessage()}\n" for r in caplog.records
              if r.levelno == logging.ERROR]
    assert shown("".join(errors), statements, before, after) == \
        block("$ semaxkg validate --no-reasoner")

    text = stub.read_text(encoding="utf-8")
    for wrong, right in FIXES:
        text = text.replace(wrong, right)
    stub.write_text(text, encoding="utf-8")
    assert main(["validate", "--no-reasoner", *checked]) == 0
    assert main(["check-sources", *checked]) == 0
    assert main(["build", "--no-reasoner", *given, "--out", str(after)]) == 0

    app = create_app({"DATA_FILES": [str(after / "semaxkg.nq")], "SOURCES_DIR": str(sources),
                      "BUILD_DIR": "", "EXECUTOR": "inline", "TESTING": True})
    for claim, (start, end) in (("s003-semax-bdnf-rats", (256, 340)),
                                ("s003-semax-memory-older-adults", (183, 234))):
        page = app.test_client().get(f"/id/claim/{claim}", headers={"Accept": "text/html"},
                                     follow_redirects=True).get_data(as_text=True)
        assert re.findall(r'<mark class="passage-mark">(.*?)</mark>', page, re.S) == \
            [SAMPLE_TEXT[start:end]]

    capsys.readouterr()
    assert main(["diff", str(before), str(after)]) == 1
    assert shown(capsys.readouterr().out, statements, before, after) == \
        block("$ semaxkg diff ../before data/ttl")
