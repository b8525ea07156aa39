"""Build hygiene: the output folder has ordinary permissions, and a killed build leaves only
git-ignored leftovers that the next build removes (or puts back, when the kill came in the
middle of the swap)."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from semaxkg.build.pipeline import remove_leftovers
from semaxkg.cli import main

from .conftest import ROOT

#: Run ``semaxkg build`` in a child that kills itself (SIGKILL: no clean-up runs) at the
#: step named by argv[1]: ``write`` while writing the new output, ``swap`` between the two
#: renames of the swap (the old output moved aside, the new one not yet in place).
KILLER = """\
import os, signal, sys
from semaxkg.build import pipeline
from semaxkg.cli import main

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

if sys.argv[1] == "write":
    pipeline.write_publication = die
else:
    renames = []
    real = pipeline._rename
    def rename(source, target):
        renames.append(source)
        if len(renames) == 2:
            die()
        real(source, target)
    pipeline._rename = rename
sys.exit(main(["build", "--no-reasoner", "--statements", sys.argv[2], "--out", sys.argv[3]]))
"""


@pytest.fixture()
def umask() -> Iterator[None]:
    """Restore the process's umask after a test that sets it."""
    saved = os.umask(0o022)
    yield
    os.umask(saved)


def build(mini: dict[str, Path]) -> None:
    args = ["build", "--no-reasoner", "--statements", str(mini["statements"]), "--out", str(mini["out"])]
    assert main(args) == 0


def modes(folder: Path) -> set[tuple[str, int]]:
    """``("dir" | "file", permission bits)`` of the folder and everything in it."""
    paths = [folder, *folder.rglob("*")]
    return {("dir" if p.is_dir() else "file", stat.S_IMODE(p.stat().st_mode)) for p in paths}


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def kill_build(step: str, mini: dict[str, Path]) -> None:
    done = subprocess.run([sys.executable, "-c", KILLER, step, str(mini["statements"]), str(mini["out"])],
                          cwd=ROOT, capture_output=True, timeout=300, check=False)
    assert done.returncode == -9, done.stderr.decode()


def leftovers(mini: dict[str, Path]) -> list[str]:
    return sorted(p.name for p in mini["root"].iterdir() if p.name.startswith(".ttl-"))


@pytest.mark.parametrize(("mask", "folder_mode", "file_mode"), [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)])
def test_build_output_has_the_umasks_ordinary_modes(mini: dict[str, Path], umask: None, mask: int,
                                                    folder_mode: int, file_mode: int) -> None:
    os.umask(mask)
    build(mini)
    assert modes(mini["out"]) == {("dir", folder_mode), ("file", file_mode)}


@pytest.mark.slow
def test_killed_build_leaves_git_ignored_leftovers_the_next_build_removes(mini: dict[str, Path]) -> None:
    build(mini)
    before = files(mini["out"])
    kill_build("write", mini)
    left = leftovers(mini)
    assert len(left) == 1 and left[0].startswith(".ttl-new-"), left
    assert files(mini["out"]) == before  # the last good output is untouched
    if shutil.which("git"):
        ignored = subprocess.run(["git", "check-ignore", "-q", f"data/{left[0]}"], cwd=ROOT, check=False)
        assert ignored.returncode == 0, f"git does not ignore data/{left[0]}"
    build(mini)
    assert leftovers(mini) == []
    assert files(mini["out"]) == before


@pytest.mark.slow
def test_build_killed_in_the_swap_gets_its_last_good_output_back(mini: dict[str, Path]) -> None:
    build(mini)
    before = files(mini["out"])
    kill_build("swap", mini)
    assert not mini["out"].exists()
    assert [name.split("-")[1] for name in leftovers(mini)] == ["new", "old"]
    removed = remove_leftovers(mini["out"])
    assert [p.name.split("-")[1] for p in removed] == ["new"]
    assert leftovers(mini) == []
    assert files(mini["out"]) == before


def test_leftovers_of_a_running_build_are_kept(mini: dict[str, Path]) -> None:
    """A folder named after a live process (this one) may be another build at work."""
    mine = mini["root"] / f".ttl-new-{os.getpid()}-abc"
    mine.mkdir()
    stale = mini["root"] / ".ttl-new-not-a-pid"
    stale.mkdir()
    assert remove_leftovers(mini["out"]) == []
    assert mine.is_dir() and stale.is_dir()
