"""The lists of every kind of resource at ``/id/<kind>/`` (issue 15, item 3): members, counts,
sorting, paging, ``Link`` headers, the Hydra RDF of a page, errors, the home page's links, the
class pages' paging, and a graph served under another IRI base.

Expectations are computed by the tests' own queries on a pyoxigraph store of the served file,
never by the app's code.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from browser_support import BROWSER_ACCEPT, get_page, parse_page, text
from flask.testing import FlaskClient
from ld_support import BASE, SXO, parsed

from semaxkg.web import create_app

ID = BASE + "id/"
HYDRA = "http://www.w3.org/ns/hydra/core#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PER_PAGE = 50  # issue 15: "50 a page"


@pytest.fixture(scope="module")
def oxstore(built_dir: Path) -> ox.Store:
    """The served dataset in a store of the test's own."""
    store = ox.Store()
    store.bulk_load(path=str(built_dir / "semaxkg.nq"), format=ox.RdfFormat.N_QUADS)
    return store


def _query(store: ox.Store, query: str) -> ox.QuerySolutions:
    result = store.query(query, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    return result


def members_of(store: ox.Store, kind: str) -> list[str]:
    """Typed IRIs ``{ID}<kind>/<id>`` (no deeper parts), any order."""
    root = f"{ID}{kind}/"
    found = {row["x"].value for row in _query(store, "SELECT DISTINCT ?x WHERE { ?x a ?t }")  # type: ignore[union-attr]
             if isinstance(row["x"], ox.NamedNode)}
    return [iri for iri in found if iri.startswith(root) and "/" not in iri[len(root):]]


def label_terms(store: ox.Store, iris: list[str]) -> dict[str, ox.Literal]:
    """Each IRI's one ``rdfs:label`` (the test asserts there is exactly one)."""
    labels: dict[str, set[ox.Literal]] = {}
    for iri in iris:
        labels[iri] = {q.object for q in store.quads_for_pattern(  # type: ignore[misc]
            ox.NamedNode(iri), ox.NamedNode(RDFS_LABEL), None, None)}
    assert all(len(found) == 1 for found in labels.values()), "a member without one label"
    return {iri: next(iter(found)) for iri, found in labels.items()}


def by_label(store: ox.Store, kind: str) -> list[str]:
    """The members of ``kind`` in the list's default order: label (case-folded), then IRI."""
    iris = members_of(store, kind)
    labels = label_terms(store, iris)
    return sorted(iris, key=lambda iri: (labels[iri].value.casefold(), iri))


def claim_counts(store: ox.Store) -> dict[str, int]:
    """Claims naming each IRI in any role but sxo:conflictsWith."""
    query = f"""SELECT ?x (COUNT(DISTINCT ?c) AS ?n) WHERE {{
      ?c a <{SXO}Claim> ; ?role ?x . FILTER(?role != <{SXO}conflictsWith> && ?c != ?x) }} GROUP BY ?x"""
    return {row["x"].value: int(row["n"].value) for row in _query(store, query)}  # type: ignore[union-attr]


def rows_of(client: FlaskClient, path: str) -> list[str]:
    root = get_page(client, path)
    table = next(t for t in root.iter("table") if t.get("id") == "members")
    return [tr.get("data-iri", "") for tr in table.iter("tr") if tr.get("data-iri")]


def html(client: FlaskClient, path: str) -> tuple[int, str, str]:
    response = client.get(path, headers={"Accept": BROWSER_ACCEPT})
    return response.status_code, response.headers.get("Link", ""), response.get_data(as_text=True)


def test_issue15_compound_list_is_not_404(client: FlaskClient, oxstore: ox.Store) -> None:
    expected = by_label(oxstore, "compound")
    assert 0 < len(expected) <= PER_PAGE
    status, link, _ = html(client, "/id/compound/")
    assert (status, link) == (200, '</id/compound/>; rel="first", </id/compound/>; rel="last"')
    assert rows_of(client, "/id/compound/") == expected
    root = get_page(client, "/id/compound/")
    total = next(e for e in root.iter("span") if e.get("id") == "list-total")
    assert text(total) == str(len(expected))
    counts = claim_counts(oxstore)
    shown = [text(td) for td in root.iter("td") if td.get("class") == "number"]
    assert shown == [str(counts.get(iri, 0)) for iri in expected]


def test_page_two_of_the_claims(client: FlaskClient, oxstore: ox.Store) -> None:
    expected = by_label(oxstore, "claim")
    last = -(-len(expected) // PER_PAGE)
    assert last >= 3
    status, link, _ = html(client, "/id/claim/?page=2")
    assert status == 200
    assert link == ('</id/claim/>; rel="first", </id/claim/>; rel="prev", '
                    f'</id/claim/?page=3>; rel="next", </id/claim/?page={last}>; rel="last"')
    assert rows_of(client, "/id/claim/?page=2") == expected[PER_PAGE:2 * PER_PAGE]
    assert rows_of(client, f"/id/claim/?page={last}") == expected[(last - 1) * PER_PAGE:]
    _, last_link, _ = html(client, f"/id/claim/?page={last}")
    assert last_link == (f'</id/claim/>; rel="first", </id/claim/?page={last - 1}>; rel="prev", '
                         f'</id/claim/?page={last}>; rel="last"')


def test_sort_by_number_of_claims(client: FlaskClient, oxstore: ox.Store) -> None:
    counts = claim_counts(oxstore)
    iris = members_of(oxstore, "compound")
    labels = label_terms(oxstore, iris)
    descending = sorted(iris, key=lambda i: (-counts.get(i, 0), labels[i].value.casefold(), i))
    ascending = sorted(iris, key=lambda i: (counts.get(i, 0), labels[i].value.casefold(), i))
    assert descending != ascending and counts.get(descending[0], 0) > 0
    assert rows_of(client, "/id/compound/?sort=claims") == descending
    assert rows_of(client, "/id/compound/?sort=claims&order=asc") == ascending
    assert rows_of(client, "/id/compound/?order=desc") == list(reversed(by_label(oxstore, "compound")))
    root = get_page(client, "/id/compound/?sort=claims")
    shown = [text(td) for td in root.iter("td") if td.get("class") == "number"]
    assert shown == [str(counts.get(i, 0)) for i in descending]
    status, link, _ = html(client, "/id/claim/?page=2&sort=claims")
    assert status == 200 and '</id/claim/?page=3&sort=claims>; rel="next"' in link


def expected_page_graph(store: ox.Store, kind: str, page: int) -> set[tuple[rdflib.term.Node, ...]]:
    """The Hydra triples of page ``page`` of ``kind`` (default sort), written out by hand."""
    members = by_label(store, kind)
    last = -(-len(members) // PER_PAGE)
    shown = members[(page - 1) * PER_PAGE:page * PER_PAGE]
    labels = label_terms(store, shown)
    U = rdflib.URIRef
    collection = U(f"{ID}{kind}/")

    def page_iri(n: int) -> rdflib.URIRef:
        return U(f"{ID}{kind}/" + ("" if n == 1 else f"?page={n}"))

    view = page_iri(page)
    graph: set[tuple[rdflib.term.Node, ...]] = {
        (collection, U(RDF_TYPE), U(HYDRA + "Collection")),
        (collection, U(RDFS_LABEL), rdflib.Literal(kind.capitalize() + "s", lang="en")),
        (collection, U(HYDRA + "totalItems"), rdflib.Literal(len(members))),
        (collection, U(HYDRA + "view"), view),
        (view, U(RDF_TYPE), U(HYDRA + "PartialCollectionView")),
        (view, U(HYDRA + "first"), page_iri(1)),
        (view, U(HYDRA + "last"), page_iri(last)),
    }
    if page > 1:
        graph.add((view, U(HYDRA + "previous"), page_iri(page - 1)))
    if page < last:
        graph.add((view, U(HYDRA + "next"), page_iri(page + 1)))
    for iri in shown:
        label = labels[iri]
        graph.add((collection, U(HYDRA + "member"), U(iri)))
        graph.add((U(iri), U(RDFS_LABEL), rdflib.Literal(label.value, lang=label.language)))
    return graph


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("application/rdf+xml", "xml"),
])
def test_a_list_page_in_rdf_is_a_hydra_collection(client: FlaskClient, oxstore: ox.Store,
                                                   accept: str, rdflib_format: str) -> None:
    response = client.get("/id/claim/?page=2", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == accept
    assert "Accept" in response.headers["Vary"]
    assert response.headers["Link"].startswith('</id/claim/>; rel="first"')
    assert parsed(response.get_data(), rdflib_format) == expected_page_graph(oxstore, "claim", 2)


def test_format_parameter_picks_the_rdf_format(client: FlaskClient, oxstore: ox.Store) -> None:
    response = client.get("/id/compound/?format=ttl", headers={"Accept": BROWSER_ACCEPT})
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert parsed(response.get_data(), "turtle") == expected_page_graph(oxstore, "compound", 1)
    root = get_page(client, "/id/compound/")
    formats = next(p for p in root.iter("p") if p.get("id") == "list-formats")
    assert [a.get("href") for a in formats.iter("a")] == [
        "/id/compound/?format=ttl", "/id/compound/?format=jsonld", "/id/compound/?format=nt",
        "/id/compound/?format=rdf"]


@pytest.mark.parametrize(("query", "message"), [
    ("page=0", "page='0' is not a page number: use a whole number from 1 (/id/claim/?page=2)."),
    ("page=two", "page='two' is not a page number: use a whole number from 1 (/id/claim/?page=2)."),
    ("page=-1", "page='-1' is not a page number: use a whole number from 1 (/id/claim/?page=2)."),
    ("sort=date", "sort='date' is not a way to sort this list: use sort=label or sort=claims."),
    ("order=up", "order='up' is not an order: use order=asc or order=desc."),
    ("format=csv", "format='csv' is not a format of this list: use one of html, ttl, jsonld, nt, rdf "
                   "(or leave format out and send Accept)."),
])
def test_bad_parameters_are_400_naming_the_fix(client: FlaskClient, query: str, message: str) -> None:
    response = client.get(f"/id/claim/?{query}", headers={"Accept": BROWSER_ACCEPT})
    what, fix = message.split(": ", 1)  # the one 400 style: what is wrong, then the fix
    assert (response.status_code, response.get_data(as_text=True)) == (
        400, f"Bad request: {what}.\nFix: {fix}\n")


def test_past_the_last_page_and_unknown_kind_are_404(client: FlaskClient, oxstore: ox.Store) -> None:
    last = -(-len(members_of(oxstore, "claim")) // PER_PAGE)
    response = client.get(f"/id/claim/?page={last + 1}", headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert response.get_data(as_text=True) == (
        f"# 404 Not Found: page {last + 1} is past the last page ({last}) of /id/claim/: "
        f"use page=1 to page={last}\n")
    assert response.headers["Link"] == f'</id/claim/>; rel="first", </id/claim/?page={last}>; rel="last"'
    page = client.get("/id/nothing/", headers={"Accept": BROWSER_ACCEPT})
    assert page.status_code == 404
    message = next(p for p in parse_page(page.get_data(as_text=True)).iter("p") if p.get("id") == "message")
    assert text(message).startswith("no kind of resource is called 'nothing': the lists are /id/")
    assert "/id/compound/" in text(message)


def test_a_list_without_its_slash_redirects_and_resources_still_dereference(client: FlaskClient) -> None:
    moved = client.get("/id/compound", headers={"Accept": BROWSER_ACCEPT})
    assert (moved.status_code, moved.headers["Location"]) == (308, "/id/compound/")
    semax = client.get("/id/compound/semax", headers={"Accept": BROWSER_ACCEPT})
    assert (semax.status_code, semax.headers["Location"]) == (303, "/id/compound/semax.html")
    assert client.get("/id/compound.ttl").status_code == 404


def test_a_replayed_list_keeps_its_link_header(client: FlaskClient) -> None:
    first = client.get("/id/claim/?page=3", headers={"Accept": BROWSER_ACCEPT})
    again = client.get("/id/claim/?page=3", headers={"Accept": BROWSER_ACCEPT})
    assert again.headers.get("SemaxKG-Page") == "hit"
    assert again.headers["Link"] == first.headers["Link"] and again.data == first.data
    unchanged = client.get("/id/claim/?page=3", headers={"Accept": BROWSER_ACCEPT,
                                                         "If-None-Match": first.headers["ETag"]})
    assert unchanged.status_code == 304
    other = client.get("/id/claim/?page=4", headers={"Accept": BROWSER_ACCEPT})
    assert other.headers["ETag"] != first.headers["ETag"]


def test_home_page_counts_link_to_the_lists(client: FlaskClient, oxstore: ox.Store) -> None:
    root = get_page(client, "/")
    counts = {li.get("data-count"): [a.get("href") for a in li.iter("a") if a.get("class") == "count-link"]
              for li in root.iter("li") if li.get("data-count")}
    assert counts == {"claims": ["/id/claim/"], "sources": ["/id/source/"],
                      "conflicts": ["/id/conflict/"], "entities": ["#browse"]}
    kinds = {row["x"].value[len(ID):].split("/")[0]  # type: ignore[union-attr]
             for row in _query(oxstore, "SELECT DISTINCT ?x WHERE { ?x a ?t }")
             if isinstance(row["x"], ox.NamedNode) and row["x"].value.startswith(ID)
             and len(row["x"].value[len(ID):].split("/")) == 2}
    assert {"compound", "claim", "study", "source", "conflict", "person"} <= kinds
    listed = next(ul for ul in root.iter("ul") if ul.get("id") == "kind-lists")
    shown = {li.get("data-kind"): li for li in listed.iter("li")}
    assert set(shown) == kinds
    for kind, li in shown.items():
        numbers = [text(a) for a in li.iter("a") if a.get("class") == "count-link"]
        assert numbers == [str(len(members_of(oxstore, kind)))], kind
        assert client.get(f"/id/{kind}/", headers={"Accept": BROWSER_ACCEPT}).status_code == 200


def test_class_pages_page_through_every_instance(client: FlaskClient, oxstore: ox.Store) -> None:
    instances = sorted(row["i"].value for row in _query(oxstore, (  # type: ignore[union-attr]
        "SELECT DISTINCT ?i WHERE { ?i a ?t . ?t <http://www.w3.org/2000/01/rdf-schema#subClassOf>* "
        f"<{SXO}Claim> }}")))
    last = -(-len(instances) // PER_PAGE)
    assert last >= 3
    seen: list[str] = []
    for number in range(1, last + 1):
        root = get_page(client, f"/ontology/Claim.html?page={number}")
        listed = next(ul for ul in root.iter("ul") if ul.get("id") == "sample-instances")
        seen += [BASE + a.get("href", "").lstrip("/") for a in listed.iter("a")]
        pager = next(n for n in root.iter("nav") if n.get("id") == "instance-pager")
        rels = {a.get("rel"): a.get("href") for a in pager.iter("a")}
        if number < last:
            assert rels["next"] == f"?page={number + 1}#instances"
        else:
            assert "next" not in rels and rels["prev"] == f"?page={last - 1}#instances"
    assert seen == instances
    past = client.get(f"/ontology/Claim.html?page={last + 1}")
    assert past.status_code == 404
    bad = client.get("/ontology/Claim.html?page=x")
    assert (bad.status_code, bad.get_data(as_text=True)) == (
        400, "Bad request: page='x' is not a page number.\nFix: use a whole number from 1 (page=2 "
             "lists the next instances of the class).\n")


KG = "https://example.org/kg/"


def test_lists_follow_the_iri_base(tmp_path: Path) -> None:
    semax, claim = KG + "id/compound/semax", KG + "id/claim/c1"
    data = tmp_path / "small.nq"
    data.write_text(
        f'<{semax}> <{RDFS_LABEL}> "Semax"@en <{KG}graph/entities> .\n'
        f"<{semax}> <{RDF_TYPE}> <{SXO}Compound> <{KG}graph/entities> .\n"
        f"<{claim}> <{SXO}claimSubject> <{semax}> <{KG}graph/source-000> .\n"
        f"<{claim}> <{RDF_TYPE}> <{SXO}Claim> <{KG}graph/source-000> .\n", encoding="utf-8")
    client = create_app({"DATA_FILES": [str(data)], "BUILD_DIR": str(tmp_path / "none"),
                         "EXECUTOR": "inline", "TESTING": True, "IRI_BASE": KG}).test_client()
    response = client.get("/id/compound/?sort=claims", headers={"Accept": "text/turtle"})
    U = rdflib.URIRef
    view = U(KG + "id/compound/?sort=claims")
    assert parsed(response.get_data(), "turtle") == {
        (U(KG + "id/compound/"), U(RDF_TYPE), U(HYDRA + "Collection")),
        (U(KG + "id/compound/"), U(RDFS_LABEL), rdflib.Literal("Compounds", lang="en")),
        (U(KG + "id/compound/"), U(HYDRA + "totalItems"), rdflib.Literal(1)),
        (U(KG + "id/compound/"), U(HYDRA + "view"), view),
        (view, U(RDF_TYPE), U(HYDRA + "PartialCollectionView")),
        (view, U(HYDRA + "first"), view),
        (view, U(HYDRA + "last"), view),
        (U(KG + "id/compound/"), U(HYDRA + "member"), U(semax)),
        (U(semax), U(RDFS_LABEL), rdflib.Literal("Semax", lang="en")),
    }
    page = client.get("/id/compound/", headers={"Accept": BROWSER_ACCEPT}).get_data(as_text=True)
    assert 'href="/id/compound/semax"' in page and f"<code class=\"iri\">{KG}id/compound/</code>" in page
    # The claim names Semax once: its count shows on the list.
    assert '<td class="number">1</td>' in page
    home = client.get("/", headers={"Accept": BROWSER_ACCEPT}).get_data(as_text=True)
    assert 'href="/id/claim/"' in home and 'href="/id/compound/"' in home


def test_a_list_nobody_can_read_is_406(client: FlaskClient) -> None:
    response = client.get("/id/compound/", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.get_data(as_text=True) == (
        "None of the media types in Accept fits this list. Supported:\ntext/html\ntext/turtle\n"
        "application/ld+json\napplication/n-triples\napplication/rdf+xml\n")
    assert response.headers["Vary"] == "Accept"


def test_misspelt_kind_suggests_the_nearest_list(client: FlaskClient) -> None:
    # Shown by GET /id/compund/: the 404 listed every kind and suggested ontology terms, but not
    # /id/compound/.
    response = client.get("/id/compund/", headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert response.get_data(as_text=True).startswith(
        "# 404 Not Found: no kind of resource is called 'compund' (did you mean /id/compound/?): "
        "the lists are /id/")
    far = client.get("/id/zzzzzz/", headers={"Accept": "text/turtle"}).get_data(as_text=True)
    assert "did you mean" not in far


def test_page_past_the_end_suggests_no_search_results(client: FlaskClient) -> None:
    # Shown by GET /id/compound/?page=2 (one page): the 404 page offered "Did you mean
    # compound property, unregistered research compound…", which the list's own page is not.
    page = client.get("/id/compound/?page=2", headers={"Accept": BROWSER_ACCEPT})
    assert page.status_code == 404
    body = page.get_data(as_text=True)
    assert 'id="did-you-mean"' not in body
    assert "page 2 is past the last page (1) of /id/compound/" in body
    unknown = client.get("/id/compound/semx", headers={"Accept": BROWSER_ACCEPT})
    assert 'id="did-you-mean"' in unknown.get_data(as_text=True)


def test_class_iri_with_a_page_keeps_the_page_on_its_redirect(client: FlaskClient) -> None:
    # Shown by GET /ontology/Claim?page=2: the 303 went to /ontology/Claim.html, page 1.
    moved = client.get("/ontology/Claim?page=2", headers={"Accept": BROWSER_ACCEPT})
    assert (moved.status_code, moved.headers["Location"]) == (303, "/ontology/Claim.html?page=2")
    plain = client.get("/ontology/Claim", headers={"Accept": BROWSER_ACCEPT})
    assert plain.headers["Location"] == "/ontology/Claim.html"
    turtle = client.get("/ontology/Claim?page=2", headers={"Accept": "text/turtle"})
    assert turtle.headers["Location"] == "/ontology/Claim.ttl"
