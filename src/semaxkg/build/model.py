"""The statement format: pydantic models of the YAML files in ``data/statements/``.

These models check structure and types. Checks that need the ontology (predicates,
controlled codes) or several files (ids, references, offsets) live in :mod:`semaxkg.build.corpus`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    model_validator,
)

from semaxkg.errors import Location

#: Longest label, synonym, key term, title of a section or name (curated maximum: 122).
MAX_LABEL_CHARS = 500
#: Longest paraphrase: a statement's ``text``, a conflict's ``note`` (curated maximum: 424).
MAX_PARAPHRASE_CHARS = 2_000
#: Longest value of every other text field (notes, findings, URLs, literal values).
MAX_TEXT_CHARS = 4_000

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")]
ObjectRef = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,79}$")]
SourceId = Annotated[str, Field(pattern=r"^source-[0-9]{3}$")]
Text = Annotated[str, Field(min_length=1, max_length=MAX_LABEL_CHARS)]
Paraphrase = Annotated[str, Field(min_length=10, max_length=MAX_PARAPHRASE_CHARS)]
Offset = Annotated[StrictInt, Field(ge=0)]
Pmid = Annotated[str, Field(pattern=r"^[0-9]{1,9}$")]
Doi = Annotated[str, Field(pattern=r"^10\.[0-9]{4,9}/\S+$")]


class Strict(BaseModel):
    """Base: unknown fields are errors, models are immutable, no text is unbounded."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_max_length=MAX_TEXT_CHARS)


class Locator(Strict):
    """A span of the source text: Python ``str`` offsets, end exclusive."""

    start: Offset
    end: Offset


class Match(Strict):
    """An alignment of an entity to an external identifier."""

    relation: Literal["exact", "close", "broad", "narrow", "related"]
    iri: Annotated[str, Field(pattern=r"^https?://\S+$")]
    status: Literal["V", "S", "U"]
    note: str | None = None


class Entity(Strict):
    """A shared entity: compound, target, condition, mechanism, outcome, …"""

    id: Id
    kind: str
    label: Text
    description: str | None = None
    synonyms: list[Text] = []
    matches: list[Match] = []
    # -- issue 12: entities that relate -------------------------------------------------
    #: Broader concepts of the same family (``skos:broader``): ischemic stroke < stroke.
    broader: list[Id] = []
    #: For a mechanism named after a molecule (raising BDNF), that molecule's entity.
    molecule: Id | None = None
    #: For a population-specific outcome: who it is measured in (a population entity), and in
    #: which condition; for a population: the condition its members have.
    population: Id | None = None
    condition: Id | None = None
    #: Facts of a population (codes): species, health status, age group, sex.
    species: str | None = None
    health_status: str | None = None
    age_group: str | None = None
    sex: str | None = None


# --- issue 12: facts as data (shared structures) ---------------------------------


class Quantity(Strict):
    """A number a claim states: value, unit code, exact or a bound, and what it measures."""

    value: StrictInt | StrictFloat
    unit: str
    bound: str = "exact"
    measures: str


class Examined(Strict):
    """What a study examined, as entity ids: exposures, tissues, cell types, conditions, outcomes,
    and the populations who took part (the curated record of who was studied)."""

    exposures: list[Id] = []
    anatomy: list[Id] = []
    cell_types: list[Id] = []
    conditions: list[Id] = []
    outcomes: list[Id] = []
    populations: list[Id] = []


class Authored(Strict):
    """The structured author list of a work: persons in order; ``et_al`` when it is cut short."""

    author_list: list[Text] = []
    et_al: StrictBool = False


class Published(Authored):
    """Where a work appeared, split up: journal, volume, issue, pages (all as printed)."""

    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None


class Study(Published):
    """A study a source mentions or cites; what is not known is said, not guessed."""

    id: Id
    label: Text
    authors: str | None = None
    year: StrictInt | None = None
    title: str | None = None
    venue: str | None = None
    design: Annotated[list[str], Field(min_length=1)]
    species: str
    sample_size: Annotated[StrictInt, Field(ge=1)] | None = None
    sample_size_note: str | None = None
    findings: str | None = None
    pmid: Pmid | None = None
    doi: Doi | None = None
    identifier_status: str
    identifier_note: str | None = None
    # -- issue 12: a study the source describes without naming it (no author, year or id) --
    unnamed: StrictBool = False
    # issue 12: facts as data
    examined: Examined = Examined()
    #: The study this one is a part of (an arm or sub-study with its own design and size).
    part_of: Id | None = None


class EntitiesFile(Strict):
    """A file of shared entities and studies."""

    entities: list[Entity] = []
    studies: list[Study] = []


class Qualifiers(Strict):
    """Optional context of a statement."""

    direction: str | None = None
    aspect: str | None = None
    species: str | None = None
    design: list[str] = []
    population: Id | None = None
    sample_size: Annotated[StrictInt, Field(ge=1)] | None = None
    dose: str | None = None
    formulation: str | None = None
    timepoint: str | None = None
    fragment: str | None = None
    unit: str | None = None
    study: Id | None = None
    comparator: Id | None = None
    jurisdiction: list[str] = []
    anatomy: Id | None = None
    condition: Id | None = None
    note: str | None = None
    # --- issue 12: grading by support: qualifiers of the subject (direction/aspect are the object's)
    subject_direction: str | None = None
    subject_aspect: str | None = None
    # issue 12: facts as data
    route: str | None = None
    human_data: str | None = None
    indication: Id | None = None
    emphasis: list[str] = []
    limitation: list[str] = []
    quantities: list[Quantity] = []
    databases: list[Id] = []


class Statement(Strict):
    """One atomic claim of one source."""

    id: Id
    subject: Id
    predicate: str
    object: ObjectRef | None = None
    value: StrictInt | StrictFloat | str | None = None
    hedging: str
    qualifiers: Qualifiers = Qualifiers()
    cites: list[Annotated[StrictInt, Field(ge=1)]] = []
    citation_marker: StrictBool = False
    locators: Annotated[list[Locator], Field(min_length=1)]
    terms: Annotated[list[Text], Field(min_length=1, max_length=3)]
    text: Paraphrase
    # --- issue 12: grading by support (see semaxkg.build.support; derived when omitted)
    negated: StrictBool = False  # polarity: the source denies the relation, at any hedging
    support: str | None = None  # code of sxo:SupportKind, only where the derivation is wrong
    study_support: str | None = None  # code of sxo:StudySupport, where no conflict records it
    explains: list[Id] = []  # what the mechanism is offered to account for

    @property
    def object_text(self) -> str:
        """The object id or the literal value, as text (for keys and messages)."""
        return str(self.object if self.object is not None else self.value)

    @model_validator(mode="after")
    def _object_or_value(self) -> Statement:
        if (self.object is None) == (self.value is None):
            raise ValueError("give exactly one of 'object' (an entity id) or 'value' (a literal)")
        return self


class Author(Strict):
    """The author a source names, with the credentials it states."""

    name: Text
    credentials: str | None = None
    # issue 12: facts as data
    degree: str | None = None
    job_titles: list[Text] = []
    affiliations: list[Id] = []


class Rating(Strict):
    """A reader rating shown on the page."""

    votes: Annotated[StrictInt, Field(ge=0)]
    average: StrictFloat | StrictInt
    best: StrictInt
    locator: Locator


class Disclosure(Strict):
    """Something the source says about itself that bears on its credibility."""

    kind: str
    declared: StrictBool = True
    locator: Locator
    terms: Annotated[list[Text], Field(min_length=1, max_length=3)]
    note: str | None = None


class Section(Strict):
    """A heading of the source and the offset where its section starts."""

    title: Text
    start: Offset


class Reference(Published):
    """One numbered entry of the source's reference list."""

    number: Annotated[StrictInt, Field(ge=1)]
    authors: str | None = None
    year: StrictInt | None = None
    title: str | None = None
    venue: str | None = None
    pmid: Pmid | None = None
    doi: Doi | None = None
    url: str | None = None
    study: Id | None = None
    locator: Locator
    # issue 12: facts as data
    pmid_shown: str | None = None
    doi_shown: str | None = None
    title_locator: Locator | None = None
    title_withheld: StrictBool = False
    journal_printed: StrictBool = True


class MetadataSpan(Strict):
    """Where the page prints one of its metadata fields (issue 12: coverage by span)."""

    field: Literal["title", "description", "author", "credentials", "date", "reading_time",
                   "category"]
    locator: Locator


class SourceMeta(Strict):
    """Metadata of one source document and of the exact text its offsets point into."""

    id: SourceId
    file: Text
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    length: Annotated[StrictInt, Field(ge=1)]
    title: str | None = None
    kind: Literal["web_article"] = "web_article"
    publisher_kind: str
    url: str | None = None
    author: Author | None = None
    date: dt.date | None = None
    citation_style: Text
    rating: Rating | None = None
    disclosures: list[Disclosure] = []
    sections: list[Section] = []
    references: list[Reference] = []
    # -- issue 12: page metadata as data, each printed field located by span ----------------
    category: str | None = None
    reading_minutes: Annotated[StrictInt, Field(ge=1)] | None = None
    metadata_spans: list[MetadataSpan] = []


class SourceFile(Strict):
    """A file holding one source document's metadata and statements."""

    source: SourceMeta
    statements: list[Statement] = []


class ReferenceRecord(Strict):
    """An external record (a registry entry, the project's reference notes) that a conflict
    sets against a source's claims; it is not a source document and makes no claims here."""

    id: Id
    label: Text
    identifier: Text
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = None
    note: str | None = None


class Conflict(Strict):
    """A curated disagreement between claims, or between claims and a cited paper's record
    (``study``) or an external reference record (``record``)."""

    id: Id
    kind: str
    status: str
    claims: Annotated[list[Id], Field(min_length=1)]
    study: Id | None = None
    record: Id | None = None
    record_part: str | None = None
    record_mechanism: str | None = None
    record_says: str | None = None
    #: issue 12: what the disagreement is about (a ``sxo:ConflictBasis`` code).
    basis: str | None = None
    note: Paraphrase
    # --- issue 12: grading by support: what the cited study's record says of the claims
    study_support: str | None = None  # code of sxo:StudySupport (does_not_address | contradicts)


class ConflictsFile(Strict):
    """A file of reference records and curated conflicts."""

    records: list[ReferenceRecord] = []
    conflicts: list[Conflict] = []


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
