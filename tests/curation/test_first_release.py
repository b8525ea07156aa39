"""The first release of the Semax graph (data/releases/0.1.0) and a claim diff against it."""

from __future__ import annotations

import gzip
import hashlib
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from semaxkg.cli import main
from tests.conftest import ROOT

RELEASE = ROOT / "data" / "releases" / "0.1.0"
IRI = URIRef("https://w3id.org/semaxkg/releases/0.1.0")
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
CLAIM = "<https://w3id.org/semaxkg/id/claim/s000-semax-used-for-stroke-russia>"
LEVEL = "<https://w3id.org/semaxkg/ontology/evidenceLevel>"
SXO = "https://w3id.org/semaxkg/ontology/"


def test_first_release_has_its_version_iri_and_a_matching_checksum() -> None:
    g = Graph().parse(RELEASE / "release.ttl", format="turtle")
    assert (IRI, URIRef(DCAT + "version"), Literal("0.1.0")) in g
    assert g.value(IRI, URIRef(DCAT + "previousVersion")) is None
    dist = g.value(IRI, URIRef(DCAT + "distribution"))
    assert dist == URIRef(str(IRI) + "/semaxkg.nq.gz")
    packed = (RELEASE / "semaxkg.nq.gz").read_bytes()
    checksum = g.value(dist, URIRef(SPDX + "checksum"))
    assert str(g.value(checksum, URIRef(SPDX + "checksumValue"))) == hashlib.sha256(packed).hexdigest()
    assert int(g.value(dist, URIRef(DCAT + "byteSize"))) == len(packed)


def test_diff_between_the_first_release_and_a_build_with_one_changed_claim(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = gzip.decompress((RELEASE / "semaxkg.nq.gz").read_bytes()).decode("utf-8").splitlines(True)
    old = f"<{SXO}level-cited-unspecified>"
    hits = [i for i, line in enumerate(lines) if line.startswith(f"{CLAIM} {LEVEL} {old} ")]
    assert len(hits) == 1
    lines[hits[0]] = lines[hits[0]].replace(old, f"<{SXO}level-animal>")
    build = tmp_path / "ttl"
    build.mkdir()
    (build / "semaxkg.nq").write_text("".join(lines), encoding="utf-8")
    assert main(["--project", str(ROOT), "diff", "0.1.0", str(build)]) == 1
    assert capsys.readouterr().out == (
        f"claims from 0.1.0 to {build}: 0 added, 0 removed, 1 changed\n"
        "~ s000-semax-used-for-stroke-russia\n"
        "    sxo:evidenceLevel: sxo:level-cited-unspecified -> sxo:level-animal\n")


def test_the_next_release_can_be_made_from_the_current_build(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``semaxkg release 0.2.0`` on the current data/ttl after 0.1.0 (in a copy of the project's
    data, holding only release 0.1.0), and ``diff 0.1.0 data/ttl`` runs."""
    project = tmp_path / "project"
    (project / "data" / "ttl").mkdir(parents=True)
    shutil.copyfile(ROOT / "pyproject.toml", project / "pyproject.toml")
    shutil.copyfile(ROOT / "data" / "ttl" / "semaxkg.nq", project / "data" / "ttl" / "semaxkg.nq")
    shutil.copytree(RELEASE.parent / "0.1.0", project / "data" / "releases" / "0.1.0")  # not later ones
    build = project / "data" / "ttl"
    assert main(["--project", str(project), "diff", "0.1.0", str(build)]) in (0, 1)
    summary = capsys.readouterr().out.splitlines()[0]
    assert summary.startswith(f"claims from 0.1.0 to {build}: ")
    assert main(["--project", str(project), "release", "0.2.0", "--date", "2026-12-06"]) == 0
    made = project / "data" / "releases" / "0.2.0"
    g = Graph().parse(made / "release.ttl", format="turtle")
    iri = URIRef("https://w3id.org/semaxkg/releases/0.2.0")
    assert g.value(iri, URIRef(DCAT + "previousVersion")) == IRI
    assert gzip.decompress((made / "semaxkg.nq.gz").read_bytes()) == \
        (ROOT / "data" / "ttl" / "semaxkg.nq").read_bytes()
    changelog = (made / "changelog.md").read_text(encoding="utf-8")
    assert changelog.startswith("# Changes in the claims from 0.1.0 to 0.2.0\n\n")
    # The changelog counts what the diff counted.
    assert changelog.splitlines()[2] == summary.removeprefix(f"claims from 0.1.0 to {build}: ") + "."
    assert main(["--project", str(project), "release", "0.2.0"]) == 2  # never overwritten


def test_release_0_2_0_follows_0_1_0_with_the_claim_changes_between_them(
        capsys: pytest.CaptureFixture[str]) -> None:
    second = RELEASE.parent / "0.2.0"
    g = Graph().parse(second / "release.ttl", format="turtle")
    iri = URIRef("https://w3id.org/semaxkg/releases/0.2.0")
    assert (iri, URIRef(DCAT + "version"), Literal("0.2.0")) in g
    assert g.value(iri, URIRef(DCAT + "previousVersion")) == IRI
    # Its changelog is the claim diff of the two releases' dumps, counted the same way.
    assert main(["--project", str(ROOT), "diff", "0.1.0", "0.2.0"]) == 1
    summary = capsys.readouterr().out.splitlines()[0]
    assert summary.startswith("claims from 0.1.0 to 0.2.0: ")
    changelog = (second / "changelog.md").read_text(encoding="utf-8").splitlines()
    assert changelog[0] == "# Changes in the claims from 0.1.0 to 0.2.0"
    assert changelog[2] == summary.removeprefix("claims from 0.1.0 to 0.2.0: ") + "."
