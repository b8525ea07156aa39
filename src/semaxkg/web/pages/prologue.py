"""The SPARQL prologue every page query starts with, and the term IRIs pages test for.

Page queries are fixed text plus this prologue; values from a request travel as bindings
(:func:`semaxkg.rdf.graph_store.with_bindings`), never inside the text.
"""

from __future__ import annotations

from semaxkg.rdf.iri_scheme import PREFIXES, RDF_TYPE, RDFS_COMMENT, RDFS_LABEL, SXO

#: ``PREFIX`` lines for the vocabularies of :data:`semaxkg.rdf.iri_scheme.PREFIXES`; not ``sx:``,
#: whose namespace follows the ``IRI_BASE`` setting: instance IRIs reach page queries as bindings.
PROLOGUE = "\n".join(f"PREFIX {prefix}: <{namespace}>" for prefix, namespace in PREFIXES.items()
                     if prefix != "sx")

__all__ = ["PROLOGUE", "RDFS_COMMENT", "RDFS_LABEL", "RDF_TYPE", "sxo"]


def sxo(local: str) -> str:
    """The IRI of an ontology term, e.g. ``sxo("Claim")``."""
    return SXO + local
