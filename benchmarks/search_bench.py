"""Latency of ``GET /api/search`` on the Semax graph and on the synthetic 1.5M-triple graph.

For each graph: start ``semaxkg serve`` (2 workers) with an empty ``SEMAXKG_SEARCH_INDEX_DIR``
(so the start-up makes the index and its time is measured: the server logs it), then send the
query mix below one request at a time over one keep-alive connection, ``--rounds`` times, and
report p50, p95 and max per query kind and over all. The mix: exact labels, two- and
three-letter prefixes (what the header box sends), several words, misspellings, identifiers
and a kind filter. Everything stays on 127.0.0.1.

    .venv/bin/python benchmarks/search_bench.py --out benchmarks/search-results.json
    .venv/bin/python benchmarks/search_bench.py --sizes 150000   # a smaller synthetic graph
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate import write  # noqa: E402

#: (kind of query, parameters) sent to both graphs.
MIX: tuple[tuple[str, dict[str, str]], ...] = (
    ("exact", {"q": "semax"}), ("exact", {"q": "stroke"}),
    ("prefix-2", {"q": "bd"}), ("prefix-2", {"q": "se"}),
    ("prefix-3", {"q": "bdn"}), ("prefix-3", {"q": "hip"}),
    ("words", {"q": "semax bdnf"}), ("words", {"q": "memory rat"}),
    ("typo", {"q": "semx"}), ("typo", {"q": "hipocampus"}),
    ("identifier", {"q": "11517472"}), ("identifier", {"q": "80714-61-0"}),
    ("kind", {"q": "semax", "kind": "source"}), ("limit-50", {"q": "semax", "limit": "50"}),
)
INDEX_LOG = re.compile(r"search index: (\d+) resources in ([0-9.]+) s")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(name: str, data: Path, rounds: int, work: Path) -> dict[str, Any]:
    """Start a server on ``data``, run the mix ``rounds`` times, stop it; the numbers."""
    port = _free_port()
    index_dir = Path(tempfile.mkdtemp(dir=work, prefix="index-"))
    log_path = work / f"{name}.log"
    env = {**os.environ, "SEMAXKG_SEARCH_INDEX_DIR": json.dumps(str(index_dir))}
    started = time.perf_counter()
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [str(ROOT / ".venv/bin/semaxkg"), "serve", "--port", str(port), "--workers", "2",
             "--data", str(data)], stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    session = requests.Session()
    try:
        while True:
            try:
                if session.get(url + "/health", timeout=10).ok:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass
            if server.poll() is not None or time.perf_counter() - started > 600:
                raise RuntimeError(log_path.read_text())
            time.sleep(0.05)
        startup = time.perf_counter() - started
        for _, params in MIX:  # warm-up: connections, the executors' first queries
            session.get(url + "/api/search", params=params, timeout=30).raise_for_status()
        times: dict[str, list[float]] = {}
        for _ in range(rounds):
            for kind, params in MIX:
                begun = time.perf_counter()
                response = session.get(url + "/api/search", params=params, timeout=30)
                elapsed = (time.perf_counter() - begun) * 1000
                response.raise_for_status()
                times.setdefault(kind, []).append(elapsed)
    finally:
        server.terminate()
        server.wait(30)
    cpu = _index_cpu(index_dir, rounds)
    found = INDEX_LOG.search(log_path.read_text(errors="replace"))
    every = [t for values in times.values() for t in values]
    row = {"graph": name, "quads": sum(1 for _ in data.open("rb")), "requests": len(every),
           "startup_s": round(startup, 2),
           "indexed": int(found.group(1)) if found else None,
           "index_s": float(found.group(2)) if found else None,
           "index_bytes": sum(p.stat().st_size for p in index_dir.iterdir()),
           "all": _summary(every), "index_cpu": _summary(cpu),
           "by_kind": {kind: _summary(values) for kind, values in times.items()}}
    return row


def _index_cpu(index_dir: Path, rounds: int) -> list[float]:
    """CPU milliseconds of each search of the mix run in this process on the server's index
    file (no HTTP): the engine's own cost, which a loaded machine stretches less than wall time."""
    from semaxkg.search.text_index import SearchIndex

    index = SearchIndex(next(index_dir.glob("*.sqlite")))
    times: list[float] = []
    for round_number in range(rounds + 1):
        for _, params in MIX:
            begun = time.process_time()
            index.search(params["q"], params.get("kind"), int(params.get("limit", "10")))
            if round_number:  # the first round warms the page cache
                times.append((time.process_time() - begun) * 1000)
    return times


def _summary(values: list[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(values), 2),
            "p95_ms": round(_percentile(values, 0.95), 2), "max_ms": round(max(values), 2)}


def table(rows: list[dict[str, Any]]) -> str:
    """The Markdown table of the README."""
    kinds = list(dict.fromkeys(kind for kind, _ in MIX))
    lines = ["| graph | quads | resources indexed | index made in | start-up | p50 | p95 | max | "
             "p95 CPU in the index | " + " | ".join(f"p95 {k}" for k in kinds) + " |",
             "|" + " --- |" * (9 + len(kinds))]
    for row in rows:
        a = row["all"]
        lines.append(
            f"| {row['graph']} | {row['quads']:,} | {row['indexed']:,} | {row['index_s']} s | "
            f"{row['startup_s']} s | {a['p50_ms']} ms | {a['p95_ms']} ms | {a['max_ms']} ms | "
            f"{row['index_cpu']['p95_ms']} ms | "
            + " | ".join(f"{row['by_kind'][k]['p95_ms']} ms" for k in kinds) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_500_000],
                        help="synthetic graphs to measure besides the Semax graph (triples)")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--data", type=Path, default=ROOT / "data/ttl/semaxkg.nq")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="search-bench-"))
    load = os.getloadavg()[0]
    rows = [measure("semax", args.data, args.rounds, work)]
    sys.stdout.write(json.dumps(rows[-1]) + "\n")
    for size in args.sizes:
        synthetic = work / f"synthetic-{size}.nq"
        write(synthetic, size, 1)
        rows.append(measure(f"synthetic-{size // 1000}k", synthetic, args.rounds, work))
        sys.stdout.write(json.dumps(rows[-1]) + "\n")
    if args.out:
        args.out.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    sys.stdout.write(table(rows) + f"\n\nload average at the start: {load:.1f}\n")


if __name__ == "__main__":
    main()
