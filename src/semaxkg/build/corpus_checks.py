"""The cross-file checks of the statement files: ids, references, codes, offsets and conflicts,
each problem located at its file:line (used by :func:`semaxkg.build.corpus.load_corpus`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import URIRef

from semaxkg.build import factcheck
from semaxkg.build.hierarchy import BROADER_KINDS, MOLECULE_KINDS, cycle_through
from semaxkg.build.model import (
    Conflict,
    ConflictsFile,
    Corpus,
    EntitiesFile,
    Locator,
    SourceFile,
    Statement,
)
from semaxkg.build.salvage import LIST_SECTIONS, PLACEHOLDER_MARKS
from semaxkg.build.suggest import did_you_mean
from semaxkg.build.vocab import ENTITY_KINDS, LITERAL_KINDS, VALUE_KINDS, Vocabulary
from semaxkg.build.yamlfile import LocatedDocument, PathKey
from semaxkg.errors import Location, Problem
from semaxkg.rdf.namespaces import SXO


class CorpusChecker:
    """Cross-file checks, accumulating located problems."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.problems: list[Problem] = []
        self.corpus = Corpus()
        self.id_sites: dict[str, Location] = {}
        #: Every id written in each list section, even in items the schema refused: other
        #: files may name them without a knock-on "unknown" error.
        self.known_ids: dict[str, set[str]] = {s: set() for s in LIST_SECTIONS}

    def add(self, loc: Location, msg: str, fix: str) -> None:
        self.problems.append(Problem(loc, msg, fix))

    def reported(self) -> list[Problem]:
        """The problems, without knock-ons of a value already reported (its placeholder),
        each once, in file and line order."""
        seen: set[Problem] = set()
        out = []
        for p in self.problems:
            if not any(m in p.message for m in PLACEHOLDER_MARKS) and p not in seen:
                seen.add(p)
                out.append(p)
        return sorted(out, key=lambda p: (p.location.path, p.location.line or 0))

    def _known_elsewhere(self, ident: str, *sections: str) -> bool:
        """An id written in an item the schema refused (already reported there)."""
        return any(ident in self.known_ids[s] for s in sections)

    def claim_id(self, ident: str, loc: Location) -> bool:
        if ident in self.id_sites:
            self.add(loc, f"duplicate id '{ident}' (first defined at {self.id_sites[ident]})",
                     "give every entity, statement and conflict an id of its own")
            return False
        self.id_sites[ident] = loc
        self.corpus.locations[ident] = loc
        return True

    def code(self, cls: URIRef, value: str | None, loc: Location, what: str) -> None:
        if value is None:
            return
        codes = self.vocab.codes(cls)
        if value not in codes:
            self.add(loc, f"unknown {what} '{value}'{did_you_mean(value, codes)}",
                     f"use one of: {', '.join(sorted(codes))}")

    def ref(self, ident: str | None, loc: Location, what: str, kinds: Iterable[str] = ()) -> None:
        if ident is None:
            return
        if ident not in self.corpus.entities:
            if self._known_elsewhere(ident, "entities", "studies"):
                return
            self.add(loc, f"unknown {what} '{ident}'{did_you_mean(ident, self.corpus.entities)}",
                     "define it in an entities file or correct the id")
            return
        allowed = set(kinds)
        if allowed and self.corpus.kind_of(ident) not in allowed:
            self.add(loc, f"{what} '{ident}' is a {self.corpus.kind_of(ident)}",
                     f"use an entity of kind {' or '.join(sorted(allowed))}")

    def span(self, loc_obj: Locator, length: int, loc: Location) -> None:
        if loc_obj.start >= loc_obj.end:
            self.add(loc, f"locator start {loc_obj.start} is not before end {loc_obj.end}",
                     "give start < end (end is exclusive)")
        if loc_obj.end > length:
            self.add(loc, f"locator end {loc_obj.end} lies beyond the text ({length} characters)",
                     "correct the offsets, or the source's recorded length")

    # -- per file kind -------------------------------------------------------------

    def entities_file(self, doc: LocatedDocument, parsed: EntitiesFile) -> None:
        for i, ent in enumerate(parsed.entities):
            loc = doc.location(("entities", i))
            if ent.kind not in ENTITY_KINDS or ent.kind == "study":
                kinds = ", ".join(k for k in ENTITY_KINDS if k != "study")
                self.add(doc.location(("entities", i, "kind")),
                         f"unknown entity kind '{ent.kind}'", f"use one of: {kinds}")
            if self.claim_id(ent.id, loc):
                self.corpus.entities[ent.id] = ent
        for i, st in enumerate(parsed.studies):
            loc = doc.location(("studies", i))
            for j, d in enumerate(st.design):
                self.code(SXO.StudyDesignFeature, d, doc.location(("studies", i, "design", j)),
                          "design feature")
            self.code(SXO.Organism, st.species, doc.location(("studies", i, "species")), "species")
            self.code(SXO.IdentifierStatus, st.identifier_status,
                      doc.location(("studies", i, "identifier_status")), "identifier status")
            if self.claim_id(st.id, loc):
                self.corpus.entities[st.id] = st

    def entity_links(self, doc: LocatedDocument, parsed: EntitiesFile) -> None:
        """Broader concepts, named molecules and conditions must exist and fit (issue 12)."""
        for i, ent in enumerate(parsed.entities):
            for j, b in enumerate(ent.broader):
                at = doc.location(("entities", i, "broader", j))
                self.ref(b, at, "broader concept", BROADER_KINDS.get(ent.kind, ()))
                if b == ent.id or (j == 0 and cycle_through(self.corpus.entities, ent.id)):
                    self.add(at, f"'{ent.id}' lies under itself through 'broader'",
                             "make the broader links a hierarchy, without cycles")
            self.ref(ent.molecule, doc.location(("entities", i, "molecule")), "molecule",
                     MOLECULE_KINDS)
            self.ref(ent.condition, doc.location(("entities", i, "condition")), "condition",
                     ["condition"])
            factcheck.check_entity(self, ent, lambda *k, _i=i: doc.location(("entities", _i, *k)))

    def study_facts(self, doc: LocatedDocument, parsed: EntitiesFile) -> None:
        """What each study examined (after every entity file, since ids may be in any)."""
        for i, st in enumerate(parsed.studies):
            factcheck.check_study(self, st, lambda *k, _i=i: doc.location(("studies", _i, *k)))

    def source_file(self, doc: LocatedDocument, parsed: SourceFile) -> None:
        meta = parsed.source
        if not self.claim_id(meta.id, doc.location(("source", "id"))):
            return
        self.code(SXO.PublisherKind, meta.publisher_kind,
                  doc.location(("source", "publisher_kind")), "publisher kind")
        for i, d in enumerate(meta.disclosures):
            self.code(SXO.DisclosureKind, d.kind,
                      doc.location(("source", "disclosures", i, "kind")), "disclosure kind")
            self.span(d.locator, meta.length, doc.location(("source", "disclosures", i, "locator")))
        for i, s in enumerate(meta.sections):
            if s.start >= meta.length:
                self.add(doc.location(("source", "sections", i)),
                         f"section start {s.start} lies beyond the text", "correct the offset")
        if meta.rating is not None:
            self.span(meta.rating.locator, meta.length, doc.location(("source", "rating")))
        for i, m in enumerate(meta.metadata_spans):
            self.span(m.locator, meta.length, doc.location(("source", "metadata_spans", i)))
        numbers: set[int] = set()
        for i, r in enumerate(meta.references):
            if r.number in numbers:
                self.add(doc.location(("source", "references", i, "number")),
                         f"duplicate reference number {r.number}", "number each entry once")
            numbers.add(r.number)
            self.span(r.locator, meta.length, doc.location(("source", "references", i, "locator")))
            factcheck.check_reference(
                self, r, lambda *k, _i=i: doc.location(("source", "references", _i, *k)),
                meta.length, self.span)
        if meta.author is not None:
            factcheck.check_author(self, meta.author, lambda *k: doc.location(("source", "author", *k)))
        self.corpus.sources.append(parsed)

    def statements(self, doc: LocatedDocument, parsed: SourceFile) -> None:
        meta = parsed.source
        numbers = {r.number for r in meta.references}
        for i, st in enumerate(parsed.statements):
            base: PathKey = ("statements", i)

            def at(*key: str | int, _base: PathKey = base) -> Location:
                return doc.location((*_base, *key))

            self.claim_id(st.id, at())
            if st.hedging == "negated":
                self.add(at("hedging"), "'negated' is no longer a hedging level: denial is the "
                         "claim's polarity", "write 'negated: true' and the hedging the source's "
                         "wording has (asserted, suggested, ...)")
            else:
                self.code(SXO.HedgingLevel, st.hedging, at("hedging"), "hedging")
            self._support_fields(st, at)
            self.ref(st.subject, at("subject"), "subject")
            pred = self.vocab.predicates.get(st.predicate)
            if pred is None:
                hint = did_you_mean(st.predicate, self.vocab.predicates)
                self.add(at("predicate"), f"unknown predicate '{st.predicate}'{hint}",
                         f"use one of: {', '.join(sorted(self.vocab.predicates))}")
                if st.object is not None and not any(
                        st.object in self.vocab.codes(cls) for cls in VALUE_KINDS.values()):
                    self.ref(st.object, at("object"), "object")  # still checked: no second round
            else:
                self._object(st, pred.is_attribute, pred.object_kinds, at)
            q = st.qualifiers
            self.code(SXO.Direction, q.direction, at("qualifiers", "direction"), "direction")
            self.code(SXO.Aspect, q.aspect, at("qualifiers", "aspect"), "aspect")
            self.code(SXO.Organism, q.species, at("qualifiers", "species"), "species")
            for j, d in enumerate(q.design):
                self.code(SXO.StudyDesignFeature, d, at("qualifiers", "design", j), "design feature")
            for j, jur in enumerate(q.jurisdiction):
                self.code(SXO.Jurisdiction, jur, at("qualifiers", "jurisdiction", j), "jurisdiction")
            self.ref(q.study, at("qualifiers", "study"), "study", ["study"])
            self.ref(q.comparator, at("qualifiers", "comparator"), "comparator")
            self.ref(q.anatomy, at("qualifiers", "anatomy"), "anatomy", ["anatomy"])
            self.ref(q.condition, at("qualifiers", "condition"), "condition", ["condition"])
            factcheck.check_statement(self, st, at)
            for j, n in enumerate(st.cites):
                if n not in numbers:
                    self.add(at("cites", j), f"reference {n} is not in {meta.id}'s reference list",
                             "add the entry under source.references or correct the number")
            for j, lo in enumerate(st.locators):
                self.span(lo, meta.length, at("locators", j))

    def _support_fields(self, st: Statement, at: Any) -> None:
        """Issue 12 fields: support kind, study verdict, subject qualifiers, explananda."""
        self.code(SXO.SupportKind, st.support, at("support"), "support kind")
        self.code(SXO.StudySupport, st.study_support, at("study_support"), "study support")
        q = st.qualifiers
        self.code(SXO.Direction, q.subject_direction, at("qualifiers", "subject_direction"),
                  "direction")
        self.code(SXO.Aspect, q.subject_aspect, at("qualifiers", "subject_aspect"), "aspect")
        for j, ident in enumerate(st.explains):
            self.ref(ident, at("explains", j), "explanandum", ["outcome", "condition", "mechanism"])

    def _object(self, st: Statement, is_attr: bool, kinds: frozenset[str], at: Any) -> None:
        if is_attr:
            if st.value is None:
                self.add(at("object"), f"predicate '{st.predicate}' takes a literal 'value'",
                         "replace 'object:' with 'value:'")
                return
            expected = next(k for k in kinds if k in LITERAL_KINDS)
            ok = {
                "string": isinstance(st.value, str),
                "integer": isinstance(st.value, int) and not isinstance(st.value, bool),
                "decimal": isinstance(st.value, int | float) and not isinstance(st.value, bool),
            }[expected]
            if not ok:
                self.add(at("value"), f"'{st.predicate}' needs a {expected} value, got {st.value!r}",
                         f"write the value as a {expected}")
            return
        if st.object is None:
            self.add(at("value"), f"predicate '{st.predicate}' takes an entity 'object'",
                     "replace 'value:' with 'object:' and an entity id")
            return
        value_kinds = [k for k in kinds if k in VALUE_KINDS]
        if value_kinds:
            cls = VALUE_KINDS[value_kinds[0]]
            self.code(cls, st.object, at("object"), value_kinds[0].replace("_", " "))
            return
        allowed = set(kinds)
        if "compound" in allowed:
            allowed.add("neurotransmitter")
        self.ref(st.object, at("object"), "object", allowed)

    def records_file(self, doc: LocatedDocument, parsed: ConflictsFile) -> None:
        for i, rec in enumerate(parsed.records):
            if self.claim_id(rec.id, doc.location(("records", i))):
                self.corpus.records[rec.id] = rec

    def conflicts_file(self, doc: LocatedDocument, parsed: ConflictsFile) -> None:
        claims = {st.id for _src, st in self.corpus.statements()}
        for i, c in enumerate(parsed.conflicts):

            def at(*key: str | int, _i: int = i) -> Location:
                return doc.location(("conflicts", _i, *key))

            self.claim_id(c.id, at())
            self.code(SXO.ConflictKind, c.kind, at("kind"), "conflict kind")
            self.code(SXO.ConflictStatus, c.status, at("status"), "conflict status")
            self.code(SXO.ConflictBasis, c.basis, at("basis"), "conflict basis")
            self.code(SXO.CausalMechanism, c.record_mechanism, at("record_mechanism"),
                      "causal mechanism")
            for j, cid in enumerate(c.claims):
                if cid not in claims and not self._known_elsewhere(cid, "statements"):
                    self.add(at("claims", j), f"unknown claim '{cid}'{did_you_mean(cid, claims)}",
                             "use the id of a statement in a source file")
            self.ref(c.study, at("study"), "study", ["study"])
            self.code(SXO.StudySupport, c.study_support, at("study_support"), "study support")
            if c.study_support is not None and c.study is None:
                self.add(at("study_support"), "'study_support' says what a cited study's record "
                         "says, but the conflict names no study", "add 'study: <study id>' or remove it")
            self._conflict_sides(c, at)
        self.corpus.conflicts = ConflictsFile(
            records=[*self.corpus.conflicts.records, *parsed.records],
            conflicts=[*self.corpus.conflicts.conflicts, *parsed.conflicts],
        )

    def _conflict_sides(self, c: Conflict, at: Any) -> None:
        """The record a conflict names must exist, and record details need a record. Which kind
        needs which side (study, record, two claims) is checked by the SHACL shapes."""
        if c.record is not None and c.record not in self.corpus.records:
            hint = did_you_mean(c.record, self.corpus.records)
            self.add(at("record"), f"unknown reference record '{c.record}'{hint}",
                     "define it under 'records:' or correct the id")
        for key in ("record_part", "record_mechanism"):
            if getattr(c, key) is not None and c.record is None:
                self.add(at(key), f"'{key}' describes a reference record, but the conflict names none",
                         "add 'record: <record id>' or remove the field")
