"""The build: reproducible bytes, equal to what is committed; CLI help and exit codes; OWL."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import RDF, Dataset, URIRef

from semaxkg.build.owlcheck import check_consistency
from semaxkg.cli import build_parser, main
from semaxkg.paths import current_project
from semaxkg.rdf.namespaces import SXO

from .conftest import ROOT, SHARED_SOURCES


def files(folder: Path) -> dict[str, bytes]:
    # Recursive: dumps/*.gz are build outputs too.
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_build_twice_gives_identical_bytes_equal_to_committed(tmp_path: Path, built_dir: Path) -> None:
    # The two builds run side by side (two hash seeds), each in its own process.
    builds = [
        subprocess.Popen([sys.executable, "-m", "semaxkg.cli", "build", "--no-reasoner",
                          "--out", str(tmp_path / name)], env={**os.environ, "PYTHONHASHSEED": seed},
                         cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for name, seed in (("a", "1"), ("b", "987"))
    ]
    for process in builds:
        _out, errors = process.communicate(timeout=900)
        assert process.returncode == 0, errors.decode()
    a, b = files(tmp_path / "a"), files(tmp_path / "b")
    assert a == b
    assert a == files(built_dir), "data/ttl is out of date: run `semaxkg build` and commit"


def test_mini_build_writes_expected_files(mini: dict[str, Path]) -> None:
    assert main(["build", "--no-reasoner", "--statements", str(mini["statements"]),
                 "--out", str(mini["out"])]) == 0
    assert sorted(p.name for p in mini["out"].iterdir()) == [
        "conflicts.ttl", "dumps", "entities.ttl", "ontology.ttl", "semaxkg.nq", "semaxkg.trig",
        "shacl-report.ttl", "shapes.ttl", "source-900.ttl", "void.ttl"]
    assert sorted(p.name for p in (mini["out"] / "dumps").iterdir()) == [
        "semaxkg.jsonld.gz", "semaxkg.nq.gz", "semaxkg.nt.gz", "semaxkg.trig.gz", "semaxkg.ttl.gz"]
    ds = Dataset()
    ds.parse(mini["out"] / "semaxkg.trig", format="trig")
    quads = Dataset()
    quads.parse(mini["out"] / "semaxkg.nq", format="nquads")
    assert len(ds) == len(quads) > 0


def test_mini_build_nquads_blank_nodes_of_two_graphs_never_share_a_label(mini: dict[str, Path]) -> None:
    """Regression: canonical labels were per graph, so the ontology's and the shapes' list
    tails both came out as the same label and became one node in N-Quads (trig and nq then
    counted different triples)."""
    assert main(["build", "--no-reasoner", "--statements", str(mini["statements"]),
                 "--out", str(mini["out"])]) == 0
    graphs_of: dict[str, set[str]] = {}
    for line in (mini["out"] / "semaxkg.nq").read_text(encoding="utf-8").splitlines():
        graph = line.rsplit(" ", 2)[-2]
        for label in re.findall(r"(?:^| )_:(\S+)", line):
            graphs_of.setdefault(label, set()).add(graph)
    assert graphs_of, "the ontology and shapes graphs have blank nodes"
    assert {label for label, graphs in graphs_of.items() if len(graphs) > 1} == set()
    shapes = {label for label, graphs in graphs_of.items()
              if graphs == {"<https://w3id.org/semaxkg/graph/shapes>"}}
    assert shapes and all(label.startswith("shapes-c14n") for label in shapes)


@pytest.mark.parametrize("command", ["build", "validate", "stats", "check-sources", "serve", "query"])
def test_every_command_has_help_with_an_example(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args([command, "--help"])
    assert exc.value.code == 0
    assert "example" in capsys.readouterr().out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["no-such-command"])
    assert exc.value.code == 2
    assert main([]) == 2


def test_missing_statement_folder_exits_2(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    assert main(["build", "--statements", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    assert "statement directory not found" in caplog.text


def test_stats_prints_counts(mini: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--statements", str(mini["statements"])]) == 0
    out = capsys.readouterr().out
    assert "claims: 4" in out
    assert "  source-900                       4" in out
    assert "  anecdote                         1" in out


def test_check_sources_on_mini(mini: dict[str, Path], caplog: pytest.LogCaptureFixture) -> None:
    args = ["check-sources", "--statements", str(mini["statements"]), "--sources", str(mini["sources"])]
    assert main(args) == 0
    src = mini["statements"] / "source-900.yaml"
    src.write_text(src.read_text().replace("terms: [anxious]", "terms: [euphoric]"))
    assert main(args) == 2
    assert "s900-anxiety: key term 'euphoric' is not in its passage" in caplog.text
    (mini["sources"] / "mini.txt").write_text("changed text\n")
    assert main(args) == 2
    assert "sha256 of mini.txt is" in caplog.text


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="../shared/sources is not present (CI has it)")
def test_check_sources_against_the_real_sources(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO")
    assert main(["check-sources", "--statements", str(current_project().statements_dir), "--sources", str(SHARED_SOURCES)]) == 0
    assert "all sources match" in caplog.text


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("java") is None, reason="Java is not installed: HermiT cannot run")
def test_hermit_detects_an_inconsistency() -> None:
    ds = Dataset()
    from semaxkg.build.vocab import load_ontology
    from semaxkg.rdf.namespaces import ONTOLOGY_GRAPH

    og = ds.graph(ONTOLOGY_GRAPH)
    for t in load_ontology():
        og.add(t)
    data = ds.graph(URIRef("https://w3id.org/semaxkg/graph/test"))
    thing = URIRef("https://w3id.org/semaxkg/id/claim/x")
    data.add((thing, RDF.type, SXO.Claim))
    data.add((thing, RDF.type, SXO.SourceDocument))  # disjoint classes
    result = check_consistency(ds)
    assert result.ran and not result.consistent


def test_without_java_the_owl_check_says_so_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import semaxkg.build.owlcheck as owlcheck

    monkeypatch.setattr(owlcheck.shutil, "which", lambda _name: None)
    result = owlcheck.check_consistency(Dataset())
    assert not result.ran and result.consistent
    assert result.message == "Java not found: OWL reasoning (HermiT) skipped; SHACL checks ran"
