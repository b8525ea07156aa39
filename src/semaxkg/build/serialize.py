"""Deterministic serialisation: the same dataset gives the same bytes on every run."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef

from semaxkg.rdf import namespaces as ns
from semaxkg.rdf.jsonld import rdflib_term

XSD_STRING = ns.XSD_STRING


def canonical_graph(g: Graph) -> Graph:
    """A copy of ``g`` whose triples were inserted in sorted order, with our prefixes bound.

    rdflib's serialisers walk the store in insertion order in places; inserting sorted
    triples makes every output independent of how the graph was built.
    """
    if any(isinstance(x, BNode) for t in g for x in t):
        # Blank-node labels are random per run; canonical labelling makes them stable. The
        # labels are per graph, so a named graph's name prefixes them: in TriG and N-Quads a
        # label is shared by the whole document, and two graphs must not share a node.
        g = canonical_blank_nodes(g, _bnode_scope(g.identifier))
    out = Graph(bind_namespaces="none")
    for prefix, uri in ns.PREFIXES.items():
        out.bind(prefix, uri)
    for triple in sorted(g, key=lambda t: tuple(x.n3() for x in t)):
        out.add(triple)
    return out


def to_ox(term: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The pyoxigraph term of an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise TypeError(f"unexpected RDF term {term!r}")


def to_rdflib(term: object) -> URIRef | BNode | Literal:
    """The rdflib term of a pyoxigraph term (``xsd:string`` literals stay untyped, as rdflib writes
    them), by the one conversion, :func:`semaxkg.rdf.jsonld.rdflib_term`."""
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        node = rdflib_term(term)
        if isinstance(node, URIRef | BNode | Literal):
            return node
    raise TypeError(f"unexpected RDF term {term!r}")


def nt_term(term: object) -> str:
    """A term in N-Triples syntax. rdflib's ``n3()`` writes a literal holding a line break
    in triple quotes, which N-Triples/N-Quads forbid (the shapes' SPARQL texts have them)."""
    if isinstance(term, Literal):
        return str(to_ox(term))
    return str(term.n3())  # type: ignore[attr-defined]


def _bnode_scope(name: object) -> str:
    """The blank-node label prefix of a named graph: its name's last segment (``shapes-``)."""
    if not isinstance(name, URIRef):
        return ""
    tail = re.sub(r"[^A-Za-z0-9]+", "-", str(name).rstrip("/").rsplit("/", 1)[-1]).strip("-")
    return f"{tail}-" if tail else ""


def canonical_blank_nodes(g: Graph, scope: str = "") -> Graph:
    """A copy of ``g`` whose blank nodes carry W3C RDF Dataset Canonicalization (RDFC-1.0) labels,
    each after ``scope`` (so the labels of different graphs differ).

    pyoxigraph's RDFC-1.0 takes milliseconds where rdflib's RGDA1 takes seconds on the SHACL
    shapes graph (hundreds of blank nodes in property shapes and lists).
    """
    dataset = ox.Dataset(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in g)  # type: ignore[arg-type]
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    out = Graph(bind_namespaces="none")
    def term(t: object) -> URIRef | BNode | Literal:
        return BNode(scope + t.value) if isinstance(t, ox.BlankNode) else to_rdflib(t)

    for quad in dataset:
        out.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return out


def turtle_bytes(g: Graph) -> bytes:
    """Turtle of ``g`` with sorted subjects and predicates."""
    return canonical_graph(g).serialize(format="turtle", encoding="utf-8")


def dataset_quads(ds: Dataset) -> list[ox.Quad]:
    """The quads of every named graph (blank nodes canonically labelled per graph), sorted:
    what the publication maker (:mod:`semaxkg.rdf.publication`) dumps as TriG and N-Quads."""
    quads: list[ox.Quad] = []
    for g in named_graphs(ds):
        if not isinstance(g.identifier, URIRef):
            continue
        name = ox.NamedNode(str(g.identifier))
        quads.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), name)  # type: ignore[arg-type]
                     for s, p, o in canonical_graph(g))
    return sorted(quads, key=str)


def named_graphs(ds: Dataset) -> list[Graph]:
    """The dataset's named graphs (the empty default graph excluded)."""
    return [g for g in ds.graphs() if g.identifier != ds.default_graph.identifier]


def graph_file_name(name: URIRef) -> str:
    """File name of one graph's Turtle file: the graph name's last segment."""
    return str(name).rsplit("/", 1)[-1] + ".ttl"


def write_dataset(ds: Dataset, out_dir: Path) -> list[Path]:
    """Write one Turtle file per named graph (the whole dataset is the publication's)."""
    written = []
    for g in named_graphs(ds):
        assert isinstance(g.identifier, URIRef)
        path = out_dir / graph_file_name(g.identifier)
        path.write_bytes(turtle_bytes(g))
        written.append(path)
    return written
