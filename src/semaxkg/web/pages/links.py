"""Links as pages show them: a label, where to go, and the IRI behind it.

A page collects the IRIs it will show, fetches their labels in one batch
(:func:`~semaxkg.web.labels.labels_for`) and hands templates a :class:`Linker`; templates
never print a bare IRI as link text. External identifiers (PubChem, MeSH, PubMed, DOI…) are
named after their registry, read off the IRI the data holds (:func:`registry_label`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from markupsafe import Markup, escape

from semaxkg.rdf.graph_store import GraphStore
from semaxkg.web.external_terms import term_label
from semaxkg.web.iris import IriMapper
from semaxkg.web.labels import fallback_label, labels_for

#: Namespaces of the external registries the data links to, and how a page names an
#: identifier in each (``{}`` is the rest of the IRI after the namespace, with a trailing "/"
#: or ".html" dropped): OBO-style registries as CURIEs, the others by name and number.
REGISTRIES: tuple[tuple[str, str], ...] = tuple(sorted((
    ("https://pubchem.ncbi.nlm.nih.gov/compound/", "PubChem CID {}"),
    ("http://purl.obolibrary.org/obo/CHEBI_", "CHEBI:{}"),
    ("http://purl.obolibrary.org/obo/MONDO_", "MONDO:{}"),
    ("http://purl.obolibrary.org/obo/DOID_", "DOID:{}"),
    ("http://purl.obolibrary.org/obo/NCBITaxon_", "NCBITaxon:{}"),
    ("http://purl.obolibrary.org/obo/OBI_", "OBI:{}"),
    ("http://purl.obolibrary.org/obo/ECO_", "ECO:{}"),
    ("http://purl.obolibrary.org/obo/STATO_", "STATO:{}"),
    ("http://purl.obolibrary.org/obo/SEPIO_", "SEPIO:{}"),
    ("http://purl.obolibrary.org/obo/IAO_", "IAO:{}"),
    ("http://id.nlm.nih.gov/mesh/", "MeSH {}"),
    ("http://purl.uniprot.org/uniprot/", "UniProt {}"),
    ("http://identifiers.org/hgnc/", "HGNC:{}"),
    ("http://identifiers.org/ncbigene/", "NCBI Gene {}"),
    ("http://www.wikidata.org/entity/", "Wikidata {}"),
    ("https://www.wikidata.org/entity/", "Wikidata {}"),
    ("https://go.drugbank.com/drugs/", "DrugBank {}"),
    ("http://rdf.ebi.ac.uk/resource/chembl/molecule/", "ChEMBL {}"),
    ("https://precision.fda.gov/uniisearch/srs/unii/", "UNII {}"),
    ("https://www.chemspider.com/Chemical-Structure.", "ChemSpider {}"),
    ("https://commonchemistry.cas.org/detail?cas_rn=", "CAS RN {}"),
    ("https://pubmed.ncbi.nlm.nih.gov/", "PMID {}"),
    ("http://www.ncbi.nlm.nih.gov/pubmed/", "PMID {}"),
    ("https://doi.org/", "doi:{}"),
    ("http://dx.doi.org/", "doi:{}"),
    ("https://link.springer.com/article/", "Springer article {}"),
), key=lambda item: len(item[0]), reverse=True))


def registry_label(iri: str) -> str | None:
    """``"PubChem CID 122178"``, ``"CHEBI:28790"``… for an IRI in a known registry, else ``None``."""
    for namespace, template in REGISTRIES:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            local = iri[len(namespace):].rstrip("/").removesuffix(".html")
            return template.format(unquote(local))
    return None


@dataclass(frozen=True)
class Link:
    """One link: the text to show, where it goes (``""``: nowhere, show text), the IRI."""

    text: str
    href: str
    iri: str
    external: bool


class Linker:
    """Turns IRIs into :class:`Link` objects with the labels fetched for one page.

    Links are memoised: a page of two hundred claim cards names the same few dozen IRIs
    thousands of times.
    """

    def __init__(self, mapper: IriMapper, labels: dict[str, str]) -> None:
        self.mapper = mapper
        self.labels = labels
        self._links: dict[str, Link] = {}

    @classmethod
    def fetch(cls, store: GraphStore, mapper: IriMapper, iris: Iterable[str]) -> Linker:
        """A linker knowing the labels of ``iris`` (one batched query)."""
        return cls(mapper, labels_for(store, iris))

    def text(self, iri: str) -> str:
        """The label of ``iri``: its own, its registry name, or a CURIE-like fallback."""
        return self(iri).text

    def _text(self, iri: str) -> str:
        label = self.labels.get(iri)
        fallback = fallback_label(iri)
        if label is not None and label != fallback:
            return label
        known = term_label(iri)
        if known is not None:
            return known[0]
        return registry_label(iri) or label or fallback

    def __call__(self, iri: str) -> Link:
        """The link for ``iri`` (local path for our IRIs, the IRI itself for others)."""
        link = self._links.get(iri)
        if link is None:
            path = self.mapper.path_for(iri)
            link = Link(self._text(iri), self.mapper.href(iri), iri, path is None)
            self._links[iri] = link
        return link

    def html(self, iri: str, css_class: str = "") -> Markup:
        """``<a href="…" class="…">label</a>`` for ``iri`` (external links get class ``ext``);
        an IRI that may not be a link (``javascript:``…) is text with the IRI as its title."""
        link = self(iri)
        if not link.href:
            return Markup(f'<span class="iri-inert" title="{escape(iri)}">{escape(link.text)}</span>')
        classes = " ".join(c for c in (css_class, "ext" if link.external else "") if c)
        attribute = f' class="{escape(classes)}"' if classes else ""
        known = term_label(iri) if link.external else None
        # An external ontology term: its label, and its code as part of the same link.
        code = (f' <span class="term-code">{escape(known[1])}</span>'
                if known is not None and link.text == known[0] else "")
        return Markup(f'<a href="{escape(link.href)}"{attribute}>{escape(link.text)}{code}</a>')
