"""``semaxkg build``: statements → validated RDF in ``data/ttl/``."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from typing import Any

from semaxkg.build.pipeline import build
from semaxkg.commands.common import add_statements_option, load_checked_corpus
from semaxkg.paths import current_project, display

log = logging.getLogger(__name__)

HELP = """\
Turn the curated statements into RDF: check them, convert them, validate the graph with the
SHACL shapes and the OWL reasoner (HermiT, when Java is present), then write Turtle per graph,
the whole dataset as TriG and N-Quads, and the SHACL report into the output folder. The same
statements always give the same bytes. When anything fails, nothing is written and the
previous output stays as it was.

example:
  semaxkg build
  semaxkg build --statements data/statements --out data/ttl
"""


def run(args: argparse.Namespace) -> int:
    """Build; 0 ok, 1 the graph does not conform, 2 the input is malformed."""
    corpus = load_checked_corpus(args)
    out: Path = args.out or current_project(writable=True).ttl_dir
    written = build(corpus, out, reasoner=not args.no_reasoner)
    log.info("wrote %d files to %s", len(written), display(out))
    return 0


def register(sub: Any) -> None:
    """Add the ``build`` sub-command."""
    p = sub.add_parser("build", help="build data/ttl from data/statements",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_statements_option(p)
    p.add_argument("--out", type=Path, help="output folder (default: the project's data/ttl)")
    p.add_argument("--no-reasoner", action="store_true", help="skip the OWL (HermiT) check")
    p.set_defaults(handler=run)
