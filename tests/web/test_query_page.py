"""The query page at /sparql (browsers only), its named queries and the labels API."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from browser_support import BROWSER_ACCEPT, REPO, parse_page
from flask import Flask
from flask.testing import FlaskClient
from rdflib.plugins.stores.sparqlconnector import SPARQLConnector
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from semaxkg.errors import UsageError
from semaxkg.rdf.formats import Kind
from semaxkg.sparql.negotiation import choose
from semaxkg.web import create_app
from semaxkg.web.sparql.query_page import DEFAULT_QUERY, MAX_LABEL_IRIS, prefers_html

QUERIES = REPO / "queries"
ID = "https://w3id.org/semaxkg/id/"
ONT = "https://w3id.org/semaxkg/ontology/"
SEMAX = ID + "compound/semax"
TINY_NQ = (
    f'<{SEMAX}> <http://www.w3.org/2000/01/rdf-schema#label> "Semax"@en '
    "<https://w3id.org/semaxkg/graph/entities> .\n"
)

# Accept headers of real clients (their sources, or captured from the tool):
CHROME = ("text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
          "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7")
FIREFOX = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SPARQLWRAPPER = [  # SPARQLWrapper.Wrapper: _SPARQL_JSON, _SPARQL_XML, _CSV, _TSV, _RDF_*, _ALL
    "application/sparql-results+json,application/json,text/javascript,application/javascript",
    "application/sparql-results+xml", "text/csv", "text/tab-separated-values",
    "application/turtle,text/turtle", "application/rdf+xml", "application/ld+json,application/x-json+ld",
    "application/turtle,text/turtle,text/rdf+n3,application/n-triples,application/n3,text/n3",
    "*/*",
]
JENA = [  # org.apache.jena.riot.WebContent: defaultSparqlResultsHeader, defaultRDFAcceptHeader
    "application/sparql-results+json,application/sparql-results+xml;q=0.9,"
    "text/tab-separated-values;q=0.7,text/csv;q=0.5,application/json;q=0.2,"
    "application/xml;q=0.2,*/*;q=0.1",
    "text/turtle,application/n-triples;q=0.9,application/rdf+xml;q=0.7,application/trig,"
    "application/n-quads;q=0.9,application/ld+json;q=0.8,*/*;q=0.5",
]
RAPPER = (  # rapper -i guess (raptor2), captured; it names text/html, but below RDF
    "application/rdf+xml, text/rdf;q=0.6, application/n-triples, text/plain;q=0.1, text/turtle, "
    "application/x-turtle, application/turtle, text/n3;q=0.3, text/rdf+n3;q=0.3, "
    "application/rdf+n3;q=0.3, application/x-trig, application/rss;q=0.8, "
    "application/rss+xml;q=0.8, text/rss;q=0.8, application/xml;q=0.3, text/xml;q=0.3, "
    "application/atom+xml;q=0.3, text/html;q=0.2, application/xhtml+xml;q=0.4, text/html;q=0.6, "
    "application/xhtml+xml;q=0.8, application/json;q=0.1, text/json;q=0.1, text/x-nquads, */*;q=0.1"
)
ROQET = "application/sparql-results+xml"
# rdflib builds these from a set (its order changes with the hash seed); sorted, so that every
# pytest-xdist worker collects the same test ids.
RDFLIB = [", ".join(sorted(SPARQLConnector(query_endpoint="http://x", returnFormat=fmt)
                           .response_mime_types().split(", ")))
          for fmt in ("xml", "json", "csv", "tsv")]
PROTOCOL_CLIENTS = [*SPARQLWRAPPER, *JENA, RAPPER, ROQET, *RDFLIB, "",
                    "text/html, application/sparql-results+json"]


def _accept(value: str) -> MIMEAccept:
    return parse_accept_header(value, MIMEAccept)


def _file_fields(path: Path) -> tuple[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    title = next(line for line in lines if line.startswith("# title:"))
    description = next(line for line in lines if line.startswith("# description:"))
    return title.removeprefix("# title:").strip(), description.removeprefix("# description:").strip()


def _page(client: FlaskClient, **params: str) -> ElementTree.Element:
    response = client.get("/sparql", query_string=params, headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 200, response.data
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.headers["Vary"] == "Accept, Accept-Encoding"
    return parse_page(response.data.decode(), "/sparql")


def _by_id(root: ElementTree.Element, ident: str) -> ElementTree.Element:
    found = root.find(f".//*[@id='{ident}']")
    assert found is not None, f"no element #{ident}"
    return found


def _page_data(root: ElementTree.Element) -> dict:  # type: ignore[type-arg]
    data: dict = json.loads(_by_id(root, "query-page-data").text or "")  # type: ignore[type-arg]
    return data


# ---- who gets the page --------------------------------------------------------------------

@pytest.mark.parametrize("accept", [CHROME, FIREFOX, "text/html", "text/html;q=0.5, */*;q=0.1",
                                    "application/xhtml+xml,text/html"])
def test_browsers_prefer_the_page(accept: str) -> None:
    assert prefers_html(_accept(accept))


@pytest.mark.parametrize("accept", PROTOCOL_CLIENTS)
def test_protocol_clients_never_get_the_page(accept: str) -> None:
    assert not prefers_html(_accept(accept))


@pytest.mark.parametrize("accept", PROTOCOL_CLIENTS[:-2])
def test_protocol_clients_still_get_answers(client: FlaskClient, accept: str) -> None:
    """Each client gets the answer it asks for: ASK for result types, CONSTRUCT for RDF ones."""
    wants_results = choose(_accept(accept), Kind.BOOLEAN) is not None
    query = "ASK { ?s ?p ?o }" if wants_results else f"CONSTRUCT {{ <{SEMAX}> ?p ?o }} WHERE {{ <{SEMAX}> ?p ?o }}"
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200
    media_type = response.headers["Content-Type"].split(";")[0]
    assert media_type not in ("text/html", "application/xhtml+xml")
    if wants_results:
        assert b"true" in response.data.lower()
    else:
        syntax = ox.RdfFormat.from_media_type(media_type)
        assert syntax is not None
        assert any(t.subject == ox.NamedNode(SEMAX) for t in ox.parse(response.data, syntax))


def test_a_browser_with_a_format_parameter_gets_the_answer(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "ASK {}", "format": "csv"},
                          headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.data == b"true\n"


def test_a_browser_post_is_answered_by_the_protocol(client: FlaskClient) -> None:
    response = client.post("/sparql", data={"query": "ASK {}"}, headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/sparql-results+xml; charset=utf-8"
    assert b"<boolean>true</boolean>" in response.data


def test_a_browser_update_is_still_refused(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"update": "CLEAR ALL"},
                          headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 403


def test_head_gets_the_page_headers(client: FlaskClient) -> None:
    response = client.head("/sparql", headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert response.data == b""


# ---- what the page holds -------------------------------------------------------------------

def test_page_offers_every_named_query_with_title_and_description(client: FlaskClient) -> None:
    root = _page(client)
    files = sorted(QUERIES.glob("*.rq"))
    assert len(files) >= 40
    options = _by_id(root, "named-query").findall("option")
    assert options[0].get("value") == ""
    assert [(o.get("value"), (o.text or "").strip()) for o in options[1:]] == [
        (f.stem, _file_fields(f)[0]) for f in files]
    named = _page_data(root)["named"]
    assert list(named) == [f.stem for f in files]
    for f in files:
        title, description = _file_fields(f)
        assert named[f.stem] == {"title": title, "description": description,
                                 "text": f.read_text(encoding="utf-8")}
    editor = _by_id(root, "query")
    assert editor.get("name") == "query"
    assert editor.text == DEFAULT_QUERY
    assert editor.get("data-autorun") is None


def test_named_parameter_preselects_a_query(client: FlaskClient) -> None:
    path = QUERIES / "05-all-conflicts.rq"
    root = _page(client, named=path.stem)
    selected = [o.get("value") for o in _by_id(root, "named-query").findall("option")
                if o.get("selected") is not None]
    assert selected == [path.stem]
    assert _by_id(root, "query").text == path.read_text(encoding="utf-8")
    assert (_by_id(root, "named-description").text or "").strip() == _file_fields(path)[1]
    assert _by_id(root, "query").get("data-autorun") is None


def test_query_parameter_fills_the_editor_and_runs(client: FlaskClient) -> None:
    query = 'SELECT ?x WHERE { ?x ?p "a <b> & c" }\n'
    root = _page(client, query=query)
    assert _by_id(root, "query").text == query
    assert _by_id(root, "query").get("data-autorun") == "true"


def test_unknown_named_query_is_404_naming_the_choices(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"named": "no-such-query"},
                          headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    stems = ", ".join(f.stem for f in sorted(QUERIES.glob("*.rq")))
    assert response.data.decode() == f"There is no named query 'no-such-query': use one of {stems}.\n"


def test_page_works_offline(client: FlaskClient) -> None:
    root = _page(client)
    assets = [(el.tag, el.get("src") or el.get("href") or "")
              for el in root.iter() if el.tag in ("script", "link", "img", "iframe")]
    # Under content-hashed names (issue 16), each served from this server.
    assert any(tag == "script" and re.fullmatch(r"/assets/query\.[0-9a-f]{12}\.js", url)
               for tag, url in assets), assets
    assert any(tag == "link" and re.fullmatch(r"/assets/style\.[0-9a-f]{12}\.css", url)
               for tag, url in assets), assets
    for tag, url in assets:
        if url:
            assert url.startswith("/") and not url.startswith("//"), (tag, url)
    static = REPO / "src" / "semaxkg" / "web" / "static"
    for name in ("query.js", "query_editor.js", "query_complete.js", "query_table.js",
                 "style.css"):
        # The SVG namespace is a name for createElementNS, never fetched.
        text = (static / name).read_text(encoding="utf-8").replace(
            '"http://www.w3.org/2000/svg"', "")
        assert "http://" not in text and "https://" not in text, name
        assert client.get(f"/static/{name}").status_code == 200
    for _tag, url in assets:
        if url.startswith("/assets/"):
            assert client.get(url).status_code == 200, url


def test_download_links_answer_in_their_formats(client: FlaskClient) -> None:
    """The formats the script offers as download links are each answered, in that format."""
    downloads = _page_data(_page(client))["downloads"]
    select = f'SELECT ?label WHERE {{ <{SEMAX}> <http://www.w3.org/2000/01/rdf-schema#label> ?label }}'
    types = {"csv": "text/csv", "tsv": "text/tab-separated-values",
             "json": "application/sparql-results+json", "xml": "application/sparql-results+xml"}
    bodies = {}
    for entry in downloads["results"]:
        response = client.get("/sparql", query_string={"query": select, "format": entry["format"]},
                              headers={"Accept": BROWSER_ACCEPT})
        assert response.status_code == 200
        assert response.headers["Content-Type"] == f"{types[entry['format']]}; charset=utf-8"
        bodies[entry["format"]] = response.data.decode()
    assert list(csv.reader(io.StringIO(bodies["csv"]))) == [["label"], ["Semax"]]
    assert bodies["tsv"] == '?label\n"Semax"@en\n'
    assert json.loads(bodies["json"])["results"]["bindings"] == [
        {"label": {"type": "literal", "value": "Semax", "xml:lang": "en"}}]
    construct = f"CONSTRUCT {{ <{SEMAX}> ?p ?o }} WHERE {{ <{SEMAX}> ?p ?o }}"
    reference = client.get("/sparql", query_string={"query": construct},
                           headers={"Accept": "application/n-triples"})
    expected = set(ox.parse(reference.data, ox.RdfFormat.N_TRIPLES))
    assert len(expected) > 3
    syntaxes = {"turtle": ox.RdfFormat.TURTLE, "json-ld": ox.RdfFormat.JSON_LD,
                "nt": ox.RdfFormat.N_TRIPLES, "rdf": ox.RdfFormat.RDF_XML}
    for entry in downloads["graph"]:
        response = client.get("/sparql", query_string={"query": construct, "format": entry["format"]},
                              headers={"Accept": BROWSER_ACCEPT})
        assert response.status_code == 200
        assert set(ox.parse(response.data, syntaxes[entry["format"]])) == expected, entry


def test_syntax_errors_name_line_and_column(client: FlaskClient) -> None:
    """The script moves the cursor to the ``at line L, column C`` the endpoint reports."""
    response = client.post("/sparql", data={"query": "SELECT ?x WHERE {\n  ?x ?y\n}"},
                           headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 400
    assert re.search(r"\bat line 3, column 1:", response.data.decode())


# ---- named queries from QUERIES_DIR -------------------------------------------------------

def _app_with_queries(tmp_path: Path, folder: Path | None) -> Flask:
    data = tmp_path / "tiny.nq"
    data.write_text(TINY_NQ, encoding="utf-8")
    config: dict[str, object] = {"DATA_FILES": [str(data)], "EXECUTOR": "inline", "TESTING": True}
    if folder is not None:
        config["QUERIES_DIR"] = str(folder)
    return create_app(config)


def test_queries_dir_setting_chooses_the_named_queries(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "only-one.rq").write_text(
        "# title: Only one\n# description: The one query here.\nASK {}\n", encoding="utf-8")
    (folder / "notes.txt").write_text("not a query\n", encoding="utf-8")
    root = _page(_app_with_queries(tmp_path, folder).test_client(), named="only-one")
    assert _page_data(root)["named"] == {"only-one": {
        "title": "Only one", "description": "The one query here.",
        "text": "# title: Only one\n# description: The one query here.\nASK {}\n"}}


def test_a_named_query_without_title_is_a_located_error(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "untitled.rq").write_text("# description: no title\nASK {}\n", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        _app_with_queries(tmp_path, folder)
    assert str(caught.value) == (
        f"{folder / 'untitled.rq'}:1: no '# title:' line (fix: start the file with "
        "'# title: …' and '# description: …' comment lines)")


def test_a_missing_queries_dir_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        _app_with_queries(tmp_path, tmp_path / "absent")
    assert str(caught.value) == f"QUERIES_DIR names {tmp_path / 'absent'}, which is not a folder"


# ---- /api/labels ------------------------------------------------------------------------------

def _store_label(app: Flask, iri: str) -> str:
    """The English rdfs:label of ``iri`` in the served data, asked through the endpoint."""
    rows = app.test_client().get("/sparql", query_string={
        "query": f'SELECT ?l WHERE {{ <{iri}> <http://www.w3.org/2000/01/rdf-schema#label> ?l '
                 'FILTER(langMatches(lang(?l), "en")) }'},
        headers={"Accept": "application/sparql-results+json"}).get_json()["results"]["bindings"]
    assert len(rows) == 1
    label: str = rows[0]["l"]["value"]
    return label


def test_labels_api_gives_labels_and_local_paths(app: Flask, client: FlaskClient) -> None:
    claim_class = ONT + "Claim"
    external = "http://purl.obolibrary.org/obo/SEPIO_0000001"
    asked = [SEMAX, claim_class, external]
    for response in (
        client.get("/api/labels", query_string=[("iri", iri) for iri in asked]),
        client.post("/api/labels", data={"iri": asked}),
    ):
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "application/json"
        assert response.get_json() == {"labels": {
            SEMAX: {"label": "Semax", "href": "/id/compound/semax"},
            claim_class: {"label": _store_label(app, claim_class), "href": "/ontology/Claim"},
            # An external ontology term: its own label (semaxkg.web.external_terms), not a code.
            external: {"label": "assertion", "href": external},
        }}


def test_labels_api_binds_iris_instead_of_writing_them_into_a_query(client: FlaskClient) -> None:
    sneaky = f"{SEMAX}> ?p ?o . }} #"
    response = client.get("/api/labels", query_string={"iri": sneaky})
    assert response.status_code == 400
    assert response.data.decode().startswith(
        f"Bad request: iri {sneaky!r} is not an absolute IRI: ")


@pytest.mark.parametrize(("call", "status", "message"), [
    (lambda c: c.get("/api/labels"), 400,
     "Bad request: the iri parameter is missing.\nFix: send one or more iri=<absolute IRI>\n"),
    (lambda c: c.get("/api/labels", query_string={"iri": "semax"}), 400, None),
    (lambda c: c.post("/api/labels", json={"iri": [SEMAX]}), 415,
     "POST the IRIs as application/x-www-form-urlencoded (iri=...&iri=...).\n"),
    (lambda c: c.post("/api/labels", data={"iri": [SEMAX] * (MAX_LABEL_IRIS + 1)}), 413,
     f"{MAX_LABEL_IRIS + 1} IRIs were sent: send at most {MAX_LABEL_IRIS} per request.\n"),
])
def test_labels_api_refuses_bad_requests(client: FlaskClient, call, status: int,  # type: ignore[no-untyped-def]
                                         message: str | None) -> None:
    response = call(client)
    assert response.status_code == status
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    if message is not None:
        assert response.data.decode() == message
