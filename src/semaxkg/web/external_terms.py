"""Labels of the external ontology terms the graph points to (ECO, OBI, STATO, SEPIO, IAO).

The graph names these terms only by IRI (alignments such as ``skos:closeMatch obo:ECO_0000034``
and evidence types of claims); pages show them by these labels, with the code beside them as
part of the link. The labels are the terms' own names as recorded in the project's vocabulary
reference (the ontology releases named there); nothing is fetched from the network.
"""

from __future__ import annotations

from semaxkg.rdf.iri_scheme import OBO

#: Code (``ECO:0000034``) → the term's label.
TERM_LABELS: dict[str, str] = {
    "ECO:0000000": "evidence",
    "ECO:0000033": "author statement supported by traceable reference",
    "ECO:0000034": "author statement without traceable support",
    "ECO:0000058": "expression microarray evidence",
    "ECO:0000204": "author statement",
    "ECO:0000205": "curator inference",
    "ECO:0006185": "author inference",
    "ECO:0007120": "animal model system study evidence used in manual assertion",
    "ECO:0007121": "clinical study evidence used in manual assertion",
    "IAO:0000311": "publication",
    "OBI:0000066": "investigation",
    "OBI:0000169": "placebo role",
    "OBI:0000793": "double blind study execution",
    "OBI:0000822": "single blind study execution",
    "OBI:0002674": "case series design",
    "OBI:0003696": "animal investigation",
    "OBI:0003698": "observational clinical investigation",
    "OBI:0003699": "clinical trial",
    "OBI:0004001": "randomized clinical trial",
    "OBI:0500003": "cross over design",
    "OBI:0500006": "parallel group design",
    "SEPIO:0000001": "assertion",
    "SEPIO:0000008": "has disputing evidence line",
    "SEPIO:0000078": "organism-based in vivo study",
    "SEPIO:0000101": "contradicts",
    "SEPIO:0000115": "conflicts with",
    "SEPIO:0000124": "evidence has supporting reference",
    "SEPIO:0000132": "evidence line strength",
    "SEPIO:0000167": "has confidence level",
    "SEPIO:0000183": "evidence direction",
    "SEPIO:0000398": "has evidence of type",
    "SEPIO:0000403": "supporting",
    "SEPIO:0000404": "disputing",
    "SEPIO:0000414": "evidence quality",
    "STATO:0000088": "study group population size",
}


def obo_code(iri: str) -> str | None:
    """``ECO:0000034`` for ``http://purl.obolibrary.org/obo/ECO_0000034``, else None."""
    if not iri.startswith(OBO):
        return None
    prefix, _, number = iri[len(OBO):].partition("_")
    return f"{prefix}:{number}" if prefix.isalpha() and number.isdigit() else None


def term_label(iri: str) -> tuple[str, str] | None:
    """(label, code) of a known external term, else None."""
    code = obo_code(iri)
    if code is None or code not in TERM_LABELS:
        return None
    return TERM_LABELS[code], code
