"""The ontology surface: ``/ontology`` docs, term pages, RDF of the ontology and its terms, the diagram.

Expected values are read independently of the pages: the ontology and shapes graphs with
rdflib from the same N-Quads file the app serves (``built_dir``), counts with SPARQL run by
pyoxigraph directly on that file.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.etree import ElementTree

import owlready2
import pyoxigraph as ox
import pytest
import rdflib
from browser_support import BROWSER_ACCEPT, get_page, parse_page, text
from flask import Flask
from flask.testing import FlaskClient
from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import SH
from werkzeug.serving import make_server

from semaxkg.rdf.jsonld import rdflib_term
from semaxkg.rdf.namespaces import PREFIXES
from semaxkg.web.iris import curie
from semaxkg.web.ontology.live_counts import INSTANCES_PER_PAGE, QUERY_THIS_LIMIT

REPO = Path(__file__).resolve().parents[2]
BASE = "https://w3id.org/semaxkg/"
ONT = BASE + "ontology/"
ONTOLOGY_IRI = BASE + "ontology"
SVG = "{http://www.w3.org/2000/svg}"
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual)
PROPERTY_KINDS = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
RDF_SUFFIXES = {"ttl": ("text/turtle; charset=utf-8", "turtle"),
                "nt": ("application/n-triples", "nt"),
                "rdf": ("application/rdf+xml", "xml"),
                "jsonld": ("application/ld+json", "json-ld")}


# -- the data, read independently -------------------------------------------------------------

@pytest.fixture(scope="session")
def oxstore(built_dir: Path) -> ox.Store:
    """The served dataset in a pyoxigraph store of the test's own."""
    store = ox.Store()
    store.bulk_load(path=str(built_dir / "semaxkg.nq"), format=ox.RdfFormat.N_QUADS)
    return store


def graph_of(store: ox.Store, name: str) -> Graph:
    """One named graph of the served dataset as an rdflib graph."""
    g = Graph()
    for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(BASE + "graph/" + name)):
        g.add((rdflib_term(quad.subject), rdflib_term(quad.predicate), rdflib_term(quad.object)))
    return g


@pytest.fixture(scope="session")
def onto(oxstore: ox.Store) -> Graph:
    """The served ontology graph."""
    return graph_of(oxstore, "ontology")


@pytest.fixture(scope="session")
def shapes(oxstore: ox.Store) -> Graph:
    """The served shapes graph."""
    return graph_of(oxstore, "shapes")


def distinct_uses(store: ox.Store, subject: str | None, predicate: str | None, obj: str | None) -> set[tuple[str, ...]]:
    """The distinct triples matching a pattern, over every graph (as N-Triples strings)."""
    nodes = [ox.NamedNode(x) if x else None for x in (subject, predicate, obj)]
    return {(str(q.subject), str(q.predicate), str(q.object))
            for q in store.quads_for_pattern(nodes[0], nodes[1], nodes[2], None)}


@cache
def _declared(onto: Graph) -> dict[str, set[URIRef]]:
    out: dict[str, set[URIRef]] = {}
    for kind in KINDS:
        for s in onto.subjects(RDF.type, kind):
            if isinstance(s, URIRef):
                out.setdefault(str(s), set()).add(kind)
    return out


def declared(onto: Graph) -> dict[str, set[URIRef]]:
    """Every declared term (IRI → its OWL kinds)."""
    return _declared(onto)


def english(literals: list[rdflib.term.Node]) -> str | None:
    lits = [x for x in literals if isinstance(x, Literal)]
    for lit in lits:
        if lit.language == "en":
            return str(lit)
    for lit in lits:
        if lit.language is None:
            return str(lit)
    return str(lits[0]) if lits else None


def label(onto: Graph, iri: str) -> str:
    node = URIRef(iri)
    found = english(list(onto.objects(node, SKOS.prefLabel))) or english(list(onto.objects(node, RDFS.label)))
    return found if found else curie(iri)


def definition(onto: Graph, iri: str) -> str | None:
    return english(list(onto.objects(URIRef(iri), SKOS.definition)))


def expected_href(onto: Graph, iri: str) -> str:
    """Our terms → their page; other vocabularies' terms we declare → their page here; the rest as is."""
    if iri.startswith(ONT):
        return "/ontology/" + iri[len(ONT):]
    if iri in declared(onto) and curie(iri) != iri:
        return "/ontology/external/" + curie(iri)
    if iri.startswith(BASE):
        return "/" + iri[len(BASE):]
    return iri


def page_path(onto: Graph, iri: str) -> str:
    href = expected_href(onto, iri)
    return href + ".html" if iri.startswith(ONT) else href


def named(objects: object) -> set[str]:
    return {str(o) for o in objects if isinstance(o, URIRef)}  # type: ignore[attr-defined]


def classes(onto: Graph) -> list[str]:
    return sorted(i for i, kinds in declared(onto).items() if OWL.Class in kinds)


def properties(onto: Graph) -> list[str]:
    return sorted(i for i, kinds in declared(onto).items() if kinds & set(PROPERTY_KINDS))


# -- helpers on pages -----------------------------------------------------------------------

def parse_rdf(data: bytes, suffix: str) -> Graph:
    """A document as an rdflib graph; JSON-LD is read by pyoxigraph (no network, no context fetch)."""
    if suffix == "jsonld":
        g = Graph()
        for t in ox.parse(data, format=ox.RdfFormat.JSON_LD):
            g.add((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object)))
        return g
    return Graph().parse(data=data, format=RDF_SUFFIXES["rdf" if suffix == "owl" else suffix][1])


def by_id(root: ElementTree.Element, ident: str) -> ElementTree.Element | None:
    return root.find(f".//*[@id='{ident}']")


def hrefs(element: ElementTree.Element | None) -> set[str]:
    if element is None:
        return set()
    return {a.get("href", "") for a in element.iter("a")}


def query_of(link: str) -> str:
    parts = urlsplit(link)
    assert parts.path == "/sparql"
    return parse_qs(parts.query)["query"][0]


# -- the served ontology is the ontology file ------------------------------------------------

def canonical(quads: object) -> set[str]:
    """The triples with canonical blank-node labels (W3C RDFC-1.0), as N-Triples lines."""
    dataset = ox.Dataset(ox.Quad(q.subject, q.predicate, q.object) for q in quads)  # type: ignore[attr-defined]
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return {str(q) for q in dataset}


def test_served_ontology_and_shapes_equal_the_source_files(oxstore: ox.Store) -> None:
    for graph, files in (("ontology", [REPO / "ontology" / "semaxkg.ttl"]),
                         ("shapes", sorted((REPO / "shapes").glob("*.ttl")))):
        served = canonical(oxstore.quads_for_pattern(None, None, None, ox.NamedNode(BASE + "graph/" + graph)))
        source = canonical(q for path in files for q in ox.parse(path=path, format=ox.RdfFormat.TURTLE))
        assert served, graph
        assert served == source, f"the served {graph} graph differs from {files}: run `semaxkg build`"


# -- every term has a page -------------------------------------------------------------------

@pytest.mark.slow
def test_every_term_has_a_page_with_its_exact_label_and_definition(client: FlaskClient, onto: Graph) -> None:
    terms = declared(onto)
    assert len(classes(onto)) > 30 and len(properties(onto)) > 100
    for iri in sorted(terms):
        root = get_page(client, page_path(onto, iri))
        assert text(by_id(root, "term-label")) == label(onto, iri), iri
        assert text(by_id(root, "term-iri")) == iri
        wanted = definition(onto, iri)
        if wanted is None:
            assert by_id(root, "term-definition") is None and by_id(root, "term-definition-missing") is not None
        else:
            assert text(by_id(root, "term-definition")) == " ".join(wanted.split()), iri
        title = root.find(".//title")
        assert title is not None and text(title).startswith(label(onto, iri))
        if iri.startswith(ONT):
            alternates = {link.get("type"): link.get("href") for link in root.iter("link")
                          if link.get("rel") == "alternate" and link.get("href", "").startswith("/ontology/")}
            stem = expected_href(onto, iri)
            assert alternates == {"text/turtle": stem + ".ttl", "application/rdf+xml": stem + ".rdf",
                                  "application/ld+json": stem + ".jsonld", "application/n-triples": stem + ".nt"}


def test_term_iris_redirect_to_their_documents(client: FlaskClient, onto: Graph) -> None:
    for iri in [i for i in sorted(declared(onto)) if i.startswith(ONT)]:
        path = expected_href(onto, iri)
        for accept, suffix in ((BROWSER_ACCEPT, "html"), ("text/turtle", "ttl"),
                               ("application/rdf+xml", "rdf"), (None, "html")):
            response = client.get(path, headers={"Accept": accept} if accept else {})
            assert response.status_code == 303, (path, accept)
            assert response.headers["Location"] == f"{path}.{suffix}"
            assert response.headers["Vary"] == "Accept"


# -- classes ---------------------------------------------------------------------------------

def test_class_pages_link_super_and_subclasses(client: FlaskClient, onto: Graph) -> None:
    for cls in classes(onto):
        root = get_page(client, page_path(onto, cls))
        supers = named(onto.objects(URIRef(cls), RDFS.subClassOf))
        subs = named(onto.subjects(RDFS.subClassOf, URIRef(cls)))
        assert hrefs(by_id(root, "superclasses")) == {expected_href(onto, s) for s in supers}, cls
        assert hrefs(by_id(root, "subclasses")) == {expected_href(onto, s) for s in subs}, cls
        domain_of = named(onto.subjects(RDFS.domain, URIRef(cls)))
        table = by_id(root, "domain-of")
        assert table is not None
        assert {a.get("href") for row in table.iter("tr") for a in row.findall("td[1]/a")} == {
            expected_href(onto, p) for p in domain_of}, cls


def test_compound_is_under_entity_and_over_neurotransmitter(client: FlaskClient) -> None:
    root = get_page(client, "/ontology/Compound.html")
    links = {a.get("href"): text(a) for a in by_id(root, "superclasses").iter("a")}  # type: ignore[union-attr]
    assert links == {"/ontology/Entity": "entity"}
    links = {a.get("href"): text(a) for a in by_id(root, "subclasses").iter("a")}  # type: ignore[union-attr]
    assert links == {"/ontology/Neurotransmitter": "neurotransmitter"}


def _node_iri(node: rdflib.term.Node) -> str | None:
    return str(node) if isinstance(node, URIRef) else None


def _rdf_list(g: Graph, head: rdflib.term.Node | None) -> list[rdflib.term.Node]:
    return list(Collection(g, head)) if head is not None else []


def expected_rows(onto: Graph, shapes: Graph, shape: rdflib.term.Node) -> set[tuple[object, ...]]:
    """The property constraints of ``shape`` as the table shows them, read with rdflib."""
    rows = set()
    for prop in shapes.objects(shape, SH.property):
        path = shapes.value(prop, SH.path)
        low = shapes.value(prop, SH.minCount)
        high = shapes.value(prop, SH.maxCount)
        count = f"{int(low) if low is not None else 0}..{int(high) if high is not None else '*'}"
        types = [curie(str(d)) for d in shapes.objects(prop, SH.datatype)]
        types += [label(onto, str(c)) for c in shapes.objects(prop, SH["class"])]
        kind = shapes.value(prop, SH.nodeKind)
        if kind is not None and not types:
            types.append(curie(str(kind)).removeprefix("sh:"))
        allowed = tuple(label(onto, str(v)) if isinstance(v, URIRef) else str(v)
                        for v in _rdf_list(shapes, shapes.value(prop, SH["in"])))
        message = shapes.value(prop, SH.message)
        rows.add((_node_iri(path) if path is not None else None, count, tuple(sorted(types)), allowed,
                  str(message) if message is not None else ""))
    return rows


def table_rows(table: ElementTree.Element) -> set[tuple[object, ...]]:
    rows = set()
    for tr in table.iter("tr"):
        cells = {td.get("class"): td for td in tr.findall("td")}
        if not cells:
            continue
        types = tuple(sorted(text(a) if a is not None else "" for a in cells["type"].findall("a"))
                      or ([text(cells["type"])] if text(cells["type"]) else []))
        allowed = tuple(text(li) for li in cells["allowed"].iter("li"))
        rows.add((tr.get("data-path") or None, text(cells["count"]), types, allowed, text(cells["message"])))
    return rows


def test_expected_properties_equal_the_shapes(client: FlaskClient, onto: Graph, shapes: Graph) -> None:
    targeted = sorted({str(c) for c in shapes.objects(None, SH.targetClass)})
    assert f"{ONT}Claim" in targeted and len(targeted) >= 10
    for cls in targeted:
        if cls not in declared(onto):
            continue
        root = get_page(client, page_path(onto, cls))
        tables = {(t.get("data-shape"), t.get("data-target")): t
                  for t in root.iter("table") if "expected-properties" in (t.get("class") or "")}
        for shape in shapes.subjects(SH.targetClass, URIRef(cls)):
            if not any(True for _ in shapes.objects(shape, SH.property)):
                continue
            key = (str(shape) if isinstance(shape, URIRef) else "", cls)
            assert key in tables, (cls, key, list(tables))
            assert table_rows(tables[key]) == expected_rows(onto, shapes, shape), (cls, shape)


def test_claim_hedging_constraint_lists_the_hedging_levels_in_order(client: FlaskClient, onto: Graph) -> None:
    root = get_page(client, "/ontology/Claim.html")
    row = root.find(f".//tr[@data-path='{ONT}hedging']")
    assert row is not None
    allowed = [(a.get("href"), text(a)) for li in row.iter("li") for a in li.iter("a")]
    # Issue 12: denial is the claim's polarity (sxo:negated), no longer a hedging level.
    levels = ["asserted", "suggested", "speculative", "anecdotal"]
    assert allowed == [(f"/ontology/hedging-{x}", label(onto, f"{ONT}hedging-{x}")) for x in levels]
    cells = {td.get("class"): text(td) for td in row.findall("td")}
    assert cells["count"] == "1..1"


def test_subclass_pages_show_inherited_shapes(client: FlaskClient, shapes: Graph) -> None:
    root = get_page(client, "/ontology/Neurotransmitter.html")
    inherited = {(t.get("data-shape"), t.get("data-target")) for t in root.iter("table")
                 if "expected-properties" in (t.get("class") or "")}
    entity_shapes = {str(s) for s in shapes.subjects(SH.targetClass, URIRef(ONT + "Compound"))
                     if any(True for _ in shapes.objects(s, SH.property))}
    assert inherited == {(s, ONT + "Compound") for s in entity_shapes}


def test_instance_counts_samples_and_query_links_match_sparql(client: FlaskClient, onto: Graph,
                                                              oxstore: ox.Store) -> None:
    for cls in classes(onto):
        instances = sorted(  # by IRI, as SPARQL orders IRIs (N-Triples forms with "_:" for blank nodes)
            row["i"].value if isinstance(row["i"], ox.NamedNode) else str(row["i"])  # type: ignore[index]
            for row in oxstore.query(  # type: ignore[union-attr]
                "SELECT DISTINCT ?i WHERE { ?i a ?t . ?t <http://www.w3.org/2000/01/rdf-schema#subClassOf>* "
                f"<{cls}> }}", use_default_graph_as_union=True)
        )
        root = get_page(client, page_path(onto, cls))
        count = by_id(root, "instance-count")
        assert count is not None
        assert text(count.find(".//*[@class='count']")) == str(len(instances)), cls
        shown = [a.get("href") for a in by_id(root, "sample-instances").iter("a")] if instances else []  # type: ignore[union-attr]
        assert shown == [expected_href(onto, i) for i in instances[:INSTANCES_PER_PAGE]], cls
        query = query_of(by_id(root, "query-this").get("href", ""))  # type: ignore[union-attr]
        answered = {r["instance"].value if isinstance(r["instance"], ox.NamedNode) else str(r["instance"])  # type: ignore[index]
                    for r in oxstore.query(query, use_default_graph_as_union=True)}  # type: ignore[union-attr]
        assert answered == set(instances[:QUERY_THIS_LIMIT]), cls


def test_sample_instances_show_labels(client: FlaskClient, oxstore: ox.Store) -> None:
    root = get_page(client, "/ontology/Compound.html")
    links = list(by_id(root, "sample-instances").iter("a"))  # type: ignore[union-attr]
    compounds = {row["i"] for row in oxstore.query(  # type: ignore[union-attr]
        f"SELECT DISTINCT ?i WHERE {{ ?i a ?t . ?t <{RDFS.subClassOf}>* <{ONT}Compound> }}",
        use_default_graph_as_union=True)}
    assert len(links) == min(len(compounds), INSTANCES_PER_PAGE) > 0
    for a in links:
        iri = ox.NamedNode(BASE + a.get("href", "").lstrip("/"))
        labels = {q.object.value for q in oxstore.quads_for_pattern(iri, ox.NamedNode(str(RDFS.label)), None)}
        assert text(a) in labels, iri


def test_code_list_class_lists_its_values(client: FlaskClient, onto: Graph) -> None:
    root = get_page(client, "/ontology/EvidenceLevel.html")
    table = by_id(root, "code-values")
    members = {str(s) for s in onto.subjects(RDF.type, URIRef(ONT + "EvidenceLevel"))}
    assert hrefs(table) == {expected_href(onto, m) for m in members}
    ranks = [int(onto.value(URIRef(ONT + h.rsplit("/", 1)[1]), URIRef(ONT + "rank")))  # type: ignore[arg-type]
             for h in [a.get("href", "") for a in table.iter("a")]]  # type: ignore[union-attr]
    assert ranks == sorted(ranks) == list(range(1, len(members) + 1))


# -- properties and individuals --------------------------------------------------------------

def test_property_pages_domain_range_characteristics_usage(client: FlaskClient, onto: Graph,
                                                          oxstore: ox.Store) -> None:
    for prop in properties(onto):
        root = get_page(client, page_path(onto, prop))
        node = URIRef(prop)
        assert hrefs(by_id(root, "domain")) == {expected_href(onto, d) for d in named(onto.objects(node, RDFS.domain))}
        assert hrefs(by_id(root, "range")) == {expected_href(onto, r) for r in named(onto.objects(node, RDFS.range))}
        assert hrefs(by_id(root, "superproperties")) == {
            expected_href(onto, p) for p in named(onto.objects(node, RDFS.subPropertyOf))}
        assert hrefs(by_id(root, "subproperties")) == {
            expected_href(onto, p) for p in named(onto.subjects(RDFS.subPropertyOf, node))}
        types = set(onto.objects(node, RDF.type))
        badges = {text(b) for b in by_id(root, "characteristics").iter("span") if b.get("class") == "badge"}  # type: ignore[union-attr]
        assert ("functional" in badges) == (OWL.FunctionalProperty in types), prop
        assert ("symmetric" in badges) == (OWL.SymmetricProperty in types), prop
        uses = distinct_uses(oxstore, None, prop, None)
        count = by_id(root, "usage-count")
        assert text(count.find(".//*[@class='count']")) == str(len(uses)), prop  # type: ignore[union-attr]
        query = query_of(by_id(root, "query-this").get("href", ""))  # type: ignore[union-attr]
        answered = list(oxstore.query(query, use_default_graph_as_union=True))  # type: ignore[arg-type]
        assert len(answered) == min(len(uses), QUERY_THIS_LIMIT), prop


def test_functional_symmetric_property_pages(client: FlaskClient) -> None:
    root = get_page(client, "/ontology/conflictsWith.html")
    badges = [text(b) for b in by_id(root, "characteristics").iter("span")]  # type: ignore[union-attr]
    assert badges == ["symmetric"]
    root = get_page(client, "/ontology/evidenceLevel.html")
    assert [text(b) for b in by_id(root, "characteristics").iter("span")] == ["functional"]  # type: ignore[union-attr]
    assert hrefs(by_id(root, "range")) == {"/ontology/EvidenceLevel"}


def test_alignments_are_external_links_with_curies(client: FlaskClient, onto: Graph) -> None:
    """External terms whose label the project records show it with their code (words, not
    codes); the others show their CURIE."""
    root = get_page(client, "/ontology/Claim.html")
    table = by_id(root, "alignments")
    found = {(text(tr.find("td[1]")), a.get("href"), " ".join(text(a).split()))
             for tr in table.iter("tr")  # type: ignore[union-attr]
             for a in tr.findall("td[2]/a")}
    sepio = "http://purl.obolibrary.org/obo/SEPIO_0000001"
    wanted = {(curie(str(p)), str(o), "assertion SEPIO:0000001" if str(o) == sepio else curie(str(o)))
              for p in (SKOS.exactMatch, SKOS.closeMatch) for o in onto.objects(URIRef(ONT + "Claim"), p)}
    assert ("skos:exactMatch", sepio, "assertion SEPIO:0000001") in wanted
    assert found == wanted
    assert all("external" in (a.get("class") or "") for a in table.iter("a"))  # type: ignore[union-attr]


def test_individual_page_shows_code_types_and_usage(client: FlaskClient, oxstore: ox.Store) -> None:
    root = get_page(client, "/ontology/rat.html")
    assert text(by_id(root, "notation")) == "rat"
    assert hrefs(by_id(root, "types")) == {"/ontology/Organism"}
    assert hrefs(by_id(root, "broader")) == {"/ontology/rodent"}
    uses = distinct_uses(oxstore, None, None, ONT + "rat")
    assert text(by_id(root, "usage-count").find(".//*[@class='count']")) == str(len(uses))  # type: ignore[union-attr]


# -- RDF of the ontology and of its terms ----------------------------------------------------

def expected_term_graph(onto: Graph, iri: str) -> Graph:
    """The term's triples (with blank nodes they reach), the ontology's links to it, labels."""
    node = URIRef(iri)
    g = Graph()
    todo: list[rdflib.term.Node] = [node]
    seen: set[rdflib.term.Node] = set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for p, o in onto.predicate_objects(current):
            g.add((current, p, o))
            if isinstance(o, BNode):
                todo.append(o)
    for s, p in onto.subject_predicates(node):
        if isinstance(s, URIRef):
            g.add((s, p, node))
    mentioned = {t for triple in list(g) for t in (triple[0], triple[2]) if isinstance(t, URIRef) and t != node}
    for other in mentioned:
        for lit in onto.objects(other, RDFS.label):
            g.add((other, RDFS.label, lit))
    return g


def test_term_documents_hold_the_terms_triples(client: FlaskClient, onto: Graph) -> None:
    local = [i for i in sorted(declared(onto)) if i.startswith(ONT)]
    for iri in local:
        path = expected_href(onto, iri) + ".ttl"
        response = client.get(path)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
        got = Graph().parse(data=response.data, format="turtle")
        assert to_isomorphic(got) == to_isomorphic(expected_term_graph(onto, iri)), iri


@pytest.mark.parametrize("suffix", sorted(RDF_SUFFIXES))
def test_term_documents_in_every_format(client: FlaskClient, onto: Graph, suffix: str) -> None:
    content_type = RDF_SUFFIXES[suffix][0]
    for name in ("Claim", "hedging", "hedging-asserted", "hasSampleSize", "rank"):
        response = client.get(f"/ontology/{name}.{suffix}")
        assert response.status_code == 200
        assert response.headers["Content-Type"] == content_type
        got = parse_rdf(response.data, suffix)
        assert to_isomorphic(got) == to_isomorphic(expected_term_graph(onto, ONT + name)), (name, suffix)


@pytest.mark.parametrize("suffix", ["ttl", "nt", "rdf", "owl", "jsonld"])
def test_ontology_downloads_equal_the_ontology_graph(client: FlaskClient, onto: Graph, suffix: str) -> None:
    content_type = RDF_SUFFIXES["rdf" if suffix == "owl" else suffix][0]
    for path in (f"/ontology.{suffix}", f"/ontology/releases/0.2.0.{suffix}"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Content-Type"] == content_type
        assert response.headers["ETag"]
        got = parse_rdf(response.data, suffix)
        assert isomorphic(got, onto), path
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in got
    assert got.value(header, OWL.versionIRI) == URIRef(ONT + "releases/0.2.0")
    assert list(got.objects(None, OWL.imports)) == []


@pytest.mark.parametrize(("accept", "suffix"), [
    (None, "rdf"),  # tools that send no Accept (owlready2) get the ontology, as RDF/XML
    ("*/*", "rdf"),
    (BROWSER_ACCEPT, "html"),
    ("text/turtle", "ttl"),
    ("application/rdf+xml", "rdf"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "jsonld"),
    # rdflib's Graph().parse(iri) Accept list
    ("application/rdf+xml, text/rdf+n3;q=0.9, application/xhtml+xml;q=0.5, */*;q=0.1", "rdf"),
    ("text/turtle,application/rdf+xml;q=0.9,*/*;q=0.1", "ttl"),
])
def test_ontology_and_version_iris_negotiate(client: FlaskClient, accept: str | None, suffix: str) -> None:
    for path in ("/ontology", "/ontology/releases/0.2.0"):
        response = client.get(path, headers={"Accept": accept} if accept else {})
        assert response.status_code == 303
        assert response.headers["Location"] == f"{path}.{suffix}"
        assert response.headers["Vary"] == "Accept"
    assert client.get("/ontology/", headers={"Accept": "text/turtle"}).headers["Location"] == "/ontology.ttl"


def test_not_modified_when_the_etag_matches(client: FlaskClient) -> None:
    first = client.get("/ontology/Claim.ttl")
    again = client.get("/ontology/Claim.ttl", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""


@pytest.fixture(scope="module")
def live_url(app: Flask) -> Iterator[str]:
    """The app served on a free port of 127.0.0.1 by a thread, stopped after the module."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)


@pytest.mark.parametrize("path", ["/ontology", "/ontology.owl", "/ontology/releases/0.2.0"])
def test_owlready2_loads_the_ontology_from_the_server(live_url: str, onto: Graph, path: str) -> None:
    world = owlready2.World()
    ontology = world.get_ontology(live_url + path).load()
    assert ontology.base_iri == ONT
    for iri in classes(onto) + properties(onto):
        assert world[iri] is not None, iri
    assert world[ONT + "Entity"] in world[ONT + "Compound"].is_a
    versions = list(world.sparql(f"SELECT ?v WHERE {{ <{ONTOLOGY_IRI}> <{OWL.versionIRI}> ?v }}"))
    assert [str(v[0]) for v in versions] == [ONT + "releases/0.2.0"]


@pytest.mark.parametrize("suffix", ["rdf", "nt"])
def test_owlready2_loads_the_downloaded_bytes(client: FlaskClient, onto: Graph, suffix: str) -> None:
    world = owlready2.World()
    data = client.get(f"/ontology.{suffix}").data
    world.get_ontology(ONTOLOGY_IRI).load(fileobj=io.BytesIO(data))
    assert {str(c.iri) for c in world.classes()} == set(classes(onto))


def test_rdflib_dereferences_the_ontology_and_a_term(live_url: str, onto: Graph) -> None:
    got = Graph().parse(live_url + "/ontology")
    assert isomorphic(got, onto)
    term = Graph().parse(live_url + "/ontology/Claim")
    assert to_isomorphic(term) == to_isomorphic(expected_term_graph(onto, ONT + "Claim"))


# -- errors ----------------------------------------------------------------------------------

def test_unknown_term_is_404_in_the_negotiated_format(client: FlaskClient) -> None:
    response = client.get("/ontology/NoSuchTerm", headers={"Accept": "text/turtle"})
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert len(Graph().parse(data=response.data, format="turtle")) == 0
    assert f"<{ONT}NoSuchTerm>" in response.get_data(as_text=True)
    response = client.get("/ontology/NoSuchTerm", headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 404
    root = parse_page(response.get_data(as_text=True))
    assert text(by_id(root, "message")) == f"the ontology has no term <{ONT}NoSuchTerm>"
    response = client.get("/ontology/NoSuchTerm.nt")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/n-triples"
    assert client.get("/ontology/NoSuchTerm.html").status_code == 404


@pytest.mark.parametrize(("path", "message"), [
    ("/ontology/Claim.xyz", "no document format '.xyz': use one of .html, .ttl, .jsonld, .nt, .rdf, .owl"),
    ("/ontology/Claim.owl", "no document format '.owl': use one of .html, .ttl, .jsonld, .nt, .rdf, .owl"),
    ("/ontology.xyz", "no document format '.xyz': use one of .html, .ttl, .jsonld, .nt, .rdf, .owl"),
    ("/ontology/releases/9.9.9", f"nothing is published at <{ONT}releases/9.9.9>"),
    ("/ontology/external/oa:NoSuchThing", "the ontology declares no term oa:NoSuchThing of another vocabulary"),
    ("/ontology/external/schema:Drug", "the ontology declares no term schema:Drug of another vocabulary"),
])
def test_bad_paths_are_404_with_a_message(client: FlaskClient, path: str, message: str) -> None:
    response = client.get(path, headers={"Accept": BROWSER_ACCEPT})
    assert response.status_code == 404
    root = parse_page(response.get_data(as_text=True))
    assert text(by_id(root, "message")) == message


def test_unacceptable_media_type_is_406(client: FlaskClient) -> None:
    for path in ("/ontology", "/ontology/Claim"):
        response = client.get(path, headers={"Accept": "image/png"})
        assert response.status_code == 406
        assert "text/turtle" in response.get_data(as_text=True)


# -- overview and diagram --------------------------------------------------------------------

def test_overview_shows_header_tree_property_lists_and_code_lists(client: FlaskClient, onto: Graph) -> None:
    root = get_page(client, "/ontology.html")
    header = URIRef(ONTOLOGY_IRI)
    assert text(by_id(root, "ontology-title")) == str(onto.value(header, URIRef(PREFIXES["dcterms"] + "title")))
    assert text(by_id(root, "ontology-iri")) == ONTOLOGY_IRI
    assert text(by_id(root, "version-iri")) == ONT + "releases/0.2.0"
    assert text(by_id(root, "version")) == str(onto.value(header, OWL.versionInfo))
    licence = str(onto.value(header, URIRef(PREFIXES["dcterms"] + "license")))
    assert licence in hrefs(by_id(root, "licence"))
    assert ONT + "releases/0.2.0" in text(by_id(root, "citation"))
    prefixes = {text(tr.find("td[1]")): text(tr.find("td[2]")) for tr in by_id(root, "prefixes").iter("tr")  # type: ignore[union-attr]
                if tr.find("td") is not None}
    assert prefixes["sxo"] == ONT
    # The class tree: every class appears once, nested under its declared superclass.
    tree = root.find(".//*[@class='class-tree']")
    assert tree is not None
    seen: dict[str, str | None] = {}

    def walk(ul: ElementTree.Element, parent: str | None) -> None:
        for li in ul.findall("li"):
            a = li.find("a")
            assert a is not None
            seen[a.get("href", "")] = parent
            for sub in li.findall("ul"):
                walk(sub, a.get("href"))

    for ul in tree.findall("ul"):
        walk(ul, None)
    wanted: dict[str, str | None] = {}
    for cls in classes(onto):
        supers = [s for s in named(onto.objects(URIRef(cls), RDFS.subClassOf)) if s in declared(onto)]
        assert len(supers) <= 1
        wanted[expected_href(onto, cls)] = expected_href(onto, supers[0]) if supers else None
    assert seen == wanted
    for kind, ident in ((OWL.ObjectProperty, "object-properties"), (OWL.DatatypeProperty, "datatype-properties"),
                        (OWL.AnnotationProperty, "annotation-properties")):
        listed = {a.get("href") for tr in by_id(root, ident).iter("tr") for a in tr.findall("td[1]/a")}  # type: ignore[union-attr]
        assert listed == {expected_href(onto, str(p)) for p in onto.subjects(RDF.type, kind) if isinstance(p, URIRef)}
    code_lists = root.find(".//*[@id='code-lists']")
    for card in code_lists.iter("div"):  # type: ignore[union-attr]
        head = card.find("h3/a")
        assert head is not None
        cls = BASE + head.get("href", "").lstrip("/")
        members = {str(m) for m in onto.subjects(RDF.type, URIRef(cls))}
        assert {a.get("href") for a in card.iter("a")} - {head.get("href")} == {expected_href(onto, m) for m in members}


def test_diagram_is_svg_linking_every_class(client: FlaskClient, onto: Graph) -> None:
    response = client.get("/ontology/diagram.svg")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/svg+xml"
    svg = ElementTree.fromstring(response.data)
    assert svg.tag == f"{SVG}svg"
    links = {a.get("href") for a in svg.iter(f"{SVG}a")}
    for cls in classes(onto):
        assert expected_href(onto, cls) in links, cls
    edges = {str(p) for p in onto.subjects(RDF.type, OWL.ObjectProperty)
             if any(str(d) in classes(onto) for d in onto.objects(p, RDFS.domain))
             and any(str(r) in classes(onto) for r in onto.objects(p, RDFS.range))}
    assert len(edges) > 20
    for prop in edges:
        assert expected_href(onto, prop) in links, prop
    # The overview embeds the same drawing, so its boxes link to the class pages.
    page = get_page(client, "/ontology.html")
    embedded = page.find(f".//{SVG}svg")
    assert embedded is not None
    assert {a.get("href") for a in embedded.iter(f"{SVG}a")} == links
