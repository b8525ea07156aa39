"""The status file through which ``semaxkg serve --watch`` hands its builds to the web workers.

The watcher (:mod:`semaxkg.commands.watch_builds`) rebuilds the statements in a process of its
own and writes one small JSON file after each attempt: a serial number, whether the build
conformed, the N-Quads file of the last build that did, and the problems of the current one.
The workers only read it (serving code never runs the build): see :mod:`semaxkg.web.build_watch`.
The file is replaced atomically, so a reader never sees half of it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from semaxkg.errors import Problem

#: The status file's name in the watcher's scratch folder.
STATUS_FILE_NAME = "status.json"


@dataclass(frozen=True)
class BuildStatus:
    """The outcome of the watcher's latest build."""

    #: 0 before the first rebuild, then one more per attempt.
    serial: int
    conforms: bool
    #: The N-Quads file of the last build that conformed; ``None`` until one did.
    data_file: str | None
    #: ``file:line: message (fix: ...)`` lines of the latest attempt (empty when it conformed).
    problems: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        """The form ``/health`` shows (under ``build``) and the status file holds."""
        return {"serial": self.serial, "conforms": self.conforms, "dataFile": self.data_file,
                "problems": list(self.problems)}


def status_of(serial: int, data_file: str | None, problems: list[Problem]) -> BuildStatus:
    """The status after build ``serial``: it conformed when it has no ``problems``."""
    return BuildStatus(serial, not problems, data_file, tuple(str(p) for p in problems))


def write_status(path: Path, status: BuildStatus) -> None:
    """Replace ``path`` with ``status`` in one step (write beside it, then rename)."""
    part = path.with_name(path.name + ".part")
    part.write_text(json.dumps(status.as_json(), indent=1), encoding="utf-8")
    os.replace(part, path)


def read_status(path: Path) -> BuildStatus:
    """The status in ``path``; ``ValueError`` (or ``OSError``) when it cannot be read."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: not a build status")
    data_file = raw.get("dataFile")
    return BuildStatus(int(raw["serial"]), bool(raw["conforms"]),
                       str(data_file) if data_file else None,
                       tuple(str(p) for p in raw.get("problems", [])))
