"""Seeded synthetic N-Quads under the semaxkg namespaces, shaped like the Semax graph.

Entities (peptides, genes, conditions, outcomes) live in the ``entities`` graph, the ontology
in ``ontology``, and claims (subject, predicate, object, effect size, evidence level, quote,
source document, locator) in one ``source-NNN`` graph per source document.

    python benchmarks/generate.py --triples 5000 --seed 1 --out /tmp/semax-5k.nq
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

BASE = "https://w3id.org/semaxkg/"
ID, ONT, GRAPH = BASE + "id/", BASE + "ontology/", BASE + "graph/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
XSD = "http://www.w3.org/2001/XMLSchema#"
WORDS = (
    'semax', 'neuroprotection', 'bdnf', 'trkb', 'ischemia', 'stroke', 'memory', 'attention',
    'rat', 'human', 'mouse', 'cortex', 'hippocampus', 'gene', 'expression', 'dose',
    'nasal', 'peptide', 'analog', 'acth', 'heptapeptide', 'anxiety', 'cognition', 'recovery',
    'inflammation', 'vascular',
)
CLASSES = ("Peptide", "Gene", "Condition", "Outcome", "Claim", "SourceDocument", "Organism")
RELATIONS = ("increases", "decreases", "associatedWith", "treats", "expressedIn", "bindsTo")
LEVELS = ("in-vitro", "animal", "clinical-small", "clinical-rct", "review")
TRIPLES_PER_CLAIM = 10


def generate(triples: int, seed: int) -> list[str]:
    """About ``triples`` N-Quads lines, deterministic for ``seed``."""
    rng = random.Random(seed)
    claims = max(10, triples // (TRIPLES_PER_CLAIM + 1))
    entities = max(20, claims // 8)
    sources = max(3, claims // 40)
    lines: list[str] = []
    ont, ent = f"<{GRAPH}ontology>", f"<{GRAPH}entities>"
    for cls in CLASSES:
        lines.append(f"<{ONT}{cls}> {RDF_TYPE} <http://www.w3.org/2002/07/owl#Class> {ont} .")
        lines.append(f'<{ONT}{cls}> {LABEL} "{cls}"@en {ont} .')
    for rel in RELATIONS:
        lines.append(f"<{ONT}{rel}> {RDF_TYPE} <http://www.w3.org/2002/07/owl#ObjectProperty> {ont} .")
    kinds = ("Peptide", "Gene", "Condition", "Outcome", "Organism")
    for e in range(entities):
        kind = kinds[e % len(kinds)]
        name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {e}"
        lines.append(f"<{ID}entity-{e:06d}> {RDF_TYPE} <{ONT}{kind}> {ent} .")
        lines.append(f'<{ID}entity-{e:06d}> {LABEL} "{name}"@en {ent} .')
    for s in range(sources):
        graph = f"<{GRAPH}source-{s:03d}>"
        lines.append(f"<{ID}source-{s:04d}> {RDF_TYPE} <{ONT}SourceDocument> {graph} .")
        lines.append(f'<{ID}source-{s:04d}> {LABEL} "Study {s} on {rng.choice(WORDS)}" {graph} .')
        lines.append(f'<{ID}source-{s:04d}> <{ONT}year> "{rng.randint(1990, 2025)}"^^<{XSD}gYear> {graph} .')
    for c in range(claims):
        source = rng.randrange(sources)
        graph = f"<{GRAPH}source-{source:03d}>"
        claim = f"<{ID}claim-{c:07d}>"
        subject = rng.randrange(entities)
        obj = rng.randrange(entities)
        quote = " ".join(rng.choice(WORDS) for _ in range(8))
        lines += [
            f"{claim} {RDF_TYPE} <{ONT}Claim> {graph} .",
            f"{claim} <{ONT}subject> <{ID}entity-{subject:06d}> {graph} .",
            f"{claim} <{ONT}relation> <{ONT}{rng.choice(RELATIONS)}> {graph} .",
            f"{claim} <{ONT}object> <{ID}entity-{obj:06d}> {graph} .",
            f'{claim} <{ONT}effectSize> "{rng.uniform(-2, 2):.3f}"^^<{XSD}decimal> {graph} .',
            f'{claim} <{ONT}evidenceLevel> "{rng.choice(LEVELS)}" {graph} .',
            f'{claim} <{ONT}quote> "{quote}"@en {graph} .',
            f"{claim} <{ONT}source> <{ID}source-{source:04d}> {graph} .",
            f'{claim} <{ONT}locator> "p. {rng.randint(1, 30)}" {graph} .',
            f'{claim} <{ONT}sampleSize> "{rng.randint(5, 500)}"^^<{XSD}integer> {graph} .',
        ]
        if rng.random() < 0.1:
            other = f"<{ID}claim-{rng.randrange(claims):07d}>"
            lines.append(f"{claim} <{ONT}conflictsWith> {other} <{GRAPH}conflicts> .")
    return lines


def write(path: Path, triples: int, seed: int) -> int:
    """Write the dataset to ``path``; return the number of quads."""
    lines = generate(triples, seed)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--triples", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(write(args.out, args.triples, args.seed))


if __name__ == "__main__":
    main()
