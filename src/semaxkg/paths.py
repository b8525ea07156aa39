"""Default locations inside the project tree (the package is installed in editable mode)."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
STATEMENTS_DIR = PROJECT_ROOT / "data" / "statements"
TTL_DIR = PROJECT_ROOT / "data" / "ttl"
SHAPES_DIR = PROJECT_ROOT / "shapes"
QUERIES_DIR = PROJECT_ROOT / "queries"
ONTOLOGY_FILE = PROJECT_ROOT / "ontology" / "semaxkg.ttl"
DEFAULT_SOURCES_DIR = PROJECT_ROOT.parent / "shared" / "sources"


def display(path: Path) -> str:
    """A path relative to the project root when it lies inside it, for messages."""
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)
