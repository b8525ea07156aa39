"""Resource pages under /id/: every claim with its provenance, the Semax evidence summary and
chart, external identifiers, incoming links, labels instead of IRIs.

Expected values come from SPARQL over the same built graph (written here, independently of the
page code), so the tests keep passing when the data is rebuilt with other claims or conflicts.
Pages are fetched through the app (the /id/… route of the linked-data blueprint) and parsed
with a strict HTML5 parser.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from browser_support import parse_page, text
from flask import Flask
from flask.testing import FlaskClient
from ld_support import BASE, select

from semaxkg.rdf.graph_store import GraphStore
from semaxkg.web.iris import IriMapper
from semaxkg.web.pages.resource_pages import INCOMING_PER_PROPERTY, render_resource

SEMAX = BASE + "id/compound/semax"
MAPPER = IriMapper(BASE)
#: html5lib puts inline SVG elements in the SVG namespace.
SVG = "{http://www.w3.org/2000/svg}"


#: Parsed pages by IRI: the pages do not change during a test session, and the claim pages
#: are read by two tests.
_PAGES: dict[str, ElementTree.Element] = {}


def page(client: FlaskClient, iri: str) -> ElementTree.Element:
    """GET the HTML document of ``iri`` and parse it strictly (once per session)."""
    if iri in _PAGES:
        return _PAGES[iri]
    path = MAPPER.path_for(iri)
    assert path is not None
    response = client.get(path + ".html")
    assert response.status_code == 200, (iri, response.status_code, response.data[:300])
    assert response.content_type == "text/html; charset=utf-8"
    _PAGES[iri] = parse_page(response.get_data(as_text=True), path)
    return _PAGES[iri]


def by_class(root: ElementTree.Element, tag: str, cls: str) -> list[ElementTree.Element]:
    """Descendants ``tag`` whose class attribute contains ``cls``."""
    return [e for e in root.iter(tag) if cls in (e.get("class") or "").split()]


def main_claim(root: ElementTree.Element) -> ElementTree.Element:
    """The claim card of a claim page."""
    cards = [e for e in by_class(root, "article", "claim") if "main" in (e.get("class") or "").split()]
    assert len(cards) == 1
    return cards[0]


def grouped(rows: list[dict[str, str]], key: str, value: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row[key], set())
        if value in row:
            found[row[key]].add(row[value])
    return found


@pytest.mark.slow
def test_every_claim_page_shows_source_span_level_and_conflicts(client: FlaskClient, store: GraphStore) -> None:
    claims = [r["claim"] for r in select(store, "SELECT ?claim WHERE { ?claim a sxo:Claim } ORDER BY ?claim")]
    assert len(claims) > 100
    sources = select(store, "SELECT ?claim ?label WHERE { ?claim a sxo:Claim ; prov:wasQuotedFrom ?s . ?s rdfs:label ?label }")
    spans = select(store, """SELECT ?claim ?start ?end WHERE {
        ?claim a sxo:Claim ; sxo:hasPassage/oa:hasSelector ?sel . ?sel oa:start ?start ; oa:end ?end }""")
    levels = select(store, """SELECT ?claim ?level ?label WHERE {
        ?claim a sxo:Claim ; sxo:evidenceLevel ?level . ?level rdfs:label ?label }""")
    others = select(store, """SELECT DISTINCT ?claim ?other WHERE {
        ?claim a sxo:Claim .
        { ?claim sxo:conflictsWith ?other } UNION { ?c sxo:involvesClaim ?claim , ?other FILTER(?other != ?claim) } }""")
    source_labels = grouped(sources, "claim", "label")
    expected_spans = {c: {(int(r["start"]), int(r["end"])) for r in spans if r["claim"] == c} for c in claims}
    level_of = {r["claim"]: (r["level"], r["label"]) for r in levels}
    conflicting = grouped(others, "claim", "other")
    assert any(conflicting.values()), "the graph has no conflicting claims to check"
    problems: list[str] = []
    for claim in claims:
        card = main_claim(page(client, claim))
        shown_sources = {text(a) for a in by_class(card, "a", "source")}
        if not source_labels[claim] <= shown_sources:
            problems.append(f"{claim}: sources {source_labels[claim]} not in {shown_sources}")
        passages = by_class(card, "li", "passage")
        shown_spans = {(int(li.get("data-start", "-1")), int(li.get("data-end", "-1"))) for li in passages}
        if shown_spans != expected_spans[claim]:
            problems.append(f"{claim}: spans {shown_spans} != {expected_spans[claim]}")
        for li in passages:
            offsets = by_class(li, "span", "offsets")
            if [text(o) for o in offsets] != [f"{li.get('data-start')}–{li.get('data-end')}"]:
                problems.append(f"{claim}: offsets shown as {[text(o) for o in offsets]}")
        level_iri, level_label = level_of[claim]
        badges = by_class(card, "a", "level")
        if [(b.get("href"), text(b)) for b in badges] != [(MAPPER.path_for(level_iri), level_label)]:
            problems.append(f"{claim}: level {[(b.get('href'), text(b)) for b in badges]} != {level_label}")
        shown_others = {a.get("href") for a in by_class(card, "a", "conflicting-claim")}
        wanted_others = {MAPPER.path_for(o) for o in conflicting.get(claim, set())}
        if shown_others != wanted_others:
            problems.append(f"{claim}: conflicting {shown_others} != {wanted_others}")
    assert problems == []


def test_claim_pages_show_the_study_with_its_identifiers(client: FlaskClient, store: GraphStore) -> None:
    rows = select(store, """SELECT ?claim ?study ?year ?n ?pubmed ?doi WHERE {
        ?claim a sxo:Claim ; prov:hadPrimarySource ?study . ?study a sxo:Study .
        OPTIONAL { ?study sxo:year ?year } OPTIONAL { ?study sxo:sampleSize ?n }
        OPTIONAL { ?study sxo:pubmed ?pubmed } OPTIONAL { ?study sxo:doi ?doi } }""")
    designs = grouped(select(store, """SELECT ?study ?label WHERE {
        ?study a sxo:Study ; sxo:designFeature ?f . ?f rdfs:label ?label }"""), "study", "label")
    with_ids = {r["claim"] for r in rows if "pubmed" in r or "doi" in r}
    assert with_ids, "no claim cites a study with a PMID or DOI"
    for claim in sorted({r["claim"] for r in rows}):
        card = main_claim(page(client, claim))
        boxes = {box.get("data-study"): box for box in by_class(card, "div", "study")}
        for row in (r for r in rows if r["claim"] == claim):
            box = boxes[row["study"]]
            links = {a.get("href"): text(a) for a in box.iter("a")}
            if "pubmed" in row:
                pmid = row["pubmed"].rstrip("/").rsplit("/", 1)[-1]
                assert links[row["pubmed"]] == f"PMID {pmid}", (claim, links)
            if "doi" in row:
                assert links[row["doi"]] == "doi:" + row["doi"].removeprefix("https://doi.org/"), (claim, links)
            if "year" in row:
                assert [text(y) for y in by_class(box, "span", "year")] == [row["year"]]
            if "n" in row:
                assert [text(n) for n in by_class(box, "span", "sample-size")] == [row["n"]]
            assert {text(a) for a in by_class(box, "a", "design")} == designs.get(row["study"], set())


def summary_counts(store: GraphStore, subject: str) -> Counter[tuple[str, str, str, str]]:
    """(claim kind, object, level, stance) → claims, counted by SPARQL independently of the page."""
    rows = select(store, f"""
        SELECT ?kind ?object ?level ?stance (COUNT(DISTINCT ?claim) AS ?n) WHERE {{
          VALUES ?kind {{ sxo:kind-outcome sxo:kind-mechanism }}
          ?claim a sxo:Claim ; sxo:claimSubject <{subject}> ; sxo:hasClaimKind ?kind ;
                 sxo:claimObject ?object ; sxo:evidenceLevel ?level .
          BIND(IF(EXISTS {{ ?claim sxo:negated true }} || EXISTS {{ ?claim sxo:direction sxo:unchanged }},
                  "disputing", "supporting") AS ?stance)
        }} GROUP BY ?kind ?object ?level ?stance""")
    return Counter({(r["kind"], r["object"], r["level"], r["stance"]): int(r["n"]) for r in rows})


def test_semax_summary_table_equals_sparql_counts(client: FlaskClient, store: GraphStore) -> None:
    expected = summary_counts(store, SEMAX)
    assert any(key[3] == "disputing" for key in expected), "no disputing claim to check"
    root = page(client, SEMAX)
    table = next(t for t in root.iter("table") if t.get("id") == "evidence-table")
    shown: Counter[tuple[str, str, str, str]] = Counter()
    for body in table.iter("tbody"):
        kind = body.get("data-kind", "")
        for row in body.iter("tr"):
            if row.get("data-object") is None:
                continue
            for cell in row.iter("td"):
                level = cell.get("data-level")
                if level is None:
                    continue
                for stance in ("supporting", "disputing"):
                    count = int(cell.get(f"data-{stance}", "0"))
                    if count:
                        shown[(kind, row.get("data-object", ""), level, stance)] = count
                # The numbers a reader sees are the same as the data attributes.
                seen = {s: text(e).lstrip("−") for s in ("supporting", "disputing") for e in by_class(cell, "span", s)}
                assert seen == {s: cell.get(f"data-{s}") for s in ("supporting", "disputing")
                                if cell.get(f"data-{s}") != "0"}
    assert shown == expected
    # Every row's label links to the outcome's or mechanism's page.
    objects = {key[1] for key in expected}
    row_links = {a.get("href") for row in table.iter("tr") if row.get("data-object") for a in row.iter("a")}
    assert {MAPPER.path_for(o) for o in objects} <= row_links


def test_each_summary_number_links_to_exactly_the_claims_it_counts(
        client: FlaskClient, store: GraphStore) -> None:
    rows = select(store, f"""
        SELECT DISTINCT ?claim ?object ?level ?stance WHERE {{
          VALUES ?kind {{ sxo:kind-outcome sxo:kind-mechanism }}
          ?claim a sxo:Claim ; sxo:claimSubject <{SEMAX}> ; sxo:hasClaimKind ?kind ;
                 sxo:claimObject ?object ; sxo:evidenceLevel ?level .
          BIND(IF(EXISTS {{ ?claim sxo:negated true }} || EXISTS {{ ?claim sxo:direction sxo:unchanged }},
                  "disputing", "supporting") AS ?stance)
        }}""")
    expected: dict[tuple[str, str, str], set[str]] = {}
    by_object: dict[str, set[str]] = {}
    for r in rows:
        expected.setdefault((r["object"], r["level"], r["stance"]), set()).add(r["claim"])
        by_object.setdefault(r["object"], set()).add(r["claim"])
    root = page(client, SEMAX)
    table = next(t for t in root.iter("table") if t.get("id") == "evidence-table")
    cards = {e.get("data-claim") for e in by_class(root, "article", "claim")}
    linked: dict[tuple[str, str, str], set[str]] = {}
    totals: dict[str, set[str]] = {}
    for row in table.iter("tr"):
        obj = row.get("data-object")
        if obj is None:
            continue
        for cell in row.iter("td"):
            for a in by_class(cell, "a", "cell-claims"):
                claims = set(a.get("data-claims", "").split())
                assert a.get("href") == "#claims"
                assert claims <= cards, "a number links to claims the page does not list"
                if cell.get("data-level") is None:
                    totals[obj] = claims
                    continue
                stance = "disputing" if by_class(a, "span", "disputing") else "supporting"
                assert len(claims) == int(text(a).lstrip("−"))
                linked[(obj, cell.get("data-level", ""), stance)] = claims
    assert linked == expected
    assert totals == by_object
    # One evidence view: the table; the chart that repeated its figures is gone.
    assert not [e for e in root.iter(SVG + "svg") if e.get("id") == "evidence-chart"]


def test_claim_cards_carry_the_filter_facets(client: FlaskClient) -> None:
    root = page(client, SEMAX)
    cards = by_class(root, "article", "claim")
    assert cards
    for card in cards:
        for facet in ("source", "level", "hedging", "conflict"):
            assert card.get(f"data-f-{facet}"), (card.get("data-claim"), facet)
    assert any(card.get("data-f-conflict") != "no conflict" for card in cards)
    assert any(card.get("data-f-hedging") != "not hedged" for card in cards)
    box = next(e for e in root.iter("div") if e.get("id") == "claim-filters")
    assert box.get("hidden") is not None  # shown by the script; without it every claim shows
    scripts = [e.get("src", "") for e in root.iter("script")]
    assert any(s.startswith("/assets/dashboard.") for s in scripts), scripts
    for group in by_class(root, "details", "claim-group"):
        n = int(group.get("data-count", "0"))
        count = text(next(e for e in group.iter("span") if e.get("class") == "group-count"))
        assert count == f"{n} claim{'s' if n != 1 else ''}"


def test_semax_page_lists_every_claim_about_semax(client: FlaskClient, store: GraphStore) -> None:
    expected = {r["claim"] for r in select(store, f"""SELECT DISTINCT ?claim WHERE {{
        ?claim a sxo:Claim ; ?role <{SEMAX}> FILTER(?role != sxo:conflictsWith) }}""")}
    root = page(client, SEMAX)
    cards = [e.get("data-claim") for e in by_class(root, "article", "claim")]
    assert sorted(cards) == sorted(expected)
    assert text(next(root.iter("h1"))) == "Semax"
    types = {a.get("href") for a in by_class(root, "a", "type")}
    assert types == {MAPPER.path_for(r["t"]) for r in select(store, f"SELECT ?t WHERE {{ <{SEMAX}> a ?t }}")}


def test_external_identifiers_are_links_named_after_their_registry(client: FlaskClient, store: GraphStore) -> None:
    targets = {r["to"] for r in select(store, f"""SELECT ?to WHERE {{
        <{SEMAX}> sxo:hasMapping/sxo:mappedTo ?to }}""")}
    assert any(t.startswith("https://pubchem.ncbi.nlm.nih.gov/compound/") for t in targets)
    root = page(client, SEMAX)
    identifiers = {a.get("href"): text(a) for a in by_class(root, "a", "identifier")}
    assert set(identifiers) == targets
    for iri, label in identifiers.items():
        if iri.startswith("https://pubchem.ncbi.nlm.nih.gov/compound/"):
            assert label == "PubChem CID " + iri.rsplit("/", 1)[-1]
        assert not label.startswith("http"), label
    # Entities with MeSH, ChEBI or UniProt mappings get them as named links too.
    rows = select(store, """SELECT ?s ?to WHERE { ?s sxo:hasMapping/sxo:mappedTo ?to
        FILTER(STRSTARTS(STR(?to), "http://id.nlm.nih.gov/mesh/") || STRSTARTS(STR(?to), "http://purl.uniprot.org/uniprot/")
               || STRSTARTS(STR(?to), "http://purl.obolibrary.org/obo/CHEBI_")) }""")
    prefixes = {"http://id.nlm.nih.gov/mesh/": "MeSH ", "http://purl.uniprot.org/uniprot/": "UniProt ",
                "http://purl.obolibrary.org/obo/CHEBI_": "CHEBI:"}
    for subject in sorted({r["s"] for r in rows})[:6]:
        links = {a.get("href"): text(a) for a in by_class(page(client, subject), "a", "identifier")}
        for row in (r for r in rows if r["s"] == subject):
            prefix = next(p for p in prefixes if row["to"].startswith(p))
            assert links[row["to"]] == prefixes[prefix] + row["to"].removeprefix(prefix)


def test_incoming_links_are_capped_with_a_count_and_a_query(client: FlaskClient, store: GraphStore) -> None:
    totals = {r["p"]: int(r["n"]) for r in select(store, f"""SELECT ?p (COUNT(DISTINCT ?x) AS ?n) WHERE {{
        ?x ?p <{SEMAX}> FILTER(isIRI(?x)) }} GROUP BY ?p""")}
    root = page(client, SEMAX)
    groups = {g.get("data-property"): g for g in by_class(root, "div", "incoming")}
    assert {p: int(g.get("data-total", "0")) for p, g in groups.items()} == totals
    capped = [p for p, n in totals.items() if n > INCOMING_PER_PROPERTY]
    assert capped, "Semax has no property with more incoming links than the cap"
    for predicate, group in groups.items():
        listed = [li for ul in group.iter("ul") for li in ul.iter("li")]
        assert len(listed) == min(totals[predicate], INCOMING_PER_PROPERTY)
        see_all = by_class(group, "a", "see-all")
        if predicate not in capped:
            assert see_all == []
            continue
        assert len(see_all) == 1
        href = see_all[0].get("href", "")
        assert href.startswith("/sparql?")
        query = parse_qs(urlsplit(href).query)["query"][0]
        answer = client.get("/sparql", query_string={"query": query},
                            headers={"Accept": "application/sparql-results+json"})
        assert answer.status_code == 200
        assert len(answer.get_json()["results"]["bindings"]) == totals[predicate]


def test_pages_link_their_rdf_documents(client: FlaskClient) -> None:
    for iri in (SEMAX, BASE + "id/source/source-001"):
        root = page(client, iri)
        path = MAPPER.path_for(iri)
        alternates = {link.get("type"): link.get("href") for link in root.iter("link")
                      if link.get("rel") == "alternate" and (link.get("href") or "").startswith(f"{path}.")}
        assert alternates == {"text/turtle": f"{path}.ttl", "application/ld+json": f"{path}.jsonld",
                              "application/n-triples": f"{path}.nt", "application/rdf+xml": f"{path}.rdf"}
        for href in alternates.values():
            assert client.get(href).status_code == 200


def test_conflict_and_source_pages_show_their_own_card(client: FlaskClient, store: GraphStore) -> None:
    conflict = select(store, "SELECT ?c WHERE { ?c a sxo:Conflict } ORDER BY ?c LIMIT 1")[0]["c"]
    sides = {r["claim"] for r in select(store, f"SELECT ?claim WHERE {{ <{conflict}> sxo:involvesClaim ?claim }}")}
    root = page(client, conflict)
    cards = [e for e in by_class(root, "article", "conflict") if e.get("data-conflict") == conflict]
    assert len(cards) == 1
    assert {a.get("href") for a in by_class(cards[0], "a", "side-claim")} == {MAPPER.path_for(s) for s in sides}
    source = BASE + "id/source/source-002"
    references = select(store, f"SELECT ?r ?n WHERE {{ <{source}> sxo:hasReference ?r . ?r sxo:referenceNumber ?n }}")
    root = page(client, source)
    entries = [li for ol in by_class(root, "ol", "references") for li in ol.iter("li")]
    assert sorted((li.get("data-reference"), li.get("value")) for li in entries) == sorted(
        (r["r"], r["n"]) for r in references)


LINK_TEXT_PAGES = (
    SEMAX, BASE + "id/target/bdnf", BASE + "id/study/agapova-2008", BASE + "id/source/source-002",
    BASE + "id/claim/s002-semax-ngf-expression-hippocampus-20min", BASE + "id/conflict/agapova-2008-hippocampal-ngf",
)


@pytest.mark.parametrize("iri", LINK_TEXT_PAGES)
def test_no_bare_iri_is_link_text(client: FlaskClient, iri: str) -> None:
    for anchor in page(client, iri).iter("a"):
        label = text(anchor)
        assert label, anchor.attrib
        assert not label.startswith(("http://", "https://")), (label, anchor.get("href"))


def test_unknown_resources_are_404_and_parts_go_to_the_generic_page(app: Flask, client: FlaskClient) -> None:
    response = client.get("/id/compound/no-such-compound.html")
    assert response.status_code == 404
    assert BASE + "id/compound/no-such-compound" in text(parse_page(response.get_data(as_text=True)))
    with app.test_request_context("/"):
        assert render_resource(BASE + "id/compound/no-such-compound") is None
        # Parts (passages, references, mappings) are drawn by the generic page, not here.
        assert render_resource(BASE + "id/claim/s001-semax-bdnf-expression-animal/passage-1") is None
        assert render_resource("https://example.org/elsewhere") is None
        html = render_resource(SEMAX)
    assert html is not None and 'id="evidence-table"' in html
    part = client.get("/id/claim/s001-semax-bdnf-expression-animal/passage-1.html")
    assert part.status_code == 200
    parse_page(part.get_data(as_text=True))


def test_a_claim_iri_redirects_browsers_to_its_page(client: FlaskClient) -> None:
    response = client.get("/id/claim/s001-semax-bdnf-expression-animal",
                          headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/id/claim/s001-semax-bdnf-expression-animal.html"


def test_page_queries_bind_the_iri(app: Flask) -> None:
    """An IRI with SPARQL syntax in it is looked up as a value, never read as query text."""
    odd = BASE + "id/compound/x%3E%20%7D%20UNION%20%7B%20%3Fs%20%3Fp%20%3Fo"
    with app.test_request_context("/"):
        assert render_resource(odd) is None
    with pytest.raises(ValueError):
        ox.NamedNode(BASE + "id/compound/x> } UNION { ?s ?p ?o")


def test_claim_pages_show_support_study_verdict_role_and_polarity(client: FlaskClient, store: GraphStore) -> None:
    # Issue 12: a page says how the source ties the claim to evidence, what the study's record
    # says of it, whether the study sets the level or is only context, and a hedged denial as both.
    claims = " ".join(f"<{BASE}id/claim/{c}>" for c in (
        "s000-semax-striatal-dopamine-release", "s001-kaplan1996-attention", "s001-semax-no-acute-dopamine-surge"))
    rows = select(store, """SELECT ?claim ?support ?supportLabel ?verdict ?graded ?context ?negated WHERE {
        ?claim a sxo:Claim ; sxo:supportKind ?support . ?support rdfs:label ?supportLabel .
        OPTIONAL { ?claim sxo:studySupport ?verdict } OPTIONAL { ?claim sxo:gradedByStudy ?graded }
        OPTIONAL { ?claim sxo:contextStudy ?context } OPTIONAL { ?claim sxo:negated ?negated }
        VALUES ?claim { CLAIMS } }""".replace("CLAIMS", claims))
    assert len(rows) == 3
    for row in rows:
        card = main_claim(page(client, row["claim"]))
        assert [(a.get("href"), text(a)) for a in by_class(card, "a", "support")] == [
            (MAPPER.path_for(row["support"]), row["supportLabel"])]
        verdicts = [a.get("href") for a in by_class(card, "a", "study-support")]
        assert verdicts == ([MAPPER.path_for(row["verdict"])] if "verdict" in row else [])
        roles = {(p.get("data-study"), "graded" in (p.get("class") or ""))
                 for p in by_class(card, "p", "study-role")}
        wanted = {(row[k], k == "graded") for k in ("graded", "context") if k in row}
        assert roles == wanted
        denied = by_class(card, "span", "polarity")
        assert len(denied) == (1 if row.get("negated") == "true" else 0)
    dopamine = main_claim(page(client, BASE + "id/claim/s001-semax-no-acute-dopamine-surge"))
    assert [a.get("href") for a in by_class(dopamine, "a", "hedging")] == [
        MAPPER.path_for(BASE + "ontology/hedging-suggested")]


def test_semax_summary_shows_cited_not_supported_and_no_bibliographic_column(client: FlaskClient) -> None:
    # Issue 12: claims whose cited study does not support them have a column of their own;
    # claims about a study carry no effect evidence and never appear in the summary.
    root = page(client, SEMAX)
    table = next(t for t in root.iter("table") if t.get("id") == "evidence-table")
    levels = {cell.get("data-level") for cell in table.iter("td") if cell.get("data-level")}
    assert BASE + "ontology/level-cited-not-supported" in levels
    assert BASE + "ontology/level-bibliographic" not in levels
    dopamine = [row for row in table.iter("tr") if (row.get("data-object") or "").endswith("/dopamine")]
    assert len(dopamine) == 1
    cell = next(c for c in dopamine[0].iter("td")
                if c.get("data-level") == BASE + "ontology/level-cited-not-supported")
    # s000-semax-striatal-dopamine-release and s002-semax-dopamine-release.
    assert cell.get("data-supporting") == "2"
