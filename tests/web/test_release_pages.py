"""``/releases/``: the recorded releases, their files and claims as a release recorded them."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape

from semaxkg.build.curation.releases import make_release
from semaxkg.web import create_app
from semaxkg.web.linked.release_archive import MAX_LOADED_RELEASES, ReleaseArchive

ID = "https://w3id.org/semaxkg/id/"
SXO = "https://w3id.org/semaxkg/ontology/"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
GRAPH = "<https://w3id.org/semaxkg/graph/claims>"


def claim(name: str, label: str) -> str:
    iri = f"<{ID}claim/{name}>"
    return (f"{iri} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{SXO}Claim> {GRAPH} .\n"
            f"{iri} {LABEL} \"{label}\" {GRAPH} .\n"
            f"<{ID}claim/{name}/passage-1> <{SXO}passageOf> {iri} {GRAPH} .\n")


@pytest.fixture()
def app(tmp_path: Path) -> Flask:
    folder = tmp_path / "releases"
    first, second = tmp_path / "first.nq", tmp_path / "second.nq"
    first.write_text(claim("c-kept", "Kept, first wording."), encoding="utf-8")
    second.write_text(claim("c-kept", "Kept, second wording.") + claim("c-new", "New one."),
                      encoding="utf-8")
    make_release(first, folder, "0.1.0", dt.date(2026, 1, 2))
    make_release(second, folder, "0.2.0", dt.date(2026, 3, 4))
    return create_app({"DATA_FILES": [str(second)], "EXECUTOR": "inline", "TESTING": True,
                       "BUILD_DIR": "", "RELEASES_DIR": str(folder)})


@pytest.fixture()
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def text(client: FlaskClient, path: str, status: int = 200) -> str:
    answer = client.get(path, headers={"Accept": "text/html"})
    assert answer.status_code == status, answer.get_data(as_text=True)
    return answer.get_data(as_text=True)


def message(page: str) -> str:
    found = re.search(r'<p id="message">(.*?)</p>', page)
    assert found is not None
    return found.group(1)


def test_releases_are_listed_newest_first_with_their_files(client: FlaskClient) -> None:
    page = text(client, "/releases/")
    assert re.findall(r'<tr data-version="([^"]+)">', page) == ["0.2.0", "0.1.0"]
    row = page[page.index('<tr data-version="0.2.0">'):page.index('<tr data-version="0.1.0">')]
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row)]
    assert cells == ["0.2.0", "2026-03-04", "2", "6", "0.1.0",
                     "changelog.md · semaxkg.nq.gz · release.ttl"]
    assert '<a href="/releases/0.2.0/semaxkg.nq.gz">' in row


def test_a_release_page_shows_its_changelog(client: FlaskClient) -> None:
    page = text(client, "/releases/0.2.0/")
    changelog = client.get("/releases/0.2.0/changelog.md").get_data(as_text=True)
    assert changelog.startswith("# Changes in the claims from 0.1.0 to 0.2.0\n\n"
                                "1 added, 0 removed, 1 changed.\n")
    assert f'<pre id="changelog">{escape(changelog)}</pre>' in page
    assert '<dd id="claims">2</dd>' in page
    assert '<a href="/releases/0.1.0/">0.1.0</a>' in page  # its previous release
    assert client.get("/releases/0.2.0").status_code == 308  # the version IRI's path


def test_the_version_iri_dereferences_to_the_description_for_turtle_clients(
        client: FlaskClient, tmp_path: Path) -> None:
    answer = client.get("/releases/0.2.0/", headers={"Accept": "text/turtle"})
    assert (answer.status_code, answer.content_type) == (200, "text/turtle; charset=utf-8")
    assert answer.data == (tmp_path / "releases" / "0.2.0" / "release.ttl").read_bytes()
    assert "Accept" in answer.headers["Vary"].split(", ")
    page = client.get("/releases/0.2.0/", headers={"Accept": "text/html,text/turtle;q=0.9"})
    assert page.content_type == "text/html; charset=utf-8"


def test_release_files_are_served_as_recorded(client: FlaskClient, tmp_path: Path) -> None:
    dump = client.get("/releases/0.1.0/semaxkg.nq.gz")
    assert (dump.status_code, dump.content_type) == (200, "application/gzip")
    assert gzip.decompress(dump.data) == (tmp_path / "first.nq").read_bytes()
    described = client.get("/releases/0.1.0/release.ttl")
    assert (described.status_code, described.content_type) == (200, "text/turtle; charset=utf-8")
    assert described.data == (tmp_path / "releases" / "0.1.0" / "release.ttl").read_bytes()
    assert client.get("/releases/0.1.0/changelog.md").content_type == "text/markdown; charset=utf-8"
    assert message(text(client, "/releases/0.1.0/notes.txt", 404)) == (
        "release 0.1.0 has no file &#39;notes.txt&#39;: its files are changelog.md, "
        "semaxkg.nq.gz, release.ttl")


def test_an_unknown_release_is_a_404_naming_the_known_ones(client: FlaskClient) -> None:
    expected = "no release &#39;{}&#39;: the releases are 0.2.0, 0.1.0 (list: /releases/)"
    for version in ("9.9.9", "0.1", "..", "0.1.0x"):
        page = text(client, f"/releases/{version}/", 404)
        assert message(page) == expected.format(version.replace("'", "&#39;"))
    assert message(text(client, "/releases/9.9.9/id/claim/c-kept", 404)) == expected.format("9.9.9")


def test_a_claim_as_each_release_recorded_it(client: FlaskClient) -> None:
    old = text(client, "/releases/0.1.0/id/claim/c-kept")
    assert "<tr><td>(the claim)</td><td>rdfs:label</td><td>Kept, first wording.</td></tr>" in old
    assert "<tr><td>/passage-1</td><td>sxo:passageOf</td><td>sx:claim/c-kept</td></tr>" in old
    assert '<a href="/id/claim/c-kept">The claim as it stands now</a>' in old
    new = text(client, "/releases/0.2.0/id/claim/c-kept")
    assert "<td>Kept, second wording.</td>" in new and "first wording" not in new
    assert message(text(client, "/releases/0.1.0/id/claim/c-new", 404)) == (
        "claim &#39;c-new&#39; is not in release 0.1.0 (it may have been added later: see the "
        "changelogs at /releases/)")


def test_the_claim_page_links_the_releases_that_hold_it(client: FlaskClient) -> None:
    def links(name: str) -> list[str]:
        page = client.get(f"/id/claim/{name}", headers={"Accept": "text/html"},
                          follow_redirects=True).get_data(as_text=True)
        return re.findall(r'<p class="as-released">(.*?)</p>', page)

    assert links("c-kept") == [
        'As in release <a href="/releases/0.2.0/id/claim/c-kept">0.2.0</a>, '
        '<a href="/releases/0.1.0/id/claim/c-kept">0.1.0</a>']
    assert links("c-new") == ['As in release <a href="/releases/0.2.0/id/claim/c-new">0.2.0</a>']


def test_no_releases_folder_lists_none(tmp_path: Path) -> None:
    data = tmp_path / "g.nq"
    data.write_text(claim("c-kept", "x"), encoding="utf-8")
    app = create_app({"DATA_FILES": [str(data)], "EXECUTOR": "inline", "TESTING": True,
                      "BUILD_DIR": "", "RELEASES_DIR": ""})
    page = text(app.test_client(), "/releases/")
    assert '<p id="no-releases">' in page
    assert message(text(app.test_client(), "/releases/0.1.0/", 404)) == (
        "no release &#39;0.1.0&#39;: the releases are none yet (semaxkg release VERSION records "
        "one) (list: /releases/)")


def test_a_release_recorded_while_serving_shows_at_once(app: Flask, tmp_path: Path) -> None:
    """GET /releases/ and /id/claim/c-new after ``semaxkg release 0.3.0`` with the server up:
    the page cache (and the ETags) kept the pages drawn before it until a restart."""
    client = app.test_client()
    html = {"Accept": "text/html"}
    assert "0.3.0" not in text(client, "/releases/")
    before = client.get("/id/claim/c-new", headers=html, follow_redirects=True)
    assert 'href="/releases/0.3.0/' not in before.get_data(as_text=True)
    assert client.get("/id/claim/c-new", headers=html,
                      follow_redirects=True).headers["SemaxKG-Page"] == "hit"
    make_release(tmp_path / "second.nq", tmp_path / "releases", "0.3.0", dt.date(2026, 5, 6))
    assert '<a href="/releases/0.3.0/">' in text(client, "/releases/")
    after = client.get("/id/claim/c-new", headers={**html, "If-None-Match": before.headers["ETag"]},
                       follow_redirects=True)
    assert after.status_code == 200
    assert re.findall(r'<p class="as-released">(.*?)</p>', after.get_data(as_text=True)) == [
        'As in release <a href="/releases/0.3.0/id/claim/c-new">0.3.0</a>, '
        '<a href="/releases/0.2.0/id/claim/c-new">0.2.0</a>']


def test_a_range_of_a_release_dump_after_a_full_get_is_a_206(client: FlaskClient) -> None:
    """GET /releases/0.1.0/semaxkg.nq.gz, then the same with ``Range: bytes=0-9``: the page
    cache had kept the first answer and replayed the whole file (200) for the range."""
    whole = client.get("/releases/0.1.0/semaxkg.nq.gz")
    assert whole.status_code == 200 and "SemaxKG-Page" not in whole.headers
    part = client.get("/releases/0.1.0/semaxkg.nq.gz", headers={"Range": "bytes=0-9"})
    assert part.status_code == 206
    assert part.data == whole.data[:10]
    assert part.headers["Content-Range"] == f"bytes 0-9/{len(whole.data)}"
    assert "SemaxKG-Page" not in client.get("/releases/0.1.0/changelog.md").headers
    assert client.get("/releases/").headers["SemaxKG-Page"] == "miss"  # the pages are still kept


def test_claim_pages_with_more_releases_than_kept_stores_load_each_dump_once(
        tmp_path: Path) -> None:
    """GET /id/claim/c-kept with MAX_LOADED_RELEASES + 1 releases: the "As in release" links
    asked every release's store, and the least recently used one was always the next needed,
    so each page drawn loaded every dump again."""
    folder = tmp_path / "releases"
    data = tmp_path / "g.nq"
    data.write_text(claim("c-kept", "Kept."), encoding="utf-8")
    versions = [f"0.{n}.0" for n in range(1, MAX_LOADED_RELEASES + 2)]
    for n, version in enumerate(versions):
        make_release(data, folder, version, dt.date(2026, 1, 1 + n))
    archive = ReleaseArchive(folder)
    iri = f"{ID}claim/c-kept"
    assert archive.releases_with(iri) == versions[::-1]
    for version in versions:
        (folder / version / "semaxkg.nq.gz").unlink()  # a second load would fail now
    assert archive.releases_with(iri) == versions[::-1]
    assert archive.releases_with(f"{ID}claim/c-other") == []
