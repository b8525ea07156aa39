"""``semaxkg query`` and ``semaxkg serve`` on the command line, and ``server.py``."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest
from endpoint_support import ID, REPO

from semaxkg.commands import query as query_command
from semaxkg.commands import serve as serve_command


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
    assert capsysbinary.readouterr().out.endswith(b"sxid:semax a sx:Peptide .\n")


def test_query_command_bad_query_is_usage_error(nq_file: Path) -> None:
    from semaxkg.errors import UsageError

    args = _parser().parse_args(["query", "SELEC *", "--data", str(nq_file)])
    expected = r"^SPARQL syntax error: error at 1:8: expected one of VERSION, \[_\]$"
    with pytest.raises(UsageError, match=expected):
        args.handler(args)


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

    from semaxkg.endpoint.dataset import FORMATS_BY_EXTENSION, load_dataset

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
