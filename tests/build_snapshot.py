"""The one snapshot of the build: a consistent private copy of ``data/ttl`` per test process.

Tests never read ``data/ttl`` itself: a rebuild while they run (another checkout's session,
``make build``) would put the graph, the dumps and the VoID out of step, and a test must
not be able to change the committed build. The copy is taken once per process (each
pytest-xdist worker takes its own) and removed at exit; the fixture ``built_dir`` of
``tests/conftest.py`` hands it to tests, and the triplestore helpers use the same copy.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import time
from functools import cache
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
#: The committed build output.
BUILD = ROOT / "data" / "ttl"
#: Turtle files of a build that are not one of the named graphs of ``semaxkg.nq``.
NOT_GRAPHS = ("shacl-report.ttl", "void.ttl")


def is_built() -> bool:
    """True when ``data/ttl`` holds a build."""
    return (BUILD / "semaxkg.nq").is_file()


def consistent(folder: Path) -> bool:
    """True when the N-Quads file holds exactly the triples of the per-graph Turtle files
    (a copy taken while a build swapped folders would mix two builds)."""
    graphs = [p for p in folder.glob("*.ttl") if p.name not in NOT_GRAPHS]
    quads = sum(1 for _ in ox.parse(path=folder / "semaxkg.nq"))
    return quads == sum(sum(1 for _ in ox.parse(path=p)) for p in graphs)


@cache
def built_snapshot(attempts: int = 10) -> Path:
    """The copy of ``data/ttl`` (with its dumps) for this process; retried while a build swaps."""
    parent = Path(tempfile.mkdtemp(prefix="semaxkg-built-"))
    atexit.register(shutil.rmtree, parent, True)
    target = parent / "ttl"
    for _attempt in range(attempts):
        shutil.rmtree(target, ignore_errors=True)
        try:
            shutil.copytree(BUILD, target)
            if consistent(target):
                return target
        except (OSError, SyntaxError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"could not take a consistent copy of {BUILD}")
