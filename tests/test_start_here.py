"""Start-up that says where to go (issue 16): ``make run PORT=…``, the README's first lines."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from semaxkg.commands.serve_command import where_to_go

REPO = Path(__file__).resolve().parents[1]


def test_make_run_takes_the_port() -> None:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    dry = subprocess.run([make, "-n", "run", "PORT=8080"], cwd=REPO, capture_output=True,
                         text=True, check=True, timeout=60).stdout
    assert ".venv/bin/semaxkg serve --host 127.0.0.1 --port 8080" in dry.splitlines()


def test_readme_says_how_to_call_semaxkg_before_anything_else() -> None:
    first_lines = "\n".join((REPO / "README.md").read_text(encoding="utf-8").splitlines()[:6])
    assert ".venv/bin/semaxkg" in first_lines
    assert ". .venv/bin/activate" in first_lines


def test_start_up_lines_name_the_home_page_and_the_endpoint() -> None:
    lines = where_to_go("http://127.0.0.1:8080/", 2)
    assert lines[0] == "serving with 2 worker(s); open the home page: http://127.0.0.1:8080/"
    assert lines[1].startswith("SPARQL endpoint: http://127.0.0.1:8080/sparql")
