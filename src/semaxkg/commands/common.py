"""Options and helpers shared by several sub-commands."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from semaxkg.build.corpus import Corpus, load_corpus
from semaxkg.build.vocab import default_vocabulary
from semaxkg.errors import InputError, Location, Problem
from semaxkg.paths import current_project


def add_statements_option(p: argparse.ArgumentParser) -> None:
    """Add ``--statements DIR``."""
    p.add_argument("--statements", type=Path,
                   help="folder with the statement YAML files (default: the project's "
                        "data/statements)")


def load_checked_corpus(args: argparse.Namespace,
                        more_checks: Callable[[Corpus], list[Problem]] | None = None) -> Corpus:
    """Load and check the statement files named by ``--statements`` (and ``more_checks``)."""
    project = current_project(writable=args.statements is None)
    directory: Path = args.statements or project.statements_dir
    root = project.root if directory.resolve().is_relative_to(project.root) else None
    return load_corpus(directory.resolve(), default_vocabulary(), root, more_checks)


def existing_sources_dir(folder: Path) -> Path:
    """``folder`` when it is a directory; else the located "sources folder not found" error."""
    if not folder.is_dir():
        raise InputError([Problem(Location(str(folder)), "sources folder not found",
                                  "pass --sources DIR (for example ../shared/sources)")])
    return folder
