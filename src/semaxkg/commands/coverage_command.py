"""``semaxkg coverage``: how many fact-stating sentences of each source are data, by span."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from semaxkg.build.sentence_coverage import Coverage, source_coverage
from semaxkg.commands.common import add_statements_option, existing_sources_dir, load_checked_corpus
from semaxkg.paths import current_project

HELP = """\
Cut each source text into sentences and count those that a recorded span overlaps (a claim's
locator, a disclosure, the rating, a reference entry, a located metadata field). Sentences that
the source's coverage note (data/statements/coverage-NNN.md) lists in a table are left out on
purpose (headings, navigation); any other sentence is missing. Exit 0 when none is missing,
1 otherwise.

example:
  semaxkg coverage --sources ../shared/sources
"""


def format_coverage(rows: list[Coverage]) -> str:
    """One line per source and a total, then the missing spans."""
    lines = []
    for c in rows:
        lines.append(f"{c.source_id}: {c.covered} of {c.factual} fact-stating sentences covered "
                     f"({100 * c.ratio:.1f}%); {c.left_out} left out on purpose; "
                     f"{len(c.missing)} missing")
    covered, factual = sum(c.covered for c in rows), sum(c.factual for c in rows)
    share = 100 * covered / factual if factual else 100.0
    lines.append(f"total: {covered} of {factual} ({share:.1f}%)")
    lines += [f"  missing {c.source_id} {a}-{b}" for c in rows for a, b in c.missing]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the coverage; exit 0 when every fact-stating sentence is covered, 1 otherwise."""
    sources_dir = existing_sources_dir(args.sources or current_project().sources_dir)
    corpus = load_checked_corpus(args)
    notes_dir: Path = args.statements or current_project().statements_dir
    rows = [source_coverage(src, sources_dir, notes_dir) for src in corpus.sources]
    sys.stdout.write(format_coverage(rows) + "\n")
    return 1 if any(c.missing for c in rows) else 0


def register(sub: Any) -> None:
    """Add the ``coverage`` sub-command."""
    p = sub.add_parser("coverage", help="sentence coverage of the source texts by span",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_statements_option(p)
    p.add_argument("--sources", type=Path,
                   help="folder with the source texts (default: the project's ../shared/sources)")
    p.set_defaults(handler=run)
