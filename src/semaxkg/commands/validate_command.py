"""``semaxkg validate``: check the statement files (and, when built, the shapes) without writing."""

from __future__ import annotations

import argparse
import logging
from typing import Any

from semaxkg.build.pipeline import check_graph
from semaxkg.commands.common import add_statements_option, load_checked_corpus

log = logging.getLogger(__name__)

HELP = """\
Check every statement file against the schema, the ontology's controlled lists and each
other (ids, references, offsets), convert them to RDF in memory and run the SHACL shapes
and the OWL check. Nothing is written.

example:
  semaxkg validate --statements data/statements
"""


def run(args: argparse.Namespace) -> int:
    """Validate; 0 ok, 1 the graph does not conform, 2 the input is malformed."""
    corpus = load_checked_corpus(args)
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
    p.add_argument("--no-reasoner", action="store_true", help="skip the OWL (HermiT) check")
    p.set_defaults(handler=run)
