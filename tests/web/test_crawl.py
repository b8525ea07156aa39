"""Crawl the site from ``/`` as a browser would (Flask test client, no browser).

Every internal link (``href``/``src`` of ``a``, ``link``, ``script``, ``img``) must answer 200,
directly or after one redirect (``303 See Other`` from an IRI to its document); every HTML page
must parse as HTML5 with no error (unclosed or mismatched tags fail) and link the VoID
description; every RDF document a page links as ``rel="alternate"`` must parse in the type it
is announced as. ``/sparql?query=`` links open the query page and run a query: a sample of them
is checked (page and query), the rest are not crawled. The numbers are kept in
``tests/artifacts/crawl.json``.
"""

from __future__ import annotations

import json
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import pyoxigraph as ox
import pytest
from browser_support import BROWSER_ACCEPT, REPO, parse_page
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

log = logging.getLogger(__name__)

ORIGIN = "http://localhost"
VOID = "/.well-known/void"
#: Element → attribute holding the link followed.
LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src"}
#: Most pages crawled: a guard against a link scheme that generates pages without end.
MAX_PAGES = 20_000
#: How many ``/sparql?query=`` links are opened (page) and run (protocol).
QUERY_LINK_SAMPLE = 10
REDIRECTS = (301, 302, 303, 307, 308)
REPORT = REPO / "tests" / "artifacts" / "crawl.json"


@dataclass
class Crawl:
    """What the crawl found."""

    pages: int = 0
    html_pages: int = 0
    redirects: int = 0
    links: int = 0
    problems: list[str] = field(default_factory=list)
    alternates: dict[tuple[str, str], str] = field(default_factory=dict)  # (url, type) -> page
    query_links: dict[str, str] = field(default_factory=dict)  # url -> page


def _internal(base: str, raw: str) -> str | None:
    """The site path (with query) ``raw`` points to from page ``base``, or ``None`` if external."""
    url = urljoin(ORIGIN + base, raw.strip())
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != ORIGIN:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _get(client: FlaskClient, path: str, accept: str = BROWSER_ACCEPT) -> tuple[TestResponse, int]:
    """GET ``path``, following at most one redirect; returns the answer and the hops taken."""
    response = client.get(path, headers={"Accept": accept})
    if response.status_code in REDIRECTS:
        location = _internal(path, response.headers.get("Location", ""))
        if location is None:
            return response, 1
        return client.get(location, headers={"Accept": accept}), 1
    return response, 0


def _is_query_run(path: str) -> bool:
    parts = urlsplit(path)
    return parts.path in ("/sparql", "/sparql/") and "query=" in parts.query


def _visit_html(crawl: Crawl, path: str, text: str, enqueue: Callable[[str, str], None]) -> None:
    try:
        root = parse_page(text, path)
    except AssertionError as exc:
        crawl.problems.append(f"{path}: does not parse as HTML:\n{exc}")
        return
    crawl.html_pages += 1
    targets: set[str] = set()
    for element in root.iter():
        attribute = LINK_ATTRIBUTES.get(str(element.tag))
        raw = element.get(attribute) if attribute else None
        if raw is None or raw.startswith("#"):
            continue
        target = _internal(path, raw)
        if target is None:
            continue
        targets.add(target)
        rel = (element.get("rel") or "").split()
        media_type = element.get("type")
        if element.tag == "link" and "alternate" in rel and media_type and media_type != "text/html":
            crawl.alternates.setdefault((target, media_type), path)
    if VOID not in targets:
        crawl.problems.append(f"{path}: no link to the VoID description {VOID}")
    for target in sorted(targets):
        crawl.links += 1
        enqueue(target, path)


def _crawl(client: FlaskClient) -> Crawl:
    crawl = Crawl()
    queue: deque[tuple[str, str]] = deque([("/", "(start)")])
    seen = {"/"}

    def enqueue(target: str, source: str) -> None:
        if _is_query_run(target):
            crawl.query_links.setdefault(target, source)
        elif target not in seen:
            seen.add(target)
            queue.append((target, source))

    while queue:
        path, source = queue.popleft()
        crawl.pages += 1
        assert crawl.pages <= MAX_PAGES, f"more than {MAX_PAGES} pages: is a link generating pages?"
        response, hops = _get(client, path)
        crawl.redirects += hops
        if response.status_code != 200:
            crawl.problems.append(
                f"{path} (linked from {source}): {response.status_code} "
                f"{response.data[:200].decode('utf-8', 'replace').strip()}")
            continue
        if response.mimetype == "text/html":
            _visit_html(crawl, path, response.data.decode("utf-8"), enqueue)
    return crawl


@pytest.fixture(scope="module")
def crawl(client: FlaskClient) -> Crawl:
    """One crawl of the whole site, shared by the checks below."""
    started = time.monotonic()
    result = _crawl(client)
    seconds = time.monotonic() - started
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps({
        "pages": result.pages, "html_pages": result.html_pages, "redirects": result.redirects,
        "links": result.links, "alternates": len(result.alternates),
        "query_links": len(result.query_links), "seconds": round(seconds, 1),
        "problems": result.problems,
    }, indent=2) + "\n", encoding="utf-8")
    log.info("crawled %d pages (%d HTML) in %.1f s", result.pages, result.html_pages, seconds)
    return result


@pytest.fixture(scope="module")
def client(app):  # type: ignore[no-untyped-def]
    """A module-scoped test client (the crawl is shared by the tests of this module)."""
    return app.test_client()


def test_every_internal_link_works_and_every_page_parses(crawl: Crawl) -> None:
    assert crawl.problems == []
    # The site is more than the pages of base.html's navigation.
    assert crawl.html_pages > 100, crawl.html_pages


def test_alternate_rdf_documents_parse(client: FlaskClient, crawl: Crawl) -> None:
    assert crawl.alternates, "no page links an RDF alternate"
    failures = []
    for (path, media_type), page in sorted(crawl.alternates.items()):
        response, _ = _get(client, path, accept=media_type)
        syntax = ox.RdfFormat.from_media_type(media_type)
        if response.status_code != 200 or syntax is None:
            failures.append(f"{path} ({media_type}, linked from {page}): {response.status_code}")
            continue
        if response.mimetype != media_type:
            failures.append(f"{path}: announced as {media_type}, served as {response.mimetype}")
            continue
        try:
            list(ox.parse(response.data, syntax, base_iri=ORIGIN + path))
        except SyntaxError as exc:
            failures.append(f"{path} ({media_type}, linked from {page}): {exc}")
    assert failures == []


def test_query_links_open_the_page_and_run(client: FlaskClient, crawl: Crawl) -> None:
    if not crawl.query_links:
        pytest.skip("no page links a ready query (/sparql?query=…) yet")
    sample = sorted(crawl.query_links)[:QUERY_LINK_SAMPLE]
    for path in sample:
        page, _ = _get(client, path)
        assert page.status_code == 200
        assert page.mimetype == "text/html"
        editor = next(el for el in parse_page(page.data.decode(), path).iter()
                      if el.tag == "textarea" and el.get("id") == "query")
        assert editor.get("data-autorun") == "true"
        query = urlsplit(path).query
        answer = client.get(f"/sparql?{query}&format=json")
        assert answer.status_code == 200, (path, crawl.query_links[path], answer.data)
