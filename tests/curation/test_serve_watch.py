"""``semaxkg serve --watch`` on a copy of the mini corpus: a broken statement shows its
problem on every page while the last good graph stays served; the fix is served."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from semaxkg.cli import main
from tests.endpoint.endpoint_support import LiveServer

pytestmark = [pytest.mark.live, pytest.mark.slow]

OLD_TEXT = "In rats the peptide raised hippocampal BDNF."
NEW_TEXT = "A rat experiment found more BDNF in the hippocampus."
CLAIM = "/id/claim/s900-bdnf"
PARAPHRASE = ("SELECT ?t WHERE { <https://w3id.org/semaxkg/id/claim/s900-bdnf> "
              "<https://w3id.org/semaxkg/ontology/paraphrase> ?t }")
#: A build of the mini corpus takes a few seconds; the machine may be busy.
WAIT_SECONDS = 120


def wait_for(what: str, check: Callable[[], bool], server: LiveServer) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not check():
        assert time.monotonic() < deadline, (
            f"not seen in {WAIT_SECONDS} s: {what}; server log:\n{server.log_text()}")
        time.sleep(0.3)


@pytest.fixture()
def watched(corpus: dict[str, Path], tmp_path: Path) -> Iterator[tuple[LiveServer, dict[str, Path]]]:
    assert main(["build", "--no-reasoner", "--statements", str(corpus["statements"]),
                 "--out", str(corpus["out"])]) == 0
    command = [sys.executable, "-m", "semaxkg.cli", "serve", "--port", "{port}", "--workers", "2",
               "--watch", "--no-reasoner", "--statements", str(corpus["statements"]),
               "--data", str(corpus["out"] / "semaxkg.nq"), "--sources", str(corpus["sources"])]
    server = LiveServer([], tmp_path / "serve.log", command=command)
    try:
        yield server, corpus
    finally:
        server.stop()


def page(server: LiveServer, path: str) -> str:
    answer = requests.get(server.url.removesuffix("/sparql") + path,
                          headers={"Accept": "text/html"}, timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.text


def health(server: LiveServer) -> dict[str, Any]:
    answer = requests.get(server.url.removesuffix("/sparql") + "/health", timeout=30)
    assert answer.status_code == 200
    result: dict[str, Any] = answer.json()
    return result


def build(server: LiveServer) -> dict[str, Any]:
    """The ``build`` field of ``/health`` (of whichever worker answers)."""
    field: dict[str, Any] = health(server)["build"]
    return field


def paraphrase(server: LiveServer) -> str:
    answer = requests.get(server.url, params={"query": PARAPHRASE},
                          headers={"Accept": "text/csv"}, timeout=30)
    assert answer.status_code == 200
    return answer.text


def test_serve_watch_shows_a_broken_statement_and_serves_its_fix(
        watched: tuple[LiveServer, dict[str, Path]]) -> None:
    server, corpus = watched
    source = corpus["statements"] / "source-900.yaml"
    built = (corpus["out"] / "semaxkg.nq").read_bytes()
    assert paraphrase(server) == f"t\r\n{OLD_TEXT}\r\n"  # now in the answer cache
    assert 'class="build-banner"' not in page(server, CLAIM)
    assert health(server)["build"] == {"serial": 0, "conforms": True, "dataFile": None,
                                       "problems": []}

    source.write_text(source.read_text(encoding="utf-8").replace(
        "predicate: affects", "predicate: afects"), encoding="utf-8")
    problem = (f"{source}:27: unknown predicate &#39;afects&#39; "
               "(did you mean &#39;affects&#39;?)")
    wait_for("the banner on the home page", lambda: problem in page(server, "/"), server)
    # Each worker polls the status file on its own: ask until both have read it.
    wait_for("the banner over the old claim, from both workers", lambda: all(
        problem in (shown := page(server, CLAIM)) and OLD_TEXT in shown for _ in range(6)), server)
    wait_for("build 1 in /health of both workers", lambda: all(
        build(server)["serial"] == 1 for _ in range(6)), server)
    status = build(server)
    assert (status["serial"], status["conforms"], status["dataFile"]) == (1, False, None)
    assert str(status["problems"][0]).startswith(
        f"{source}:27: unknown predicate 'afects' (did you mean 'affects'?) (fix: use one of:")
    assert paraphrase(server) == f"t\r\n{OLD_TEXT}\r\n"

    source.write_text(source.read_text(encoding="utf-8").replace(
        "predicate: afects", "predicate: affects").replace(OLD_TEXT, NEW_TEXT), encoding="utf-8")
    wait_for("the fixed claim without the banner, from both workers", lambda: all(
        NEW_TEXT in (shown := page(server, CLAIM)) and 'class="build-banner"' not in shown
        for _ in range(6)), server)
    wait_for("build 2 in /health of both workers", lambda: all(
        build(server)["serial"] == 2 for _ in range(6)), server)
    status = build(server)
    assert (status["serial"], status["conforms"], status["problems"]) == (2, True, [])
    assert str(status["dataFile"]).endswith("/build-2/semaxkg.nq")
    assert paraphrase(server) == f"t\r\n{NEW_TEXT}\r\n"  # not the cached answer
    assert (corpus["out"] / "semaxkg.nq").read_bytes() == built  # never written by the watch
    assert "statements changed: build 2" in server.log_text()
