"""The parameterised mix: seeded, valid SPARQL, constants taken from the data.

The templates live in ``benchmarks/templates.py`` (not a package: put on the path here);
these tests need no server and run with the default test paths.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from generate import generate
from templates import PROLOGUE, TEMPLATES, Constants, draw_mix, read_constants

pyoxigraph = pytest.importorskip("pyoxigraph", reason="pyoxigraph parses the drawn queries")

LINES = generate(3000, seed=7)
DATA_TEXT = "\n".join(LINES)


@pytest.fixture(scope="module")
def constants() -> Constants:
    return read_constants(LINES)


def test_same_seed_same_requests(constants: Constants) -> None:
    assert draw_mix(constants, 200, seed=3) == draw_mix(constants, 200, seed=3)


def test_other_seed_other_requests(constants: Constants) -> None:
    first, second = draw_mix(constants, 200, seed=3), draw_mix(constants, 200, seed=4)
    assert first != second
    # Fresh constants, not just a shuffled fixed list: most requests are distinct.
    assert len({q for _, q, _ in first}) > 150


def test_same_data_read_twice_gives_same_pools() -> None:
    assert read_constants(LINES) == read_constants(reversed(LINES))


def test_every_template_parses_with_pyoxigraph(constants: Constants) -> None:
    rng, empty = random.Random(1), pyoxigraph.Store()
    for template in TEMPLATES.values():
        for _ in range(20):
            query, _ = template(rng, constants)
            empty.query(PROLOGUE + query)  # raises SyntaxError if not SPARQL 1.1


def test_a_broken_query_does_not_parse() -> None:
    """The parse check above can fail."""
    with pytest.raises(SyntaxError):
        pyoxigraph.Store().query(PROLOGUE + "SELECT ?x WHERE { ?x sx:subject }")


def test_every_template_is_drawn(constants: Constants) -> None:
    assert {name for name, _, _ in draw_mix(constants, 500, seed=1)} == set(TEMPLATES)


def test_pools_hold_the_data_values(constants: Constants) -> None:
    assert constants.levels == ["animal", "clinical-rct", "clinical-small", "in-vitro", "review"]
    assert constants.relations == sorted(
        ["increases", "decreases", "associatedWith", "treats", "expressedIn", "bindsTo"])
    assert len(constants.claims) == sum(" <https://w3id.org/semaxkg/ontology/Claim> " in x
                                        for x in LINES)
    assert all(-2 <= e <= 2 for e in constants.effect_sizes)
    assert all(1990 <= y <= 2025 for y in constants.years)


def test_constants_come_from_the_data(constants: Constants) -> None:
    """Every IRI, literal and number a drawn query holds occurs in the data."""
    for _, query, _ in draw_mix(constants, 400, seed=11):
        body = query[len(PROLOGUE):]
        for iri in re.findall(r"<(https://w3id\.org/semaxkg/id/[^>]+)>", body):
            assert f"<{iri}>" in DATA_TEXT, iri
        for text, datatype in re.findall(r'"([^"]*)"(\^\^\S+)?', body):
            assert datatype or text in DATA_TEXT, text
        years = [int(y) for y in re.findall(r'"(\d{4})"\^\^xsd:gYear', body)]
        if years:  # from a year of the data to at most three years later
            assert years[0] in constants.years and 0 <= years[1] - years[0] <= 3
        for number in re.findall(r"\?es > (-?[\d.]+)", body):
            assert f'"{number}"^^' in DATA_TEXT or float(number) in constants.effect_sizes
        for size in re.findall(r"\?size >= (\d+)", body):
            assert f'"{size}"^^<http://www.w3.org/2001/XMLSchema#integer>' in DATA_TEXT


def test_drawn_queries_have_answers(constants: Constants) -> None:
    """Constants from the data make the selective templates match something."""
    store = pyoxigraph.Store()
    store.load(DATA_TEXT.encode(), format=pyoxigraph.RdfFormat.N_QUADS)
    answered = {name: 0 for name in TEMPLATES}
    for name, query, _ in draw_mix(constants, 300, seed=5):
        result = store.query(query, use_default_graph_as_union=True)
        if isinstance(result, pyoxigraph.QueryBoolean):
            answered[name] += bool(result)
        else:
            answered[name] += any(True for _ in result)
    for name in ("label-exact", "label-prefix", "describe", "text-search", "provenance",
                 "source-table", "construct", "property-path"):
        assert answered[name] > 0, name
