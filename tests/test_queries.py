"""The named queries in ``queries/`` and their exact answers over the built graph.

Each query's expected answer is a golden file, ``queries/expected/NN-name.tsv`` (SPARQL TSV),
written by ``python queries/make_expected.py`` from the build (``make expected``). After a
change of the statements: rebuild, regenerate, and review ``git diff queries/expected`` —
every changed row there is a changed answer. The tests here answer every query again over
the snapshot of the build and compare byte for byte; a few checks that relate two queries'
answers to each other are kept as code.
"""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from functools import cache
from pathlib import Path
from types import ModuleType

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "queries"
SX = "https://w3id.org/semaxkg/"


def _golden() -> ModuleType:
    """``queries/make_expected.py``, the one code that writes and reads the golden files."""
    spec = importlib.util.spec_from_file_location("make_expected", QUERIES / "make_expected.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


golden = _golden()
QUERY_FILES: list[Path] = golden.query_files(QUERIES)


@pytest.fixture(scope="module")
def store(built_dir: Path) -> ox.Store:
    return _store(built_dir)


@cache
def _store(built_dir: Path) -> ox.Store:
    loaded: ox.Store = golden.load_store(built_dir / "semaxkg.nq")
    return loaded


def short_rows(store: ox.Store, name: str) -> list[tuple[str | None, ...]]:
    """The answer of ``name`` with our IRIs cut to their last segment."""
    results = store.query((QUERIES / f"{name}.rq").read_text(encoding="utf-8"),
                          use_default_graph_as_union=True)
    assert isinstance(results, ox.QuerySolutions)
    names = [v.value for v in results.variables]

    def short(term: object) -> str | None:
        if term is None:
            return None
        value: str = term.value  # type: ignore[attr-defined]
        return value.rsplit("/", 1)[-1] if isinstance(term, ox.NamedNode) and value.startswith(SX) else value

    return [tuple(short(row[n]) for n in names) for row in results]


# -- every query file -------------------------------------------------------------------


def test_at_least_thirty_queries() -> None:
    assert len(QUERY_FILES) >= 30
    for f in QUERY_FILES:
        assert re.fullmatch(r"\d\d-[a-z0-9-]+\.rq", f.name), f.name
    assert sorted(QUERIES.glob("*.rq")) == QUERY_FILES


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.name)
def test_query_has_title_description_and_parses(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert re.fullmatch(r"# title: \S.*", lines[0]), "first line must be '# title: …'"
    assert re.fullmatch(r"# description: \S.*", lines[1]), "second line must be '# description: …'"
    # Parsing: run against an empty store (raises SyntaxError on a bad query).
    ox.Store().query(path.read_text(encoding="utf-8"))


def test_readme_lists_every_query() -> None:
    readme = (QUERIES / "README.md").read_text(encoding="utf-8")
    for f in QUERY_FILES:
        assert f.name in readme, f"{f.name} missing from queries/README.md"


def test_every_query_has_one_golden_file() -> None:
    expected = sorted(p.name for p in (QUERIES / "expected").glob("*"))
    assert expected == [f.stem + ".tsv" for f in QUERY_FILES], "run `make expected`"


# -- exact answers -----------------------------------------------------------------------

#: Queries whose empty answer is itself the finding, with the reason.
EXPECTED_EMPTY = {
    "01-mechanisms-with-human-evidence.rq": "issue 12: graded by each claim's own support, no mechanism "
                                            "claim rests on human evidence (the trials measured outcomes)",
}


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.name)
def test_query_answer_equals_its_golden_file(path: Path, store: ox.Store) -> None:
    answer = golden.answer_tsv(store, path.read_text(encoding="utf-8"))
    expected = golden.expected_path(path).read_text(encoding="utf-8")
    if path.name in EXPECTED_EMPTY:
        assert answer.count("\n") == 1, f"{path.name}: {EXPECTED_EMPTY[path.name]}"
    else:
        assert answer.count("\n") > 1, f"{path.name} returned no rows"
    assert answer == expected, (
        f"{path.name} answers differently from {golden.expected_path(path).relative_to(ROOT)}: "
        "if the data changed on purpose, run `make expected` and review the diff")


def test_answer_tsv_sorts_rows_of_unordered_queries() -> None:
    store = ox.Store()
    for value in ("b", "a", "c"):
        store.add(ox.Quad(ox.NamedNode(SX + value), ox.NamedNode(SX + "p"), ox.Literal(value),
                          ox.NamedNode(SX + "graph/g")))
    unordered = golden.answer_tsv(store, "SELECT ?o WHERE { ?s ?p ?o }")
    ordered = golden.answer_tsv(store, "SELECT ?o WHERE { ?s ?p ?o } ORDER BY DESC(?o)")
    assert unordered == '?o\n"a"\n"b"\n"c"\n'
    assert ordered == '?o\n"c"\n"b"\n"a"\n'


# -- answers that must agree with each other ------------------------------------------------


def test_03_04_commercial_support_only_both_ways(store: ox.Store) -> None:
    """The build's flag and the SPARQL computation find the same claims."""
    flagged = short_rows(store, "03-commercial-support-only")
    computed = short_rows(store, "04-commercial-support-only-computed")
    assert flagged
    assert {(c, s) for c, s, _t in flagged} == set(computed)
    assert len(set(computed)) == len(computed), "duplicate rows"
    # Negated claims assert nothing, so none is commercial-only.
    negated = {c for c, *_ in short_rows(store, "20-negated-claims")}
    assert not negated & {c for c, _s in computed}


def test_42_rodent_rows_within_query_26_rows(store: ox.Store) -> None:
    """Query 42 walks the species hierarchy over claims graded as animal evidence; query 26 counts
    every claim by species and by what the species comes from, so 42's rat and rodent counts never
    exceed 26's rows from a grading study or the claim's own words (issue 12: claims about a study
    and claims with a context study only are in 26 under their own basis, not in 42)."""
    species: Counter[str | None] = Counter()
    for name, basis, count in short_rows(store, "26-species-breakdown"):
        if basis in ("graded_by_study", "stated_by_claim"):
            species[name] += int(count or 0)
    rodents = short_rows(store, "42-claims-on-rodent-evidence")
    assert rodents
    assert all(int(count or 0) <= species[name] for name, count in rodents)


def test_26_31_38_name_the_role_of_each_study(store: ox.Store) -> None:
    """Queries 26, 31 and 38 no longer count any linked study alike (issue 12): each row says
    whether the study grades the claim, is context, is its subject, or does not support it."""
    roles = {row[2] for row in short_rows(store, "31-claims-per-study")}
    assert roles == {"graded_by_study", "context_study", "study_the_claim_is_about", "cited_not_supporting"}
    eremin = [row for row in short_rows(store, "31-claims-per-study") if row[0] == "eremin-2005"]
    assert eremin == [("eremin-2005", "source-000", "context_study", "2")]
    human = {row[0]: row[4:] for row in short_rows(store, "38-human-studies")}
    assert human["kaplan-1996"] == ("3", "0", "10")
    assert human["gusev-2005"] == ("0", "3", "2")


def test_70_evidence_base_ratings_are_codes(store: ox.Store) -> None:
    """Issue 12: the comparison table's "Moderate (animal + small human trials)" and its peers
    were only strings; query 70 answers them from codes on the claims."""
    rows = {row[0]: row[2:7] for row in short_rows(store, "70-evidence-base-ratings")}
    assert rows["s001-semax-evidence-base"] == ("small_studies", "animal", "moderate", None, None)
    assert rows["s001-selank-evidence-base"] == ("clinical_studies", "animal", "comparable", None, "semax")
    assert rows["s001-p21-evidence-base"] == (None, "animal", "primary", None, "semax")
    assert rows["s001-evidence-base-animal-cognition"] == (None, "animal", "primary", None, None)
    assert rows["s001-evidence-base-stroke-most-developed"] == (None, None, "primary", "ischemic-stroke", None)
    growing = next(row for row in short_rows(store, "70-evidence-base-ratings")
                   if row[0] == "s001-evidence-base-growing-english")
    assert growing[7:9] == ("10", "year")


TEXT_MATCHING = re.compile(r"\b(REGEX|CONTAINS|STRSTARTS|STRENDS|STRBEFORE|STRAFTER|LCASE|UCASE|SUBSTR)\s*\(",
                           re.IGNORECASE)


def test_named_queries_answer_without_text_matching() -> None:
    """Issue 12 ("Done when"): every named query answers from structured data, never by matching
    text in labels, notes, values or IRIs (query 24 used to pick a claim's first passage by the
    end of its IRI; it now takes the lowest start offset)."""
    offenders = [f.name for f in sorted(QUERIES.glob("*.rq"))
                 if TEXT_MATCHING.search(f.read_text(encoding="utf-8"))]
    assert offenders == []
