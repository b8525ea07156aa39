"""Load every statement file, validate it against the schema and the ontology, and
collect every problem with its file:line before giving up."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from rdflib import URIRef

from semaxkg.build import factcheck
from semaxkg.build.hierarchy import BROADER_KINDS, MOLECULE_KINDS, cycle_through
from semaxkg.build.model import (
    Conflict,
    ConflictsFile,
    EntitiesFile,
    Entity,
    Locator,
    ReferenceRecord,
    SourceFile,
    Statement,
    Study,
)
from semaxkg.build.vocab import ENTITY_KINDS, LITERAL_KINDS, VALUE_KINDS, Vocabulary
from semaxkg.build.yamlfile import LocatedDocument, PathKey, load_yaml
from semaxkg.errors import InputError, Location, Problem
from semaxkg.rdf.namespaces import SXO

#: Longest quoted value in a message (a wrong value may be a whole file's worth of text).
SHOWN_CHARS = 80
#: Top-level keys that tell which kind of statement file a YAML file is.
FILE_KINDS: dict[str, type[BaseModel]] = {
    "source": SourceFile,
    "entities": EntitiesFile,
    "studies": EntitiesFile,
    "conflicts": ConflictsFile,
    "records": ConflictsFile,
}



@dataclass
class Corpus:
    """Every validated statement file, with where each item came from."""

    entities: dict[str, Entity | Study] = field(default_factory=dict)
    sources: list[SourceFile] = field(default_factory=list)
    conflicts: ConflictsFile = field(default_factory=ConflictsFile)
    records: dict[str, ReferenceRecord] = field(default_factory=dict)
    locations: dict[str, Location] = field(default_factory=dict)

    def kind_of(self, entity_id: str) -> str:
        """The entity kind (``study`` for studies)."""
        ent = self.entities[entity_id]
        return "study" if isinstance(ent, Study) else ent.kind

    def statements(self) -> Iterator[tuple[SourceFile, Statement]]:
        """Every statement with its source file, in file order."""
        for src in self.sources:
            for st in src.statements:
                yield src, st

    def studies(self) -> Iterator[Study]:
        """Every study."""
        for ent in self.entities.values():
            if isinstance(ent, Study):
                yield ent


def _field_name(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if not isinstance(p, int)]
    return parts[-1] if parts else "document"


def _shown(value: Any) -> str:
    """``repr`` of a value for a message, cut to :data:`SHOWN_CHARS` characters."""
    text = repr(value)
    return text if len(text) <= SHOWN_CHARS else f"{text[:SHOWN_CHARS]}… ({len(text)} characters)"


def _problems_from_validation(doc: LocatedDocument, exc: ValidationError) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc: PathKey = tuple(p for p in err["loc"] if isinstance(p, str | int))
        # pydantic names union members in the loc; keep only the path into the document.
        loc = tuple(p for p in loc if not ((isinstance(p, str) and p[:1].isupper()) or "[" in str(p)))
        name = _field_name(loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            msg, fix = f"unknown field '{name}'", f"remove '{name}' or correct its spelling"
        elif kind == "missing":
            msg, fix = f"missing field '{name}'", f"add '{name}:' here"
        elif kind == "string_too_long":
            limit = err.get("ctx", {}).get("max_length")
            msg = f"'{name}' is {len(err.get('input', ''))} characters long; the limit is {limit}"
            fix = f"shorten '{name}' to at most {limit} characters"
        elif kind == "string_pattern_mismatch":
            pattern = err.get("ctx", {}).get("pattern", "")
            msg = f"'{name}' has value {_shown(err.get('input'))}, which does not match {pattern}"
            fix = "use lower-case letters, digits and hyphens for ids" if name in {
                "id", "subject", "object", "study"} else "correct the value"
        else:
            msg = f"'{name}': {err['msg']} (got {_shown(err.get('input'))})"
            fix = "give a value of the right type"
        problems.append(Problem(doc.location(loc), msg, fix))
    return problems


def _classify(doc: LocatedDocument) -> type[BaseModel] | None:
    if not isinstance(doc.data, dict):
        return None
    for key in doc.data:
        if key in FILE_KINDS:
            return FILE_KINDS[key]
    return None


class _Checker:
    """Cross-file checks, accumulating located problems."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.problems: list[Problem] = []
        self.corpus = Corpus()
        self.id_sites: dict[str, Location] = {}

    def add(self, loc: Location, msg: str, fix: str) -> None:
        self.problems.append(Problem(loc, msg, fix))

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
            self.add(loc, f"unknown {what} '{value}'", f"use one of: {', '.join(sorted(codes))}")

    def ref(self, ident: str | None, loc: Location, what: str, kinds: Iterable[str] = ()) -> None:
        if ident is None:
            return
        if ident not in self.corpus.entities:
            self.add(loc, f"unknown {what} '{ident}'",
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
                self.add(at("predicate"), f"unknown predicate '{st.predicate}'",
                         f"use one of: {', '.join(sorted(self.vocab.predicates))}")
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
                if cid not in claims:
                    self.add(at("claims", j), f"unknown claim '{cid}'",
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
            self.add(at("record"), f"unknown reference record '{c.record}'",
                     "define it under 'records:' or correct the id")
        for key in ("record_part", "record_mechanism"):
            if getattr(c, key) is not None and c.record is None:
                self.add(at(key), f"'{key}' describes a reference record, but the conflict names none",
                         "add 'record: <record id>' or remove the field")


def statement_files(directory: Path) -> list[Path]:
    """The statement files of a directory, in a fixed order."""
    return sorted(p for p in directory.glob("*.yaml") if p.is_file())


def load_corpus(directory: Path, vocab: Vocabulary, display_root: Path | None = None) -> Corpus:
    """Load and check every statement file; raise :class:`InputError` listing every problem."""
    if not directory.is_dir():
        raise InputError([Problem(Location(str(directory)), "statement directory not found",
                                  "pass --statements DIR pointing at data/statements")])
    files = statement_files(directory)
    if not files:
        raise InputError([Problem(Location(str(directory)), "no *.yaml statement files",
                                  "add at least one source file")])
    checker = _Checker(vocab)
    parsed: list[tuple[LocatedDocument, BaseModel]] = []
    for path in files:
        shown = str(path.relative_to(display_root)) if display_root else str(path)
        try:
            doc = load_yaml(path, shown)
        except InputError as exc:
            checker.problems.extend(exc.problems)
            continue
        model = _classify(doc)
        if model is None:
            checker.add(Location(shown, 1), "not a statement file",
                        "start the file with 'source:', 'entities:', 'studies:', 'records:' or 'conflicts:'")
            continue
        try:
            parsed.append((doc, model.model_validate(doc.data)))
        except ValidationError as exc:
            checker.problems.extend(_problems_from_validation(doc, exc))
    # Entities first (statements refer to them), then sources, statements, conflicts.
    for doc, item in parsed:
        if isinstance(item, EntitiesFile):
            checker.entities_file(doc, item)
    for doc, item in parsed:
        if isinstance(item, EntitiesFile):
            checker.entity_links(doc, item)
            checker.study_facts(doc, item)
    for doc, item in parsed:
        if isinstance(item, SourceFile):
            checker.source_file(doc, item)
    for doc, item in parsed:
        if isinstance(item, SourceFile):
            checker.statements(doc, item)
    for doc, item in parsed:
        if isinstance(item, ConflictsFile):
            checker.records_file(doc, item)
    for doc, item in parsed:
        if isinstance(item, ConflictsFile):
            checker.conflicts_file(doc, item)
    if checker.problems:
        raise InputError(checker.problems)
    return checker.corpus
