"""Regenerate queries/README.md from the title and description lines of each .rq file."""

from pathlib import Path

HERE = Path(__file__).resolve().parent


def _table(folder: Path, prefix: str) -> list[str]:
    rows = []
    for f in sorted(folder.glob("*.rq")):
        head = f.read_text(encoding="utf-8").splitlines()
        title = head[0].removeprefix("# title: ").strip()
        desc = head[1].removeprefix("# description: ").strip().replace("|", "\\|")
        rows.append(f"| [`{prefix}{f.name}`]({prefix}{f.name}) | {title} | {desc} |")
    return rows


def main() -> None:
    lines = [
        "# Named queries",
        "",
        "Competency questions over the semaxkg graph, one SPARQL file each. Every file starts with",
        "`# title:` and `# description:` lines. At the endpoint the default graph is the union of",
        "all named graphs; queries that care about provenance use `GRAPH ?g`. Queries with a",
        "`VALUES` line for a claim, source or graph take that line as their parameter.",
        "`tests/test_queries.py` runs each one and compares its answer with `expected/NN-name.tsv`",
        "(regenerate those with `make expected` after a rebuild and review the diff).",
        "",
        "Regenerate this list with `python queries/make_readme.py`.",
        "",
        "| file | title | description |",
        "|---|---|---|",
    ]
    lines += _table(HERE, "")
    lines += [
        "",
        "## Queries whose answer is empty, and why that is right",
        "",
        "- `01-mechanisms-with-human-evidence.rq` returns no rows. Reading the three sources: every",
        "  mechanism they put forward in humans is their own explanation, not a measurement. Source",
        "  000 offers a BDNF rise as a hedged reason for nerve recovery after stroke on a sentence",
        "  with no citation mark (the stroke study it cites measured recovery, not BDNF); source 001",
        "  proposes melanocortin binding and retinal NGF as what may lie behind human findings, with",
        "  no study named for the mechanism, and says BDNF upregulation is documented in rodents",
        "  only; source 002 cites animal and gene-expression papers for its mechanisms. So the",
        "  mechanism claims are graded animal, cited-unspecified, cited-not-supported, speculation",
        "  or none (query 11 and 37 show the counts), and none reaches a human level.",
        "",
        "## Text matching",
        "",
        "No named query answers by matching text in labels, notes or values. The only string",
        "functions left are in two QC queries that check the form of IRIs themselves",
        "(`qc/iri-outside-scheme-violation.rq`, `qc/undefined-ontology-term-violation.rq`).",
        "Queries 26, 31 and 38 count a study's claims by its role for each claim: grading it",
        "(`sxo:gradedByStudy`), shown as context (`sxo:contextStudy`), the study a claim is about",
        "(`sxo:claimSubject`), or cited while its record does not support the claim",
        "(`sxo:studySupport`).",
        "",
        "## QC queries",
        "",
        "`qc/*-violation.rq`: quality checks that must return **no rows** on a good graph. Each row",
        "is one violation, its first IRI the offending resource. `semaxkg build` and `semaxkg validate`",
        "run them after the SHACL shapes (a row means the graph does not conform: exit 1, with the",
        "statement file and line); `tests/test_qc_queries.py` runs each on the built graph and on a",
        "deliberately broken graph, checking the exact offending rows.",
        "",
        "| file | title | description |",
        "|---|---|---|",
    ]
    lines += _table(HERE / "qc", "qc/")
    (HERE / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
