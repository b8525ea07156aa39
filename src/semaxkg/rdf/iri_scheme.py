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
#: Namespace of the SPARQL extension functions (text search: ``semaxkg.search``); fixed like
#: the ontology's, so a query names them the same on every deployment.
FUNCTIONS = BASE + "function/"
#: Dataset releases: ``{RELEASES}VERSION`` is a release's version IRI (semaxkg release).
RELEASES = BASE + "releases/"

# Vocabulary namespaces. Every module spells a namespace by one of these names (the build
# through the rdflib wrappers of semaxkg.rdf.namespaces); tests/rdf/test_namespaces_in_one_place.py
# fails on a namespace IRI written anywhere else in the package.
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"
SCHEMA = "https://schema.org/"
BIOLINK = "https://w3id.org/biolink/vocab/"
OBO = "http://purl.obolibrary.org/obo/"
CITO = "http://purl.org/spar/cito/"
DCTERMS = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
VANN = "http://purl.org/vocab/vann/"
VOID = "http://rdfs.org/ns/void#"
SH = "http://www.w3.org/ns/shacl#"

#: The prefixes every document and dump may bind (only those a document uses are written).
PREFIXES: dict[str, str] = {
    "sxo": SXO,
    "sx": ID,
    "oa": OA,
    "prov": PROV,
    "schema": SCHEMA,
    "biolink": BIOLINK,
    "obo": OBO,
    "cito": CITO,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "owl": OWL,
    "rdfs": RDFS,
    "xsd": XSD,
    "rdf": RDF,
    "vann": VANN,
    "void": VOID,
    "sh": SH,
}

# Namespaces of the dataset description, the service description and the SPARQL protocol:
# not bound in documents and dumps (VoID binds the first three itself).
DCAT = "http://www.w3.org/ns/dcat#"
SPDX = "http://spdx.org/rdf/terms#"
FOAF = "http://xmlns.com/foaf/0.1/"
SD = "http://www.w3.org/ns/sparql-service-description#"
ENTAILMENT = "http://www.w3.org/ns/entailment/"
FORMATS = "http://www.w3.org/ns/formats/"
JSON_LD = "http://www.w3.org/ns/json-ld#"
SPARQL_RESULTS = "http://www.w3.org/2005/sparql-results#"
CHANGESET = "http://purl.org/vocab/changeset/schema#"
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
# Resolvers of the identifiers of cited works (records link to them).
DOI = "https://doi.org/"
PUBMED = "https://pubmed.ncbi.nlm.nih.gov/"

RDF_TYPE = RDF + "type"
RDFS_LABEL = RDFS + "label"
RDFS_COMMENT = RDFS + "comment"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = RDF + "langString"

CONFLICTS_GRAPH = GRAPH + "conflicts"
#: Hydra Core, the vocabulary of the paged lists at ``{base}id/<kind>/`` (not among
#: :data:`PREFIXES`: only those list documents use it, and they bind it themselves).
HYDRA = "http://www.w3.org/ns/hydra/core#"


def sparql_prefixes(*names: str) -> str:
    """``PREFIX`` lines of a SPARQL query for prefixes of :data:`PREFIXES` (one per line).

    >>> print(sparql_prefixes("owl", "rdfs"))
    PREFIX owl: <http://www.w3.org/2002/07/owl#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    <BLANKLINE>
    """
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in names)


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
