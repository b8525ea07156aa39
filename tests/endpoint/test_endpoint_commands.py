"""``semaxkg query`` and ``semaxkg serve`` on the command line, and ``server.py``."""

from __future__ import annotations

import argparse
import http.client
import json
import re
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import requests
from endpoint_support import ID, REPO, LiveServer, process_tree

from semaxkg.commands import query_command, serve_command
from semaxkg.commands.serve_command import DEFAULT_THREADS, executors_for


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="semaxkg")
    sub = parser.add_subparsers()
    query_command.register(sub)
    serve_command.register(sub)
    return parser


def test_query_command_prints_csv(nq_file: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    args = _parser().parse_args([
        "query", 'SELECT ?s WHERE { ?s ?p "Semax"@en }', "--format", "csv",
        "--data", str(nq_file)])
    assert args.handler(args) == 0
    assert capsysbinary.readouterr().out == f"s\r\n{ID}semax\r\n".encode()


def test_query_command_default_json_and_union_graph(
    nq_file: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    args = _parser().parse_args(["query", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }",
                                 "--data", str(nq_file)])
    assert args.handler(args) == 0
    body = json.loads(capsysbinary.readouterr().out)
    assert body["results"]["bindings"][0]["n"]["value"] == "124"


def test_query_command_turtle_for_construct(
    nq_file: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    args = _parser().parse_args([
        "query", f"CONSTRUCT WHERE {{ <{ID}semax> a ?t }}", "--data", str(nq_file)])
    assert args.handler(args) == 0
    assert capsysbinary.readouterr().out.endswith(b"sx:semax a sxo:Peptide .\n")


def test_query_command_bad_query_prints_the_endpoint_400_and_exits_2(
        nq_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = _parser().parse_args(["query", "SELEC *", "--data", str(nq_file)])
    assert args.handler(args) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        'Bad request: SPARQL syntax error at line 1, column 1: found "SELEC"; did you mean '
        "SELECT?\nFix: write SELECT instead of SELEC.\n"
        "  1 | SELEC *\n"
        "    | ^^^^^\n")


def test_query_command_bad_data_file_is_input_error(tmp_path: Path) -> None:
    from semaxkg.errors import InputError

    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .\n")
    args = _parser().parse_args(["query", "ASK {}", "--data", str(bad)])
    with pytest.raises(InputError) as info:
        args.handler(args)
    assert str(info.value).startswith(f"{bad}:1:9: Parser error at line 1 column 9")


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".trig", ".jsonld", ".rdf"])
def test_serve_data_accepts_each_rdf_syntax(tmp_path: Path, suffix: str) -> None:
    import pyoxigraph as ox

    from semaxkg.store.dataset import FORMATS_BY_EXTENSION, load_dataset

    triple = ox.Quad(ox.NamedNode(f"{ID}x"), ox.NamedNode(f"{ID}p"), ox.Literal("v"),
                     ox.NamedNode(f"{ID}g") if suffix == ".trig" else ox.DefaultGraph())
    path = tmp_path / f"data{suffix}"
    fmt = FORMATS_BY_EXTENSION[suffix]
    path.write_bytes(ox.serialize([triple] if fmt.supports_datasets else [triple.triple],
                                  format=fmt) or b"")
    dataset = load_dataset([path])
    assert dataset.quads == 1
    assert dataset.named_graphs == ((f"{ID}g",) if suffix == ".trig" else ())


def test_help_explains_commands_with_examples() -> None:
    for command in ("serve", "query"):
        out = subprocess.run([sys.executable, "-m", "semaxkg.cli", command, "--help"],
                             capture_output=True, text=True, check=True, cwd=REPO)
        assert "example" in out.stdout
        assert f"semaxkg {command}" in out.stdout


def test_serve_binds_localhost_by_default() -> None:
    args = _parser().parse_args(["serve"])
    assert args.host == "127.0.0.1"
    assert args.port == 8000


def test_server_py_exposes_the_app(nq_file: Path) -> None:
    # Other surfaces add blueprints of their own: check the endpoint's two are there.
    code = ("import server; print(type(server.app).__name__, "
            "sorted({'health', 'sparql'} & set(server.app.blueprints)))")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO,
        env={"SEMAXKG_DATA_FILES": json.dumps([str(nq_file)]), "PATH": "/usr/bin:/bin"},
    )
    assert out.stdout.strip() == "Flask ['health', 'sparql']"


def test_serve_keeps_connections_alive_and_logs_one_line_per_request(
    live_server: LiveServer,
) -> None:
    marker = f"/no-such-page-{uuid.uuid4().hex}"
    connection = http.client.HTTPConnection("127.0.0.1", live_server.port, timeout=5)
    sockets = []
    for _ in range(3):
        connection.request("GET", marker)
        response = connection.getresponse()
        assert response.status == 404
        assert response.getheader("server") == "granian"
        assert response.read().startswith(b"404 Not Found")
        sockets.append(connection.sock)
    connection.close()
    assert sockets[0] is not None
    assert sockets == [sockets[0]] * 3  # one connection for all three requests
    deadline = time.monotonic() + 5
    while (live_server.log_text().count(f'"GET {marker} HTTP/1.1" 404') < 3
           and time.monotonic() < deadline):
        time.sleep(0.05)
    lines = [line for line in live_server.log_text().splitlines() if marker in line]
    assert len(lines) == 3
    assert all(re.fullmatch(rf'127\.0\.0\.1 "GET {marker} HTTP/1\.1" 404 \d+\.\dms', line)
               for line in lines)


def test_serve_answers_a_repeat_from_the_cache(live_server: LiveServer) -> None:
    with requests.Session() as session:  # one kept-alive connection: one worker and its cache
        params = {"query": f"SELECT ?x {{ VALUES ?x {{ '{uuid.uuid4().hex}' }} }}"}
        first = session.get(live_server.url, params=params, headers={"Accept": "text/csv"})
        second = session.get(live_server.url, params=params, headers={"Accept": "text/csv"})
    assert first.text == second.text == f"x\r\n{params['query'].split(chr(39))[1]}\r\n"
    assert [first.headers["SemaxKG-Cache"], second.headers["SemaxKG-Cache"]] == ["miss", "hit"]
    assert second.headers["ETag"] == first.headers["ETag"]


def test_raw_angle_brackets_in_the_url_get_400_from_the_http_layer(
    live_server: LiveServer,
) -> None:
    # '<', '>' and '"' must be percent-encoded in a request target (RFC 3986); Granian, like
    # Oxigraph's server, refuses them before the app. Every SPARQL client encodes them.
    with socket.create_connection(("127.0.0.1", live_server.port), timeout=5) as sock:
        sock.sendall(b"GET /sparql?query=ASK{<a>?b?c} HTTP/1.1\r\nHost: x\r\n\r\n")
        assert sock.recv(100).startswith(b"HTTP/1.1 400 Bad Request\r\n")
    encoded = requests.get(live_server.url, params={"query": "ASK { <a> ?b ?c }"}, timeout=5)
    assert encoded.status_code == 200
    assert encoded.json() == {"head": {}, "boolean": False}


@pytest.mark.live
def test_serve_stops_with_all_its_processes(nq_file: Path, tmp_path: Path) -> None:
    server = LiveServer([nq_file], tmp_path / "server.log")
    try:
        assert requests.get(server.url, params={"query": "ASK {}"}, timeout=5).ok
        # main process, 2 workers, 8 executors each (12 threads, 4 of them spare); a worker
        # may still be forking its executors when the other one answers
        expected = 1 + 2 + 2 * executors_for(DEFAULT_THREADS)
        family = process_tree(server.process.pid)
        settled = time.monotonic() + 20
        while len(family) < expected and time.monotonic() < settled:
            time.sleep(0.1)
            family = process_tree(server.process.pid)
        assert len(family) == expected == 19
    finally:
        server.stop()
    deadline = time.monotonic() + 5
    while any(Path(f"/proc/{pid}").exists() for pid in family) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [pid for pid in family if Path(f"/proc/{pid}").exists()] == []


@pytest.mark.live
def test_server_py_runs_under_gunicorn(nq_file: Path, tmp_path: Path) -> None:
    server = LiveServer(
        [nq_file], tmp_path / "gunicorn.log",
        env={"SEMAXKG_DATA_FILES": json.dumps([str(nq_file)])},
        command=[sys.executable, "-m", "gunicorn", "--workers", "1", "--bind",
                 "127.0.0.1:{port}", "server:app"],
    )
    try:
        answers = [requests.get(server.url, params={"query": f"ASK {{ <{ID}semax> ?p ?o }}"},
                                timeout=5) for _ in range(2)]
    finally:
        server.stop()
    assert [a.json() for a in answers] == [{"head": {}, "boolean": True}] * 2
    assert [a.headers["SemaxKG-Cache"] for a in answers] == ["miss", "hit"]
    assert "gunicorn" in answers[0].headers["Server"]


#: Modules `semaxkg serve` must not load before it answers: the build pipeline (~1 s) and
#: rdflib (~0.1 s, trimmed for issue 4's 1 s start-up budget: JSON-LD documents import it when
#: they are first written) and requests (only `--store` needs it).
NOT_FOR_SERVING = ("rdflib", "pyshacl", "owlready2", "pydantic", "requests")


def test_serving_path_loads_no_build_time_module(nq_file: Path) -> None:
    """What `semaxkg serve` runs before the first answer, in a fresh interpreter."""
    script = (
        "import sys\n"
        "from semaxkg.cli import build_parser, FAST_COMMANDS\n"
        "build_parser([FAST_COMMANDS['serve']])\n"
        "from semaxkg.web import create_app\n"
        "import semaxkg.web.serving\n"
        f"app = create_app({{'DATA_FILES': [{str(nq_file)!r}]}})\n"
        "client = app.test_client()\n"
        "answer = client.get('/sparql', query_string={'query': 'ASK {}'},\n"
        "                    headers={'Accept': 'application/sparql-results+json'})\n"
        "print(answer.status_code)\n"
        f"print(sorted(m for m in {NOT_FOR_SERVING!r} if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=REPO, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["200", "[]"]
