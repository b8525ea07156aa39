"""Statements → RDF: a pure function from a checked corpus to an rdflib ``Dataset``.

One named graph per source document (its metadata, claims and provenance), one for shared
entities and studies, one for conflicts, one for the ontology. Every IRI is minted from an id.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from semaxkg.build import facts_rdf
from semaxkg.build.bibliography_rdf import add_bibliography as _add_bibliography
from semaxkg.build.bibliography_rdf import add_texts as _add_texts
from semaxkg.build.bibliography_rdf import int_literal as _int
from semaxkg.build.bibliography_rdf import text_literal as _s
from semaxkg.build.conflicts import find_conflicts
from semaxkg.build.corpus import Corpus
from semaxkg.build.evidence import grade
from semaxkg.build.model import Entity, Locator, SourceFile, SourceMeta, Statement, Study
from semaxkg.build.related_rdf import (
    add_entity_links,
    add_page_metadata,
    add_population_facts,
    add_study_flags,
)
from semaxkg.build.support import Support, supports_by_claim
from semaxkg.build.vocab import ENTITY_KINDS, VALUE_KINDS, Vocabulary
from semaxkg.rdf import namespaces as ns
from semaxkg.rdf.namespaces import OA, OBO, PROV, SCHEMA, SXO

#: External classes a study gets from its design features.
DESIGN_TYPES: dict[str, URIRef] = {
    "clinical": OBO["OBI_0003699"],
    "randomised": OBO["OBI_0004001"],
    "observational": OBO["OBI_0003698"],
    "animal": OBO["OBI_0003696"],
    "case_series": OBO["OBI_0002674"],
}
MATCH_PROPERTY = {
    "exact": SKOS.exactMatch,
    "close": SKOS.closeMatch,
    "broad": SKOS.broadMatch,
    "narrow": SKOS.narrowMatch,
    "related": SKOS.relatedMatch,
}


@dataclass
class Conversion:
    """The dataset and, for located messages, the YAML id behind each subject IRI."""

    dataset: Dataset
    origins: dict[URIRef, str] = field(default_factory=dict)


class _Converter:
    def __init__(self, corpus: Corpus, vocab: Vocabulary) -> None:
        self.corpus = corpus
        self.vocab = vocab
        self.ds = Dataset()
        self.origins: dict[URIRef, str] = {}
        self.supports: dict[str, Support] = supports_by_claim(corpus)

    def entity(self, ident: str) -> URIRef:
        return ns.entity_iri(self.corpus.kind_of(ident), ident)

    def code(self, cls: URIRef, code: str) -> URIRef:
        return self.vocab.value(cls, code)

    # -- entities -------------------------------------------------------------------

    def entities(self) -> None:
        g = self.ds.graph(ns.ENTITIES_GRAPH)
        for ident, ent in self.corpus.entities.items():
            iri = self.entity(ident)
            self.origins[iri] = ident
            if isinstance(ent, Study):
                self.study(g, iri, ent)
            else:
                self.plain_entity(g, iri, ent)

    def plain_entity(self, g: Graph, iri: URIRef, ent: Entity) -> None:
        g.add((iri, RDF.type, ENTITY_KINDS[ent.kind]))
        g.add((iri, RDFS.label, Literal(ent.label, lang="en")))
        if ent.description:
            g.add((iri, RDFS.comment, Literal(ent.description, lang="en")))
        for syn in ent.synonyms:
            g.add((iri, SKOS.altLabel, Literal(syn)))
        for i, m in enumerate(ent.matches, start=1):
            target = URIRef(m.iri)
            g.add((iri, MATCH_PROPERTY[m.relation], target))
            mapping = URIRef(f"{iri}/mapping-{i}")
            g.add((iri, SXO.hasMapping, mapping))
            g.add((mapping, RDF.type, SXO.Mapping))
            g.add((mapping, SXO.mappingRelation, MATCH_PROPERTY[m.relation]))
            g.add((mapping, SXO.mappedTo, target))
            g.add((mapping, SXO.identifierStatus, self.code(SXO.IdentifierStatus, m.status)))
            if m.note:
                g.add((mapping, SXO.note, _s(m.note)))
        add_entity_links(g, iri, ent, self.entity)
        add_population_facts(g, iri, ent, self.code)

    def study(self, g: Graph, iri: URIRef, st: Study) -> None:
        g.add((iri, RDF.type, SXO.Study))
        g.add((iri, RDF.type, SCHEMA.MedicalStudy))
        for d in st.design:
            if d in DESIGN_TYPES:
                g.add((iri, RDF.type, DESIGN_TYPES[d]))
            g.add((iri, SXO.designFeature, self.code(SXO.StudyDesignFeature, d)))
        g.add((iri, RDFS.label, Literal(st.label, lang="en")))
        g.add((iri, SXO.species, self.code(SXO.Organism, st.species)))
        g.add((iri, SXO.identifierStatus, self.code(SXO.IdentifierStatus, st.identifier_status)))
        _add_bibliography(g, iri, st)
        _add_texts(g, iri, ((SXO.findingSummary, st.findings),
                            (SXO.identifierNote, st.identifier_note), (SXO.note, st.sample_size_note)))
        if st.sample_size is not None:
            g.add((iri, SXO.sampleSize, _int(st.sample_size)))
        g.add((iri, SXO.noIdentifierGiven, Literal(not st.pmid and not st.doi)))
        add_study_flags(g, iri, st)
        facts_rdf.add_examined(g, iri, st, self.entity)

    # -- sources --------------------------------------------------------------------

    def passage(self, g: Graph, iri: URIRef, doc: URIRef, meta: SourceMeta, lo: Locator) -> None:
        sel = ns.selector_iri(iri)
        g.add((iri, RDF.type, SXO.Passage))
        g.add((iri, RDF.type, OA.SpecificResource))
        g.add((iri, OA.hasSource, doc))
        g.add((iri, OA.hasSelector, sel))
        g.add((sel, RDF.type, OA.TextPositionSelector))
        g.add((sel, OA.start, Literal(lo.start, datatype=XSD.nonNegativeInteger)))
        g.add((sel, OA.end, Literal(lo.end, datatype=XSD.nonNegativeInteger)))
        section = None
        for s in sorted(meta.sections, key=lambda s: s.start):
            if s.start <= lo.start:
                section = s.title
        if section:
            g.add((iri, SXO.section, _s(section)))

    def source(self, src: SourceFile, commercial_only: dict[str, bool]) -> None:
        meta = src.source
        g = self.ds.graph(ns.source_graph(meta.id))
        doc = ns.source_iri(meta.id)
        self.origins[doc] = meta.id
        g.add((doc, RDF.type, SXO.SourceDocument))
        g.add((doc, RDF.type, SCHEMA.Article))
        g.add((doc, RDFS.label, Literal(meta.title or f"Untitled web article ({meta.id})", lang="en")))
        if meta.title:
            g.add((doc, SXO.title, _s(meta.title)))
        g.add((doc, SXO.fileName, _s(meta.file)))
        g.add((doc, SXO.sha256, _s(meta.sha256)))
        g.add((doc, SXO.textLength, Literal(meta.length, datatype=XSD.nonNegativeInteger)))
        g.add((doc, SXO.publisherKind, self.code(SXO.PublisherKind, meta.publisher_kind)))
        g.add((doc, SXO.citationStyle, _s(meta.citation_style)))
        g.add((doc, SXO.authorStated, Literal(meta.author is not None)))
        if meta.author is not None:
            g.add((doc, SXO.authorName, _s(meta.author.name)))
            if meta.author.credentials:
                g.add((doc, SXO.authorCredentials, _s(meta.author.credentials)))
            facts_rdf.add_source_author(g, doc, meta.author, self.entity)
        if meta.date is not None:
            g.add((doc, SXO.datePublished, Literal(meta.date.isoformat(), datatype=XSD.date)))
        if meta.url:
            g.add((doc, SCHEMA.url, URIRef(meta.url)))
        if meta.rating is not None:
            g.add((doc, SXO.ratingCount, _int(meta.rating.votes)))
            g.add((doc, SXO.ratingValue, Literal(Decimal(str(meta.rating.average)), datatype=XSD.decimal)))
            g.add((doc, SXO.bestRating, _int(meta.rating.best)))
        commercial = self.commercial(meta)
        g.add((doc, SXO.commercialInterest, Literal(commercial)))
        declared = any(
            self.code(SXO.DisclosureKind, d.kind) in self.vocab.commercial_disclosures and d.declared
            for d in meta.disclosures
        )
        g.add((doc, SXO.disclosesCommercialInterest, Literal(declared)))
        g.add((doc, SXO.hasReferenceList, Literal(bool(meta.references))))
        add_page_metadata(g, doc, meta, lambda gr, p, lo: self.passage(gr, p, doc, meta, lo))
        self.disclosures(g, doc, meta)
        if meta.rating is not None:
            p = URIRef(f"{doc}/rating/passage")
            g.add((doc, SXO.hasPassage, p))
            self.passage(g, p, doc, meta, meta.rating.locator)
        self.references(g, doc, meta)
        for st in src.statements:
            self.claim(g, doc, meta, st, commercial_only)

    def disclosures(self, g: Graph, doc: URIRef, meta: SourceMeta) -> None:
        """Each disclosure of the source, with its kind, terms and passage."""
        for i, d in enumerate(meta.disclosures, start=1):
            iri = ns.disclosure_iri(meta.id, i)
            g.add((doc, SXO.hasDisclosure, iri))
            g.add((iri, RDF.type, SXO.Disclosure))
            g.add((iri, SXO.disclosureKind, self.code(SXO.DisclosureKind, d.kind)))
            g.add((iri, SXO.declared, Literal(d.declared)))
            for t in d.terms:
                g.add((iri, SXO.keyTerm, _s(t)))
            if d.note:
                g.add((iri, SXO.note, _s(d.note)))
            p = URIRef(f"{iri}/passage")
            g.add((iri, SXO.hasPassage, p))
            self.passage(g, p, doc, meta, d.locator)

    def references(self, g: Graph, doc: URIRef, meta: SourceMeta) -> None:
        """Each entry of the source's reference list, with its bibliography and passages."""
        for r in meta.references:
            iri = ns.reference_iri(meta.id, r.number)
            g.add((doc, SXO.hasReference, iri))
            g.add((iri, RDF.type, SXO.Reference))
            g.add((iri, SXO.referenceNumber, _int(r.number)))
            g.add((iri, RDFS.label, Literal(f"{meta.id} reference {r.number}", lang="en")))
            _add_bibliography(g, iri, r)
            if r.url:
                g.add((iri, RDFS.seeAlso, URIRef(r.url)))
            if r.study:
                g.add((iri, SXO.refersToStudy, self.entity(r.study)))
            p = URIRef(f"{iri}/passage")
            g.add((iri, SXO.hasPassage, p))
            self.passage(g, p, doc, meta, r.locator)
            facts_rdf.add_reference_facts(g, iri, r, self.code)
            if r.title_locator is not None:
                g.add((iri, SXO.titlePassage, URIRef(f"{iri}/title-passage")))
                self.passage(g, URIRef(f"{iri}/title-passage"), doc, meta, r.title_locator)

    def commercial(self, meta: SourceMeta) -> bool:
        return any(self.code(SXO.DisclosureKind, d.kind) in self.vocab.commercial_disclosures
                   for d in meta.disclosures)

    def claim(self, g: Graph, doc: URIRef, meta: SourceMeta, st: Statement,
              commercial_only: dict[str, bool]) -> None:
        iri = ns.claim_iri(st.id)
        self.origins[iri] = st.id
        pred = self.vocab.predicates[st.predicate]
        subj = self.entity(st.subject)
        g.add((iri, RDF.type, SXO.Claim))
        g.add((iri, RDFS.label, _s(st.text)))
        g.add((iri, SXO.paraphrase, _s(st.text)))
        g.add((iri, SXO.claimSubject, subj))
        g.add((iri, SXO.claimPredicate, pred.iri))
        g.add((iri, SXO.hasClaimKind, pred.claim_kind))
        obj: URIRef | Literal
        if pred.is_attribute:
            obj = self.literal(st, pred.datatype)
            g.add((iri, SXO.claimValue, obj))
        else:
            assert st.object is not None
            value_kinds = [k for k in pred.object_kinds if k in VALUE_KINDS]
            obj = (self.code(VALUE_KINDS[value_kinds[0]], st.object) if value_kinds
                   else self.entity(st.object))
            g.add((iri, SXO.claimObject, obj))
        g.add((iri, SXO.hedging, self.code(SXO.HedgingLevel, st.hedging)))
        if st.negated:
            g.add((iri, SXO.negated, Literal(True)))
        elif pred.claim_kind != SXO["kind-study"]:  # a study node carries only the curated record
            g.add((subj, pred.iri, obj))  # the plain triple, so simple queries stay simple
        self.qualifiers(g, iri, st)
        g.add((iri, PROV.wasQuotedFrom, doc))
        for n in st.cites:
            g.add((iri, SXO.citesReference, ns.reference_iri(meta.id, n)))
        if st.citation_marker:
            g.add((iri, SXO.hasCitationMarker, Literal(True)))
        for term in st.terms:
            g.add((iri, SXO.keyTerm, _s(term)))
        for i, lo in enumerate(st.locators, start=1):
            p = ns.passage_iri(st.id, i)
            g.add((iri, SXO.hasPassage, p))
            self.passage(g, p, doc, meta, lo)
        sup = self.supports[st.id]
        if sup.study is not None:
            g.add((iri, PROV.hadPrimarySource, self.entity(sup.study.id)))
        self.support(g, iri, sup)
        for ident in st.explains:
            g.add((iri, SXO.explains, self.entity(ident)))
        gr = grade(st, sup)
        g.add((iri, SXO.evidenceLevel, self.code(SXO.EvidenceLevel, gr.level)))
        g.add((iri, SXO.evidenceType, gr.eco))
        g.add((iri, SXO.evidenceRule, _s(gr.rule)))
        g.add((iri, SXO.commercialSupportOnly, Literal(commercial_only[st.id])))

    def support(self, g: Graph, iri: URIRef, sup: Support) -> None:
        """How the claim is tied to evidence: kind, study verdict, grading or context study."""
        g.add((iri, SXO.supportKind, self.code(SXO.SupportKind, sup.kind)))
        if sup.study_support is not None:
            g.add((iri, SXO.studySupport, self.code(SXO.StudySupport, sup.study_support)))
        if sup.graded_by is not None:
            g.add((iri, SXO.gradedByStudy, self.entity(sup.graded_by.id)))
        if sup.context is not None:
            g.add((iri, SXO.contextStudy, self.entity(sup.context.id)))

    def literal(self, st: Statement, datatype: URIRef | None) -> Literal:
        if datatype == XSD.decimal:
            return Literal(Decimal(str(st.value)), datatype=XSD.decimal)
        if datatype == XSD.integer:
            assert isinstance(st.value, int)
            return _int(st.value)
        return _s(str(st.value))

    def qualifiers(self, g: Graph, iri: URIRef, st: Statement) -> None:
        q = st.qualifiers
        facts_rdf.add_qualifier_facts(g, iri, st.id, q, self.code, self.entity)
        coded = ((SXO.direction, SXO.Direction, q.direction), (SXO.aspect, SXO.Aspect, q.aspect),
                 (SXO.subjectDirection, SXO.Direction, q.subject_direction),
                 (SXO.subjectAspect, SXO.Aspect, q.subject_aspect),
                 (SXO.species, SXO.Organism, q.species))
        for prop, cls, code in coded:
            if code:
                g.add((iri, prop, self.code(cls, code)))
        for d in q.design:
            g.add((iri, SXO.statedDesign, self.code(SXO.StudyDesignFeature, d)))
        for j in q.jurisdiction:
            g.add((iri, SXO.jurisdiction, self.code(SXO.Jurisdiction, j)))
        _add_texts(g, iri, ((SXO.dose, q.dose),
                            (SXO.formulation, q.formulation), (SXO.timepoint, q.timepoint),
                            (SXO.fragment, q.fragment), (SXO.unit, q.unit), (SXO.note, q.note)))
        if q.sample_size is not None:
            g.add((iri, SXO.sampleSize, _int(q.sample_size)))
        refs = ((SXO.supportingStudy, q.study), (SXO.comparator, q.comparator),
                (SXO.anatomicalContext, q.anatomy), (SXO.conditionContext, q.condition),
                (SXO.populationContext, q.population))
        for prop, ident in refs:
            if ident:
                g.add((iri, prop, self.entity(ident)))

    # -- derived --------------------------------------------------------------------

    def commercial_only(self) -> dict[str, bool]:
        """Per claim: does every source asserting the same (s, p, o) have a commercial interest?"""
        support: dict[tuple[str, str, str], set[bool]] = defaultdict(set)
        for src, st in self.corpus.statements():
            if not st.negated:
                support[(st.subject, st.predicate, st.object_text)].add(self.commercial(src.source))
        return {
            st.id: not st.negated
            and support[(st.subject, st.predicate, st.object_text)] == {True}
            for _src, st in self.corpus.statements()
        }

    def records(self, g: Graph) -> None:
        """External reference records that conflicts set against claims."""
        for rec in self.corpus.records.values():
            iri = ns.record_iri(rec.id)
            self.origins[iri] = rec.id
            g.add((iri, RDF.type, SXO.ReferenceRecord))
            g.add((iri, RDF.type, PROV.Entity))
            g.add((iri, RDFS.label, Literal(rec.label, lang="en")))
            g.add((iri, SXO.recordIdentifier, _s(rec.identifier)))
            if rec.url:
                g.add((iri, RDFS.seeAlso, URIRef(rec.url)))
            _add_texts(g, iri, ((SXO.note, rec.note),))

    def conflicts(self) -> None:
        g = self.ds.graph(ns.CONFLICTS_GRAPH)
        self.records(g)
        for f in find_conflicts(self.corpus, self.vocab):
            iri = ns.conflict_iri(f.id)
            self.origins[iri] = f.id
            g.add((iri, RDF.type, SXO.Conflict))
            g.add((iri, RDFS.label, Literal(f"Conflict {f.id}", lang="en")))
            g.add((iri, SXO.conflictKind, self.code(SXO.ConflictKind, f.kind)))
            g.add((iri, SXO.conflictStatus, self.code(SXO.ConflictStatus, f.status)))
            if f.basis:
                g.add((iri, SXO.conflictBasis, self.code(SXO.ConflictBasis, f.basis)))
            g.add((iri, SXO.detectedBy, _s(f.rule)))
            g.add((iri, RDFS.comment, _s(f.note)))
            claims = [ns.claim_iri(c) for c in f.claims]
            for c in claims:
                g.add((iri, SXO.involvesClaim, c))
            for a in claims:
                for b in claims:
                    if a != b:
                        g.add((a, SXO.conflictsWith, b))
            if f.study:
                g.add((iri, SXO.citedRecord, self.entity(f.study)))
            if f.record:
                g.add((iri, SXO.referenceRecord, ns.record_iri(f.record)))
            if f.record_mechanism:
                g.add((iri, SXO.recordMechanism, self.code(SXO.CausalMechanism, f.record_mechanism)))
            _add_texts(g, iri, ((SXO.recordSays, f.record_says), (SXO.recordPart, f.record_part)))


def convert(corpus: Corpus, vocab: Vocabulary, ontology: Graph) -> Conversion:
    """Turn a checked corpus into a Dataset (ontology, entities, one graph per source, conflicts)."""
    conv = _Converter(corpus, vocab)
    og = conv.ds.graph(ns.ONTOLOGY_GRAPH)
    for triple in ontology:
        og.add(triple)
    conv.entities()
    commercial_only = conv.commercial_only()
    for src in corpus.sources:
        conv.source(src, commercial_only)
    conv.conflicts()
    for prefix, uri in ns.PREFIXES.items():
        conv.ds.bind(prefix, uri)
    return Conversion(conv.ds, conv.origins)
