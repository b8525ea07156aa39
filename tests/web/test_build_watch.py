"""The serving side of ``serve --watch``: a worker follows the watcher's status file."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from flask import Flask

from semaxkg.errors import Location, Problem
from semaxkg.web import create_app
from semaxkg.web.build_status import BuildStatus, read_status, status_of, write_status
from semaxkg.web.build_watch import EXTENSION_KEY, Follower
from semaxkg.web.state import get_state

ONE = '<https://w3id.org/semaxkg/id/a> <http://www.w3.org/2000/01/rdf-schema#label> "one" .\n'
TWO = ONE + '<https://w3id.org/semaxkg/id/b> <http://www.w3.org/2000/01/rdf-schema#label> "two" .\n'
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PROBLEM = Problem(Location("data/statements/source-003.yaml", 27),
                  "unknown object 'strok' (did you mean 'stroke'?)", "use a known entity id")


def make(tmp_path: Path, status: BuildStatus, executor: str = "inline") -> tuple[Flask, Path]:
    first = tmp_path / "first.nq"
    first.write_text(ONE, encoding="utf-8")
    path = tmp_path / "status.json"
    write_status(path, status)
    app = create_app({"DATA_FILES": [str(first)], "EXECUTOR": executor, "TESTING": True,
                      "BUILD_DIR": "", "WATCH_STATUS_FILE": str(path)})
    return app, path


def follower(app: Flask) -> Follower:
    found: Follower = app.extensions[EXTENSION_KEY]
    return found


def count(app: Flask) -> str:
    answer = app.test_client().get("/sparql", query_string={"query": COUNT},
                                   headers={"Accept": "text/csv"})
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def test_status_file_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "status.json"
    status = status_of(4, "/x/build-3/semaxkg.nq", [PROBLEM])
    write_status(path, status)
    assert read_status(path) == BuildStatus(4, False, "/x/build-3/semaxkg.nq", (
        "data/statements/source-003.yaml:27: unknown object 'strok' (did you mean 'stroke'?) "
        "(fix: use a known entity id)",))
    assert not list(tmp_path.glob("*.part"))


def test_a_failed_build_shows_its_problems_on_pages_and_in_health(tmp_path: Path) -> None:
    app, path = make(tmp_path, status_of(0, None, []))
    client = app.test_client()
    assert 'class="build-banner"' not in client.get("/").get_data(as_text=True)
    version = client.get("/health").get_json()["version"]
    write_status(path, status_of(1, None, [PROBLEM]))
    assert follower(app).refresh(app) is True
    assert follower(app).refresh(app) is False  # unchanged: not read again
    home = client.get("/").get_data(as_text=True)  # drawn anew though the graph is the same
    assert ("<li><code>data/statements/source-003.yaml:27: unknown object &#39;strok&#39; "
            "(did you mean &#39;stroke&#39;?) (fix: use a known entity id)</code></li>") in home
    assert "Build 1 of the statements failed: the last good graph is still served" in home
    missing = client.get("/id/claim/nothing-here", headers={"Accept": "text/html"})
    assert missing.status_code == 404 and 'class="build-banner"' in missing.get_data(as_text=True)
    health = client.get("/health").get_json()
    assert health["version"] == version
    assert health["build"] == {"serial": 1, "conforms": False, "dataFile": None,
                               "problems": [str(PROBLEM)]}


def test_a_banner_changes_the_etag_and_is_not_replayed_from_the_gzip_memo(tmp_path: Path) -> None:
    """Regression (serve --watch live test): a page drawn gzipped before the build failed was
    replayed, without its banner, for the same graph version."""
    app, path = make(tmp_path, status_of(0, None, []))
    client = app.test_client()
    zipped = {"Accept": "text/html", "Accept-Encoding": "gzip"}
    before = client.get("/dumps", headers=zipped)  # its ETag comes from document_response
    assert 'class="build-banner"' not in gzip.decompress(before.data).decode("utf-8")
    write_status(path, status_of(1, None, [PROBLEM]))
    follower(app).refresh(app)
    after = client.get("/dumps", headers=zipped)
    assert 'class="build-banner"' in gzip.decompress(after.data).decode("utf-8")
    assert after.headers["ETag"] != before.headers["ETag"]
    stale = client.get("/dumps", headers={**zipped, "If-None-Match": before.headers["ETag"]})
    assert stale.status_code == 200


def test_a_conforming_build_is_swapped_in_and_the_caches_miss(tmp_path: Path) -> None:
    app, path = make(tmp_path, status_of(1, None, [PROBLEM]))
    assert count(app) == "n\r\n1\r\n"
    old = get_state(app).version
    second = tmp_path / "build-2" / "semaxkg.nq"
    second.parent.mkdir()
    second.write_text(TWO, encoding="utf-8")
    write_status(path, status_of(2, str(second), []))
    assert follower(app).refresh(app) is True
    assert count(app) == "n\r\n2\r\n"  # not the cached answer of the old graph
    health = app.test_client().get("/health").get_json()
    assert health["version"] != old and health["quads"] == 2
    assert health["build"] == {"serial": 2, "conforms": True, "dataFile": str(second),
                               "problems": []}
    assert 'class="build-banner"' not in app.test_client().get("/").get_data(as_text=True)


def test_a_swap_stops_the_executors_holding_the_old_graph(tmp_path: Path) -> None:
    app, path = make(tmp_path, status_of(0, None, []), executor="process")
    state = get_state(app)
    try:
        assert count(app) == "n\r\n1\r\n"  # forks an executor holding the first graph
        old = state.pool()
        pids = [executor.pid for executor in old._all]
        assert len(pids) == 1 and os.waitpid(pids[0], os.WNOHANG) == (0, 0)  # running
        second = tmp_path / "second.nq"
        second.write_text(TWO, encoding="utf-8")
        write_status(path, status_of(1, str(second), []))
        assert follower(app).refresh(app) is True
        with pytest.raises(ChildProcessError):  # stopped and reaped
            os.waitpid(pids[0], os.WNOHANG)
        assert count(app) == "n\r\n2\r\n"
        assert state.pool() is not old
    finally:
        state.close()


def test_without_watch_health_has_no_build_field(tmp_path: Path) -> None:
    data = tmp_path / "g.nq"
    data.write_text(ONE, encoding="utf-8")
    app = create_app({"DATA_FILES": [str(data)], "EXECUTOR": "inline", "TESTING": True,
                      "BUILD_DIR": ""})
    assert "build" not in app.test_client().get("/health").get_json()
    assert EXTENSION_KEY not in app.extensions


def test_after_a_swap_sparql_text_search_answers_from_the_new_graphs_index(tmp_path: Path) -> None:
    # serve --watch with sxf:matches: the executors must read the swapped-in graph's index,
    # not the one made at start-up for the first graph.
    app, path = make(tmp_path, status_of(0, None, []))
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    second = tmp_path / "second.nq"
    second.write_text(ONE + f'<https://w3id.org/semaxkg/id/compound/zebrafin> {label} "Zebrafin" .\n',
                      encoding="utf-8")
    query = ("PREFIX sxf: <https://w3id.org/semaxkg/function/> SELECT ?s WHERE { ?s ?p ?o "
             'FILTER(sxf:matches(?s, "zebrafin")) }')

    def found() -> str:
        answer = app.test_client().get("/sparql", query_string={"query": query},
                                       headers={"Accept": "text/csv"})
        assert answer.status_code == 200
        return answer.get_data(as_text=True)

    assert found() == "s\r\n"
    write_status(path, status_of(1, str(second), []))
    assert follower(app).refresh(app) is True
    assert found() == "s\r\nhttps://w3id.org/semaxkg/id/compound/zebrafin\r\n"
    search = app.test_client().get("/api/search", query_string={"q": "zebrafin"}).get_json()
    assert [r["iri"] for r in search["results"]] == ["https://w3id.org/semaxkg/id/compound/zebrafin"]
