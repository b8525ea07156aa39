"""Where the project is: the folder the commands act on, and the files inside it.

A *project* is a folder whose ``pyproject.toml`` has a ``[tool.semaxkg]`` table (the
marker). Commands act on, in this order: the folder given with ``--project DIR`` (or the
``SEMAXKG_PROJECT`` variable), the nearest project at or above the working directory, and
last the project embedded in an installed wheel (the ontology, shapes, named queries and
the built Semax graph, read-only). They never act on the checkout the package was installed
from unless the working directory lies inside it.

>>> from pathlib import Path
>>> project = Project(Path("/srv/kg"))
>>> project.ttl_dir.as_posix()
'/srv/kg/data/ttl'
>>> project.display(Path("/srv/kg/data/statements/source-000.yaml"))
'data/statements/source-000.yaml'
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from semaxkg.errors import UsageError

#: The environment variable naming the project folder (what ``--project`` sets for one run).
PROJECT_ENV = "SEMAXKG_PROJECT"
#: The file holding the marker, and the marker table itself.
MARKER_FILE = "pyproject.toml"
MARKER_TABLE = "semaxkg"
#: The project a wheel carries (copied in by ``setup.py`` at wheel-build time; absent in a checkout).
EMBEDDED_ROOT = Path(__file__).resolve().parent / "embedded"

_chosen: ContextVar[Path | None] = ContextVar("semaxkg_project", default=None)


@dataclass(frozen=True)
class Project:
    """One project folder and the standard places inside it."""

    root: Path
    #: True for the project a wheel carries: read-only, no statements.
    embedded: bool = False

    @property
    def statements_dir(self) -> Path:
        """The curated statement files (YAML)."""
        return self.root / "data" / "statements"

    @property
    def ttl_dir(self) -> Path:
        """The build output: Turtle per graph, TriG, N-Quads, dumps and VoID."""
        return self.root / "data" / "ttl"

    @property
    def data_file(self) -> Path:
        """The built dataset the server and ``semaxkg query`` read."""
        return self.ttl_dir / "semaxkg.nq"

    @property
    def releases_dir(self) -> Path:
        """The recorded releases, one folder per version (``semaxkg release``)."""
        return self.root / "data" / "releases"

    @property
    def shapes_dir(self) -> Path:
        """The SHACL shapes."""
        return self.root / "shapes"

    @property
    def queries_dir(self) -> Path:
        """The named queries (``NN-name.rq``); the QC queries are in its ``qc/``."""
        return self.root / "queries"

    @property
    def ontology_file(self) -> Path:
        """The ontology (Turtle)."""
        return self.root / "ontology" / "semaxkg.ttl"

    @property
    def sources_dir(self) -> Path:
        """The source texts, by default ``../shared/sources`` beside the project."""
        return self.root.parent / "shared" / "sources"

    def display(self, path: Path) -> str:
        """``path`` relative to the project root when it lies inside it, for messages."""
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)


def is_project(folder: Path) -> bool:
    """True when ``folder/pyproject.toml`` has a ``[tool.semaxkg]`` table."""
    marker = folder / MARKER_FILE
    if not marker.is_file():
        return False
    try:
        with marker.open("rb") as handle:
            table = tomllib.load(handle).get("tool", {}).get(MARKER_TABLE)
    except (OSError, tomllib.TOMLDecodeError):
        return False
    return isinstance(table, dict)


def find_project(start: Path) -> Path | None:
    """The nearest project folder at or above ``start``, or None."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if is_project(folder):
            return folder
    return None


def embedded_project() -> Project | None:
    """The project carried by an installed wheel, or None (an editable install carries none)."""
    return Project(EMBEDDED_ROOT, embedded=True) if EMBEDDED_ROOT.is_dir() else None


def _named(folder: Path | str, how: str) -> Project:
    root = Path(folder).resolve()
    if not is_project(root):
        raise UsageError(f"{how} names {folder}, which is not a semaxkg project (no "
                         f"[tool.{MARKER_TABLE}] table in its {MARKER_FILE})")
    return Project(root)


def find_current_project() -> Project | None:
    """The project to act on (``--project``, ``SEMAXKG_PROJECT``, the working directory, the
    embedded one), or None when there is none."""
    chosen = _chosen.get()
    if chosen is not None:
        return _named(chosen, "--project")
    named = os.environ.get(PROJECT_ENV)
    if named:
        return _named(named, PROJECT_ENV)
    found = find_project(Path.cwd())
    return Project(found) if found is not None else embedded_project()


def current_project(*, writable: bool = False) -> Project:
    """The project to act on; :class:`UsageError` when there is none (or, with ``writable``,
    when only the read-only embedded one is there)."""
    project = find_current_project()
    if project is None or (writable and project.embedded):
        where = "only the installed read-only graph" if project is not None else "none"
        raise UsageError(
            f"no semaxkg project at or above {Path.cwd()} ({where}): run inside a folder whose "
            f"{MARKER_FILE} has a [tool.{MARKER_TABLE}] table, or pass --project DIR")
    return project


@contextmanager
def using_project(folder: Path | str | None) -> Iterator[None]:
    """Within the block, act on the project ``folder`` (None: keep the usual search)."""
    token = _chosen.set(Path(folder) if folder is not None else None)
    try:
        yield
    finally:
        _chosen.reset(token)


def display(path: Path) -> str:
    """``path`` relative to the current project's root when it lies inside it, for messages."""
    project = find_current_project()
    return project.display(path) if project is not None else str(path)
