"""``semaxkg validate``: check the statement files (and, when built, the shapes) without writing."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

from semaxkg.build.corpus import Corpus
from semaxkg.build.pipeline import check_graph
from semaxkg.build.sources import check_sources
from semaxkg.commands.common import add_statements_option, existing_sources_dir, load_checked_corpus
from semaxkg.errors import Problem
from semaxkg.paths import current_project

log = logging.getLogger(__name__)

HELP = """\
Check every statement file against the schema, the ontology's controlled lists and each
other (ids, references, offsets), and with --sources (or the project's sources folder
when at hand) each statement's key terms and spans against the texts; convert them to RDF
in memory and run the SHACL shapes and the OWL check. Nothing is written.

example:
  semaxkg validate --statements data/statements
"""


def _sources_dir(args: argparse.Namespace) -> Path | None:
    """``--sources``, or the project's sources folder when the project's own statements are
    checked and that folder is at hand; None: the texts are not checked."""
    if args.sources is not None:
        return existing_sources_dir(Path(args.sources))
    if args.statements is None:
        folder = current_project().sources_dir
        return folder if folder.is_dir() else None
    return None


def run(args: argparse.Namespace) -> int:
    """Validate; 0 ok, 1 the graph does not conform, 2 the input is malformed."""
    sources = _sources_dir(args)

    def against_texts(corpus: Corpus) -> list[Problem]:
        # Key terms and spans in the same run as the schema (issue 17: one pass).
        assert sources is not None
        return [p for r in check_sources(corpus, sources, corpus.locations, True) for p in r.problems]

    corpus = load_checked_corpus(args, against_texts if sources is not None else None)
    if sources is None:
        log.info("source texts not checked (no --sources folder at hand)")
    n = sum(1 for _ in corpus.statements())
    log.info("statement files are well formed: %d sources, %d statements, %d entities",
             len(corpus.sources), n, len(corpus.entities))
    check_graph(corpus, reasoner=not args.no_reasoner)
    return 0


def register(sub: Any) -> None:
    """Add the ``validate`` sub-command."""
    p = sub.add_parser("validate", help="check statements and shapes without writing",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_statements_option(p)
    p.add_argument("--sources", type=Path,
                   help="folder with the source texts: key terms and spans are checked too "
                        "(default: the project's, when it is at hand and --statements is not given)")
    p.add_argument("--no-reasoner", action="store_true", help="skip the OWL (HermiT) check")
    p.set_defaults(handler=run)
