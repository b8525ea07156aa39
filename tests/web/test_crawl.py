"""Crawl the site from ``/`` as a browser would (Flask test client, no browser).

Every internal link (``href``/``src`` of ``a``, ``link``, ``script``, ``img``) must answer 200,
directly or after one redirect (``303 See Other`` from an IRI to its document); every HTML page
must parse as HTML5 with no error (unclosed or mismatched tags fail) and link the VoID
description; every RDF answer must parse in the type it is served as, and every RDF document a
page links as ``rel="alternate"`` in the type the link announces.

Every HTML page is crawled. The RDF documents of resources (``<path>.ttl``, ``.jsonld``,
``.nt``, ``.rdf``, ``.owl``) are thousands of near-identical answers (four per page), so a
sample is checked: the first :data:`DOCUMENT_SAMPLE` met of each kind of resource and suffix
(``/id/claim`` × ``ttl``…); ``SEMAXKG_CRAWL_ALL=1`` checks them all. ``/sparql?query=`` links
open the query page and run a query: a sample is opened and run. The numbers are written to
``tests/artifacts/crawl.json``.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import pyoxigraph as ox
import pytest
from browser_support import BROWSER_ACCEPT, REPO, HtmlParseError, parse_page
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

log = logging.getLogger(__name__)

ORIGIN = "http://localhost"
VOID = "/.well-known/void"
#: Element → attribute holding the link followed.
LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src"}
#: Most pages crawled: a guard against a link scheme that generates pages without end.
MAX_PAGES = 20_000
#: Suffixes of the RDF documents of a resource (sampled per kind of resource).
DOCUMENT_SUFFIXES = frozenset({"ttl", "jsonld", "nt", "rdf", "owl"})
#: RDF documents checked per (kind of resource, suffix) unless SEMAXKG_CRAWL_ALL is set.
DOCUMENT_SAMPLE = 8
#: How many ``/sparql?query=`` links are opened (page) and run (protocol).
QUERY_LINK_SAMPLE = 10
REDIRECTS = (301, 302, 303, 307, 308)
REPORT = REPO / "tests" / "artifacts" / "crawl.json"


@dataclass
class Crawl:
    """What the crawl found."""

    pages: int = 0
    html_pages: int = 0
    rdf_documents: int = 0
    redirects: int = 0
    links: int = 0
    sampled_out: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    #: Media type each fetched path was served as (RDF ones were parsed).
    served: dict[str, str] = field(default_factory=dict)
    alternates: dict[tuple[str, str], str] = field(default_factory=dict)  # (path, type) -> page
    query_links: dict[str, str] = field(default_factory=dict)  # path -> page linking it


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


def _document_kind(path: str) -> tuple[str, str] | None:
    """``("/id/claim", "ttl")`` for a resource's RDF document, ``None`` for anything else.

    The kind is the folder of the resource, at most two levels deep: ``/id/claim/x.ttl`` and
    ``/id/claim/x/passage-1.ttl`` are both ``/id/claim``, ``/ontology/Claim.ttl`` is ``/ontology``.
    """
    parts = urlsplit(path)
    stem, dot, suffix = parts.path.rpartition(".")
    if parts.query or not dot or suffix not in DOCUMENT_SUFFIXES or "/" not in stem:
        return None
    folders = stem.strip("/").split("/")[:-1]
    return "/" + "/".join(folders[:2]), suffix


def _parse_rdf(body: bytes, media_type: str, path: str) -> str | None:
    """``None`` when ``body`` parses as ``media_type``, else the error."""
    syntax = ox.RdfFormat.from_media_type(media_type)
    if syntax is None:
        return f"{media_type} is not an RDF media type"
    try:
        for _ in ox.parse(body, syntax, base_iri=ORIGIN + path):
            pass
    except SyntaxError as exc:
        return f"does not parse as {media_type}: {exc}"
    return None


def _visit_html(crawl: Crawl, path: str, text: str, enqueue: Callable[[str, str], None]) -> None:
    try:
        root = parse_page(text, path)
    except HtmlParseError as exc:
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


def _crawl(client: FlaskClient, check_all: bool) -> Crawl:
    crawl = Crawl()
    queue: deque[tuple[str, str]] = deque([("/", "(start)")])
    seen = {"/"}
    sampled: Counter[tuple[str, str]] = Counter()

    def enqueue(target: str, source: str) -> None:
        if _is_query_run(target):
            crawl.query_links.setdefault(target, source)
            return
        if target in seen:
            return
        seen.add(target)
        kind = _document_kind(target)
        if kind is not None and not check_all:
            if sampled[kind] >= DOCUMENT_SAMPLE:
                crawl.sampled_out.add(target)
                return
            sampled[kind] += 1
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
        crawl.served[path] = response.mimetype
        if response.mimetype == "text/html":
            _visit_html(crawl, path, response.data.decode("utf-8"), enqueue)
        elif ox.RdfFormat.from_media_type(response.mimetype) is not None:
            crawl.rdf_documents += 1
            error = _parse_rdf(response.data, response.mimetype, path)
            if error is not None:
                crawl.problems.append(f"{path} (linked from {source}): {error}")
    return crawl


@pytest.fixture(scope="module")
def client(app: Flask) -> FlaskClient:
    """A module-scoped test client: the crawl is shared by the tests of this module."""
    return app.test_client()


@pytest.fixture(scope="module")
def crawl(client: FlaskClient) -> Iterator[Crawl]:
    """One crawl of the whole site; its numbers are kept in ``tests/artifacts/crawl.json``."""
    check_all = os.environ.get("SEMAXKG_CRAWL_ALL", "") not in ("", "0")
    started = time.monotonic()
    result = _crawl(client, check_all)
    report: dict[str, Any] = {
        "pages": result.pages, "html_pages": result.html_pages,
        "rdf_documents": result.rdf_documents, "redirects": result.redirects,
        "links": result.links, "rdf_documents_not_checked": len(result.sampled_out),
        "alternates": len(result.alternates), "query_links": len(result.query_links),
        "seconds": round(time.monotonic() - started, 1), "problems": result.problems,
    }
    log.info("crawled %d pages (%d HTML) in %.1f s", result.pages, result.html_pages,
             report["seconds"])
    yield result
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def test_html_page_parser_catches_broken_markup() -> None:
    head = "<!doctype html><html lang=en><head><title>t</title></head><body>"
    parse_page(head + '<p><a href="/conflicts?kind=a&status=b">ok</a></p></body></html>')
    for broken in ("<div><span>x</div>", "<div>never closed", "<table><tr><td>x</p></table>"):
        with pytest.raises(HtmlParseError):
            parse_page(head + broken + "</body></html>")


@pytest.mark.slow
def test_every_internal_link_works_and_every_page_parses(crawl: Crawl) -> None:
    assert crawl.problems == []
    # The site is more than the pages of base.html's navigation: every resource has a page.
    assert crawl.html_pages > 100, crawl.html_pages
    assert crawl.rdf_documents > 0


@pytest.mark.slow
def test_alternate_rdf_documents_parse(client: FlaskClient, crawl: Crawl) -> None:
    assert crawl.alternates, "no page links an RDF alternate"
    failures = []
    for (path, media_type), page in sorted(crawl.alternates.items()):
        if path in crawl.sampled_out:
            continue
        if crawl.served.get(path) == media_type:
            continue  # fetched, served as announced and parsed by the crawl
        response, _ = _get(client, path, accept=media_type)
        if response.status_code != 200:
            failures.append(f"{path} ({media_type}, linked from {page}): {response.status_code}")
        elif response.mimetype != media_type:
            failures.append(f"{path} (linked from {page}): announced as {media_type}, "
                            f"served as {response.mimetype}")
        elif (error := _parse_rdf(response.data, media_type, path)) is not None:
            failures.append(f"{path} (linked from {page}): {error}")
    assert failures == []


@pytest.mark.slow
def test_query_links_open_the_page_and_run(client: FlaskClient, crawl: Crawl) -> None:
    if not crawl.query_links:
        pytest.skip("no page links a ready query (/sparql?query=…) yet")
    for path in sorted(crawl.query_links)[:QUERY_LINK_SAMPLE]:
        page, _ = _get(client, path)
        assert page.status_code == 200
        assert page.mimetype == "text/html"
        editor = next(el for el in parse_page(page.data.decode(), path).iter()
                      if el.tag == "textarea" and el.get("id") == "query")
        assert editor.get("data-autorun") == "true"
        answer = client.get(f"/sparql?{urlsplit(path).query}&format=json")
        assert answer.status_code == 200, (path, crawl.query_links[path], answer.data)
