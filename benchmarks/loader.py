"""What refusing hostile statement files costs: time and memory of the statement loader.

For each hostile input of issue 11 (the alias bomb, 10,000-deep nesting, …) it runs
``semaxkg validate`` on a folder holding only that file, in a fresh process, and reports the
wall time, CPU time and peak resident memory (``ru_maxrss`` of the child) next to the same for
a one-line statement file (the start-up cost every run pays), and the loader's own time (median of 3)
and peak traced allocation (a separate run) in this process. It also times the loader on the
curated corpus (``data/statements``) with and without the guard, to show what the checks cost
on good input.

    .venv/bin/python benchmarks/loader.py
"""

from __future__ import annotations

import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from ruamel.yaml import YAML

from semaxkg.build.yamlfile import load_yaml
from semaxkg.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
SEMAXKG = Path(sys.executable).parent / "semaxkg"

BOMB = ('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(f"{b}: &{b} [" + ",".join([f"*{a}"] * 9) + "]\n"
                  for a, b in zip("abcdefgh", "bcdefghi", strict=True)))
CASES: dict[str, bytes] = {
    "one-line valid file (start-up cost)": b"entities: []\n",
    "alias bomb (9 x 9 aliases, 387M strings)": BOMB.encode(),
    "10,000-deep nesting": ("[\n" * 10_000 + "]\n" * 10_000).encode(),
    "!!python/object/apply tag": b"a: !!python/object/apply:os.system ['true']\n",
    "10 MB text": b"entities:\n  - id: x\n    kind: compound\n    label: >\n"
                  + b"      " + b"x" * 93 + b"\n" * 1 + (b"      " + b"x" * 93 + b"\n") * 100_000,
    "100,000-digit integer": b"a: " + b"9" * 100_000 + b"\n",
    "5,000-digit integer": b"a: " + b"9" * 5000 + b"\n",
    "dense list under the size limit (500,000 items)": b"- 1\n" * 500_000,
    "2 MiB of comments (the size limit)": (b"# " + b"c" * 97 + b"\n") * 20_000 + b"entities: []\n",
}


def _run(content: bytes) -> tuple[float, float, int, int]:
    """Wall s, CPU s, peak RSS (KiB) and exit code of ``semaxkg validate`` on one file."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "case.yaml").write_bytes(content)
        start = time.perf_counter()
        proc = subprocess.Popen([str(SEMAXKG), "validate", "--no-reasoner", "--statements", tmp],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage
        wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def _in_process(content: bytes) -> tuple[float, int]:
    """Milliseconds (median of 3, untraced) and peak traced KiB (one more, traced run) of
    :func:`load_yaml` on one file."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "case.yaml"
        path.write_bytes(content)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            with contextlib.suppress(InputError):
                load_yaml(path)
            times.append(time.perf_counter() - start)
        tracemalloc.start()
        with contextlib.suppress(InputError):
            load_yaml(path)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return statistics.median(times) * 1000, peak // 1024


def _corpus_seconds(guarded: bool) -> float:
    """Median seconds (5 runs) to read every curated statement file."""
    files = sorted((ROOT / "data" / "statements").glob("*.yaml"))
    times = []
    for _ in range(5):
        start = time.perf_counter()
        for path in files:
            if guarded:
                load_yaml(path)
            else:
                YAML(typ="rt").load(path.read_text(encoding="utf-8"))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print a Markdown table of the measurements."""
    print("| input | exit | wall s | CPU s | peak RSS MiB | loader ms | loader peak KiB |")
    print("|---|---|---|---|---|---|---|")
    for name, content in CASES.items():
        wall, cpu, rss, code = _run(content)
        ms, kib = _in_process(content)
        print(f"| {name} | {code} | {wall:.2f} | {cpu:.2f} | {rss / 1024:.0f} | {ms:.1f} | {kib} |")
    plain, guarded = _corpus_seconds(False), _corpus_seconds(True)
    print(f"\ncurated corpus (8 files): ruamel alone {plain:.2f} s, bounded loader {guarded:.2f} s "
          f"(+{(guarded / plain - 1) * 100:.0f}%)")


if __name__ == "__main__":
    main()
