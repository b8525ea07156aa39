"""Where a release lives and how its version is written, for the command that makes one and
the server that shows it.

A release is the folder ``data/releases/VERSION/`` (:attr:`semaxkg.paths.Project.releases_dir`)
holding :data:`DUMP_NAME`, :data:`DESCRIPTION_NAME` and :data:`CHANGELOG_NAME`; its version
IRI is ``{iri_scheme.RELEASES}VERSION``.
"""

from __future__ import annotations

import functools
import re
import time
from pathlib import Path

from semaxkg.errors import UsageError

#: MAJOR.MINOR.PATCH, each without leading zeros.
VERSION = re.compile(r"^(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})\.(0|[1-9]\d{0,3})$")
#: The gzipped N-Quads of the build the release records.
DUMP_NAME = "semaxkg.nq.gz"
#: Its DCAT/VoID description (Turtle).
DESCRIPTION_NAME = "release.ttl"
#: The claim diff from the previous release (Markdown).
CHANGELOG_NAME = "changelog.md"
#: The files of a release, in the order they are listed.
RELEASE_FILES = (CHANGELOG_NAME, DUMP_NAME, DESCRIPTION_NAME)
#: A folder changed this recently is listed afresh, not from the memo (file systems whose
#: timestamps are coarse could show two changes under one mtime).
FRESH_NANOSECONDS = 2_000_000_000


def version_key(version: str) -> tuple[int, int, int]:
    """``"1.10.0"`` → ``(1, 10, 0)``; :class:`UsageError` for anything but MAJOR.MINOR.PATCH."""
    m = VERSION.match(version)
    if m is None:
        raise UsageError(f"release version {version!r} is not MAJOR.MINOR.PATCH (e.g. 0.1.0)")
    return int(m.group(1)), int(m.group(2)), int(m.group(3))


def releases(folder: Path) -> list[str]:
    """The recorded versions in ``folder``, oldest first."""
    if not folder.is_dir():
        return []
    found = [p.name for p in folder.iterdir()
             if VERSION.match(p.name) and (p / DESCRIPTION_NAME).is_file()]
    return sorted(found, key=version_key)


def recorded_releases(folder: Path) -> tuple[str, ...]:
    """:func:`releases` for a server that asks on every page: one ``stat`` of ``folder``, the
    listing read again only when the folder's mtime changed. ``semaxkg release`` renames a
    whole release into place, which changes that mtime exactly when a release appears."""
    try:
        stamp = folder.stat().st_mtime_ns
    except OSError:
        return ()
    if time.time_ns() - stamp < FRESH_NANOSECONDS:
        return tuple(releases(folder))
    return _releases_at(folder, stamp)


@functools.lru_cache(maxsize=16)
def _releases_at(folder: Path, stamp: int) -> tuple[str, ...]:
    return tuple(releases(folder))
