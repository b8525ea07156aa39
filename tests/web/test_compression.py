"""Light pages (issue 16): gzip on every text answer, pages drawn once, ETags, 304s, assets."""

from __future__ import annotations

import gzip
import re

import pytest
from flask.testing import FlaskClient

from semaxkg.web.compression import accepts_gzip, is_compressible

GZIP = {"Accept-Encoding": "gzip, deflate"}
JSON_RESULTS = "application/sparql-results+json"
#: One path of each kind of text answer (HTML pages, RDF documents, VoID, results, dumps).
TEXT_PATHS = (
    ("/", "text/html"),
    ("/id/compound/semax.html", "text/html"),
    ("/ontology.html", "text/html"),
    ("/conflicts", "text/html"),
    ("/sources", "text/html"),
    ("/dumps", "text/html"),
    ("/sparql", "text/html"),
    ("/id/compound/semax.ttl", "text/turtle"),
    ("/id/compound/semax.jsonld", "application/ld+json"),
    ("/.well-known/void.ttl", "text/turtle"),
    ("/dumps/semaxkg.nq", "application/n-quads"),
    ("/dumps/semaxkg.ttl", "text/turtle"),
    ("/sparql?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%205", JSON_RESULTS),
)


@pytest.mark.parametrize(("path", "media"), TEXT_PATHS)
def test_every_text_answer_is_gzipped_when_accepted(client: FlaskClient, path: str,
                                                     media: str) -> None:
    accept = {"Accept": JSON_RESULTS if "query=" in path else f"{media}, */*;q=0.1"}
    plain = client.get(path, headers=accept)
    zipped = client.get(path, headers={**GZIP, **accept})
    assert plain.status_code == zipped.status_code == 200
    assert zipped.headers["Content-Type"].startswith(media)
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert "Accept-Encoding" in plain.headers["Vary"]
    assert "Content-Encoding" not in plain.headers
    assert gzip.decompress(zipped.data) == plain.data
    if "Content-Length" in zipped.headers:
        assert int(zipped.headers["Content-Length"]) == len(zipped.data)


def test_the_semax_page_is_under_a_tenth_gzipped(client: FlaskClient) -> None:
    plain = client.get("/id/compound/semax.html")
    zipped = client.get("/id/compound/semax.html", headers=GZIP)
    assert len(zipped.data) * 10 < len(plain.data)


def test_no_gzip_when_refused_or_not_asked(client: FlaskClient) -> None:
    for accept in ("", "identity", "gzip;q=0", "br", "*;q=0"):
        response = client.get("/conflicts", headers={"Accept-Encoding": accept})
        assert "Content-Encoding" not in response.headers, accept
        assert response.data.lstrip().startswith(b"<!doctype html>")


def test_already_compressed_dump_is_not_encoded_again(client: FlaskClient) -> None:
    response = client.get("/dumps/semaxkg.nq.gz", headers=GZIP)
    assert response.status_code == 200
    assert "Content-Encoding" not in response.headers
    assert gzip.decompress(response.data)  # the file itself, gzip once


def test_accept_encoding_parsing() -> None:
    assert accepts_gzip("gzip") and accepts_gzip("deflate, gzip;q=0.5") and accepts_gzip("*")
    assert not accepts_gzip("") and not accepts_gzip("gzip;q=0") and not accepts_gzip("br")
    assert is_compressible("text/html; charset=utf-8") and is_compressible(JSON_RESULTS)
    assert not is_compressible("application/gzip") and not is_compressible("image/png")


def test_page_is_drawn_once_then_replayed_with_the_same_etag(client: FlaskClient) -> None:
    first = client.get("/sources?page-cache-test=1")
    second = client.get("/sources?page-cache-test=1")
    assert first.headers["SemaxKG-Page"] == "miss"
    assert second.headers["SemaxKG-Page"] == "hit"
    assert first.data == second.data
    assert first.headers["ETag"] == second.headers["ETag"]
    assert second.headers["Cache-Control"] == "no-cache"


def test_if_none_match_gets_304_for_plain_and_gzip_forms(client: FlaskClient) -> None:
    plain = client.get("/id/compound/semax.html")
    zipped = client.get("/id/compound/semax.html", headers=GZIP)
    assert zipped.headers["ETag"] == plain.headers["ETag"][:-1] + '-gzip"'
    again = client.get("/id/compound/semax.html",
                       headers={**GZIP, "If-None-Match": zipped.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == zipped.headers["ETag"]
    assert "Accept-Encoding" in again.headers["Vary"]
    plain_again = client.get("/id/compound/semax.html",
                             headers={"If-None-Match": plain.headers["ETag"]})
    assert plain_again.status_code == 304
    # A client that no longer accepts gzip, revalidating the gzip form, gets the plain page.
    switched = client.get("/id/compound/semax.html",
                          headers={"If-None-Match": zipped.headers["ETag"]})
    assert switched.status_code == 200 and switched.data == plain.data


def test_sparql_revalidation_of_the_gzip_form(client: FlaskClient) -> None:
    url = "/sparql?query=ASK%20%7B%3Fs%20%3Fp%20%3Fo%7D"
    headers = {**GZIP, "Accept": JSON_RESULTS}
    first = client.get(url, headers=headers)
    assert first.headers["Content-Encoding"] == "gzip"
    again = client.get(url, headers={**headers, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.headers["ETag"] == first.headers["ETag"]


def test_head_of_a_page_has_no_body(client: FlaskClient) -> None:
    response = client.head("/conflicts", headers=GZIP)
    assert response.status_code == 200 and response.data == b""


def test_missing_page_is_not_kept(client: FlaskClient) -> None:
    for _ in range(2):
        response = client.get("/id/compound/no-such-thing.html")
        assert response.status_code == 404
        assert "SemaxKG-Page" not in response.headers


def test_assets_have_hashed_names_and_a_year_of_cache(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    urls = re.findall(r'(?:href|src)="(/assets/[^"]+)"', html)
    assert any(re.fullmatch(r"/assets/style\.[0-9a-f]{12}\.css", u) for u in urls), urls
    assert any(re.fullmatch(r"/assets/favicon\.[0-9a-f]{12}\.svg", u) for u in urls), urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert client.get("/assets/style.000000000000.css").status_code == 404


def test_favicon_is_served(client: FlaskClient) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("image/svg+xml")
    assert response.data.startswith(b"<svg")


def test_page_cache_is_off_when_configured(built_dir: object) -> None:
    from semaxkg.web import create_app

    app = create_app({"DATA_FILES": [f"{built_dir}/semaxkg.nq"], "EXECUTOR": "inline",
                      "TESTING": True, "PAGE_CACHE": False})
    try:
        response = app.test_client().get("/sources", headers=GZIP)
        assert "SemaxKG-Page" not in response.headers
        assert response.headers["Content-Encoding"] == "gzip"
    finally:
        app.extensions["semaxkg"].close()
