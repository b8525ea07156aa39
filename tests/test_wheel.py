"""The installable tool: a wheel built from the project files carries the ontology, shapes,
named queries and the built Semax graph, and serves that graph from an empty folder.

The wheel is built without build isolation and installed with ``--no-deps`` into a fresh
venv that borrows this environment's installed dependencies (a ``.pth`` line), so the test
needs no package index.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
import requests

from tests.live_process import start_on_free_port, stop_process, wait_until_answering

from .conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.live]

#: The project files a wheel is built from (what an sdist holds); data/ttl comes from the snapshot.
PROJECT_FILES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "src", "ontology", "shapes",
                 "queries")
SEMAX = "https://w3id.org/semaxkg/id/compound/semax"


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True,
                          timeout=600, check=False)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory, built_dir: Path) -> Path:
    """A fresh venv with the wheel installed; its ``bin`` folder."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    for name in PROJECT_FILES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(ROOT / name, source / name)
    shutil.copytree(built_dir, source / "data" / "ttl")
    shutil.copytree(ROOT / "data" / "releases", source / "data" / "releases")
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", work / "dist",
                source, cwd=work)
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel] = (work / "dist").glob("semaxkg-*.whl")
    venv = work / "venv"
    made = run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=work)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    site = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=work).stdout.strip()
    # The dependencies of this environment, after the venv's own site-packages (the wheel).
    (Path(site) / "borrowed-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    done = run(sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel,
               cwd=work)
    assert done.returncode == 0, done.stdout + done.stderr
    return venv / "bin"


@pytest.fixture()
def empty(tmp_path: Path) -> Path:
    folder = tmp_path / "empty"
    folder.mkdir()
    return folder


def test_wheel_holds_the_project_data(installed: Path, empty: Path) -> None:
    code = ("import semaxkg, semaxkg.paths as p; e = p.embedded_project(); "
            "print(semaxkg.__file__); print(sorted(str(f.relative_to(e.root)) for f in e.root.rglob('*') "
            "if f.is_file()))")
    done = run(installed / "python", "-c", code, cwd=empty)
    assert done.returncode == 0, done.stderr
    location, files = done.stdout.splitlines()
    assert not Path(location).is_relative_to(ROOT), "the checkout was imported, not the wheel"
    names = set(json.loads(files.replace("'", '"')))
    assert {"ontology/semaxkg.ttl", "shapes/semaxkg-shapes.ttl", "queries/01-mechanisms-with-human-evidence.rq",
            "queries/qc/claim-without-passage-violation.rq", "data/ttl/semaxkg.nq", "data/ttl/void.ttl",
            "data/ttl/dumps/semaxkg.ttl.gz", "data/releases/0.1.0/release.ttl",
            "data/releases/0.1.0/semaxkg.nq.gz", "data/releases/0.1.0/changelog.md"} <= names
    assert not any(name.startswith("queries/expected") or name.endswith(".py") for name in names)


def test_query_from_an_empty_folder_answers_from_the_embedded_graph(installed: Path, empty: Path) -> None:
    done = run(installed / "semaxkg", "query", f"ASK {{ <{SEMAX}> ?p ?o }}", "--format", "csv", cwd=empty)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "true\n"
    done = run(installed / "semaxkg", "query", "ASK {}", cwd=empty)
    assert json.loads(done.stdout) == {"head": {}, "boolean": True}


def test_build_from_an_empty_folder_is_a_usage_error(installed: Path, empty: Path) -> None:
    done = run(installed / "semaxkg", "build", cwd=empty)
    assert done.returncode == 2
    assert "no semaxkg project at or above" in done.stderr
    assert "(only the installed read-only graph)" in done.stderr


def test_serve_from_an_empty_folder_serves_the_semax_graph(installed: Path, empty: Path, built_dir: Path) -> None:
    log = (empty.parent / "serve.log").open("wb")

    def launch(port: int) -> subprocess.Popen[bytes]:
        return subprocess.Popen([installed / "semaxkg", "serve", "--port", str(port), "--workers", "1"],
                                cwd=empty, stdout=log, stderr=subprocess.STDOUT)

    def ready(port: int, process: subprocess.Popen[bytes]) -> bool:
        return wait_until_answering(f"http://127.0.0.1:{port}/health", process, 60)

    port, process, up = start_on_free_port(launch, ready)
    try:
        assert up, (empty.parent / "serve.log").read_text()
        base = f"http://127.0.0.1:{port}"
        answer = requests.get(base + "/sparql", params={"query": f"ASK {{ <{SEMAX}> ?p ?o }}"},
                              headers={"Accept": "application/sparql-results+json"}, timeout=30)
        assert answer.status_code == 200
        assert answer.json() == {"head": {}, "boolean": True}
        dump = requests.get(base + "/dumps/semaxkg.nq", timeout=30)
        assert dump.status_code == 200
        assert dump.content == (built_dir / "semaxkg.nq").read_bytes()
    finally:
        stop_process(process)
        log.close()
