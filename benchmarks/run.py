"""Load benchmark: semaxkg serve vs Oxigraph server (memory, disk) vs rdflib-endpoint.

Every server gets the same generated N-Quads and the same query mix (``queries.py``), driven by
``wrk`` (Debian package ``wrk``, a compiled load generator) at concurrency 1, 4 and 16 on
127.0.0.1. All servers of one size are up at the same time and measured *interleaved*: each
round runs every concurrency level against every server back to back (the order rotating per
round), so a burst of load from elsewhere on a shared machine hits all of them alike. Ratios
against Oxigraph in memory are taken within a round and reported as median and range.

Reports QPS, p50, p95, errors, the load generator's own CPU, cold start (process start to first
answer, data loading included) and peak memory (sum of PSS over the server's process tree);
then the start-up time of ``semaxkg serve`` on the built Semax graph, and the soak run.

    .venv/bin/python benchmarks/run.py --out benchmarks/results.json

Needs, in the venv (benchmark only, not project dependencies):
``pip install oxigraph rdflib-endpoint``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import write  # noqa: E402
from queries import MALFORMED, PATHOLOGICAL, QUERIES  # noqa: E402

VENV_BIN = Path(sys.executable).parent
SIZES = {"semax-5k": 5_000, "150k": 150_000, "1.5M": 1_500_000}
CONCURRENCY = (1, 4, 16)
BASELINE = "oxigraph-memory"
SEMAX_GRAPH = REPO / "data" / "ttl" / "semaxkg.nq"
JSON_RESULTS = "application/sparql-results+json"

LUA = """
local reqs = {REQUESTS}
local i = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) i = math.random(#reqs) - 1; s2 = 0; s4 = 0; s503 = 0; s5 = 0 end
function request()
  i = i % #reqs + 1
  return wrk.format("GET", reqs[i][1], {["Accept"] = reqs[i][2]})
end
function response(status, headers, body)
  if status < 300 then s2 = s2 + 1 elseif status == 503 then s503 = s503 + 1
  elseif status >= 500 then s5 = s5 + 1 else s4 = s4 + 1 end
end
function done(summary, latency, requests)
  local a2, a4, a503, a5 = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a2 = a2 + (t:get("s2") or 0); a4 = a4 + (t:get("s4") or 0)
    a503 = a503 + (t:get("s503") or 0); a5 = a5 + (t:get("s5") or 0)
  end
  io.write(string.format('RESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p95_us":%d,' ..
    '"status_errors":%d,"socket_errors":%d,"s2":%d,"s4":%d,"s503":%d,"s5":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout, a2, a4, a503, a5))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def process_tree(root: int) -> list[tuple[int, int]]:
    """``(pid, depth)`` of ``root`` and its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    found, todo = [], [(root, 0)]
    while todo:
        pid, depth = todo.pop()
        found.append((pid, depth))
        todo.extend((child, depth + 1) for child in children.get(pid, []))
    return found


def pss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_pss(root: int, max_depth: int | None = None) -> int:
    """Sum of PSS over ``root`` and its descendants (shared pages counted once)."""
    return sum(pss_bytes(pid) for pid, depth in process_tree(root)
               if max_depth is None or depth <= max_depth)


@dataclass
class Server:
    name: str
    url: str
    process: subprocess.Popen[bytes]
    cold_start_s: float
    peak_pss: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def start_sampling(self) -> None:
        def sample() -> None:
            while not self._stop.is_set():
                self.peak_pss = max(self.peak_pss, tree_pss(self.process.pid))
                time.sleep(0.5)
        threading.Thread(target=sample, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def wait_ok(url: str, deadline_s: float, accept: str = JSON_RESULTS) -> None:
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(probe, headers={"Accept": accept})
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.01)
    raise RuntimeError(f"{url} did not answer in {deadline_s} s")


def _spawn(command: list[str], log: Path, env: dict[str, str] | None = None,
           cwd: Path | None = None) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, **(env or {})}, cwd=cwd)


def start_semaxkg(data: Path | None, cache: bool, log: Path, workers: int, threads: int,
                  extra_env: dict[str, str] | None = None) -> Server:
    """``semaxkg serve`` (Granian); ``data=None`` serves the built Semax graph."""
    port = free_port()
    env = dict(extra_env or {})
    if not cache:
        env["SEMAXKG_RESULT_CACHE_ENTRIES"] = "0"
    command = [str(VENV_BIN / "semaxkg"), "serve", "--port", str(port), "--workers",
               str(workers), "--threads", str(threads)]
    if data is not None:
        command += ["--data", str(data)]
    started = time.monotonic()
    process = _spawn(command, log, env)
    url = f"http://127.0.0.1:{port}/sparql"
    wait_ok(url, 300)
    return Server("semaxkg" + ("" if cache else "-nocache"), url, process,
                  time.monotonic() - started)


def start_semaxkg_gunicorn(data: Path, log: Path, workers: int, threads: int) -> Server:
    """The same app (``server.py``) under gunicorn gthread with keep-alive: the HTTP layer
    ``semaxkg serve`` used before Granian, kept for comparison."""
    port = free_port()
    started = time.monotonic()
    process = _spawn(
        [str(VENV_BIN / "gunicorn"), "--preload", "--workers", str(workers), "--threads",
         str(threads), "--worker-class", "gthread", "--keep-alive", "5", "--bind",
         f"127.0.0.1:{port}", "server:app"],
        log, {"SEMAXKG_DATA_FILES": json.dumps([str(data)])}, cwd=REPO)
    url = f"http://127.0.0.1:{port}/sparql"
    wait_ok(url, 300)
    return Server("semaxkg-gunicorn", url, process, time.monotonic() - started)


def start_oxigraph_memory(data: Path, log: Path) -> Server:
    port = free_port()
    started = time.monotonic()
    process = _spawn([str(VENV_BIN / "oxigraph"), "serve", "--bind", f"127.0.0.1:{port}",
                      "--union-default-graph"], log)
    url = f"http://127.0.0.1:{port}/query"
    wait_ok(url, 60)
    with data.open("rb") as body:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/store", data=body, method="POST",
            headers={"Content-Type": "application/n-quads",
                     "Content-Length": str(data.stat().st_size)})
        with urllib.request.urlopen(request, timeout=600) as response:
            assert response.status in (200, 201, 204)
    return Server("oxigraph-memory", url, process, time.monotonic() - started)


def start_oxigraph_disk(data: Path, log: Path, workdir: Path) -> Server:
    port = free_port()
    location = workdir / f"oxigraph-{data.stem}"
    shutil.rmtree(location, ignore_errors=True)
    started = time.monotonic()
    with log.open("ab") as out:
        subprocess.run([str(VENV_BIN / "oxigraph"), "load", "--location", str(location),
                        "--file", str(data)], check=True, stdout=out, stderr=subprocess.STDOUT)
    process = _spawn(
        [str(VENV_BIN / "oxigraph"), "serve-read-only", "--location", str(location),
         "--bind", f"127.0.0.1:{port}", "--union-default-graph"], log)
    url = f"http://127.0.0.1:{port}/query"
    wait_ok(url, 60)
    return Server("oxigraph-disk", url, process, time.monotonic() - started)


def start_rdflib_endpoint(data: Path, log: Path) -> Server:
    port = free_port()
    started = time.monotonic()
    process = _spawn([str(VENV_BIN / "rdflib-endpoint"), "serve", "--host", "127.0.0.1",
                      "--port", str(port), str(data)], log)
    url = f"http://127.0.0.1:{port}/"  # rdflib-endpoint serves SPARQL at the root
    wait_ok(url, 600)
    return Server("rdflib-endpoint", url, process, time.monotonic() - started)


def _lua(url: str, requests: list[tuple[str, str]]) -> str:
    path = urllib.parse.urlsplit(url).path
    items = ",".join(
        "{{{},{}}}".format(json.dumps(path + "?" + urllib.parse.urlencode({"query": q})),
                           json.dumps(accept))
        for q, accept in requests)
    return LUA.replace("REQUESTS", items, 1)


def run_wrk(url: str, requests: list[tuple[str, str]], concurrency: int, seconds: float,
            timeout_s: int = 10) -> dict[str, float]:
    """Drive ``url`` with ``wrk``; QPS, p50/p95 (ms), errors and wrk's own CPU (cores)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(url, requests))
    threads = 1 if concurrency == 1 else 2
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(concurrency), "-d", f"{max(1, round(seconds))}s",
         "--timeout", f"{timeout_s}s", "-s", script.name, url],
        capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    os.unlink(script.name)
    line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
    raw = json.loads(line[len("RESULT "):])
    wall = raw["duration_us"] / 1e6
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "qps": raw["requests"] / wall,
        "p50_ms": raw["p50_us"] / 1000, "p95_ms": raw["p95_us"] / 1000,
        "errors": raw["status_errors"] + raw["socket_errors"],
        "socket_errors": raw["socket_errors"],
        "requests": raw["requests"], "s2": raw["s2"], "s4": raw["s4"],
        "s503": raw["s503"], "s5": raw["s5"], "client_cpu": cpu / wall,
    }


def _summary(runs: list[dict[str, float]], ratios: list[float]) -> dict[str, Any]:
    qps = [r["qps"] for r in runs]
    summary: dict[str, Any] = {
        "qps": statistics.median(qps), "qps_min": min(qps), "qps_max": max(qps),
        "p50_ms": statistics.median(r["p50_ms"] for r in runs),
        "p95_ms": statistics.median(r["p95_ms"] for r in runs),
        "p95_ms_max": max(r["p95_ms"] for r in runs),
        "errors": sum(int(r["errors"]) for r in runs),
        "client_cpu": statistics.median(r["client_cpu"] for r in runs),
        "rounds": runs,
    }
    if ratios:
        summary |= {"ratio": statistics.median(ratios), "ratio_min": min(ratios),
                    "ratio_max": max(ratios)}
    return summary


#: Warm-up: each query this many times on fresh connections, one after the other, so that
#: every worker of a server has answered (and, with the cache on, stored) it once; engines
#: without a cache warm their own structures and the OS page cache.
WARM_UP_REPEATS = {"semaxkg": 6, "semaxkg-gunicorn": 6}


def warm_up(server: Server, mix: list[tuple[str, str]]) -> None:
    for query, accept in mix:
        for _ in range(WARM_UP_REPEATS.get(server.name, 1)):
            url = server.url + "?" + urllib.parse.urlencode({"query": query})
            request = urllib.request.Request(url, headers={"Accept": accept})
            with urllib.request.urlopen(request, timeout=600) as response:
                response.read()


def bench_size(servers: list[Server], levels: dict[str, list[int]], rounds: int,
               seconds: float) -> list[dict[str, Any]]:
    """Interleaved rounds over every server and concurrency level."""
    mix = [(q, accept) for _, q, accept in QUERIES]
    for server in servers:
        server.start_sampling()
        warm_up(server, mix)
        run_wrk(server.url, mix, 4, max(2.0, seconds / 2))
    runs: dict[str, dict[int, list[dict[str, float]]]] = {s.name: {} for s in servers}
    for index in range(rounds):
        order = servers[index % len(servers):] + servers[:index % len(servers)]
        for c in CONCURRENCY:
            for server in order:
                if c in levels[server.name]:
                    result = run_wrk(server.url, mix, c, seconds)
                    runs[server.name].setdefault(c, []).append(result)
                    print(f"  round {index + 1} c{c} {server.name}: {result['qps']:.0f} QPS, "
                          f"p95 {result['p95_ms']:.1f} ms, errors {result['errors']}, "
                          f"wrk CPU {result['client_cpu']:.2f}", flush=True)
    time.sleep(0.6)
    rows = []
    for server in servers:
        summaries = {}
        for c, results in runs[server.name].items():
            base = runs.get(BASELINE, {}).get(c, [])
            ratios = [r["qps"] / b["qps"] for r, b in zip(results, base, strict=False)
                      if b["qps"] > 0]
            summaries[f"c{c}"] = _summary(results, ratios)
        rows.append({"server": server.name, "cold_start_s": server.cold_start_s,
                     "peak_pss_mib": server.peak_pss / 2**20, "runs": summaries})
    return rows


def tree_cpu_seconds(root: int) -> float:
    """CPU time (user + system) used so far by ``root`` and its descendants."""
    ticks = 0
    for pid, _ in process_tree(root):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            ticks += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
        except (OSError, IndexError, ValueError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


def start_up(log: Path, repeats: int, workers: int, threads: int) -> dict[str, Any]:
    """Seconds from ``semaxkg serve`` (built Semax graph) to its first answer, ``repeats``
    times, and the CPU time its processes used until then (what an idle machine would need
    at least; on a busy one the wall time stretches, the CPU time does not)."""
    times, cpu = [], []
    for _ in range(repeats):
        server = start_semaxkg(None, True, log, workers, threads)
        times.append(server.cold_start_s)
        cpu.append(tree_cpu_seconds(server.process.pid))
        server.stop()
        time.sleep(0.5)
    return {"data": str(SEMAX_GRAPH.relative_to(REPO)), "seconds": times, "cpu_seconds": cpu,
            "median_s": statistics.median(times), "max_s": max(times),
            "cpu_median_s": statistics.median(cpu), "load": os.getloadavg()}


def soak(data: Path, log: Path, seconds: float, phases: int, workers: int,
         threads: int) -> dict[str, Any]:
    """Good, malformed and pathological queries at c=32, with the server's memory over time.

    Memory is sampled every 0.5 s: the whole process tree, and the long-lived part (Granian's
    main process and workers; the executor children are replaced after each time-out and hold
    a killed query's memory only until then). The soak runs ``phases`` times ``seconds``, with
    the memory at rest (no load for 2 s) before, between and after; the first phase is the
    reported soak. Before it, every executor has answered queries (warm-up at c=32): an
    executor copies the store pages its queries touch (pyoxigraph writes to them while
    reading), once.
    """
    server = start_semaxkg(data, True, log, workers, threads,
                           extra_env={"SEMAXKG_QUERY_TIMEOUT": "1"})
    good = [(q, a) for _, q, a in QUERIES]
    run_wrk(server.url, good, 32, 5)  # warm-up: caches and every executor
    mix = good * 8
    mix += [(q, JSON_RESULTS) for q in MALFORMED]
    mix += [(q, JSON_RESULTS) for q in PATHOLOGICAL]
    mib = 2**20
    rests, results, windows = [], [], []
    try:
        for _ in range(phases):
            time.sleep(2)
            rests.append(tree_pss(server.process.pid) / mib)
            samples: list[tuple[float, int, int]] = []
            stop = threading.Event()

            def sample(into: list[tuple[float, int, int]], until: threading.Event) -> None:
                start = time.monotonic()
                while not until.is_set():
                    pid = server.process.pid
                    into.append((time.monotonic() - start, tree_pss(pid), tree_pss(pid, 1)))
                    time.sleep(0.5)

            sampler = threading.Thread(target=sample, args=(samples, stop), daemon=True)
            sampler.start()
            results.append(run_wrk(server.url, mix, 32, seconds, timeout_s=10))
            stop.set()
            sampler.join()
            windows.append(samples)
        time.sleep(2)
        rests.append(tree_pss(server.process.pid) / mib)
    finally:
        server.stop()

    def window(samples: list[tuple[float, int, int]], first: bool) -> dict[str, float]:
        part = [s for s in samples if (s[0] <= 10 if first else s[0] >= seconds - 10)]
        return {"median_mib": statistics.median(s[1] for s in part) / mib,
                "max_mib": max(s[1] for s in part) / mib,
                "long_lived_mib": statistics.median(s[2] for s in part) / mib}

    first, last = window(windows[0], True), window(windows[0], False)
    return {
        **results[0], "seconds": seconds, "workers": workers, "threads": threads,
        "good_share": len(QUERIES) * 8 / len(mix),
        "mem_first10_median_mib": first["median_mib"], "mem_last10_median_mib": last["median_mib"],
        "mem_first10_max_mib": first["max_mib"], "mem_last10_max_mib": last["max_mib"],
        "long_lived_first10_mib": first["long_lived_mib"],
        "long_lived_last10_mib": last["long_lived_mib"],
        "rest_mib": rests,
        "later_phases": [{k: v for k, v in r.items()} | {"last10": window(w, False)}
                         for r, w in zip(results[1:], windows[1:], strict=True)],
        "samples": [[(round(t, 1), round(a / mib, 1), round(b / mib, 1)) for t, a, b in w]
                    for w in windows],
    }


def start_flask_route(data: Path, log: Path, workers: int, threads: int) -> Server:
    """``serve_flask.py``: ``semaxkg serve``, cache off, every query through the Flask route."""
    port = free_port()
    started = time.monotonic()
    process = _spawn([sys.executable, str(HERE / "serve_flask.py"), "--port", str(port),
                      "--data", str(data), "--workers", str(workers), "--threads",
                      str(threads)], log, {"SEMAXKG_RESULT_CACHE_ENTRIES": "0"})
    url = f"http://127.0.0.1:{port}/sparql"
    wait_ok(url, 300)
    return Server("semaxkg-nocache-flask", url, process, time.monotonic() - started)


def start_hop(data: Path, log: Path, workers: int, threads: int) -> Server:
    """``serve_hop.py``: ``semaxkg serve`` (cache on) with cache hits answered in a thread."""
    port = free_port()
    started = time.monotonic()
    process = _spawn([sys.executable, str(HERE / "serve_hop.py"), "--port", str(port),
                      "--data", str(data), "--workers", str(workers), "--threads",
                      str(threads)], log, {})
    url = f"http://127.0.0.1:{port}/sparql"
    wait_ok(url, 300)
    return Server("semaxkg-hop", url, process, time.monotonic() - started)


def _starters(size_name: str, data: Path, log: Path, workdir: Path,
              args: argparse.Namespace) -> list[tuple[str, Callable[[], Server]]]:
    starters: list[tuple[str, Callable[[], Server]]] = [
        ("semaxkg", lambda: start_semaxkg(data, True, log, args.workers, args.threads)),
        ("semaxkg-nocache",
         lambda: start_semaxkg(data, False, log, args.workers, args.threads)),
        ("oxigraph-memory", lambda: start_oxigraph_memory(data, log)),
        ("oxigraph-disk", lambda: start_oxigraph_disk(data, log, workdir)),
    ]
    if size_name == "semax-5k":  # the HTTP layer comparison needs the small graph only
        starters.append(("semaxkg-gunicorn",
                         lambda: start_semaxkg_gunicorn(data, log, args.workers, args.threads)))
    if size_name != "1.5M":  # rdflib needs minutes and GBs to load 1.5M triples
        starters.append(("rdflib-endpoint", lambda: start_rdflib_endpoint(data, log)))
    if args.hop:  # the baseline: cache hits answered in a thread (serve_hop.py)
        starters.append(("semaxkg-hop",
                         lambda: start_hop(data, log, args.workers, args.threads)))
    return [(name, starter) for name, starter in starters if name not in args.skip]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--seconds", type=float, default=5.0, help="per run (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--sizes", nargs="*", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--soak-seconds", type=float, default=60.0)
    parser.add_argument("--soak-phases", type=int, default=2,
                        help="soak this many times in a row, memory at rest between (default 2)")
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--skip", nargs="*", default=[], help="server names to skip")
    parser.add_argument("--hop", action="store_true",
                        help="also semaxkg-hop (serve_hop.py: cache hits answered in a thread)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="semaxkg-bench-"))
    log = workdir / "servers.log"
    report: dict[str, Any] = {
        "command": " ".join(["benchmarks/run.py", *sys.argv[1:]]), "sizes": {},
        "load_before": os.getloadavg(), "cpus": os.cpu_count(),
    }
    if args.startup_runs > 0 and SEMAX_GRAPH.is_file():
        report["startup"] = start_up(log, args.startup_runs, args.workers, args.threads)
        print(json.dumps(report["startup"]), flush=True)
    for size_name in args.sizes:
        data = workdir / f"{size_name}.nq"
        quads = write(data, SIZES[size_name], seed=1)
        print(f"== {size_name}: {quads} quads", flush=True)
        servers: list[Server] = []
        try:
            for _, starter in _starters(size_name, data, log, workdir, args):
                servers.append(starter())
            levels = {s.name: list(CONCURRENCY) for s in servers}
            if size_name != "semax-5k" and "rdflib-endpoint" in levels:
                levels["rdflib-endpoint"] = [1, 4]
            rows = bench_size(servers, levels, args.rounds, args.seconds)
        finally:
            for server in servers:
                server.stop()
        report["sizes"][size_name] = {"quads": quads, "servers": rows}
    if args.soak_seconds > 0:
        data = workdir / "semax-5k.nq"
        if not data.exists():
            write(data, SIZES["semax-5k"], seed=1)
        report["soak"] = soak(data, log, args.soak_seconds, args.soak_phases, args.workers,
                              args.threads)
        print(json.dumps({k: v for k, v in report["soak"].items() if k != "samples"}),
              flush=True)
    report["load_after"] = os.getloadavg()
    args.out.write_text(json.dumps(report, indent=2))
    print(f"wrote {args.out}; server logs in {log}")


if __name__ == "__main__":
    main()
