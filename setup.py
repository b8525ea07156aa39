"""Setuptools hook: a wheel carries the project's data (one copy in git, copied at build time).

``pip wheel .`` / ``python -m build`` copy the ontology, the SHACL shapes, the named and QC
queries and the built Semax graph (``data/ttl``) into the package as ``semaxkg/embedded/``,
laid out as a project folder. An installed wheel serves that graph when a command runs
outside any project (``semaxkg serve`` from an empty folder). An editable install copies
nothing: it acts on the project around the working directory, as every install does.
The metadata stays in ``pyproject.toml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
#: What the wheel carries: (path relative to the project root, file patterns); the same
#: files ``MANIFEST.in`` puts in the sdist, so a wheel built from the sdist has them too.
EMBEDDED = (
    ("ontology", ("semaxkg.ttl",)),
    ("shapes", ("*.ttl",)),
    ("queries", ("*.rq", "README.md")),
    ("queries/qc", ("*.rq",)),
    ("data/ttl", ("*.ttl", "*.trig", "*.nq")),
    ("data/ttl/dumps", ("*.gz",)),
)
#: The recorded releases (``data/releases/VERSION/``, a few hundred kB each), served at
#: ``/releases/``; there may be none yet.
RELEASE_FILES = ("semaxkg.nq.gz", "release.ttl", "changelog.md")


class BuildPyWithProjectData(build_py):
    """``build_py`` that also copies the project data into ``semaxkg/embedded``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "semaxkg" / "embedded"
        shutil.rmtree(target, ignore_errors=True)
        for folder, patterns in EMBEDDED:
            files = sorted({p for pattern in patterns for p in (ROOT / folder).glob(pattern)})
            if not files:
                raise SystemExit(f"nothing to embed in {folder}/: build the graph first "
                                 "(semaxkg build)")
            (target / folder).mkdir(parents=True, exist_ok=True)
            for path in files:
                shutil.copyfile(path, target / folder / path.name)
        for release in sorted((ROOT / "data" / "releases").glob("*/release.ttl")):
            copy = target / "data" / "releases" / release.parent.name
            copy.mkdir(parents=True, exist_ok=True)
            for name in RELEASE_FILES:
                if (release.parent / name).is_file():
                    shutil.copyfile(release.parent / name, copy / name)


setup(cmdclass={"build_py": BuildPyWithProjectData})
