"""Search over the built Semax graph: ``/api/search``, the ``/search`` page, the header box
and the suggestions of a 404 page (issue 15, items 1 and 2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from browser_support import BROWSER_ACCEPT, get_page, parse_page, text
from flask.testing import FlaskClient

from semaxkg.web import create_app
from semaxkg.web.state import get_state

ID = "https://w3id.org/semaxkg/id/"
BDNF = ID + "target/bdnf"
SEMAX = ID + "compound/semax"
GUSEV_1997 = ID + "study/gusev-1997"


def _api(client: FlaskClient, query: str) -> dict[str, Any]:
    response = client.get("/api/search?" + query)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Content-Type"] == "application/json"
    answer: dict[str, Any] = response.get_json()
    return answer


def test_issue15_bdn_offers_bdnf_first(client: FlaskClient) -> None:
    answer = _api(client, "q=bdn&limit=3")
    assert answer["query"] == "bdn"
    assert answer["did_you_mean"] is None
    assert answer["results"][0] == {
        "iri": BDNF, "label": "brain-derived neurotrophic factor (BDNF)", "kind": "target",
        "href": "/id/target/bdnf",
        "snippet": "Growth factor protein that supports the survival of neurons and the "
                   "strengthening of synapses."}
    assert len(answer["results"]) == 3
    assert all("BDNF" in r["label"] for r in answer["results"])


def test_issue15_semx_suggests_semax(client: FlaskClient) -> None:
    answer = _api(client, "q=semx")
    assert answer["did_you_mean"] == "Semax"
    assert answer["results"][0]["iri"] == SEMAX
    assert answer["results"][0]["label"] == "Semax"


def test_a_pmid_finds_its_study_first(client: FlaskClient) -> None:
    for query in ("q=11517472", "q=PMID+11517472", "q=pmid:11517472"):
        results = _api(client, query)["results"]
        assert [r["iri"] for r in results] == [GUSEV_1997, ID + "source/source-002/reference-5"]


def test_doi_and_cas_number_find_their_resources(client: FlaskClient) -> None:
    assert _api(client, "q=10.1186/1471-2164-15-228")["results"][0]["iri"] == ID + "study/medvedeva-2014"
    assert _api(client, "q=80714-61-0")["results"][0]["iri"] == SEMAX


def test_alternative_label_and_exact_label_rank_first(client: FlaskClient) -> None:
    assert _api(client, "q=MEHFPGP")["results"][0]["iri"] == SEMAX
    results = _api(client, "q=stroke&limit=2")["results"]
    assert results[0]["iri"] == ID + "condition/stroke"


def test_claim_paraphrase_words_find_the_claim(client: FlaskClient) -> None:
    results = _api(client, "q=damaged+control+movement&kind=claim")["results"]
    assert [r["iri"] for r in results] == [ID + "claim/s002-stroke-impairs-motor-control"]


def test_kind_filter_keeps_only_that_kind(client: FlaskClient) -> None:
    results = _api(client, "q=semax&kind=study&limit=50")["results"]
    assert results and {r["kind"] for r in results} == {"study"}
    entities = _api(client, "q=bdnf&kind=entity&limit=50")["results"]
    assert {r["kind"] for r in entities} == {"target", "mechanism", "conflict"}


def test_limit_caps_the_results(client: FlaskClient) -> None:
    assert len(_api(client, "q=semax&limit=1")["results"]) == 1
    assert len(_api(client, "q=semax&limit=50")["results"]) == 50
    assert len(_api(client, "q=semax")["results"]) == 10


def test_bad_parameters_are_400_naming_the_fix(client: FlaskClient) -> None:
    cases = {  # the one 400 style: what is wrong, then the fix
        "/api/search": "Bad request: q is missing or empty.\nFix: give the text to find, e.g. /api/search?q=semax.\n",
        "/api/search?q=+": "Bad request: q is missing or empty.\nFix: give the text to find, e.g. /api/search?q=semax.\n",
        "/api/search?q=a&limit=0": "Bad request: limit '0' is not a whole number from 1 to 50.\nFix: e.g. limit=10.\n",
        "/api/search?q=a&limit=51": "Bad request: limit '51' is not a whole number from 1 to 50.\nFix: e.g. limit=10.\n",
        "/api/search?q=a&limit=ten": "Bad request: limit 'ten' is not a whole number from 1 to 50.\nFix: e.g. limit=10.\n",
    }
    for url, body in cases.items():
        response = client.get(url)
        assert (response.status_code, response.get_data(as_text=True)) == (400, body), url
        assert response.headers["Access-Control-Allow-Origin"] == "*"
    response = client.get("/api/search?q=a&kind=drug")
    assert response.status_code == 400
    message = response.get_data(as_text=True)
    assert message.startswith("Bad request: kind 'drug' is unknown.\nFix: use one of anatomy, claim, ")
    assert message.endswith(", study, target, term (or leave kind out to search everything).\n")


def test_api_search_has_cors_headers(client: FlaskClient) -> None:
    response = client.get("/api/search?q=semax", headers={"Origin": "https://example.org"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/search")
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"


def test_odd_input_is_answered_not_crashed(client: FlaskClient) -> None:
    for query in ('"', "*", "NEAR(", "a OR b", "'; DROP TABLE docs; --", "ü" * 300, "x" * 5000):
        response = client.get("/api/search", query_string={"q": query})
        assert response.status_code == 200, query
        assert response.get_json()["query"] == query


def test_search_page_groups_results_by_kind(client: FlaskClient) -> None:
    page = get_page(client, "/search?q=bdnf")
    groups = [section.get("id") for section in page.iter("section")
              if (section.get("class") or "") == "search-group"]
    assert groups == ["group-entity", "group-claim", "group-study", "group-term"]
    first = page.find(".//section[@id='group-entity']//li/a")
    assert first is not None and first.get("href") == "/id/target/bdnf"
    assert page.find(".//*[@id='did-you-mean']") is None


def test_search_page_says_did_you_mean(client: FlaskClient) -> None:
    page = get_page(client, "/search?q=semx")
    suggestion = page.find(".//*[@id='did-you-mean']")
    assert text(suggestion) == "Did you mean Semax?"
    link = suggestion.find(".//a") if suggestion is not None else None
    assert link is not None and link.get("href") == "/search?q=Semax"


def test_search_page_without_results_still_suggests(client: FlaskClient) -> None:
    page = get_page(client, "/search?q=zzzqqq")
    assert text(page.find(".//*[@id='search-count']")) == "0 results for “zzzqqq”."
    assert page.find(".//*[@id='did-you-mean']") is None
    page = get_page(client, "/search?q=semx&kind=person")
    assert text(page.find(".//*[@id='search-count']")) == "0 results for “semx” among person."
    assert text(page.find(".//*[@id='did-you-mean']")) == "Did you mean Semax?"


def test_every_page_has_the_search_box_as_a_plain_form(client: FlaskClient) -> None:
    for path in ("/", "/sparql", "/ontology", "/sources", "/id/compound/semax", "/search"):
        response = client.get(path, headers={"Accept": BROWSER_ACCEPT}, follow_redirects=True)
        assert response.status_code == 200, path
        page = parse_page(response.get_data(as_text=True), path)
        form = page.find(".//header//form[@role='search']")
        assert form is not None, path
        assert (form.get("action"), form.get("method")) == ("/search", "get")
        box = form.find(".//input[@name='q']")
        assert box is not None and box.get("data-suggest") == ""
        scripts = [s.get("src") or "" for s in page.iter("script")]
        assert any(s.startswith("/assets/search.") for s in scripts), path


def test_issue15_404_of_an_id_page_suggests_resources(client: FlaskClient) -> None:
    response = client.get("/id/compound/semx", headers={"Accept": "text/html"})
    assert response.status_code == 404
    page = parse_page(response.get_data(as_text=True))
    links = page.findall(".//section[@id='did-you-mean']//a")
    assert links[0].get("href") == "/id/compound/semax"
    assert text(links[0]) == "Semax"
    assert len(links) <= 5


def test_404_machine_formats_are_unchanged(client: FlaskClient) -> None:
    response = client.get("/id/compound/semx", headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert response.get_data(as_text=True) == (
        "# 404 Not Found: no resource <https://w3id.org/semaxkg/id/compound/semx> in this dataset\n")
    response = client.get("/id/compound/semx.jsonld")
    assert response.status_code == 404
    assert "did you mean" not in response.get_data(as_text=True).lower()


def test_a_removed_index_file_is_made_again(tmp_path: Path, built_dir: Path) -> None:
    app = create_app({"DATA_FILES": [str(built_dir / "semaxkg.nq")], "EXECUTOR": "inline",
                      "TESTING": True, "SEARCH_INDEX_DIR": str(tmp_path)})
    client = app.test_client()
    assert client.get("/api/search?q=bdn").get_json()["results"][0]["iri"] == BDNF
    (made,) = tmp_path.glob("*.sqlite")
    made.unlink()
    assert client.get("/api/search?q=bdn").get_json()["results"][0]["iri"] == BDNF
    assert [p.name for p in tmp_path.glob("*.sqlite")] == [made.name]
    get_state(app).close()


def test_search_page_says_when_it_shows_only_the_first_results(client: FlaskClient) -> None:
    # Shown by /search?q=semax: "50 results for “semax”" when 50 is only where the page stops.
    assert len(_api(client, "q=semax&kind=claim&limit=50")["results"]) == 50  # so > 50 in all
    page = get_page(client, "/search?q=semax")
    assert text(page.find(".//*[@id='search-count']")) == (
        "The first 50 results for “semax”; there are more: choose a kind or add words.")
    assert len(page.findall(".//ol[@class='search-results']/li")) == 50
    few = _api(client, "q=bdnf&limit=50")["results"]
    assert len(few) < 50
    page = get_page(client, "/search?q=bdnf")
    assert text(page.find(".//*[@id='search-count']")) == f"{len(few)} results for “bdnf”."


def test_404_with_a_mistyped_year_still_suggests_by_the_other_words(client: FlaskClient) -> None:
    # Shown by GET /id/study/gusev-1979: "gusev 1979" matches nothing as a whole, so the 404
    # suggested nothing though Gusev et al. 1997 is a study of the graph.
    assert _api(client, "q=gusev+1979")["results"] == []
    response = client.get("/id/study/gusev-1979", headers={"Accept": "text/html"})
    assert response.status_code == 404
    links = parse_page(response.get_data(as_text=True)).findall(".//section[@id='did-you-mean']//a")
    hrefs = [link.get("href") for link in links]
    assert "/id/study/gusev-1997" in hrefs
    assert hrefs[0].startswith("/id/study/")  # the kind the path names comes first
    nothing = client.get("/id/study/zzqq-xxjj", headers={"Accept": "text/html"})
    assert 'id="did-you-mean"' not in nothing.get_data(as_text=True)
