"""Helpers of the endpoint tests: the test dataset, constants, a live server class."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.live_process import start_on_free_port, stop_process, wait_until_answering

REPO = Path(__file__).resolve().parents[2]
SEMAX = "https://w3id.org/semaxkg/"
ID = SEMAX + "id/"
ONT = SEMAX + "ontology/"
GRAPH = SEMAX + "graph/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

#: A query that runs for minutes on the test graph (a cross product of 8 patterns).
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(
    f"?s{i} ?p{i} ?o{i} ." for i in range(8)
) + " }"


def nquads() -> str:
    lines = [
        f'<{ID}semax> <{RDFS_LABEL}> "Semax"@en <{GRAPH}entities> .',
        f"<{ID}semax> <{RDF_TYPE}> <{ONT}Peptide> <{GRAPH}entities> .",
        f"<{ONT}Peptide> <{RDF_TYPE}> <http://www.w3.org/2002/07/owl#Class> <{GRAPH}ontology> .",
        f'<{ONT}Peptide> <{RDFS_LABEL}> "Peptide"@en <{GRAPH}ontology> .',
    ]
    for i in range(30):
        claim = f"<{ID}claim-{i:03d}>"
        graph = f"<{GRAPH}source-{i % 3:03d}>"
        lines += [
            f"{claim} <{RDF_TYPE}> <{ONT}Claim> {graph} .",
            f"{claim} <{ONT}about> <{ID}semax> {graph} .",
            f'{claim} <{ONT}effectSize> "{i}"^^<http://www.w3.org/2001/XMLSchema#integer> {graph} .',
            f'{claim} <{RDFS_LABEL}> "claim {i}" {graph} .',
        ]
    return "\n".join(lines) + "\n"


#: Quads in the test graph: 4 + 30 * 4.
QUADS = 124


class LiveServer:
    """``semaxkg serve`` (or ``command``) running in a subprocess on a free port of 127.0.0.1."""

    def __init__(self, data: list[Path], log: Path, env: dict[str, str] | None = None,
                 command: list[str] | None = None) -> None:
        self.log_path = log
        environment = {**os.environ, **(env or {})}
        self._log = log.open("wb")
        self.process: subprocess.Popen[bytes] | None = None

        def launch(port: int) -> subprocess.Popen[bytes]:
            self.process = subprocess.Popen(
                [part.replace("{port}", str(port)) for part in command] if command else
                [sys.executable, "-m", "semaxkg.cli", "serve", "--port", str(port),
                 "--workers", "2", "--data", *map(str, data)],
                stdout=self._log, stderr=subprocess.STDOUT, env=environment, cwd=REPO,
            )
            return self.process

        def ready(port: int, process: subprocess.Popen[bytes]) -> bool:
            return wait_until_answering(f"http://127.0.0.1:{port}/health", process, 20)

        try:
            self.port, self.process, up = start_on_free_port(launch, ready)
        except BaseException:
            self.stop()  # never leave a server behind
            raise
        self.url = f"http://127.0.0.1:{self.port}/sparql"
        if not up:
            self.stop()
            raise RuntimeError(f"server did not start: {self.log_text()}")

    def log_text(self) -> str:
        """What the server wrote so far (access log and diagnostics)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL)."""
        if self.process is not None:
            stop_process(self.process)
        self._log.close()


def process_tree(root: int) -> set[int]:
    """``root`` and every process descending from it (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [root]
    while todo:
        pid = todo.pop()
        found.add(pid)
        todo.extend(children.get(pid, []))
    return found
