"""``semaxkg diff``: claims added, removed and changed field by field, in three formats."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from semaxkg.cli import main

SX = "https://w3id.org/semaxkg/id/"
SXO = "https://w3id.org/semaxkg/ontology/"
OA = "http://www.w3.org/ns/oa#"
CS = "http://purl.org/vocab/changeset/schema#"
G = "<https://w3id.org/semaxkg/graph/source-900>"
C = "<https://w3id.org/semaxkg/graph/conflicts>"


def claim(name: str, level: str, start: int, text: str) -> str:
    c = f"<{SX}claim/{name}>"
    return (f"{c} <{RDF}type> <{SXO}Claim> {G} .\n"
            f"{c} <{SXO}evidenceLevel> <{SXO}{level}> {G} .\n"
            f'{c} <{SXO}paraphrase> "{text}" {G} .\n'
            f"<{SX}claim/{name}/passage-1/selector> <{OA}start> "
            f'"{start}"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> {G} .\n')


def conflict(status: str, *claims: str) -> str:
    out = f"<{SX}conflict/c1> <{SXO}conflictStatus> <{SXO}{status}> {C} .\n"
    return out + "".join(f"<{SX}conflict/c1> <{SXO}involvesClaim> <{SX}claim/{c}> {C} .\n"
                         for c in claims)


A = claim("s1", "level-a", 5, "One claim.") + claim("s2", "level-a", 9, "Two claims.") + conflict("open", "s1")
B = claim("s1", "level-b", 6, "One claim.") + claim("s3", "level-a", 1, "Third claim.") + conflict("resolved", "s1")


@pytest.fixture()
def builds(tmp_path: Path) -> tuple[str, str]:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "semaxkg.nq").write_text(A, encoding="utf-8")
    (tmp_path / "b.nq").write_text(B, encoding="utf-8")
    return str(tmp_path / "a"), str(tmp_path / "b.nq")


def test_diff_text_lists_added_removed_and_each_changed_field(
        builds: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    a, b = builds
    assert main(["diff", a, b]) == 1
    assert capsys.readouterr().out == (
        f"claims from {a} to {b}: 1 added, 1 removed, 1 changed\n"
        "+ s3: Third claim.\n"
        "- s2: Two claims.\n"
        "~ s1\n"
        "    sxo:evidenceLevel: sxo:level-a -> sxo:level-b\n"
        "    passage-1/selector oa:start: 5 -> 6\n"
        "    conflict/c1 sxo:conflictStatus: sxo:open -> sxo:resolved\n")


def test_diff_markdown(builds: tuple[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    a, b = builds
    assert main(["diff", a, b, "--format", "markdown"]) == 1
    assert capsys.readouterr().out == (
        f"# Changes in the claims from {a} to {b}\n\n1 added, 1 removed, 1 changed.\n\n"
        "## Added\n\n- `s3`: Third claim.\n\n## Removed\n\n- `s2`: Two claims.\n\n"
        "## Changed\n\n### `s1`\n\n| field | before | after |\n|---|---|---|\n"
        "| sxo:evidenceLevel | sxo:level-a | sxo:level-b |\n"
        "| passage-1/selector oa:start | 5 | 6 |\n"
        "| conflict/c1 sxo:conflictStatus | sxo:open | sxo:resolved |\n")


def test_diff_rdf_is_a_changeset_per_claim(builds: tuple[str, str],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    a, b = builds
    assert main(["diff", a, b, "--format", "rdf"]) == 1
    g = Graph().parse(data=capsys.readouterr().out, format="turtle")
    reasons = {(str(g.value(cs, URIRef(CS + "subjectOfChange"))), str(g.value(cs, URIRef(CS + "changeReason"))))
               for cs in g.subjects(RDF.type, URIRef(CS + "ChangeSet"))}
    assert reasons == {(SX + "claim/s3", "added"), (SX + "claim/s2", "removed"),
                       (SX + "claim/s1", "changed")}

    def statements(link: str) -> set[tuple[str, str, str]]:
        return {(str(g.value(st, RDF.subject)), str(g.value(st, RDF.predicate)),
                 str(g.value(st, RDF.object))) for st in g.objects(None, URIRef(CS + link))}

    assert statements("removal") == {(SX + "claim/s1", SXO + "evidenceLevel", SXO + "level-a"),
                                     (SX + "claim/s1/passage-1/selector", OA + "start", "5"),
                                     (SX + "conflict/c1", SXO + "conflictStatus", SXO + "open")}
    assert statements("addition") == {(SX + "claim/s1", SXO + "evidenceLevel", SXO + "level-b"),
                                      (SX + "claim/s1/passage-1/selector", OA + "start", "6"),
                                      (SX + "conflict/c1", SXO + "conflictStatus", SXO + "resolved")}
    assert (None, None, Literal("5")) not in g  # the offset keeps its datatype


def test_diff_of_a_build_with_itself_is_empty(builds: tuple[str, str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    a, _ = builds
    assert main(["diff", a, a]) == 0
    assert capsys.readouterr().out == f"claims from {a} to {a}: 0 added, 0 removed, 0 changed\n"


def test_diff_a_claim_joining_a_conflict_is_a_change(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.nq").write_text(A, encoding="utf-8")
    (tmp_path / "b.nq").write_text(A + conflict("open", "s2"), encoding="utf-8")
    assert main(["diff", str(tmp_path / "a.nq"), str(tmp_path / "b.nq")]) == 1
    out = capsys.readouterr().out
    assert out.endswith("0 added, 0 removed, 1 changed\n~ s2\n"
                        "    conflict/c1 sxo:conflictStatus: (none) -> sxo:open\n"
                        "    conflict/c1 sxo:involvesClaim: (none) -> sx:claim/s2\n")


def test_diff_unknown_input_is_a_usage_error(caplog: pytest.LogCaptureFixture) -> None:
    assert main(["diff", "9.9.9", "no-such-folder"]) == 2
    assert "'9.9.9' is not a release, a build folder or an N-Quads file" in caplog.text
