"""The releases a server lists on every page: one stat, the listing read when the folder changes."""

from __future__ import annotations

import os
from pathlib import Path

from semaxkg.rdf import release_layout
from semaxkg.rdf.release_layout import DESCRIPTION_NAME, recorded_releases

OLD_NS = 1_000_000_000_000_000_000  # 2001: far from "fresh"


def _add(folder: Path, version: str) -> None:
    (folder / version).mkdir()
    (folder / version / DESCRIPTION_NAME).write_text("", encoding="utf-8")


def test_recorded_releases_are_reread_when_the_folder_changes(tmp_path: Path) -> None:
    _add(tmp_path, "0.1.0")
    os.utime(tmp_path, ns=(OLD_NS, OLD_NS))
    assert recorded_releases(tmp_path) == ("0.1.0",)
    _add(tmp_path, "0.2.0")  # changes the folder's mtime, as a release renamed into place does
    assert recorded_releases(tmp_path) == ("0.1.0", "0.2.0")


def test_an_unchanged_folder_is_answered_from_the_memo(tmp_path: Path) -> None:
    _add(tmp_path, "0.1.0")
    os.utime(tmp_path, ns=(OLD_NS, OLD_NS))
    assert recorded_releases(tmp_path) == ("0.1.0",)
    _add(tmp_path, "0.2.0")
    os.utime(tmp_path, ns=(OLD_NS, OLD_NS))  # the same mtime: the listing is not read again
    assert recorded_releases(tmp_path) == ("0.1.0",)
    assert release_layout.releases(tmp_path) == ["0.1.0", "0.2.0"]


def test_a_freshly_changed_folder_is_always_listed_afresh(tmp_path: Path) -> None:
    # Within FRESH_NANOSECONDS of a change the memo is not used (coarse file-system clocks).
    _add(tmp_path, "0.1.0")
    assert recorded_releases(tmp_path) == ("0.1.0",)
    stamp = tmp_path.stat().st_mtime_ns
    _add(tmp_path, "0.2.0")
    os.utime(tmp_path, ns=(stamp, stamp))
    assert recorded_releases(tmp_path) == ("0.1.0", "0.2.0")


def test_no_folder_no_releases(tmp_path: Path) -> None:
    assert recorded_releases(tmp_path / "missing") == ()
