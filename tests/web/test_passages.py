"""The passage, shown: source texts read at run time from SOURCES_DIR and checked by SHA-256.

A small graph and text written for these tests (our own words, with markup that must stay
text) check every surface exactly; the real sources, when ``../shared/sources`` is present,
check that a built claim page marks exactly its recorded span.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from semaxkg.web import create_app
from semaxkg.web.pages.source_texts import DocumentRecord, read_source_text
from semaxkg.web.pages.text_marks import MAX_CONTEXT_CHARS, Span, marked_document, passage_in_paragraph

REPO = Path(__file__).resolve().parents[2]
SHARED_SOURCES = REPO.parent / "shared" / "sources"
BASE = "https://w3id.org/semaxkg/"

#: The test text: two paragraphs; the second holds both passages (they overlap) and markup.
TEXT = ("A first paragraph about nothing in particular.\n"
        "Peptide Q lowered <b>stress</b> in mice & rats. It also raised alertness in a small trial.\n")
CLAIM_A = (TEXT.index("Peptide Q"), TEXT.index(" It also"))
CLAIM_B = (TEXT.index("mice"), TEXT.index("trial.") + len("trial."))


def graph(sha: str, file_name: str = "doc.txt") -> str:
    """A TriG graph: one document, two claims (one passage each), a genuine conflict on B."""
    return f"""
@prefix sxo: <{BASE}ontology/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{BASE}graph/t> {{
  <{BASE}id/source/doc-t> a sxo:SourceDocument ; rdfs:label "Test document" ;
    sxo:fileName "{file_name}" ; sxo:sha256 "{sha}" ; sxo:textLength {len(TEXT)} .
  sxo:level-t rdfs:label "small trial level" .
  sxo:genuine rdfs:label "genuine" .
  <{BASE}id/claim/t-a> a sxo:Claim ; sxo:paraphrase "Q calms rodents." ;
    sxo:keyTerm "stress", "mice" ; sxo:evidenceLevel sxo:level-t ;
    prov:wasQuotedFrom <{BASE}id/source/doc-t> ; sxo:hasPassage <{BASE}id/claim/t-a/passage-1> .
  <{BASE}id/claim/t-a/passage-1> a sxo:Passage ; oa:hasSource <{BASE}id/source/doc-t> ;
    oa:hasSelector <{BASE}id/claim/t-a/passage-1/selector> .
  <{BASE}id/claim/t-a/passage-1/selector> oa:start {CLAIM_A[0]} ; oa:end {CLAIM_A[1]} .
  <{BASE}id/claim/t-b> a sxo:Claim ; sxo:paraphrase "Q wakes people up." ;
    prov:wasQuotedFrom <{BASE}id/source/doc-t> ; sxo:hasPassage <{BASE}id/claim/t-b/passage-1> .
  <{BASE}id/claim/t-b/passage-1> a sxo:Passage ; oa:hasSource <{BASE}id/source/doc-t> ;
    oa:hasSelector <{BASE}id/claim/t-b/passage-1/selector> .
  <{BASE}id/claim/t-b/passage-1/selector> oa:start {CLAIM_B[0]} ; oa:end {CLAIM_B[1]} .
  <{BASE}id/conflict/t-c> a sxo:Conflict ; sxo:conflictStatus sxo:genuine ;
    sxo:involvesClaim <{BASE}id/claim/t-b> .
}}
"""


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def make_app(tmp_path: Path, sources: str, text_sha: str = sha(TEXT)) -> Flask:
    data = tmp_path / "g.trig"
    data.write_text(graph(text_sha), encoding="utf-8")
    return create_app({"DATA_FILES": [str(data)], "EXECUTOR": "inline", "TESTING": True,
                       "SOURCES_DIR": sources, "BUILD_DIR": ""})


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "doc.txt").write_text(TEXT, encoding="utf-8")
    return texts


@pytest.fixture()
def client(tmp_path: Path, folder: Path) -> Iterator[FlaskClient]:
    app = make_app(tmp_path, str(folder))
    yield app.test_client()
    app.extensions["semaxkg"].close()


def html_of(client: FlaskClient, path: str) -> str:
    response = client.get(path, headers={"Accept": "text/html"}, follow_redirects=True)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def marks(page: str) -> list[str]:
    return [unescape(m) for m in re.findall(r'<mark class="passage-mark">(.*?)</mark>', page, re.S)]


# --- the pieces -----------------------------------------------------------------------------

def test_passage_in_paragraph_marks_exactly_the_span_and_escapes_the_text() -> None:
    html = str(passage_in_paragraph(TEXT, *CLAIM_A))
    assert html == ('Peptide Q lowered &lt;b&gt;stress&lt;/b&gt; in mice &amp; rats.'.join(
        ['<mark class="passage-mark">', '</mark>'])
        + " It also raised alertness in a small trial.")
    assert "first paragraph" not in html


def test_a_long_paragraph_is_cut_with_an_ellipsis() -> None:
    text = "x" * (MAX_CONTEXT_CHARS + 50) + "MID" + "y" * (MAX_CONTEXT_CHARS + 50)
    start = text.index("MID")
    html = str(passage_in_paragraph(text, start, start + 3))
    assert html.startswith("…" + "x" * MAX_CONTEXT_CHARS + '<mark class="passage-mark">MID</mark>')
    assert html.endswith("y" * MAX_CONTEXT_CHARS + "…")


def test_marked_document_links_every_span_even_where_they_overlap() -> None:
    spans = [Span(*CLAIM_A, "/id/claim/t-a", 'A "quoted" <claim>', "a"),
             Span(*CLAIM_B, "/id/claim/t-b", "B", "b", "genuine"),
             Span(5, len(TEXT) + 1, "/id/claim/out", "outside", "out")]
    html = str(marked_document(TEXT, spans))
    assert re.findall(r'id="span-(\w+)" href="([^"]+)"', html) == [
        ("a", "/id/claim/t-a"), ("b", "/id/claim/t-b")]
    assert "/id/claim/out" not in html
    # Where both overlap, the text links to the narrower claim and the hover names both.
    overlap = re.search(r'<a class="span overlap genuine" href="([^"]+)" title="([^"]*)" '
                        r'data-claims="2">([^<]*)</a>', html)
    assert overlap is not None
    assert overlap.group(1) == "/id/claim/t-a"
    assert unescape(overlap.group(2)) == 'A "quoted" <claim>\n\nB'
    assert unescape(overlap.group(3)) == "mice & rats."
    assert "<b>" not in html and "&lt;b&gt;stress&lt;/b&gt;" in html
    assert unescape(re.sub(r"<sup>\d+</sup>|<[^>]+>", "", html)) == TEXT


def test_read_source_text_checks_the_checksum_and_the_file_name(folder: Path) -> None:
    record = DocumentRecord(BASE + "id/source/doc-t", "doc.txt", sha(TEXT), len(TEXT))
    assert read_source_text(str(folder), record).text == TEXT
    wrong = read_source_text(str(folder), DocumentRecord(record.iri, "doc.txt", "0" * 64, None))
    assert wrong.text is None and "SHA-256 does not match" in str(wrong.problem)
    assert read_source_text("", record).problem == "no folder of source texts is configured"
    missing = read_source_text(str(folder / "nowhere"), record)
    assert missing.text is None and missing.problem == "doc.txt is not in the sources folder"
    (folder.parent / "secret.txt").write_text(TEXT, encoding="utf-8")
    escape = read_source_text(str(folder), DocumentRecord(record.iri, "../secret.txt", sha(TEXT), None))
    assert escape.text is None and "not a plain file name" in str(escape.problem)


# --- the pages ------------------------------------------------------------------------------

def test_claim_page_shows_its_passage_in_its_paragraph(client: FlaskClient) -> None:
    page = html_of(client, "/id/claim/t-a")
    assert marks(page) == [TEXT[CLAIM_A[0]:CLAIM_A[1]]]
    assert "lowered &lt;b&gt;stress&lt;/b&gt;" in page and "<b>stress" not in page
    assert f'href="/sources/doc-t/text#span-t-a-{CLAIM_A[0]}"' in page
    assert "A first paragraph" not in page


def test_passage_page_shows_the_passage(client: FlaskClient) -> None:
    page = html_of(client, "/id/claim/t-b/passage-1")
    assert marks(page) == [TEXT[CLAIM_B[0]:CLAIM_B[1]]]


def test_document_text_page_marks_and_links_every_claim(client: FlaskClient) -> None:
    page = html_of(client, "/sources/doc-t/text")
    starts = re.findall(r'<a class="span-start" id="span-([^"]+)" href="([^"]+)" title="([^"]*)">',
                        page)
    assert [(key, href) for key, href, _ in starts] == [
        (f"t-a-{CLAIM_A[0]}", "/id/claim/t-a"), (f"t-b-{CLAIM_B[0]}", "/id/claim/t-b")]
    assert unescape(starts[0][2]) == ("Q calms rodents.\nevidence: small trial level\n"
                                      "conflicts: none recorded")
    assert unescape(starts[1][2]) == ("Q wakes people up.\nevidence: not graded\n"
                                      "conflicts: disputed (a genuine conflict)")
    assert "2 claims read from 2 marked spans" in page
    assert "<b>stress" not in page
    # No script but the header search box's own file (issue 15): nothing from the source text.
    assert [tag for tag in re.findall(r"<script[^>]*>", page)
            if not re.fullmatch(r'<script src="/assets/search\.[0-9a-f]+\.js" defer>', tag)] == []


def test_document_text_page_404s_for_an_unknown_or_malformed_id(client: FlaskClient) -> None:
    assert client.get("/sources/doc-x/text").status_code == 404
    assert client.get("/sources/-bad/text").status_code == 404


def test_a_changed_text_is_not_shown_and_the_key_terms_are(tmp_path: Path, folder: Path) -> None:
    app = make_app(tmp_path, str(folder), text_sha=sha(TEXT + "changed"))
    client = app.test_client()
    try:
        page = html_of(client, "/id/claim/t-a")
        assert marks(page) == []
        assert "SHA-256 does not match" in page
        assert 'Key terms of the passage: <span class="key-term">mice</span>, ' \
               '<span class="key-term">stress</span>' in page
        assert "semaxkg serve --sources DIR" in page
        assert "It also raised alertness" not in page
        whole = html_of(client, "/sources/doc-t/text")
        assert "The text is not shown: doc.txt differs" in whole
        assert '<span class="key-term">mice</span>' in whole
        assert "It also raised alertness" not in whole
    finally:
        app.extensions["semaxkg"].close()


def test_no_sources_folder_says_how_to_enable_the_view(tmp_path: Path) -> None:
    app = make_app(tmp_path, "")
    client = app.test_client()
    try:
        page = html_of(client, "/id/claim/t-a")
        assert "The source text is not shown here: no folder of source texts is configured." in page
        assert "SEMAXKG_SOURCES_DIR" in page
        assert "Peptide Q" not in page
    finally:
        app.extensions["semaxkg"].close()


def test_serve_refuses_a_sources_folder_that_does_not_exist(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "semaxkg.cli", "serve", "--port", "1", "--sources",
         str(tmp_path / "absent")], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert result.returncode == 2
    assert "--sources" in result.stderr and "no such folder" in result.stderr


# --- the real sources -----------------------------------------------------------------------

@pytest.mark.skipif(not SHARED_SOURCES.is_dir(),
                    reason="../shared/sources is not present: the real source texts are needed")
def test_built_claim_page_marks_its_recorded_span_of_the_real_source(built_dir: Path) -> None:
    app = create_app({"DATA_FILES": [str(built_dir / "semaxkg.nq")], "BUILD_DIR": str(built_dir),
                      "EXECUTOR": "inline", "TESTING": True, "SOURCES_DIR": str(SHARED_SOURCES)})
    client = app.test_client()
    try:
        query = ("PREFIX sxo: <https://w3id.org/semaxkg/ontology/> PREFIX oa: <http://www.w3.org/ns/oa#> "
                 "SELECT ?claim ?file ?start ?end WHERE { ?claim a sxo:Claim ; sxo:hasPassage ?p . "
                 "?p oa:hasSource ?doc ; oa:hasSelector [ oa:start ?start ; oa:end ?end ] . "
                 "?doc sxo:fileName ?file } ORDER BY ?claim LIMIT 1")
        row = client.get("/sparql", query_string={"query": query},
                         headers={"Accept": "application/sparql-results+json"}
                         ).get_json()["results"]["bindings"][0]
        text = (SHARED_SOURCES / row["file"]["value"]).read_text(encoding="utf-8")
        start, end = int(row["start"]["value"]), int(row["end"]["value"])
        page = html_of(client, row["claim"]["value"][len(BASE) - 1:])
        assert marks(page) == [text[start:end]]
        whole = html_of(client, "/sources/source-000/text")
        assert whole.count('class="span-start"') > 10
    finally:
        app.extensions["semaxkg"].close()


# --- words, not codes -----------------------------------------------------------------------

def test_disputed_only_for_a_genuine_conflict(tmp_path: Path, client: FlaskClient) -> None:
    genuine = html_of(client, "/id/claim/t-b")
    assert '<span class="badge conflict disputed">disputed</span>' in genuine
    data = tmp_path / "apparent.trig"
    data.write_text(graph(sha(TEXT)).replace("sxo:conflictStatus sxo:genuine",
                                             "sxo:conflictStatus sxo:apparent"), encoding="utf-8")
    app = create_app({"DATA_FILES": [str(data)], "EXECUTOR": "inline", "TESTING": True,
                      "SOURCES_DIR": "", "BUILD_DIR": ""})
    try:
        apparent = html_of(app.test_client(), "/id/claim/t-b")
        assert '<span class="badge apparent">apparent disagreement</span>' in apparent
        assert ">disputed<" not in apparent
    finally:
        app.extensions["semaxkg"].close()


def test_external_terms_show_their_label_with_the_code_in_the_link(client: FlaskClient) -> None:
    from semaxkg.web.iris import get_mapper
    from semaxkg.web.pages.links import Linker
    from semaxkg.web.state import get_graph_store
    eco = "http://purl.obolibrary.org/obo/ECO_0000034"
    with client.application.app_context():
        link = Linker.fetch(get_graph_store(), get_mapper(), [eco])
        assert str(link.html(eco)) == (
            f'<a href="{eco}" class="ext">author statement without traceable support '
            '<span class="term-code">ECO:0000034</span></a>')


def _filter_counts(client: FlaskClient, query: str) -> dict[tuple[str, str], int]:
    page = html_of(client, "/conflicts" + query)
    nav = page[page.index('<nav class="filters"'):page.index("</nav>", page.index('<nav class="filters"'))]
    counts: dict[tuple[str, str], int] = {}
    for group in re.findall(r'<span class="muted">(\w+):</span>(.*?)</span>', nav, re.S):
        for code, n in re.findall(r'data-code="([^"]+)"[^>]*>[^<]*\((\d+)\)</a>', group[1]):
            counts[(group[0], code)] = int(n)
    return counts


def test_conflict_filter_counts_respect_the_other_filter(app: Flask) -> None:
    client = app.test_client()
    every = _filter_counts(client, "")
    kinds = sorted(code for name, code in every if name == "kind")
    statuses = sorted(code for name, code in every if name == "status")
    assert kinds and statuses
    for kind in kinds:
        narrowed = _filter_counts(client, f"?kind={kind}")
        # Status counts under a kind are the conflicts of that kind; they add up to its count.
        assert sum(narrowed[("status", s)] for s in statuses) == every[("kind", kind)]
        for status in statuses:
            listed = html_of(client, f"/conflicts?kind={kind}&status={status}")
            shown = int(re.search(r'data-shown="(\d+)"', listed).group(1))  # type: ignore[union-attr]
            assert narrowed[("status", status)] == shown
        # The kind counts themselves do not change when a kind is chosen.
        assert {k: v for k, v in narrowed.items() if k[0] == "kind"} == \
               {k: v for k, v in every.items() if k[0] == "kind"}


def test_passage_excerpt_of_a_malformed_iri_is_empty(client: FlaskClient) -> None:
    from semaxkg.web.pages.source_text_page import passage_excerpt
    with client.application.test_request_context("/"):
        assert str(passage_excerpt("not an iri <>")) == ""
        assert str(passage_excerpt(BASE + "id/claim/t-a")) == ""
