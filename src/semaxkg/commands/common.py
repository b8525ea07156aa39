"""Options and helpers shared by several sub-commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from semaxkg.corpus import Corpus, load_corpus
from semaxkg.paths import PROJECT_ROOT, STATEMENTS_DIR
from semaxkg.vocab import default_vocabulary


def add_statements_option(p: argparse.ArgumentParser) -> None:
    """Add ``--statements DIR``."""
    p.add_argument("--statements", type=Path, default=STATEMENTS_DIR,
                   help="folder with the statement YAML files (default: data/statements)")


def load_checked_corpus(args: argparse.Namespace) -> Corpus:
    """Load and check the statement files named by ``--statements``."""
    directory: Path = args.statements
    root = PROJECT_ROOT if directory.resolve().is_relative_to(PROJECT_ROOT) else None
    return load_corpus(directory.resolve(), default_vocabulary(), root)
