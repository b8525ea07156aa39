"""``semaxkg check-sources``: verify statements against the source texts."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

from semaxkg.build.sources import check_sources
from semaxkg.commands.common import add_statements_option, existing_sources_dir, load_checked_corpus
from semaxkg.errors import InputError
from semaxkg.paths import current_project

log = logging.getLogger(__name__)

HELP = """\
Recompute each source text's SHA-256 and length, check that every locator lies inside
the text, and that each statement's key terms occur in its passage.

example:
  semaxkg check-sources --sources ../shared/sources
"""


def run(args: argparse.Namespace) -> int:
    """Run the check; exit 0 when everything matches, 2 otherwise."""
    sources_dir = existing_sources_dir(args.sources or current_project().sources_dir)
    corpus = load_checked_corpus(args)
    reports = check_sources(corpus, sources_dir, corpus.locations)
    problems = [p for r in reports for p in r.problems]
    for r in reports:
        log.info("%s (%s): %d statements, %d locators, %d problems",
                 r.source_id, r.file, r.statements, r.locators, len(r.problems))
    if problems:
        raise InputError(problems)
    log.info("all sources match")
    return 0


def register(sub: Any) -> None:
    """Add the ``check-sources`` sub-command."""
    p = sub.add_parser("check-sources", help="check locators against the source texts",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_statements_option(p)
    p.add_argument("--sources", type=Path,
                   help="folder with the source texts (default: ../shared/sources beside the project)")
    p.set_defaults(handler=run)
