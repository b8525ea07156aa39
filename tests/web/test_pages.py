"""The home page, the conflicts index and the sources page: numbers equal SPARQL counts, every
conflict listed once, filters validated, pages parse as HTML and show labels, not IRIs.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pytest
from browser_support import BROWSER_ACCEPT, get_page, text
from flask import Flask
from flask.testing import FlaskClient
from ld_support import BASE, select

from semaxkg.rdf.graph_store import GraphStore
from semaxkg.web.iris import IriMapper
from semaxkg.web.sparql.named_queries import get_named_queries

MAPPER = IriMapper(BASE)


def count(store: GraphStore, where: str) -> int:
    """``COUNT(DISTINCT ?x)`` over a pattern."""
    return int(select(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")[0]["n"])


def by_class(root: ElementTree.Element, tag: str, cls: str) -> list[ElementTree.Element]:
    return [e for e in root.iter(tag) if cls in (e.get("class") or "").split()]


def links_of(root: ElementTree.Element) -> set[str]:
    return {a.get("href", "") for a in root.iter("a")}


def test_home_counts_are_computed_from_the_graph(client: FlaskClient, store: GraphStore) -> None:
    expected = {
        "claims": count(store, "?x a sxo:Claim"),
        "sources": count(store, "?x a sxo:SourceDocument"),
        "conflicts": count(store, "?x a sxo:Conflict"),
        "entities": count(store, "?x a ?c . ?c rdfs:subClassOf* sxo:Entity"),
    }
    assert all(expected.values())
    root = get_page(client, "/")
    shown = {li.get("data-count"): int(text(by_class(li, "span", "number")[0]))
             for li in root.iter("li") if li.get("data-count")}
    assert shown == expected


def test_home_leads_everywhere(client: FlaskClient, app: Flask) -> None:
    root = get_page(client, "/")
    links = links_of(root)
    for target in ("/id/compound/semax", "/ontology", "/conflicts", "/sources", "/sparql", "/dumps",
                   "/.well-known/void"):
        assert target in links, target
    with app.app_context():
        named = get_named_queries()
    assert named, "no named queries to link"
    query_links = [a for a in by_class(root, "ul", "named-queries")[0].iter("a")]
    assert query_links
    by_name = {q.name: q for q in named}
    for anchor in query_links:
        href = anchor.get("href", "")
        assert href.startswith("/sparql?named=")
        name = parse_qs(urlsplit(href).query)["named"][0]
        assert text(anchor) == by_name[name].title
        assert client.get(href, headers={"Accept": BROWSER_ACCEPT}).status_code == 200


def conflict_facts(store: GraphStore) -> dict[str, dict[str, object]]:
    rows = select(store, """SELECT ?c ?kind ?kindCode ?status ?statusCode ?by ?comment ?claim WHERE {
        ?c a sxo:Conflict ; sxo:conflictKind ?kind ; sxo:conflictStatus ?status ; sxo:detectedBy ?by .
        ?kind skos:notation ?kindCode . ?status skos:notation ?statusCode .
        OPTIONAL { ?c rdfs:comment ?comment } OPTIONAL { ?c sxo:involvesClaim ?claim } }""")
    facts: dict[str, dict[str, object]] = {}
    for row in rows:
        entry = facts.setdefault(row["c"], {"kind": row["kind"], "kindCode": row["kindCode"],
                                            "status": row["status"], "statusCode": row["statusCode"],
                                            "by": row["by"], "comment": row.get("comment"), "claims": set()})
        if "claim" in row:
            entry["claims"].add(row["claim"])  # type: ignore[attr-defined]
    return facts


def conflict_cards(root: ElementTree.Element) -> list[ElementTree.Element]:
    return [e for e in by_class(root, "article", "conflict") if e.get("data-conflict")]


def test_conflicts_page_lists_every_conflict_once_with_its_sides(client: FlaskClient, store: GraphStore) -> None:
    facts = conflict_facts(store)
    assert len(facts) >= 10
    root = get_page(client, "/conflicts")
    cards = conflict_cards(root)
    assert sorted(c.get("data-conflict") for c in cards) == sorted(facts)
    for card in cards:
        fact = facts[card.get("data-conflict", "")]
        assert card.get("data-kind") == fact["kind"]
        assert card.get("data-status") == fact["status"]
        assert card.get("data-curated") == ("yes" if fact["by"] == "curator" else "no")
        sides = {a.get("href") for a in by_class(card, "a", "side-claim")}
        assert sides == {MAPPER.path_for(c) for c in fact["claims"]}  # type: ignore[attr-defined]
        if fact["comment"]:
            assert [text(p) for p in by_class(card, "p", "explanation")] == [fact["comment"]]
        if fact["by"] != "curator":
            assert fact["by"] in text(card)
    count_line = next(p for p in root.iter("p") if p.get("id") == "conflict-count")
    assert count_line.get("data-shown") == count_line.get("data-total") == str(len(facts))


@pytest.mark.parametrize("name", ["kind", "status"])
def test_conflicts_filter_by_each_code(client: FlaskClient, store: GraphStore, name: str) -> None:
    facts = conflict_facts(store)
    cls = "ConflictKind" if name == "kind" else "ConflictStatus"
    codes = [r["code"] for r in select(store, f"SELECT ?code WHERE {{ ?x a sxo:{cls} ; skos:notation ?code }}")]
    assert len(codes) >= 2
    for code in codes:
        root = get_page(client, f"/conflicts?{name}={code}")
        shown = sorted(c.get("data-conflict") for c in conflict_cards(root))
        assert shown == sorted(c for c, f in facts.items() if f[f"{name}Code"] == code), code


def test_conflicts_filters_combine(client: FlaskClient, store: GraphStore) -> None:
    facts = conflict_facts(store)
    kind, status = next((f["kindCode"], f["statusCode"]) for f in facts.values())
    root = get_page(client, f"/conflicts?kind={kind}&status={status}")
    shown = sorted(c.get("data-conflict") for c in conflict_cards(root))
    assert shown == sorted(c for c, f in facts.items() if f["kindCode"] == kind and f["statusCode"] == status)


def conflict_bases_of(store: GraphStore) -> dict[str, str]:
    """Conflict IRI → the notation of its basis, for conflicts that record one."""
    rows = select(store, """SELECT ?c ?code WHERE {
        ?c a sxo:Conflict ; sxo:conflictBasis ?b . ?b skos:notation ?code }""")
    return {row["c"]: row["code"] for row in rows}


def test_conflicts_filter_by_basis(client: FlaskClient, store: GraphStore) -> None:
    # Issue 12: conflict bases are data, so the conflicts index filters by them like kind/status.
    bases = conflict_bases_of(store)
    codes = sorted(set(bases.values()))
    assert {"related_nodes", "framing_vs_limitation"} <= set(codes)
    for code in codes:
        root = get_page(client, f"/conflicts?basis={code}")
        shown = sorted(c.get("data-conflict") for c in conflict_cards(root))
        assert shown == sorted(c for c, b in bases.items() if b == code), code
    response = client.get("/conflicts?basis=vibes")
    assert response.status_code == 400
    assert "basis='vibes' is not a conflict basis" in response.get_data(as_text=True)


def test_conflict_filter_counts_respect_the_other_filters(client: FlaskClient, store: GraphStore) -> None:
    # Issue 12: with kind=between_sources chosen, each basis count is what that link would show.
    facts = conflict_facts(store)
    bases = conflict_bases_of(store)
    root = get_page(client, "/conflicts?kind=between_sources")
    links = {a.get("data-code"): a for a in root.iter("a") if a.get("data-code")}
    for code in sorted(set(bases.values())):
        want = sum(1 for c, b in bases.items() if b == code and facts[c]["kindCode"] == "between_sources")
        assert text(links[code]).endswith(f"({want})"), code
        shown = get_page(client, str(links[code].get("href")))
        assert len(conflict_cards(shown)) == want, code


def test_unknown_conflict_filter_is_400_naming_the_allowed_codes(client: FlaskClient, store: GraphStore) -> None:
    kinds = sorted(r["code"] for r in select(store, "SELECT ?code WHERE { ?x a sxo:ConflictKind ; skos:notation ?code }"))
    response = client.get("/conflicts?kind=imaginary")
    assert response.status_code == 400
    assert response.content_type == "text/plain; charset=utf-8"
    assert response.get_data(as_text=True) == (
        f"Bad request: kind='imaginary' is not a conflict kind.\nFix: use one of "
        f"{', '.join(kinds)} (or leave kind out for all).\n")
    statuses = sorted(r["code"] for r in select(store, "SELECT ?code WHERE { ?x a sxo:ConflictStatus ; skos:notation ?code }"))
    response = client.get("/conflicts?status=maybe")
    assert response.status_code == 400
    assert ", ".join(statuses) in response.get_data(as_text=True)


def test_sources_page_facts_equal_sparql_counts(client: FlaskClient, store: GraphStore) -> None:
    sources = {r["s"]: r["label"] for r in select(store, "SELECT ?s ?label WHERE { ?s a sxo:SourceDocument ; rdfs:label ?label }")}
    disclosures = select(store, """SELECT ?s ?d ?commercial WHERE { ?s sxo:hasDisclosure ?d .
        OPTIONAL { ?d sxo:disclosureKind/sxo:commercial ?commercial } }""")
    levels = select(store, """SELECT ?s ?level (COUNT(DISTINCT ?c) AS ?n) WHERE {
        ?c a sxo:Claim ; prov:wasQuotedFrom ?s ; sxo:evidenceLevel ?level } GROUP BY ?s ?level""")
    references = {r["s"]: int(r["n"]) for r in select(store, """SELECT ?s (COUNT(DISTINCT ?r) AS ?n) WHERE {
        ?s sxo:hasReference ?r } GROUP BY ?s""")}
    interest = {r["s"]: r["v"] == "true" for r in select(store, "SELECT ?s ?v WHERE { ?s sxo:commercialInterest ?v }")}
    assert len(sources) >= 3
    root = get_page(client, "/sources")
    cards = {c.get("data-source"): c for c in by_class(root, "div", "source-facts")}
    assert set(cards) == set(sources)
    for source, card in cards.items():
        section = next(s for s in by_class(root, "section", "source") if s.get("data-source") == source)
        assert text(section.find("h2")) == sources[source]  # type: ignore[arg-type]
        rows = by_class(card, "tr", "disclosure")
        wanted = {(r["d"], "yes" if r.get("commercial") == "true" else "no") for r in disclosures if r["s"] == source}
        assert {(r.get("data-disclosure"), r.get("data-commercial")) for r in rows} == wanted
        counts = {tr.get("data-level"): int(tr.get("data-count", "0")) for tr in card.iter("tr") if tr.get("data-level")}
        assert counts == {r["level"]: int(r["n"]) for r in levels if r["s"] == source}
        total = by_class(card, "tr", "total")[0]
        assert int(total.get("data-count", "0")) == sum(counts.values()) == count(
            store, f"?x a sxo:Claim ; prov:wasQuotedFrom <{source}>")
        assert int(by_class(card, "dd", "reference-count")[0].get("data-count", "-1")) == references.get(source, 0)
        assert by_class(card, "dd", "commercial-interest")[0].get("data-value") == ("yes" if interest[source] else "no")
        links = links_of(card)
        assert f"{MAPPER.path_for(source)}#claims" in links
        graph = select(store, f"SELECT ?g WHERE {{ GRAPH ?g {{ <{source}> a sxo:SourceDocument }} }}")[0]["g"]
        assert MAPPER.path_for(graph) in links
        query = next(a for a in by_class(card, "a", "claims-query"))
        answer = client.get("/sparql", query_string={"query": parse_qs(urlsplit(query.get("href", "")).query)["query"][0]},
                            headers={"Accept": "application/sparql-results+json"})
        assert len(answer.get_json()["results"]["bindings"]) == sum(counts.values())


def test_each_source_page_shows_the_same_facts(client: FlaskClient, store: GraphStore) -> None:
    for source in (r["s"] for r in select(store, "SELECT ?s WHERE { ?s a sxo:SourceDocument }")):
        path = MAPPER.path_for(source)
        assert path is not None and path.startswith("/id/source/source-")
        root = get_page(client, path + ".html")
        cards = by_class(root, "div", "source-facts")
        assert [c.get("data-source") for c in cards] == [source]
        disclosures = count(store, f"<{source}> sxo:hasDisclosure ?x")
        assert len(by_class(cards[0], "tr", "disclosure")) == disclosures
        claims = {a.get("data-claim") for a in by_class(root, "article", "claim")}
        assert len(claims) == count(store, f"?x a sxo:Claim ; prov:wasQuotedFrom <{source}>")


@pytest.mark.parametrize("path", ["/", "/conflicts", "/sources", "/conflicts?kind=within_source"])
def test_pages_show_labels_not_iris(client: FlaskClient, path: str) -> None:
    for anchor in get_page(client, path).iter("a"):
        label = text(anchor)
        assert label, anchor.attrib
        assert not label.startswith(("http://", "https://")), (label, anchor.get("href"))


def test_pages_link_the_rdf_they_show(client: FlaskClient) -> None:
    root = get_page(client, "/conflicts")
    alternates = {link.get("type"): link.get("href") for link in root.iter("link")
                  if link.get("rel") == "alternate" and (link.get("href") or "").startswith("/graph/")}
    assert alternates["text/turtle"] == "/graph/conflicts.ttl"
    assert client.get("/graph/conflicts.ttl").status_code == 200
    root = get_page(client, "/sources")
    hrefs = {link.get("href") for link in root.iter("link") if link.get("rel") == "alternate"}
    assert {"/id/source/source-000.ttl", "/id/source/source-001.ttl", "/id/source/source-002.ttl"} <= hrefs
