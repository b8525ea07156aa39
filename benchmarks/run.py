"""Load benchmark: semaxkg serve vs Oxigraph server (memory, disk) vs rdflib-endpoint.

Every server gets the same generated N-Quads and the same query mix (``queries.py``), driven by
``wrk`` (Debian package ``wrk``) at concurrency 1, 4 and 16 on 127.0.0.1. Reports QPS, p50,
p95, errors, cold start (process start to first answer, data loading included) and peak
memory (sum of PSS over the server's process tree), then the soak run.

    .venv/bin/python benchmarks/run.py --out benchmarks/results.json

Needs, in the venv (benchmark only, not project dependencies):
``pip install oxigraph rdflib-endpoint``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import write  # noqa: E402
from queries import MALFORMED, PATHOLOGICAL, QUERIES  # noqa: E402

VENV_BIN = Path(sys.executable).parent
SIZES = {"semax-5k": 5_000, "150k": 150_000, "1.5M": 1_500_000}
LUA = """
local reqs = {%s}
local i = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) i = math.random(#reqs) - 1; s2 = 0; s4 = 0; s503 = 0; s5 = 0 end
function request()
  i = i %% #reqs + 1
  return wrk.format("GET", reqs[i][1], {["Accept"] = reqs[i][2]})
end
%s
function done(summary, latency, requests)
  local a2, a4, a503, a5 = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a2 = a2 + (t:get("s2") or 0); a4 = a4 + (t:get("s4") or 0)
    a503 = a503 + (t:get("s503") or 0); a5 = a5 + (t:get("s5") or 0)
  end
  io.write(string.format('RESULT {"requests":%%d,"duration_us":%%d,"p50_us":%%d,"p95_us":%%d,' ..
    '"status_errors":%%d,"socket_errors":%%d,"s2":%%d,"s4":%%d,"s503":%%d,"s5":%%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    summary.errors.status, summary.errors.connect + summary.errors.read +
    summary.errors.write + summary.errors.timeout, a2, a4, a503, a5))
end
"""
COUNTING = """
function response(status, headers, body)
  if status < 300 then s2 = s2 + 1 elseif status == 503 then s503 = s503 + 1
  elseif status >= 500 then s5 = s5 + 1 else s4 = s4 + 1 end
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def tree_pss_bytes(root: int) -> int:
    """Sum of PSS over ``root`` and its descendants (shared pages counted once)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


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
                self.peak_pss = max(self.peak_pss, tree_pss_bytes(self.process.pid))
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


def _wait_ok(url: str, deadline_s: float, accept: str = "application/sparql-results+json") -> None:
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(probe, headers={"Accept": accept})
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"{url} did not answer in {deadline_s} s")


def start_semaxkg(data: Path, cache: bool, log: Path, workers: int, threads: int,
                  extra_env: dict[str, str] | None = None) -> Server:
    port = free_port()
    env = {**os.environ, **(extra_env or {})}
    if not cache:
        env["SEMAXKG_RESULT_CACHE_ENTRIES"] = "0"
    started = time.monotonic()
    process = subprocess.Popen(
        [str(VENV_BIN / "semaxkg"), "serve", "--port", str(port), "--workers", str(workers),
         "--threads", str(threads), "--data", str(data)],
        stdout=log.open("ab"), stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}/sparql"
    _wait_ok(url, 300)
    return Server("semaxkg" + ("" if cache else "-nocache"), url, process,
                  time.monotonic() - started)


def start_oxigraph_memory(data: Path, log: Path) -> Server:
    port = free_port()
    started = time.monotonic()
    process = subprocess.Popen(
        [str(VENV_BIN / "oxigraph"), "serve", "--bind", f"127.0.0.1:{port}",
         "--union-default-graph"], stdout=log.open("ab"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/query"
    _wait_ok(url, 60)
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
    subprocess.run([str(VENV_BIN / "oxigraph"), "load", "--location", str(location),
                    "--file", str(data)], check=True, stdout=log.open("ab"),
                   stderr=subprocess.STDOUT)
    process = subprocess.Popen(
        [str(VENV_BIN / "oxigraph"), "serve-read-only", "--location", str(location),
         "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=log.open("ab"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/query"
    _wait_ok(url, 60)
    return Server("oxigraph-disk", url, process, time.monotonic() - started)


def start_rdflib_endpoint(data: Path, log: Path) -> Server:
    port = free_port()
    started = time.monotonic()
    process = subprocess.Popen(
        [str(VENV_BIN / "rdflib-endpoint"), "serve", "--host", "127.0.0.1", "--port", str(port),
         str(data)], stdout=log.open("ab"), stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"  # rdflib-endpoint serves SPARQL at the root
    _wait_ok(url, 600)
    return Server("rdflib-endpoint", url, process, time.monotonic() - started)


def _lua(url: str, requests: list[tuple[str, str]], counting: bool) -> str:
    path = urllib.parse.urlsplit(url).path
    items = ",".join(
        "{%s,%s}" % (json.dumps(path + "?" + urllib.parse.urlencode({"query": q})),
                     json.dumps(accept))
        for q, accept in requests)
    return LUA % (items, COUNTING if counting else "")


def run_wrk(url: str, requests: list[tuple[str, str]], concurrency: int, seconds: float,
            counting: bool = False, timeout_s: int = 10) -> dict[str, float]:
    """Drive ``url`` with ``wrk``; return QPS, p50/p95 (ms) and error counts."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_lua(url, requests, counting))
    threads = 1 if concurrency == 1 else 2
    out = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(concurrency), "-d", f"{max(1, round(seconds))}s",
         "--timeout", f"{timeout_s}s", "-s", script.name, url],
        capture_output=True, text=True, check=True)
    os.unlink(script.name)
    line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
    raw = json.loads(line[len("RESULT "):])
    return {
        "qps": raw["requests"] / (raw["duration_us"] / 1e6),
        "p50_ms": raw["p50_us"] / 1000, "p95_ms": raw["p95_us"] / 1000,
        "errors": raw["status_errors"] + raw["socket_errors"],
        "requests": raw["requests"], "s2": raw["s2"], "s4": raw["s4"],
        "s503": raw["s503"], "s5": raw["s5"],
    }


def bench_server(server: Server, concurrencies: list[int], seconds: float) -> dict[str, object]:
    mix = [(q, accept) for _, q, accept in QUERIES]
    server.start_sampling()
    run_wrk(server.url, mix, 4, 1.0)  # warm-up
    results = {f"c{c}": run_wrk(server.url, mix, c, seconds) for c in concurrencies}
    time.sleep(0.6)
    return {"server": server.name, "cold_start_s": server.cold_start_s,
            "peak_pss_mib": server.peak_pss / 2**20, "runs": results}


def soak(data: Path, log: Path, seconds: float) -> dict[str, object]:
    """Good, malformed and pathological queries at c=32; memory first vs last 10 s."""
    server = start_semaxkg(data, True, log, workers=2, threads=4,
                           extra_env={"SEMAXKG_QUERY_TIMEOUT": "1"})
    mix = [(q, a) for _, q, a in QUERIES] * 8
    mix += [(q, "application/sparql-results+json") for q in MALFORMED]
    mix += [(q, "application/sparql-results+json") for q in PATHOLOGICAL]
    samples: list[tuple[float, int]] = []
    stop = threading.Event()

    def sample() -> None:
        start = time.monotonic()
        while not stop.is_set():
            samples.append((time.monotonic() - start, tree_pss_bytes(server.process.pid)))
            time.sleep(1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    result = run_wrk(server.url, mix, 32, seconds, counting=True, timeout_s=10)
    stop.set()
    sampler.join()
    server.stop()
    first = [m for t, m in samples if t <= 10]
    last = [m for t, m in samples if t >= seconds - 10]
    return {**result, "mem_first10_mib": max(first) / 2**20, "mem_last10_mib": max(last) / 2**20,
            "good_share": len(QUERIES) * 8 / len(mix)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=HERE / "results.json")
    parser.add_argument("--seconds", type=float, default=4.0, help="per run (default 4)")
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--soak-seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--skip", nargs="*", default=[], help="server names to skip")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="semaxkg-bench-"))
    log = workdir / "servers.log"
    report: dict[str, object] = {"sizes": {}, "command": " ".join(sys.argv)}
    concurrencies = [1, 4, 16]
    for size_name in args.sizes:
        data = workdir / f"{size_name}.nq"
        quads = write(data, SIZES[size_name], seed=1)
        print(f"== {size_name}: {quads} quads", flush=True)
        starters: list[tuple[str, Callable[[], Server]]] = [
            ("semaxkg", lambda: start_semaxkg(data, True, log, args.workers, args.threads)),
            ("semaxkg-nocache",
             lambda: start_semaxkg(data, False, log, args.workers, args.threads)),
            ("oxigraph-memory", lambda: start_oxigraph_memory(data, log)),
            ("oxigraph-disk", lambda: start_oxigraph_disk(data, log, workdir)),
        ]
        if size_name != "1.5M":  # rdflib needs minutes and GBs to load 1.5M triples
            starters.append(("rdflib-endpoint", lambda: start_rdflib_endpoint(data, log)))
        rows = []
        for name, starter in starters:
            if name in args.skip:
                continue
            server = starter()
            try:
                levels = concurrencies if name != "rdflib-endpoint" or size_name == "semax-5k" \
                    else [1, 4]
                row = bench_server(server, levels, args.seconds)
            finally:
                server.stop()
            rows.append(row)
            print(json.dumps(row), flush=True)
        report["sizes"][size_name] = {"quads": quads, "servers": rows}  # type: ignore[index]
    if args.soak_seconds > 0:
        data = workdir / "semax-5k.nq"
        if not data.exists():
            write(data, SIZES["semax-5k"], seed=1)
        report["soak"] = soak(data, log, args.soak_seconds)
        print(json.dumps(report["soak"]), flush=True)
    args.out.write_text(json.dumps(report, indent=2))
    print(f"wrote {args.out}; server logs in {log}")


if __name__ == "__main__":
    main()
