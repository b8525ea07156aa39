"""The SPARQL 1.1 Service Description of the endpoint, as RDF triples.

``sd:endpoint`` is the URL the client actually requested, so the description stays right
behind any host name or port.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyoxigraph as ox

from semaxkg.rdf import iri_scheme
from semaxkg.rdf.formats import ALL_FORMATS
from semaxkg.store.dataset import Dataset

SD = iri_scheme.SD
RDF_TYPE = ox.NamedNode(iri_scheme.RDF_TYPE)
VOID_TRIPLES = ox.NamedNode(iri_scheme.VOID + "triples")
DCT_TITLE = ox.NamedNode(iri_scheme.DCTERMS + "title")
ENTAILMENT_SIMPLE = ox.NamedNode(iri_scheme.ENTAILMENT + "Simple")
XSD_INTEGER = ox.NamedNode(iri_scheme.XSD + "integer")


def _sd(local: str) -> ox.NamedNode:
    return ox.NamedNode(SD + local)


def describe_service(endpoint_url: str, dataset: Dataset) -> list[ox.Triple]:
    """Triples describing the endpoint at ``endpoint_url`` serving ``dataset``."""
    return describe_dataset(endpoint_url, dataset.quads, dataset.named_graphs)


def describe_dataset(
    endpoint_url: str, quads: int, named_graphs: Sequence[str],
    extension_functions: Sequence[str] = (),
) -> list[ox.Triple]:
    """Triples describing the endpoint at ``endpoint_url`` serving ``quads`` in ``named_graphs``,
    with ``extension_functions`` (IRIs) as ``sd:extensionFunction``s.

    (Also used over a remote store, where there is no local :class:`Dataset` and no extension
    function: the remote store does not know them.)
    """
    service = ox.BlankNode("service")
    default_dataset = ox.BlankNode("dataset")
    default_graph = ox.BlankNode("defaultGraph")
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), ox.NamedNode(endpoint_url)),
        ox.Triple(service, DCT_TITLE, ox.Literal("semaxkg SPARQL endpoint (read-only)")),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(service, _sd("defaultEntailmentRegime"), ENTAILMENT_SIMPLE),
        ox.Triple(service, _sd("defaultDataset"), default_dataset),
        ox.Triple(default_dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(default_dataset, _sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, _sd("Graph")),
        ox.Triple(default_graph, VOID_TRIPLES, ox.Literal(str(quads), datatype=XSD_INTEGER)),
    ]
    triples.extend(
        ox.Triple(service, _sd("resultFormat"), ox.NamedNode(fmt.format_iri))
        for fmt in ALL_FORMATS
    )
    for iri in extension_functions:
        triples += [
            ox.Triple(service, _sd("extensionFunction"), ox.NamedNode(iri)),
            ox.Triple(ox.NamedNode(iri), RDF_TYPE, _sd("Function")),
        ]
    for index, name in enumerate(named_graphs):
        node = ox.BlankNode(f"namedGraph{index}")
        triples += [
            ox.Triple(default_dataset, _sd("namedGraph"), node),
            ox.Triple(node, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(node, _sd("name"), ox.NamedNode(name)),
        ]
    return triples
