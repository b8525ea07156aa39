"""Regenerate queries/README.md from the title and description lines of each .rq file."""

from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    lines = [
        "# Named queries",
        "",
        "Competency questions over the semaxkg graph, one SPARQL file each. Every file starts with",
        "`# title:` and `# description:` lines. At the endpoint the default graph is the union of",
        "all named graphs; queries that care about provenance use `GRAPH ?g`. Queries with a",
        "`VALUES` line for a claim, source or graph take that line as their parameter.",
        "`tests/test_queries.py` runs each one and checks its exact answer.",
        "",
        "Regenerate this list with `python queries/make_readme.py`.",
        "",
        "| file | title | description |",
        "|---|---|---|",
    ]
    for f in sorted(HERE.glob("*.rq")):
        head = f.read_text(encoding="utf-8").splitlines()
        title = head[0].removeprefix("# title: ").strip()
        desc = head[1].removeprefix("# description: ").strip().replace("|", "\\|")
        lines.append(f"| [`{f.name}`]({f.name}) | {title} | {desc} |")
    (HERE / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
