"""Parameterised ("varied") mix: semaxkg with the answer cache on and off vs Oxigraph in memory.

Every request is a template of ``templates.py`` with constants drawn from the data (seeded,
BSBM-style), so the answer cache cannot win by replaying a fixed list. The three servers of one
size are up at the same time and measured in interleaved rounds (``run.py``'s machinery: ``wrk``
at c=1, 4 and 16, the server order rotating per round); every (round, c) gets its own freshly
drawn request pool, the same one for every server, larger than the requests a run can make at
the cache-on speed, so a request repeats only when its drawn constants do. Ratios to Oxigraph
are taken within a round. Memory: PSS summed over the whole process tree (from
``/proc/*/smaps_rollup``), at rest after loading (1 s after the first answer, before any query
of the mix), peak under load (sampled every 0.5 s through warm-up and all rounds), and at rest
after the rounds. The load average of the machine is stored with every run.

    .venv/bin/python benchmarks/varied.py --sizes semax-5k 150k --rounds 2 --seconds 3
    .venv/bin/python benchmarks/varied.py --sizes 1.5M --rounds 1 --seconds 5 \\
        --out benchmarks/varied-1.5M.json
    .venv/bin/python benchmarks/varied.py --table benchmarks/varied-results.json

``--joined`` adds a fourth server, ``serve_joined.py`` (cache off, each answer in one write).
``--flask`` adds ``semaxkg-nocache-flask``: ``serve_flask.py``, the cache-off server without
the fast path (every query through the Flask route in a thread, as before issue 14's fast path).
``--hop`` adds ``semaxkg-hop``: ``serve_hop.py``, the cache-on server with every answer, hits
included, run in the front's thread pool (the baseline of answering hits on the event loop).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import write  # noqa: E402
from run import (  # noqa: E402
    BASELINE,
    CONCURRENCY,
    SIZES,
    Server,
    _summary,
    run_wrk,
    start_oxigraph_memory,
    start_semaxkg,
    tree_pss,
)
from templates import draw_mix, load_constants  # noqa: E402

MIB = 2**20
WARM_UP_SEED = 10_000


def _pool(constants: Any, n: int, seed: int) -> list[tuple[str, str]]:
    return [(query, accept) for _, query, accept in draw_mix(constants, n, seed)]


def bench(servers: list[Server], constants: Any, rounds: int, seconds: float,
          pool_size: int) -> dict[str, dict[str, Any]]:
    """Interleaved rounds; per server and c the runs (with load average) and the summary."""
    warm = _pool(constants, pool_size, WARM_UP_SEED)
    for server in servers:
        server.start_sampling()
        run_wrk(server.url, warm, 4, 2)
    runs: dict[str, dict[int, list[dict[str, Any]]]] = {s.name: {} for s in servers}
    for index in range(rounds):
        order = servers[index % len(servers):] + servers[:index % len(servers)]
        for c in CONCURRENCY:
            pool = _pool(constants, pool_size, 1000 * (index + 1) + c)
            for server in order:
                result: dict[str, Any] = dict(run_wrk(server.url, pool, c, seconds))
                result["load"] = os.getloadavg()[0]
                runs[server.name].setdefault(c, []).append(result)
                print(f"  round {index + 1} c{c} {server.name}: {result['qps']:.0f} QPS, "
                      f"p95 {result['p95_ms']:.1f} ms, errors {result['errors']}, "
                      f"load {result['load']:.1f}", flush=True)
    out: dict[str, dict[str, Any]] = {}
    for server in servers:
        summaries = {}
        for c, results in runs[server.name].items():
            base = runs[BASELINE][c]
            ratios = [r["qps"] / b["qps"] for r, b in zip(results, base, strict=True)
                      if b["qps"] > 0]
            summaries[f"c{c}"] = _summary(results, ratios) | {
                "load": statistics.median(r["load"] for r in results)}
        out[server.name] = summaries
    return out


def bench_size(size: str, args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    data = workdir / f"{size}.nq"
    quads = write(data, SIZES[size], seed=1)
    constants = load_constants(data)
    log = workdir / "servers.log"
    print(f"== {size}: {quads} quads, load {os.getloadavg()[0]:.1f}", flush=True)
    starters: dict[str, Callable[[], Server]] = {
        "semaxkg": lambda: start_semaxkg(data, True, log, args.workers, args.threads),
        "semaxkg-nocache": lambda: start_semaxkg(data, False, log, args.workers, args.threads),
        BASELINE: lambda: start_oxigraph_memory(data, log),
    }
    if args.joined:  # the experiment of serve_joined.py, as a fourth server
        from profile_request import start_joined

        starters["semaxkg-nocache-joined"] = lambda: start_joined(
            data, log, args.workers, args.threads)
    if args.flask:  # the baseline of serve_flask.py: cache off, no fast path
        from run import start_flask_route

        starters["semaxkg-nocache-flask"] = lambda: start_flask_route(
            data, log, args.workers, args.threads)
    if args.hop:  # the baseline of serve_hop.py: cache hits take the thread hop
        from run import start_hop

        starters["semaxkg-hop"] = lambda: start_hop(data, log, args.workers, args.threads)
    servers: list[Server] = []
    rest: dict[str, float] = {}
    try:
        for name, start in starters.items():
            servers.append(start())
            time.sleep(1)
            rest[name] = tree_pss(servers[-1].process.pid) / MIB
        runs = bench(servers, constants, args.rounds, args.seconds,
                     args.pool or max(2000, int(6000 * 5000 / SIZES[size])))
        time.sleep(2)
        after = {s.name: tree_pss(s.process.pid) / MIB for s in servers}
    finally:
        for server in servers:
            server.stop()
    return {"quads": quads, "load_start": os.getloadavg(), "servers": {
        s.name: {"cold_start_s": s.cold_start_s, "rest_pss_mib": rest[s.name],
                 "peak_pss_mib": s.peak_pss / MIB, "after_pss_mib": after[s.name],
                 "runs": runs[s.name]} for s in servers}}


def table(report: dict[str, Any]) -> str:
    """Markdown tables: throughput and ratios per c, then memory."""
    lines = []
    for size, block in report["sizes"].items():
        lines += [f"#### {size} ({block['quads']} quads)", "",
                  "| server | c | QPS median (range) | p50 ms | p95 ms | errors | x oxigraph "
                  "median (range) | load avg |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for name, server in block["servers"].items():
            for c, s in server["runs"].items():
                lines.append(
                    f"| {name} | {c[1:]} | {s['qps']:.0f} ({s['qps_min']:.0f}–{s['qps_max']:.0f})"
                    f" | {s['p50_ms']:.1f} | {s['p95_ms']:.1f} | {s['errors']} | "
                    f"{s['ratio']:.2f} ({s['ratio_min']:.2f}–{s['ratio_max']:.2f}) | "
                    f"{s['load']:.1f} |")
        base = block["servers"][BASELINE]
        lines += ["", "| server | PSS at rest after loading MiB | peak under load MiB | at rest "
                  "after the rounds MiB | peak x oxigraph | cold start s |",
                  "| --- | --- | --- | --- | --- | --- |"]
        for name, server in block["servers"].items():
            lines.append(
                f"| {name} | {server['rest_pss_mib']:.0f} | {server['peak_pss_mib']:.0f} | "
                f"{server['after_pss_mib']:.0f} | "
                f"{server['peak_pss_mib'] / base['peak_pss_mib']:.1f} | "
                f"{server['cold_start_s']:.2f} |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=HERE / "varied-results.json")
    parser.add_argument("--sizes", nargs="*", default=["semax-5k", "150k"], choices=list(SIZES))
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--pool", type=int, default=0,
                        help="requests drawn per (round, c); default scales with the size")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--joined", action="store_true",
                        help="also semaxkg-nocache-joined (serve_joined.py: one write per answer)")
    parser.add_argument("--hop", action="store_true",
                        help="also semaxkg-hop (serve_hop.py: cache hits answered in a thread)")
    parser.add_argument("--flask", action="store_true",
                        help="also semaxkg-nocache-flask (serve_flask.py: cache off, every "
                             "query through the Flask route, no fast path)")
    parser.add_argument("--table", type=Path, help="print the tables of a results file")
    args = parser.parse_args()
    if args.table:
        print(table(json.loads(args.table.read_text())))
        return
    workdir = Path(tempfile.mkdtemp(prefix="semaxkg-varied-"))
    report: dict[str, Any] = {
        "command": " ".join(["benchmarks/varied.py", *sys.argv[1:]]),
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_before": os.getloadavg(), "cpus": os.cpu_count(), "sizes": {}}
    for size in args.sizes:
        report["sizes"][size] = bench_size(size, args, workdir)
    report["load_after"] = os.getloadavg()
    args.out.write_text(json.dumps(report, indent=2))
    print(table(report))
    print(f"wrote {args.out}; server logs in {workdir}")


if __name__ == "__main__":
    main()
