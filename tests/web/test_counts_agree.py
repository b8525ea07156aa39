"""One count, explained (issue 16): home page, VoID, ``semaxkg stats`` give the same figures.

The two figures are the distinct triples in the union of the graphs and the quads across the
named graphs, computed here straight from the built N-Quads file, independently of the app.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from browser_support import get_page
from flask.testing import FlaskClient

from semaxkg.cli import main
from semaxkg.paths import current_project
from semaxkg.rdf.dataset_size import QUADS_NAME, TRIPLES_NAME

VOID = rdflib.Namespace("http://rdfs.org/ns/void#")


def _expected(path: Path) -> tuple[int, int]:
    quads = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            quads.add(line.strip())
    # N-Quads line: "<s> <p> <o> <g> ." — the triple is all but the graph term.
    triples = {line.rsplit(" ", 2)[0] for line in quads}
    return len(triples), len(quads)


def test_home_page_names_and_counts_the_dataset(client: FlaskClient, built_dir: Path) -> None:
    triples, quads = _expected(built_dir / "semaxkg.nq")
    root = get_page(client, "/")
    size = next(e for e in root.iter("p") if e.get("id") == "dataset-size")
    spans = {e.get("data-count"): e.text for e in size.iter("span")}
    assert spans == {"triples": str(triples), "quads": str(quads)}
    words = " ".join("".join(size.itertext()).split())
    assert TRIPLES_NAME in words and QUADS_NAME in words


def test_void_gives_the_same_figures_under_the_same_names(client: FlaskClient,
                                                          built_dir: Path) -> None:
    triples, quads = _expected(built_dir / "semaxkg.nq")
    graph = rdflib.Graph().parse(data=client.get("/.well-known/void.ttl").data, format="turtle")
    dataset = next(graph.subjects(VOID.subset, None))
    assert int(graph.value(dataset, VOID.triples)) == triples
    assert sum(int(graph.value(s, VOID.triples)) for s in graph.objects(dataset, VOID.subset)) == quads
    html = client.get("/.well-known/void.html").get_data(as_text=True)
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>', html))
    assert rows[TRIPLES_NAME.capitalize()] == str(triples)
    assert rows[QUADS_NAME.capitalize()] == str(quads)


def test_stats_gives_the_same_figures_under_the_same_names(
        capsys: pytest.CaptureFixture[str]) -> None:
    data_file = current_project().data_file
    if not data_file.is_file():
        pytest.skip("data/ttl/semaxkg.nq is missing: run `semaxkg build` first")
    triples, quads = _expected(data_file)
    assert main(["stats"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].strip() == f"{triples} {TRIPLES_NAME}"
    assert out[2].strip().startswith(f"{quads} {QUADS_NAME} (")
