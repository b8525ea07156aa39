"""The parameterised query mix: templates whose constants are drawn from the data per request.

As in the Berlin SPARQL Benchmark, every request instantiates one of a few query templates
with constants — entity, claim and source IRIs, effect-size and sample-size thresholds, years,
search words, relations, evidence levels — drawn at random from the loaded data (``Constants``,
read from the same N-Quads file the servers load). A result cache therefore only helps as far
as real constants repeat; the fixed mix of ``queries.py`` repeats the same twelve queries.

Drawing is seeded: ``draw_mix(constants, n, seed)`` gives the same list for the same data and
seed, so every server of one round gets the very same requests.

    python benchmarks/templates.py /tmp/semax-5k.nq --n 5 --seed 1
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from queries import JSON, PREFIXES, TURTLE

ID = "https://w3id.org/semaxkg/id/"
ONT = "https://w3id.org/semaxkg/ontology/"
XSD = "http://www.w3.org/2001/XMLSchema#"
XML = "application/sparql-results+xml"
CSV = "text/csv"

_QUAD = re.compile(r'^<([^>]*)> <([^>]*)> (<[^>]*>|"(?:[^"\\]|\\.)*"(?:\^\^<[^>]*>|@[\w-]+)?)')
_LITERAL = re.compile(r'^"((?:[^"\\]|\\.)*)"')


@dataclass
class Constants:
    """Values seen in the data, the pools every template draws its constants from."""

    entities: list[str] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    conflicting: list[str] = field(default_factory=list)  # claims with sx:conflictsWith
    relations: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    effect_sizes: list[float] = field(default_factory=list)
    sample_sizes: list[int] = field(default_factory=list)
    label_words: list[str] = field(default_factory=list)  # first words of entity labels
    quote_bigrams: list[str] = field(default_factory=list)  # adjacent word pairs in quotes


def _literal(term: str) -> str:
    match = _LITERAL.match(term)
    return match.group(1) if match else ""


def read_constants(lines: Iterable[str], max_bigrams: int = 2000) -> Constants:
    """Collect the constant pools from N-Quads ``lines`` (as ``generate.py`` writes them)."""
    sets: dict[str, set[str]] = {k: set() for k in (
        "entities", "claims", "sources", "conflicting", "relations", "levels", "label_words",
        "quote_bigrams")}
    years: set[int] = set()
    effects: set[float] = set()
    samples: set[int] = set()
    for line in lines:
        match = _QUAD.match(line)
        if match is None:
            continue
        subject, predicate, obj = match.groups()
        local = predicate[len(ONT):] if predicate.startswith(ONT) else ""
        if subject.startswith(ID + "entity-"):
            sets["entities"].add(subject)
            if predicate.endswith("#label"):
                sets["label_words"].add(_literal(obj).split()[0])
        elif subject.startswith(ID + "source-") and local == "year":
            sets["sources"].add(subject)
            years.add(int(_literal(obj)))
        elif subject.startswith(ID + "claim-"):
            sets["claims"].add(subject)
            if local == "relation":
                sets["relations"].add(obj[1 + len(ONT):-1])
            elif local == "evidenceLevel":
                sets["levels"].add(_literal(obj))
            elif local == "effectSize":
                effects.add(float(_literal(obj)))
            elif local == "sampleSize":
                samples.add(int(_literal(obj)))
            elif local == "conflictsWith":
                sets["conflicting"].add(subject)
            elif local == "quote" and len(sets["quote_bigrams"]) < max_bigrams:
                words = _literal(obj).split()
                sets["quote_bigrams"].update(f"{a} {b}" for a, b in itertools.pairwise(words))
    # Sorted so that the draw depends on the seed only, not on set order.
    return Constants(
        **{k: sorted(v) for k, v in sets.items()},
        years=sorted(years), effect_sizes=sorted(effects), sample_sizes=sorted(samples))


def load_constants(path: Path) -> Constants:
    """``read_constants`` over an N-Quads file."""
    with path.open(encoding="utf-8") as lines:
        return read_constants(lines)


def _iri(value: str) -> str:
    return f"<{value}>"


Template = Callable[[random.Random, Constants], tuple[str, str]]


def _label_exact(rng: random.Random, k: Constants) -> tuple[str, str]:
    return f"SELECT ?l WHERE {{ {_iri(rng.choice(k.entities))} rdfs:label ?l }}", JSON


def _label_prefix(rng: random.Random, k: Constants) -> tuple[str, str]:
    word = rng.choice(k.label_words)
    return (f'SELECT ?e ?l WHERE {{ ?e rdfs:label ?l FILTER(STRSTARTS(?l, "{word}")) }} '
            f"LIMIT {rng.choice((10, 20, 50))}", rng.choice((JSON, XML)))


def _describe(rng: random.Random, k: Constants) -> tuple[str, str]:
    return f"DESCRIBE {_iri(rng.choice(k.claims))}", TURTLE


def _join_filter(rng: random.Random, k: Constants) -> tuple[str, str]:
    threshold = rng.choice(k.effect_sizes)
    return (f"SELECT ?c ?o ?es WHERE {{ ?c sx:subject {_iri(rng.choice(k.entities))} ; "
            f"sx:object ?o ; sx:effectSize ?es FILTER(?es > {threshold}) }} LIMIT 50", JSON)


def _text_search(rng: random.Random, k: Constants) -> tuple[str, str]:
    words = rng.choice(k.quote_bigrams)
    return (f'SELECT ?c ?q WHERE {{ ?c sx:quote ?q FILTER(CONTAINS(?q, "{words}")) }} '
            "LIMIT 10", JSON)


def _provenance(rng: random.Random, k: Constants) -> tuple[str, str]:
    return (f"SELECT ?c ?src ?title ?g WHERE {{ GRAPH ?g {{ ?c sx:subject "
            f"{_iri(rng.choice(k.entities))} ; sx:source ?src . ?src rdfs:label ?title }} }} "
            "LIMIT 20", rng.choice((JSON, CSV)))


def _year_range(rng: random.Random, k: Constants) -> tuple[str, str]:
    year = rng.choice(k.years)
    return (f'SELECT ?c ?src ?y WHERE {{ ?src sx:year ?y FILTER(?y >= "{year}"^^xsd:gYear '
            f'&& ?y <= "{year + rng.randint(0, 3)}"^^xsd:gYear) ?c sx:source ?src ; '
            f'sx:evidenceLevel "{rng.choice(k.levels)}" }} LIMIT 50', JSON)


def _source_table(rng: random.Random, k: Constants) -> tuple[str, str]:
    return (f"SELECT ?c ?label ?es ?n WHERE {{ ?c sx:source {_iri(rng.choice(k.sources))} ; "
            "sx:object ?o OPTIONAL { ?o rdfs:label ?label } OPTIONAL { ?c sx:effectSize ?es } "
            "OPTIONAL { ?c sx:sampleSize ?n } } ORDER BY DESC(?n) LIMIT 25", JSON)


def _construct(rng: random.Random, k: Constants) -> tuple[str, str]:
    return (f"CONSTRUCT {{ ?c sx:subject ?s ; sx:object ?o }} WHERE {{ ?c sx:subject ?s ; "
            f"sx:object {_iri(rng.choice(k.entities))} ; sx:object ?o }} LIMIT 50", TURTLE)


def _ask(rng: random.Random, k: Constants) -> tuple[str, str]:
    return (f"ASK {{ ?c sx:relation sx:{rng.choice(k.relations)} ; "
            f"sx:object {_iri(rng.choice(k.entities))} }}", JSON)


def _path(rng: random.Random, k: Constants) -> tuple[str, str]:
    return (f"SELECT DISTINCT ?x WHERE {{ {_iri(rng.choice(k.conflicting or k.claims))} "
            "sx:conflictsWith+ ?x } LIMIT 20", JSON)


def _subject_summary(rng: random.Random, k: Constants) -> tuple[str, str]:
    return (f"SELECT ?rel (COUNT(?c) AS ?n) (AVG(?es) AS ?mean) WHERE {{ ?c sx:subject "
            f"{_iri(rng.choice(k.entities))} ; sx:relation ?rel ; sx:effectSize ?es ; "
            f"sx:sampleSize ?size FILTER(?size >= {rng.choice(k.sample_sizes)}) }} "
            "GROUP BY ?rel ORDER BY DESC(?n)", JSON)


#: name -> template; every request picks one uniformly.
TEMPLATES: dict[str, Template] = {
    "label-exact": _label_exact, "label-prefix": _label_prefix, "describe": _describe,
    "join-filter": _join_filter, "text-search": _text_search, "provenance": _provenance,
    "year-range": _year_range, "source-table": _source_table, "construct": _construct,
    "ask": _ask, "property-path": _path, "subject-summary": _subject_summary,
}
PROLOGUE = PREFIXES + f"PREFIX xsd: <{XSD}> "


def draw(rng: random.Random, constants: Constants) -> tuple[str, str, str]:
    """One request: ``(template name, query, Accept)``."""
    name = rng.choice(sorted(TEMPLATES))
    query, accept = TEMPLATES[name](rng, constants)
    return name, PROLOGUE + query, accept


def draw_mix(constants: Constants, n: int, seed: int) -> list[tuple[str, str, str]]:
    """``n`` requests, the same for the same constants and seed."""
    rng = random.Random(seed)
    return [draw(rng, constants) for _ in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", type=Path)
    parser.add_argument("--n", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for name, query, accept in draw_mix(load_constants(args.data), args.n, args.seed):
        print(f"# {name} ({accept})\n{query}\n")


if __name__ == "__main__":
    main()
