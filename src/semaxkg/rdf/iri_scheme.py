"""The IRI scheme as plain strings: what the serving path needs, importable without rdflib.

``semaxkg.rdf.namespaces`` wraps these in rdflib namespaces for the build; the web surfaces,
the dumps and the stores use them as they are, so ``semaxkg serve`` starts without loading
rdflib (about 0.1 s of every start-up).
"""

from __future__ import annotations

BASE = "https://w3id.org/semaxkg/"
SXO = BASE + "ontology/"
ID = BASE + "id/"
GRAPH = BASE + "graph/"
#: Dataset releases: ``{RELEASES}VERSION`` is a release's version IRI (semaxkg release).
RELEASES = BASE + "releases/"

PREFIXES: dict[str, str] = {
    "sxo": SXO,
    "sx": ID,
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "biolink": "https://w3id.org/biolink/vocab/",
    "obo": "http://purl.obolibrary.org/obo/",
    "cito": "http://purl.org/spar/cito/",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "vann": "http://purl.org/vocab/vann/",
    "void": "http://rdfs.org/ns/void#",
    "sh": "http://www.w3.org/ns/shacl#",
}

CONFLICTS_GRAPH = GRAPH + "conflicts"


def rebase(iri: str, base: str) -> str:
    """``iri`` (minted under the default :data:`BASE`) as minted under ``base``.

    >>> rebase(CONFLICTS_GRAPH, "https://example.org/kg/")
    'https://example.org/kg/graph/conflicts'
    """
    return base + iri[len(BASE):] if iri.startswith(BASE) else iri


def prefixes_for(base: str) -> dict[str, str]:
    """:data:`PREFIXES` for a graph minted under ``base``: ``sx:`` is ``{base}id/``.

    The vocabulary (``sxo:``) is the ontology's own namespace and stays put; only the
    instances a deployment mints follow its IRI base (the ``IRI_BASE`` setting).

    >>> prefixes_for("https://example.org/kg/")["sx"]
    'https://example.org/kg/id/'
    >>> prefixes_for(BASE) == PREFIXES
    True
    """
    return {**PREFIXES, "sx": base + "id/"}
