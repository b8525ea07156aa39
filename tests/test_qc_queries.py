"""QC queries (``queries/qc/*-violation.rq``): zero rows on the built graph, and the exact
offending rows on a small, deliberately broken graph (one negative case per query, with
well-formed neighbours that must not be reported). The build runs them too (exit 1)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pytest

from semaxkg.build.qc import QcQuery, load_qc_queries, qc_dir, run_query
from semaxkg.cli import main
from semaxkg.paths import current_project

QC_DIR = qc_dir()
ONTOLOGY_FILE = current_project().ontology_file
ID = "https://w3id.org/semaxkg/id/"
SXO = "https://w3id.org/semaxkg/ontology/"
QUERIES = {q.name: q for q in load_qc_queries()}


def short(value: str | None) -> str | None:
    """``…/id/claim/x`` → ``claim/x``; ``…/ontology/x`` → ``sxo:x``; literals unchanged."""
    if value is None:
        return None
    if value.startswith(ID):
        return value.removeprefix(ID)
    return "sxo:" + value.removeprefix(SXO) if value.startswith(SXO) else value


def rows(store: ox.Store, query: QcQuery) -> list[tuple[str | None, ...]]:
    return [tuple(short(v) for v in row) for row in run_query(store, query)]


# -- the files ---------------------------------------------------------------------------------


def test_qc_files_are_named_and_documented() -> None:
    files = sorted(QC_DIR.glob("*.rq"))
    assert len(files) == len(QUERIES) >= 10
    for path in files:
        assert path.name.endswith("-violation.rq"), path.name
        lines = path.read_text(encoding="utf-8").splitlines()
        assert re.fullmatch(r"# title: \S.*", lines[0]), path.name
        assert re.fullmatch(r"# description: \S.*", lines[1]), path.name


def test_a_file_without_a_title_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x-violation.rq").write_text("SELECT * WHERE { ?s ?p ?o }\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"x-violation\.rq:1: a QC query must start with '# title: …'"):
        load_qc_queries(tmp_path)


# -- the built graph -------------------------------------------------------------------------------


@cache
def built_store(built_dir: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(built_dir / "semaxkg.nq"), format=ox.RdfFormat.N_QUADS)
    return store


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_built_graph_has_no_violations(name: str, built_dir: Path) -> None:
    assert rows(built_store(built_dir), QUERIES[name]) == []


# -- a deliberately broken graph -----------------------------------------------------------------

PREFIXES = """\
@base <https://w3id.org/semaxkg/id/> .
@prefix sxo: <https://w3id.org/semaxkg/ontology/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def claim(name: str, *, level: str = "level-none", source: str = "source-900", passage_source: str = "",
          start: int = 0, end: int = 10, extra: str = "", passage: bool = True) -> str:
    """A well-formed claim with one passage, unless an argument breaks it."""
    iri = f"<claim/{name}>"
    text = (f"{iri} a sxo:Claim ; rdfs:label \"Claim {name}\" ; sxo:hedging sxo:hedging-asserted ;\n"
            f"    sxo:evidenceLevel sxo:{level} ; prov:wasQuotedFrom <source/{source}> {extra}.\n")
    if passage:
        p = f"<claim/{name}/passage-1>"
        text += (f"{iri} sxo:hasPassage {p} .\n"
                 f"{p} a sxo:Passage ; oa:hasSource <source/{passage_source or source}> ;\n"
                 f"    oa:hasSelector <claim/{name}/passage-1/selector> .\n"
                 f"<claim/{name}/passage-1/selector> a oa:TextPositionSelector ; oa:start {start} ; oa:end {end} .\n")
    return text


BROKEN = PREFIXES + "<https://w3id.org/semaxkg/graph/source-900> {\n" + "\n".join([
    "<source/source-900> a sxo:SourceDocument ; rdfs:label \"Doc 900\" ; sxo:textLength 100 .",
    "<source/source-901> a sxo:SourceDocument ; rdfs:label \"Doc 901\" ; sxo:textLength 100 .",
    "<study/rat-study> a sxo:Study ; rdfs:label \"Rat study\" ; sxo:species sxo:rat ;"
    " sxo:designFeature sxo:in-vivo-animal .",
    "<study/rodent-study> a sxo:Study ; rdfs:label \"Rodent study\" ; sxo:species sxo:rodent .",
    "<study/review-study> a sxo:Study ; rdfs:label \"Review\" ; sxo:species sxo:human ;"
    " sxo:designFeature sxo:review .",
    "<record/notes> a sxo:ReferenceRecord ; rdfs:label \"Notes\" .",
    "<compound/nameless> a sxo:Compound .",
    "<compound/named> a sxo:Compound ; rdfs:label \"Named\" .",
    # issue 12: a cycle through skos:broader, beside a well-formed parent and child
    "<outcome/loop-a> a sxo:Outcome ; rdfs:label \"A\" ; <http://www.w3.org/2004/02/skos/core#broader> <outcome/loop-b> .",
    "<outcome/loop-b> a sxo:Outcome ; rdfs:label \"B\" ; <http://www.w3.org/2004/02/skos/core#broader> <outcome/loop-a> .",
    "<outcome/child> a sxo:Outcome ; rdfs:label \"Child\" ; <http://www.w3.org/2004/02/skos/core#broader> <outcome/named> .",
    "<outcome/named> a sxo:Outcome ; rdfs:label \"Parent\" .",
    # Well-formed claims, used by conflicts below.
    claim("good", extra="; sxo:conflictsWith <claim/other> ; rdfs:seeAlso <passage/7> , <claim/UPPER> "),
    claim("other", source="source-901"),
    claim("same-a"),
    claim("same-b"),
    # One breakage each.
    claim("no-passage", passage=False),
    claim("reversed", start=20, end=5),
    claim("long", start=90, end=150),
    claim("elsewhere", passage_source="source-901"),
    claim("wrong-level", level="level-human-controlled", extra="; sxo:gradedByStudy <study/rat-study> "),
    claim("rodent-ok", level="level-animal", extra="; sxo:gradedByStudy <study/rodent-study> "),
    claim("review-wrong", level="level-animal", extra="; sxo:gradedByStudy <study/review-study> "),
    claim("review-ok", level="level-cited-unspecified", extra="; sxo:gradedByStudy <study/review-study> "),
    # A study only linked (not grading) is context: a human level on a rat study is not checked
    # by the study rule, but the unsupported-level rule sees no grading study behind it.
    claim("context-only", level="level-animal", extra="; prov:hadPrimarySource <study/rat-study> "),
    claim("species-only", level="level-human-uncontrolled", extra="; sxo:species sxo:human "),
    claim("design-not-stated", level="level-animal", extra="; sxo:statedDesign sxo:design-not-stated "),
    claim("marked", level="level-animal", extra="; sxo:hasCitationMarker true "),
    claim("typo", extra="; sxo:evidenceLvl sxo:level-none "),
    # Grades against support (issue 12).
    claim("about-wrong", level="level-human-controlled", extra="; sxo:supportKind sxo:support-about-study "),
    claim("about-ok", level="level-bibliographic", extra="; sxo:supportKind sxo:support-about-study "),
    claim("biblio-wrong", level="level-bibliographic", extra="; sxo:supportKind sxo:support-cited "),
    claim("graded-unsupported", level="level-animal",
          extra="; sxo:supportKind sxo:support-cited ; sxo:gradedByStudy <study/rat-study> ;"
                " sxo:studySupport sxo:study-does-not-address "),
    claim("not-supported-ok", level="level-cited-not-supported",
          extra="; sxo:supportKind sxo:support-cited ; sxo:studySupport sxo:study-contradicts "),
    claim("unsupported-ungraded", level="level-cited-unspecified",
          extra="; sxo:supportKind sxo:support-cited ; sxo:studySupport sxo:study-contradicts "),
    claim("curator-graded", level="level-animal",
          extra="; sxo:supportKind sxo:support-curator-linked ; sxo:gradedByStudy <study/rat-study> ;"
                " sxo:studySupport sxo:study-supports "),
    # Issue 12 audit: a grading study must have said something of the claim; a verdict that went
    # missing (a study's record never read) would otherwise pass as support.
    claim("graded-no-verdict", level="level-animal",
          extra="; sxo:supportKind sxo:support-cited ; sxo:gradedByStudy <study/rat-study> "),
    claim("graded-ok", level="level-animal",
          extra="; sxo:supportKind sxo:support-cited ; sxo:gradedByStudy <study/rat-study> ;"
                " sxo:studySupport sxo:study-supports "),
    # Conflicts.
    "<conflict/lonely> a sxo:Conflict ; rdfs:label \"Lonely\" ; sxo:conflictKind sxo:source-vs-cited-paper ;"
    " sxo:involvesClaim <claim/good> .",
    "<conflict/record-ok> a sxo:Conflict ; rdfs:label \"With a record\" ;"
    " sxo:conflictKind sxo:source-vs-reference-record ; sxo:involvesClaim <claim/good> ;"
    " sxo:referenceRecord <record/notes> .",
    "<conflict/same-source> a sxo:Conflict ; rdfs:label \"Same source\" ; sxo:conflictKind sxo:between-sources ;"
    " sxo:involvesClaim <claim/same-a> , <claim/same-b> .",
    "<claim/same-a> sxo:conflictsWith <claim/same-b> . <claim/same-b> sxo:conflictsWith <claim/same-a> .",
    "<conflict/across> a sxo:Conflict ; rdfs:label \"Across\" ; sxo:conflictKind sxo:between-sources ;"
    " sxo:involvesClaim <claim/other> , <claim/same-a> .",
]) + "\n}\n"

EXPECTED: dict[str, list[tuple[str | None, ...]]] = {
    "claim-without-passage": [("claim/no-passage",)],
    "passage-offsets-out-of-order": [("claim/reversed/passage-1", "20", "5")],
    "passage-beyond-text": [("claim/long/passage-1", "150", "100")],
    "passage-source-mismatch": [("claim/elsewhere", "source/source-900", "source/source-901")],
    "evidence-level-inconsistent-with-study": [
        ("claim/review-wrong", "sxo:level-animal", "study/review-study"),
        ("claim/wrong-level", "sxo:level-human-controlled", "study/rat-study"),
    ],
    "unsupported-study-level": [
        ("claim/about-wrong", "sxo:level-human-controlled"),
        ("claim/context-only", "sxo:level-animal"),
        ("claim/design-not-stated", "sxo:level-animal"),
        ("claim/species-only", "sxo:level-human-uncontrolled"),
    ],
    "grade-against-support": [
        ("claim/about-wrong", "sxo:level-human-controlled", "a claim about a study carries an effect level"),
        ("claim/biblio-wrong", "sxo:level-bibliographic", "only a claim about a study is bibliographic"),
        ("claim/curator-graded", "sxo:level-animal", "graded by a study the source does not cite"),
        ("claim/graded-no-verdict", "sxo:level-animal", "graded by a study with no verdict on the claim"),
        ("claim/graded-unsupported", "sxo:level-animal",
         "graded by a study whose record does not support it"),
        ("claim/unsupported-ungraded", "sxo:level-cited-unspecified",
         "cites a study that does not support it but is not graded as such"),
    ],
    "conflict-with-fewer-than-two-sides": [("conflict/lonely", "1")],
    "conflict-kind-inconsistent-with-sources": [("conflict/same-source", "sxo:between-sources", "1")],
    "conflicts-with-without-conflict": [("claim/good", "claim/other")],
    "entity-without-label": [("compound/nameless", "sxo:Compound")],
    "iri-outside-scheme": [("claim/UPPER",), ("passage/7",)],
    "undefined-ontology-term": [("sxo:evidenceLvl",)],
    "hierarchy-cycle": [("outcome/loop-a",), ("outcome/loop-b",)],
}


@cache
def broken_store() -> ox.Store:
    store = ox.Store()
    store.load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE,
               to_graph=ox.NamedNode("https://w3id.org/semaxkg/graph/ontology"))
    store.load(input=BROKEN, format=ox.RdfFormat.TRIG)
    return store


def test_every_qc_query_has_a_negative_case() -> None:
    assert sorted(EXPECTED) == sorted(QUERIES)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_graph_gives_exactly_the_offending_rows(name: str) -> None:
    assert rows(broken_store(), QUERIES[name]) == EXPECTED[name]


# -- the build runs them ----------------------------------------------------------------------------


def test_build_fails_on_a_qc_violation_with_its_location(mini: dict[str, Path],
                                                        caplog: pytest.LogCaptureFixture) -> None:
    # Passes the schema and the shapes, but a conflict "between sources" inside one source is wrong.
    conflicts = mini["statements"] / "conflicts.yaml"
    conflicts.write_text(
        "conflicts:\n"
        "  - id: one-source-only\n"
        "    kind: between_sources\n"
        "    status: genuine\n"
        "    claims: [s900-bdnf, s900-anxiety]\n"
        "    note: Both claims come from the same page.\n", encoding="utf-8")
    args = ["build", "--no-reasoner", "--statements", str(mini["statements"]), "--out", str(mini["out"])]
    assert main(args) == 1
    assert not mini["out"].exists()
    assert (f"{conflicts}:2: QC 'conflict-kind-inconsistent-with-sources' (Conflicts whose kind does not "
            f"match their sources): {ID}conflict/one-source-only, {SXO}between-sources, 1 "
            "(fix: correct the data so that queries/qc/conflict-kind-inconsistent-with-sources-violation.rq "
            "returns no rows)") in caplog.text


def test_queries_readme_lists_every_qc_query() -> None:
    readme = (QC_DIR.parent / "README.md").read_text(encoding="utf-8")
    for path in sorted(QC_DIR.glob("*.rq")):
        assert f"qc/{path.name}" in readme, f"{path.name} missing from queries/README.md"
