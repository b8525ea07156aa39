"""The graph's named queries (``queries/*.rq``), read once at start-up for the query page.

Each file starts with ``# title:`` and ``# description:`` comment lines; its stem
(``05-all-conflicts``) names it in ``/sparql?named=…``. The files are read from the project's
``queries/`` folder (config key ``QUERIES_DIR``) whatever store the app reads, so the page
offers them over a remote endpoint too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask.sansio.app import App

from semaxkg.errors import UsageError
from semaxkg.paths import find_current_project

log = logging.getLogger(__name__)

#: Config key of the folder holding the ``*.rq`` files (``None``: the project's ``queries/``).
CONFIG_KEY = "QUERIES_DIR"
#: Where the loaded queries live in ``app.extensions``.
EXTENSION_KEY = "semaxkg.named_queries"
TITLE = "# title:"
DESCRIPTION = "# description:"


@dataclass(frozen=True)
class NamedQuery:
    """One named query: file stem, title, description and the full text (comments kept)."""

    name: str
    title: str
    description: str
    text: str


def parse_named_query(path: Path) -> NamedQuery:
    """Read one ``.rq`` file; a missing or empty title/description is a located error."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        for key in (TITLE, DESCRIPTION):
            if line.startswith(key):
                value = line.removeprefix(key).strip()
                if not value:
                    raise UsageError(f"{path}:{number}: '{key}' has no text (fix: write it)")
                fields[key] = value
    for key in (TITLE, DESCRIPTION):
        if key not in fields:
            raise UsageError(
                f"{path}:1: no '{key}' line (fix: start the file with '{TITLE} …' and "
                f"'{DESCRIPTION} …' comment lines)"
            )
    return NamedQuery(path.stem, fields[TITLE], fields[DESCRIPTION], text)


def load_named_queries(directory: Path) -> tuple[NamedQuery, ...]:
    """Every ``*.rq`` file of ``directory``, sorted by file name."""
    return tuple(parse_named_query(path) for path in sorted(directory.glob("*.rq")))


def init_app(app: App) -> tuple[NamedQuery, ...]:
    """Load the named queries of ``app``'s ``QUERIES_DIR`` into ``app.extensions``.

    A configured folder that does not exist is an error; the default folder may be absent
    (an installed package without the checkout), which leaves the page without named queries.
    """
    configured = app.config.get(CONFIG_KEY)
    project = find_current_project()
    directory = Path(configured) if configured else project.queries_dir if project else None
    if directory is not None and directory.is_dir():
        queries = load_named_queries(directory)
    elif configured:
        raise UsageError(f"{CONFIG_KEY} names {directory}, which is not a folder")
    else:
        log.warning("no named queries: %s is not a folder (set %s)", directory or "no project",
                    CONFIG_KEY)
        queries = ()
    app.extensions[EXTENSION_KEY] = queries
    return queries


def get_named_queries() -> tuple[NamedQuery, ...]:
    """The current app's named queries."""
    queries: tuple[NamedQuery, ...] = current_app.extensions.get(EXTENSION_KEY, ())
    return queries
