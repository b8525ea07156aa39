"""``semaxkg release``: the release folder, its DCAT description, changelog and refusals."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, VOID, XSD

from semaxkg.build.curation import releases as making
from semaxkg.cli import main
from tests.curation.test_claim_diff import A, B

REL = "https://w3id.org/semaxkg/releases/"
SPDX = "http://spdx.org/rdf/terms#"
#: DCAT 3 (rdflib's DCAT namespace lacks dcat:version and dcat:previousVersion).
DCAT = Namespace("http://www.w3.org/ns/dcat#")


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A project folder holding a build of A."""
    (tmp_path / "pyproject.toml").write_text("[tool.semaxkg]\n", encoding="utf-8")
    (tmp_path / "data" / "ttl").mkdir(parents=True)
    (tmp_path / "data" / "ttl" / "semaxkg.nq").write_text(A, encoding="utf-8")
    return tmp_path


def release(project: Path, version: str, date: str = "2026-12-06") -> int:
    return main(["--project", str(project), "release", version, "--date", date])


def test_release_writes_dump_description_and_changelog(project: Path) -> None:
    assert release(project, "0.1.0") == 0
    folder = project / "data" / "releases" / "0.1.0"
    assert sorted(p.name for p in folder.iterdir()) == ["changelog.md", "release.ttl", "semaxkg.nq.gz"]
    packed = (folder / "semaxkg.nq.gz").read_bytes()
    assert gzip.decompress(packed).decode("utf-8") == A
    assert (folder / "changelog.md").read_text(encoding="utf-8") == (
        "# semaxkg 0.1.0\n\nThe first release: 2 claims, 10 quads.\n")
    g = Graph().parse(folder / "release.ttl", format="turtle")
    rel = URIRef(REL + "0.1.0")
    dist = URIRef(REL + "0.1.0/semaxkg.nq.gz")
    for triple in [(rel, RDF.type, DCAT.Dataset), (rel, DCAT.version, Literal("0.1.0")),
                   (rel, OWL.versionInfo, Literal("0.1.0")),
                   (rel, DCTERMS.issued, Literal("2026-12-06", datatype=XSD.date)),
                   (rel, DCTERMS.isVersionOf, URIRef("https://w3id.org/semaxkg/.well-known/void#dataset")),
                   (rel, DCAT.distribution, dist), (rel, VOID.triples, Literal(10)),
                   (dist, DCAT.downloadURL, dist),
                   (dist, DCAT.byteSize, Literal(str(len(packed)), datatype=XSD.nonNegativeInteger))]:
        assert triple in g
    checksum = g.value(dist, URIRef(SPDX + "checksum"))
    assert str(g.value(checksum, URIRef(SPDX + "checksumValue"))) == hashlib.sha256(packed).hexdigest()
    assert g.value(rel, DCAT.previousVersion) is None


def test_release_is_reproducible(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    assert release(project, "0.1.0") == 0
    first = {p.name: p.read_bytes() for p in (project / "data" / "releases" / "0.1.0").iterdir()}
    other = tmp_path_factory.mktemp("again")
    (other / "pyproject.toml").write_text("[tool.semaxkg]\n", encoding="utf-8")
    (other / "data" / "ttl").mkdir(parents=True)
    (other / "data" / "ttl" / "semaxkg.nq").write_text(A, encoding="utf-8")
    assert release(other, "0.1.0") == 0
    assert {p.name: p.read_bytes() for p in (other / "data" / "releases" / "0.1.0").iterdir()} == first


def test_next_release_links_the_previous_and_lists_the_changes(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert release(project, "0.1.0") == 0
    (project / "data" / "ttl" / "semaxkg.nq").write_text(B, encoding="utf-8")
    assert release(project, "0.2.0", "2026-12-07") == 0
    folder = project / "data" / "releases" / "0.2.0"
    g = Graph().parse(folder / "release.ttl", format="turtle")
    assert g.value(URIRef(REL + "0.2.0"), DCAT.previousVersion) == URIRef(REL + "0.1.0")
    assert g.value(URIRef(REL + "0.2.0"), PROV.wasRevisionOf) == URIRef(REL + "0.1.0")
    changelog = (folder / "changelog.md").read_text(encoding="utf-8")
    assert changelog.startswith("# Changes in the claims from 0.1.0 to 0.2.0\n\n"
                                "1 added, 1 removed, 1 changed.\n")
    capsys.readouterr()
    assert main(["--project", str(project), "diff", "0.1.0", "0.2.0", "--format", "markdown"]) == 1
    assert capsys.readouterr().out == changelog


@pytest.mark.parametrize(("version", "message"), [
    ("0.1.0", "release 0.1.0 exists already"),
    ("0.0.9", "release 0.0.9 is not newer than 0.1.0"),
    ("v1", "release version 'v1' is not MAJOR.MINOR.PATCH"),
])
def test_release_refusals_leave_the_releases_untouched(project: Path, version: str, message: str,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    assert release(project, "0.1.0") == 0
    before = sorted(str(p) for p in (project / "data" / "releases").rglob("*"))
    assert release(project, version) == 2
    assert message in caplog.text
    assert sorted(str(p) for p in (project / "data" / "releases").rglob("*")) == before


def test_release_without_a_build_says_to_build(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.semaxkg]\n", encoding="utf-8")
    assert release(tmp_path, "0.1.0") == 2
    assert "run 'semaxkg build' first" in caplog.text
    assert not (tmp_path / "data" / "releases").exists()


def test_diff_of_a_misspelt_release_names_the_recorded_ones(
        project: Path, caplog: pytest.LogCaptureFixture) -> None:
    """``semaxkg diff 0.1.0 0.2`` said only "releases are listed in data/releases/"."""
    diff = ["--project", str(project), "diff"]
    assert main([*diff, "0.1", "data/ttl"]) == 2
    assert ("'0.1' is not a release, a build folder or an N-Quads file (no release is recorded "
            "yet)") in caplog.text
    assert release(project, "0.1.0") == 0
    caplog.clear()
    assert main([*diff, "0.1.0", "0.1"]) == 2
    assert ("'0.1' is not a release, a build folder or an N-Quads file (did you mean '0.1.0'?) "
            "(the releases are 0.1.0)") in caplog.text


def test_a_release_that_fails_while_writing_leaves_no_folder(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert release(project, "0.1.0") == 0
    folder = project / "data" / "releases"

    def half_written(out: Path, *args: object) -> str:
        (out / "semaxkg.nq.gz").write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(making, "_write_release", half_written)
    with pytest.raises(OSError, match="disk full"):
        making.make_release(project / "data" / "ttl" / "semaxkg.nq", folder, "0.2.0",
                            dt.date(2026, 12, 6))
    assert sorted(p.name for p in folder.iterdir()) == ["0.1.0"]  # no 0.2.0, no partial folder


def test_a_release_appears_whole_with_its_three_files_and_the_umasks_mode(project: Path) -> None:
    assert release(project, "0.1.0") == 0
    made = project / "data" / "releases" / "0.1.0"
    assert sorted(p.name for p in made.iterdir()) == ["changelog.md", "release.ttl", "semaxkg.nq.gz"]
    assert sorted(p.name for p in made.parent.iterdir()) == ["0.1.0"]
    assert made.stat().st_mode & 0o777 == 0o777 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
