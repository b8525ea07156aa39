"""Cross-file checks of the structured facts (issue 12): the codes and entity ids that
qualifiers, studies, references and source authors use in place of free text."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol

from rdflib import URIRef

from semaxkg.build.model import Author, Entity, Qualifiers, Reference, Statement, Study
from semaxkg.errors import Location
from semaxkg.rdf.namespaces import SXO

#: Builds the location of a key path below the item being checked.
At = Callable[..., Location]

#: The predicate whose claims must say what kind of limitation they name.
LIMITATION_PREDICATE = "hasEvidenceLimitation"


class Checks(Protocol):
    """The checker operations these checks need (see :mod:`semaxkg.build.corpus`)."""

    def add(self, loc: Location, msg: str, fix: str) -> None: ...

    def code(self, cls: URIRef, value: str | None, loc: Location, what: str) -> None: ...

    def ref(self, ident: str | None, loc: Location, what: str, kinds: Iterable[str] = ()) -> None: ...


def check_statement(c: Checks, st: Statement, at: At) -> None:
    """Codes and entity ids of a statement's structured qualifiers."""
    q: Qualifiers = st.qualifiers
    c.code(SXO.RouteOfAdministration, q.route, at("qualifiers", "route"), "route")
    c.code(SXO.HumanDataStatus, q.human_data, at("qualifiers", "human_data"), "human data status")
    for j, emph in enumerate(q.emphasis):
        c.code(SXO.Emphasis, emph, at("qualifiers", "emphasis", j), "emphasis")
    c.ref(q.indication, at("qualifiers", "indication"), "indication", ["condition"])
    for j, kind in enumerate(q.limitation):
        c.code(SXO.LimitationKind, kind, at("qualifiers", "limitation", j), "limitation kind")
    for j, qty in enumerate(q.quantities):
        c.code(SXO.QuantityUnit, qty.unit, at("qualifiers", "quantities", j, "unit"), "unit")
        c.code(SXO.QuantityBound, qty.bound, at("qualifiers", "quantities", j, "bound"), "bound")
        c.code(SXO.QuantityKind, qty.measures, at("qualifiers", "quantities", j, "measures"),
               "quantity kind")
    for j, db in enumerate(q.databases):
        c.ref(db, at("qualifiers", "databases", j), "database", ["database"])
    c.ref(q.population, at("qualifiers", "population"), "population", ["population"])
    if st.predicate == LIMITATION_PREDICATE and not q.limitation:
        c.add(at("qualifiers"), f"'{st.id}' names an evidence limitation but not its kind",
              "add 'limitation: [<code>]' under qualifiers (codes: sxo:LimitationKind)")
    elif q.limitation and st.predicate != LIMITATION_PREDICATE:
        c.add(at("qualifiers", "limitation"), "'limitation' is only for evidence-limitation claims",
              f"remove it, or use predicate '{LIMITATION_PREDICATE}'")


def check_study(c: Checks, st: Study, at: At) -> None:
    """The entities a study examined, and the study it is a part of."""
    c.ref(st.part_of, at("part_of"), "whole study", ["study"])
    ex = st.examined
    groups = (("exposures", ex.exposures, ()), ("anatomy", ex.anatomy, ["anatomy"]),
              ("cell_types", ex.cell_types, ["anatomy"]), ("conditions", ex.conditions, ["condition"]),
              ("outcomes", ex.outcomes, ()), ("populations", ex.populations, ["population"]))
    for key, ids, kinds in groups:
        for j, ident in enumerate(ids):
            c.ref(ident, at("examined", key, j), f"examined {key.rstrip('s').replace('_', ' ')}", kinds)


#: The entity fields only a population may carry, with the code list each is checked against.
POPULATION_FACTS = (("species", SXO.Organism), ("health_status", SXO.HealthStatus),
                    ("age_group", SXO.AgeGroup), ("sex", SXO.Sex))


def check_entity(c: Checks, ent: Entity, at: At) -> None:
    """An outcome's population is a population entity; only populations carry population facts."""
    c.ref(ent.population, at("population"), "population", ["population"])
    if ent.population and ent.kind != "outcome":
        c.add(at("population"), f"'population' is only for outcomes, not a {ent.kind}",
              "remove it (a population entity lists its facts itself)")
    for key, cls in POPULATION_FACTS:
        value = getattr(ent, key)
        if value is not None and ent.kind != "population":
            c.add(at(key), f"'{key}' is only for population entities, not a {ent.kind}",
                  "remove it, or use 'kind: population'")
        c.code(cls, value, at(key), key.replace("_", " "))


def check_reference(c: Checks, r: Reference, at: At, length: int,
                    span: Callable[..., None]) -> None:
    """How the entry shows its identifiers, and where it prints its title."""
    for key, ident, shown in (("pmid", r.pmid, r.pmid_shown), ("doi", r.doi, r.doi_shown)):
        c.code(SXO.IdentifierPresentation, shown, at(f"{key}_shown"), "identifier presentation")
        if ident and shown is None:
            c.add(at(key), f"reference {r.number} gives a {key.upper()} but not how the page shows it",
                  f"add '{key}_shown: printed | in_link | not_shown'")
        if shown is not None and not ident:
            c.add(at(f"{key}_shown"), f"'{key}_shown' without a '{key}'", f"add '{key}:' or remove it")
    if r.title_locator is not None:
        span(r.title_locator, length, at("title_locator"))
    if r.journal and not r.journal_printed:
        c.add(at("journal"), f"reference {r.number} names a journal the page is said not to print",
              "remove 'journal:' or 'journal_printed: false'")
    if r.title_withheld and (r.title or r.title_locator is None):
        c.add(at("title_withheld"), "a withheld title keeps only its span",
              "remove 'title:' and give 'title_locator:'")


def check_author(c: Checks, author: Author, at: At) -> None:
    """A source author's affiliations are organisations."""
    for j, org in enumerate(author.affiliations):
        c.ref(org, at("affiliations", j), "affiliation", ["organization"])
