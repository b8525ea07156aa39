"""OWL check: load ontology and data in owlready2 and run HermiT for consistency."""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, XSD, Dataset, Graph, Literal
from rdflib.term import Node

from semaxkg.build.serialize import named_graphs
from semaxkg.rdf.namespaces import ONTOLOGY_GRAPH

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OwlResult:
    """Outcome of the OWL check: ran at all, consistent, and a message."""

    ran: bool
    consistent: bool
    message: str


def _owl_literal(o: Node) -> Node:
    """HermiT accepts only the OWL 2 datatype map, which lacks xsd:date: check dates as strings."""
    if isinstance(o, Literal) and o.datatype == XSD.date:
        return Literal(str(o), datatype=XSD.string)
    return o


def java_available() -> bool:
    """HermiT needs a Java runtime on PATH."""
    return shutil.which("java") is not None


def check_consistency(ds: Dataset) -> OwlResult:
    """Run HermiT over the union of the dataset's graphs; skip (ran=False) without Java."""
    if not java_available():
        return OwlResult(False, True, "Java not found: OWL reasoning (HermiT) skipped; SHACL checks ran")
    import owlready2

    ontology = ds.graph(ONTOLOGY_GRAPH)
    logical = {RDF.type, *ontology.subjects(RDF.type, OWL.ObjectProperty),
               *ontology.subjects(RDF.type, OWL.DatatypeProperty)}
    union = Graph()
    for g in named_graphs(ds):
        is_ontology = g.identifier == ONTOLOGY_GRAPH
        for s, p, o in g:
            # Annotation triples cannot make an ontology inconsistent; leaving them out of the
            # data part makes HermiT an order of magnitude faster.
            if is_ontology or p in logical:
                union.add((s, p, _owl_literal(o)))
    with tempfile.TemporaryDirectory(prefix="semaxkg-owl-") as tmp:
        path = Path(tmp) / "union.nt"
        union.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        onto = world.get_ontology(path.as_uri()).load(format="ntriples")
        try:
            with onto:
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return OwlResult(True, False, "HermiT: the ontology and data are inconsistent")
        finally:
            world.close()
    return OwlResult(True, True, "HermiT: consistent")
