"""``curl --compressed`` against a real ``semaxkg serve`` gets gzip on every text answer (issue 16).

Skips with the reason when curl is missing (Debian package ``curl``).
"""

from __future__ import annotations

import gzip
import shutil
import subprocess

import pytest
import requests
from ld_support import LiveServer

pytestmark = [pytest.mark.live, pytest.mark.slow]

#: One answer of each kind of text: pages, RDF documents, VoID, dumps' plain forms, results.
TEXT_ANSWERS = (
    "/", "/id/compound/semax.html", "/ontology.html", "/ontology/Claim.html",
    "/id/claim/s001-semax-bdnf-expression-animal.html", "/conflicts", "/sources", "/dumps",
    "/sparql", "/id/compound/semax.ttl", "/id/compound/semax.jsonld", "/.well-known/void.ttl",
    "/.well-known/void.html", "/dumps/semaxkg.nq", "/dumps/semaxkg.ttl", "/dumps/semaxkg.nt",
    "/sparql?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%2010", "/health",
)


@pytest.mark.parametrize("path", TEXT_ANSWERS)
def test_curl_compressed_gets_gzip(live_server: LiveServer, path: str) -> None:
    curl = shutil.which("curl")
    if curl is None:
        pytest.skip("curl is not installed (Debian package curl)")
    done = subprocess.run(
        [curl, "-s", "--compressed", "-D", "-", "-o", "/dev/null", "-w", "%{http_code}",
         "-H", "Accept: text/html, */*;q=0.5", live_server.url + path],
        capture_output=True, text=True, timeout=60, check=False)
    headers = done.stdout.lower()
    assert done.stdout.endswith("200"), done.stdout
    assert "content-encoding: gzip" in headers, headers
    assert "vary: " in headers and "accept-encoding" in headers.split("vary: ", 1)[1]


def test_semax_page_has_one_etag_across_workers_and_revalidates(live_server: LiveServer) -> None:
    # Each worker keeps its own pages (which worker answers is Granian's choice, so "hit" is
    # asserted in test_compression.py); the ETag is a digest of the page, the same in all.
    url = live_server.url + "/id/compound/semax.html"
    headers = {"Accept-Encoding": "gzip"}
    first = requests.get(url, headers=headers, timeout=60)
    again = requests.get(url, headers=headers, timeout=60, stream=True)
    body = again.raw.read()
    assert again.headers["SemaxKG-Page"] in ("hit", "miss")
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body).startswith(b"<!doctype html>")
    check = requests.get(url, headers={**headers, "If-None-Match": again.headers["ETag"]},
                         timeout=60)
    assert check.status_code == 304 and check.content == b""


def test_serve_names_the_home_page_and_the_endpoint(live_server: LiveServer) -> None:
    log = live_server.log_path.read_text(encoding="utf-8", errors="replace")
    assert f"open the home page: {live_server.url}/" in log
    assert f"SPARQL endpoint: {live_server.url}/sparql" in log
    assert f"{live_server.url}/.well-known/void" in log
