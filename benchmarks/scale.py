"""Scale benchmark: build, publish and query the Semax-shaped graph at growing sizes.

Sizes are counted in *groups* (``scale_corpus.py``): one group is five copies ("families")
of the curated corpus, about 62.5k triples and 1,570 claims with the current statement
model (55k and 1,550 in the 2026-11-22 runs); 27 groups ≈ 1.4M triples, 270 groups ≈ 14M.
Every stage runs in its own process, so its peak memory is its own.

``build`` is the batched build: one batch per group (its three source graphs and its five
families' entities and conflicts), each loaded from YAML, converted, SHACL-validated against
the shapes (with the ontology), QC-checked and appended as N-Triples per graph (plus one
N-Quads file), then dropped. Families share no subject, so batches are independent and
validating them one by one checks the same constraints as validating the union; memory stays
that of one batch per process. ``--jobs N`` builds N batches at once in worker processes
(output appended in batch order); ``--control FILE`` changes the jobs and ``--shacl-every K``
during a run; ``shacl-batches`` validates the batches a sampled run left out (the table then
counts their SHACL time as measured, not extrapolated). ``owl-batches`` runs the build's
OWL check (ontology + data, HermiT consistency) on every group, ``--groups-per-check K``
groups per HermiT run (one JVM each, in a fresh process), ``--jobs J`` runs at once; ``owl``
runs it on the ontology plus a sample (the curated corpus, 1 and 2 groups). ``unbatched``
runs the real ``semaxkg build`` on all groups at once, ``shacl-union`` pySHACL on their
union, for comparison.
``publish`` times ``semaxkg publish`` to Oxigraph on disk (``--then-query``: then ``query``
on the same server); ``publish-profile`` splits a publish into its parts.

    .venv/bin/python benchmarks/scale.py run --groups 1 3 9 --work /tmp/scale \\
        --results benchmarks/scale-results.jsonl
    .venv/bin/python benchmarks/scale.py build --groups 270 --jobs 2 --work /tmp/scale
    .venv/bin/python benchmarks/scale.py owl-batches --groups 27 --groups-per-check 2 \\
        --jobs 2 --work /tmp/scale
    .venv/bin/python benchmarks/scale.py table benchmarks/scale-results.jsonl
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import run as endpoint_bench  # noqa: E402  (benchmarks/run.py: wrk driver, PSS sampling)
import scale_corpus  # noqa: E402

PYTHON = sys.executable
OXIGRAPH = str(Path(PYTHON).with_name("oxigraph"))
ID = "https://w3id.org/semaxkg/id/"
JSON_RESULTS = "application/sparql-results+json"
#: Named queries of the throughput mix: selective questions a page or a client asks, whose
#: work does not grow with the rest of the graph (08 and 12 filter a whole source graph or
#: every comparison: they are timed once with the aggregates instead).
MIX = ["23-passages-of-a-claim", "34-conditions-semax-is-used-for",
       "35-semax-compound-properties", "40-claims-a-claim-conflicts-with"]
#: Lookups a resource page makes, in the curated corpus's IRIs (renamed per family like MIX).
LOOKUPS = [
    "SELECT ?label WHERE { <https://w3id.org/semaxkg/id/compound/semax> "
    "<http://www.w3.org/2000/01/rdf-schema#label> ?label }",
    "SELECT ?p ?o WHERE { <https://w3id.org/semaxkg/id/claim/s001-semax-derived-from-acth> ?p ?o }",
]
#: Named queries that read a whole graph or all of it (timed once each, not in the mix).
HEAVY = ["06-conflicts-by-kind-and-status", "11-claims-per-evidence-level-per-source",
         "08-source-says-about-bdnf", "12-compounds-compared-with-semax"]
#: The family whose ids the mix asks about (in group 0, present at every size).
MIX_FAMILY = 2
#: Memory the in-process server needs per byte of N-Quads (file read, then indexed): its peak
#: PSS was 1628 MiB for the 300 MiB file of 27 groups (5.4x).
IN_PROCESS_BYTES_PER_FILE_BYTE = 6
#: Above this size the second (idempotent) publish is not timed: it takes as long as the first.
REPUBLISH_MAX_TRIPLES = 5_000_000
#: Query time limit of the servers under test (the heavy queries take seconds at 15M).
SERVER_TIMEOUT_S = 300


# -- timing ------------------------------------------------------------------------------

@dataclass
class Stages:
    """CPU and wall seconds per stage name (CPU: this process, plus children for HermiT)."""

    cpu: dict[str, float] = field(default_factory=dict)
    wall: dict[str, float] = field(default_factory=dict)

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        cpu0, wall0 = _cpu(), time.perf_counter()
        try:
            yield
        finally:
            self.cpu[name] = self.cpu.get(name, 0.0) + _cpu() - cpu0
            self.wall[name] = self.wall.get(name, 0.0) + time.perf_counter() - wall0


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _peaks() -> dict[str, float]:
    return {"peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "child_peak_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def available_memory() -> int:
    """``MemAvailable`` of this machine, in bytes."""
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return 0


def record(results: Path, entry: dict[str, Any]) -> None:
    """Append one result line (JSON) and echo it."""
    entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S"),
             "loadavg": round(os.getloadavg()[0], 1), **entry}
    with results.open("a", encoding="utf-8") as out:
        out.write(json.dumps(entry) + "\n")
    print(json.dumps(entry), flush=True)


# -- corpus ------------------------------------------------------------------------------

def corpus_groups(work: Path, groups: int) -> list[Path]:
    """The first ``groups`` group folders, generated where missing."""
    template: scale_corpus.Template | None = None
    folders = []
    for group in range(groups):
        folder = work / "corpus" / f"group-{group:03d}"
        if not any(folder.glob("source-*.yaml")):
            template = template or scale_corpus.Template()
            scale_corpus.write_group(template, group, folder)
        folders.append(folder)
    return folders


def all_in_one(folders: list[Path], target: Path) -> Path:
    """One folder of symbolic links to every statement file of ``folders``."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for folder in folders:
        for path in folder.glob("*.yaml"):
            (target / path.name).symlink_to(path)
    return target


# -- the batched build -------------------------------------------------------------------

@dataclass
class BatchResult:
    """What one batch did: its graphs as N-Triples lines and its measures."""

    index: int
    claims: int
    graphs: dict[str, list[str]]
    cpu: dict[str, float]
    wall: dict[str, float]
    shacl_triples: int
    peak_rss_mib: float


#: Set once per worker process by :func:`_init_worker` (vocabulary, ontology, shapes).
_SETUP: dict[str, Any] = {}


def _init_worker() -> None:
    from semaxkg.build.batches import load_setup

    _SETUP["setup"] = load_setup()


def _setup() -> Any:
    if not _SETUP:
        _init_worker()
    return _SETUP["setup"]


def build_batch(index: int, folder: Path, shacl: bool) -> BatchResult:
    """Load, convert, validate (SHACL when ``shacl``) and QC-check one batch; its graphs
    (the stages of :mod:`semaxkg.build.batches`, timed one by one)."""
    from semaxkg.build.batches import batch_graphs, load_batch, qc_check, shacl_check

    setup = _setup()
    stages = Stages()
    batch = load_batch(index, folder, setup, stages)
    shacl_triples = 0
    if shacl:
        result = shacl_check(batch, setup, stages)
        if not result.conforms:
            raise SystemExit(f"batch {folder} does not conform:\n{result.text[:3000]}")
        shacl_triples = result.triples
    qc_check(batch, stages)
    graphs = batch_graphs(batch, setup, stages)
    return BatchResult(index, batch.claims, graphs, stages.cpu, stages.wall, shacl_triples,
                       resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def batched_build(folders: list[Path], out: Path, shacl_every: int,
                  jobs: int = 1, control: Path | None = None) -> dict[str, Any]:
    """Build ``folders`` batch by batch into ``out``; return the measures.

    With ``jobs`` > 1 the batches run in that many worker processes (batches are
    independent); the parent appends their graphs in batch order, so the output files are
    the same as with one job. CPU per stage is summed over the workers. ``control``, a JSON
    file ``{"jobs": J, "shacl_every": K}`` read before each batch is handed out, changes both
    during a long run (the result lists the batches SHACL validated).
    """
    from semaxkg.build.batches import GraphWriter

    started = time.perf_counter()
    stages = Stages()
    with stages("setup"):
        _init_worker()
    writer = GraphWriter(out)
    claims = shacl_batches = shacl_triples = 0
    batch_peaks: list[float] = []
    shacl_per_batch: list[float] = []
    cpu: dict[str, float] = dict(stages.cpu)
    wall: dict[str, float] = dict(stages.wall)
    # with a control file, room for 2 workers whatever it says at the start
    pool = (ProcessPoolExecutor(max(jobs, 2) if control else jobs, initializer=_init_worker)
            if jobs > 1 or control else None)
    shacl_indices: list[int] = []
    jobs_used: set[int] = {jobs}

    def settings() -> tuple[int, int]:
        """Jobs and SHACL sampling now: the arguments, or the control file when given."""
        if control is not None and control.exists():
            values = json.loads(control.read_text())
            return int(values.get("jobs", jobs)), int(values.get("shacl_every", shacl_every))
        return jobs, shacl_every

    def results() -> Iterator[BatchResult]:
        if pool is None:
            for index, folder in enumerate(folders):
                yield build_batch(index, folder, index % shacl_every == 0)
            return
        pending: collections.deque[Future[BatchResult]] = collections.deque()
        queue = list(enumerate(folders))
        while queue or pending:
            allowed, every = settings()
            jobs_used.add(max(allowed, 1))
            while queue and len(pending) < max(allowed, 1):
                index, folder = queue.pop(0)
                pending.append(pool.submit(build_batch, index, folder, index % every == 0))
            yield pending.popleft().result()

    try:
        for result in results():
            claims += result.claims
            for name, value in result.cpu.items():
                cpu[name] = cpu.get(name, 0.0) + value
            for name, value in result.wall.items():
                wall[name] = wall.get(name, 0.0) + value
            if result.shacl_triples:
                shacl_batches += 1
                shacl_triples += result.shacl_triples
                shacl_per_batch.append(round(result.cpu["shacl"], 2))
                shacl_indices.append(result.index)
            with stages("merge"):
                writer.add(result.graphs)
            batch_peaks.append(result.peak_rss_mib)
            print(f"batch {result.index + 1}/{len(folders)} done: {claims} claims, "
                  f"{sum(writer.triples.values())} triples, cpu {sum(cpu.values()):.0f} s, "
                  f"elapsed {time.perf_counter() - started:.0f} s", flush=True)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    writer.close()
    cpu["merge"], wall["merge"] = stages.cpu["merge"], stages.wall["merge"]
    triples = sum(writer.triples.values())
    parent_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "groups": len(folders), "claims": claims, "triples": triples, "jobs": jobs,
        "jobs_used": sorted(jobs_used),
        "graphs": len(writer.triples), "shacl_batches": shacl_batches,
        "shacl_triples": shacl_triples, "shacl_cpu_per_batch": shacl_per_batch,
        "shacl_batch_indices": shacl_indices, "cpu": cpu, "wall": wall,
        "elapsed_s": time.perf_counter() - started,
        "peak_after_first_batch_mib": batch_peaks[0] if batch_peaks else 0.0,
        # one batch's process (the largest); with jobs > 1, that many run at once
        "peak_rss_mib": max([parent_peak, *batch_peaks]),
        "worker_peak_rss_mib": max(batch_peaks, default=0.0), "parent_peak_rss_mib": parent_peak,
    }


def owl_probe(folders: list[Path], work: Path) -> dict[str, Any]:
    """HermiT on the ontology plus a sample: the curated corpus, then 1 and 2 groups."""
    from semaxkg.build.batches import load_batch, owl_check
    from semaxkg.paths import current_project

    samples = {"curated (1 family)": current_project().statements_dir, "1 group": folders[0]}
    if len(folders) > 1:
        samples["2 groups"] = all_in_one(folders[:2], work / "owl-2-groups")
    out: dict[str, Any] = {}
    for label, folder in samples.items():
        batch = load_batch(0, folder, _setup())
        stages = Stages()
        result = owl_check(batch, stages)
        out[label] = {"claims": batch.claims, "triples": len(batch.conversion.dataset),
                      "cpu": stages.cpu["owl"], "wall": stages.wall["owl"],
                      "result": result.message}
        print(label, out[label], flush=True)
    return {**out, **_peaks()}


def owl_batch_run(indices: list[int], folders: list[Path], link: Path) -> dict[str, Any]:
    """The build's OWL check (ontology + data, HermiT consistency) on the groups ``indices``
    at once: each loaded and converted as ``build`` does (one folder of links when several).

    Meant for a fresh process per run: its peak RSS is then this run's and the children's
    (the HermiT JVM, waited for by owlready2) this run's JVM; CPU includes the JVM's.
    """
    from semaxkg.build.batches import load_batch, owl_check

    selected = [folders[i] for i in indices]
    folder = selected[0] if len(selected) == 1 else all_in_one(selected, link)
    stages = Stages()
    with stages("setup"):
        _init_worker()
    batch = load_batch(indices[0], folder, _setup(), stages)
    result = owl_check(batch, stages)
    if len(selected) > 1:
        shutil.rmtree(link, ignore_errors=True)
    return {"groups": indices, "claims": batch.claims, "triples": len(batch.conversion.dataset),
            "ran": result.ran, "consistent": result.consistent, "result": result.message,
            "cpu": stages.cpu, "wall": stages.wall, **_peaks()}


def owl_batches(folders: list[Path], per_check: int, jobs: int, work: Path,
                stop_after_s: float | None = None) -> dict[str, Any]:
    """HermiT on every group of ``folders``, ``per_check`` groups per run (one JVM each),
    ``jobs`` runs at once, each run in a fresh worker process; with ``stop_after_s`` no run
    starts after that many seconds (the result says how many groups were checked)."""
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, wait

    started, cpu0 = time.perf_counter(), _cpu()
    chunks = [list(range(i, min(i + per_check, len(folders))))
              for i in range(0, len(folders), per_check)]
    runs: list[dict[str, Any]] = []
    pending: set[Future[dict[str, Any]]] = set()
    stopped_early = False
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, max_tasks_per_child=1) as pool:
        while chunks or pending:
            late = stop_after_s is not None and time.perf_counter() - started > stop_after_s
            if late and chunks:
                stopped_early, chunks = True, []
            while chunks and len(pending) < jobs:
                indices = chunks.pop(0)
                link = work / f"owl-batch-{per_check}-{indices[0]:03d}"
                pending.add(pool.submit(owl_batch_run, indices, folders, link))
            if not pending:
                break
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                run = future.result()
                runs.append(run)
                done_groups = sum(len(r["groups"]) for r in runs)
                print(f"owl run {run['groups'][0]}..{run['groups'][-1]}: {run['result']}, "
                      f"owl cpu {run['cpu']['owl']:.1f} s, java peak "
                      f"{run['child_peak_rss_mib']:.0f} MiB; {done_groups}/{len(folders)} groups, "
                      f"elapsed {time.perf_counter() - started:.0f} s", flush=True)
    runs.sort(key=lambda r: r["groups"][0])
    cpu: dict[str, float] = {}
    for run in runs:
        for name, value in run["cpu"].items():
            cpu[name] = cpu.get(name, 0.0) + value
    owl_cpu = [run["cpu"]["owl"] for run in runs]
    checked = sorted(i for run in runs for i in run["groups"])
    return {
        "groups": len(folders), "groups_checked": len(checked),
        "complete": checked == list(range(len(folders))), "stopped_early": stopped_early,
        "groups_per_check": per_check, "jobs": jobs, "runs": len(runs),
        "claims": sum(r["claims"] for r in runs), "triples": sum(r["triples"] for r in runs),
        "consistent": all(r["ran"] and r["consistent"] for r in runs),
        "inconsistent_groups": [r["groups"] for r in runs if not (r["ran"] and r["consistent"])],
        "cpu": cpu, "owl_cpu_per_group": cpu.get("owl", 0.0) / max(len(checked), 1),
        "owl_cpu_per_run": {"min": min(owl_cpu, default=0.0), "max": max(owl_cpu, default=0.0)},
        "owl_wall_per_run_max": max((r["wall"]["owl"] for r in runs), default=0.0),
        # all processes of the run (workers and their JVMs), from this process's rusage
        "cpu_total": _cpu() - cpu0, "elapsed_s": time.perf_counter() - started,
        # one run's worker (Python: ontology, the data, owlready2) and its JVM; with
        # jobs > 1, that many runs are alive at once
        "worker_peak_rss_mib": max((r["peak_rss_mib"] for r in runs), default=0.0),
        "java_peak_rss_mib": max((r["child_peak_rss_mib"] for r in runs), default=0.0),
        "run_peak_rss_mib": max((r["peak_rss_mib"] + r["child_peak_rss_mib"] for r in runs),
                                default=0.0),
        "per_run": [{"groups": [r["groups"][0], r["groups"][-1]], "owl_cpu": round(
            r["cpu"]["owl"], 2), "owl_wall": round(r["wall"]["owl"], 2), "java_peak_rss_mib":
            round(r["child_peak_rss_mib"]), "worker_peak_rss_mib": round(r["peak_rss_mib"])}
            for r in runs],
    }


# -- servers -----------------------------------------------------------------------------

@dataclass
class Process:
    """A server process with its start-up time and sampled peak PSS."""

    name: str
    url: str
    popen: subprocess.Popen[bytes]
    started_s: float
    peak_pss_mib: float = 0.0

    def sample(self) -> None:
        self.peak_pss_mib = max(self.peak_pss_mib,
                                endpoint_bench.tree_pss(self.popen.pid) / 2**20)

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(30)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()


def start(name: str, command: list[str], url: str, log: Path, probe: str,
          env: dict[str, str] | None = None, deadline_s: float = 3600) -> Process:
    """Start ``command`` and wait until ``probe`` answers 200."""
    started = time.perf_counter()
    with log.open("ab") as out:
        popen = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                                 env={**os.environ, **(env or {})})
    process = Process(name, url, popen, 0.0)
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if popen.poll() is not None:
            raise RuntimeError(f"{name} exited: see {log}")
        process.sample()
        try:
            if requests.get(probe, timeout=5).ok:
                process.started_s = time.perf_counter() - started
                return process
        except requests.RequestException:
            pass
        time.sleep(0.5)
    process.stop()
    raise RuntimeError(f"{name} did not start within {deadline_s} s: see {log}")


def start_oxigraph(location: Path, log: Path, timeout_s: int = SERVER_TIMEOUT_S) -> Process:
    """Oxigraph on disk, default graph = union of the named graphs.

    With ``--timeout-s`` Oxigraph 0.5 starts a thread per query: at ~1,000 queries/s (the mix
    on 1-3 groups, c=4) thread creation failed (``os error 11``, then a panic) and every
    request after it errored, so ``timeout_s`` 0 leaves the flag out.
    """
    port = endpoint_bench.free_port()
    url = f"http://127.0.0.1:{port}/query"
    limit = ["--timeout-s", str(timeout_s)] if timeout_s else []
    return start("oxigraph", [OXIGRAPH, "serve", "--location", str(location), "--bind",
                              f"127.0.0.1:{port}", "--union-default-graph", *limit],
                 url, log, url + "?query=ASK%7B%7D")


def start_semaxkg(name: str, source: list[str], log: Path) -> Process:
    """``semaxkg serve`` (2 workers x 4 threads, result cache off) on ``source`` arguments."""
    port = endpoint_bench.free_port()
    url = f"http://127.0.0.1:{port}/sparql"
    env = {"SEMAXKG_RESULT_CACHE_ENTRIES": "0", "SEMAXKG_QUERY_TIMEOUT": str(SERVER_TIMEOUT_S),
           "SEMAXKG_MAX_RESULT_ROWS": "100000"}
    return start(name, [PYTHON, "-m", "semaxkg.cli", "serve", "--port", str(port),
                        "--workers", "2", "--threads", "4", *source],
                 url, log, url.replace("/sparql", "/health"), env)


# -- queries -----------------------------------------------------------------------------

_IRI = re.compile(r"<https://w3id\.org/semaxkg/id/([a-z]+)/([a-z0-9-]+)>")


def family_query(name: str, family: int = MIX_FAMILY, text: str | None = None) -> str:
    """Named query ``name`` (or ``text``) asking about family ``family``'s copies."""
    template = scale_corpus.Template()
    if text is None:
        text = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")

    def rename(match: re.Match[str]) -> str:
        return f"<{ID}{match.group(1)}/{template.rename(match.group(2), family)}>"

    text = _IRI.sub(rename, text)
    group = family // scale_corpus.FAMILIES_PER_SOURCE
    return re.sub(r"graph/source-(\d{3})",
                  lambda m: f"graph/source-{group * 3 + int(m.group(1)):03d}", text)


def check_answers(url: str, queries: list[str]) -> list[int]:
    """Rows each query answers (a mix of empty answers would measure nothing)."""
    rows = []
    for query in queries:
        answer = requests.post(url, data={"query": query}, headers={"Accept": JSON_RESULTS},
                               timeout=SERVER_TIMEOUT_S)
        answer.raise_for_status()
        rows.append(len(answer.json()["results"]["bindings"]))
    return rows


def time_heavy(url: str) -> dict[str, float]:
    """Seconds for each heavy query (one run)."""
    out = {}
    for name in HEAVY:
        query = (ROOT / "queries" / f"{name}.rq").read_text(encoding="utf-8")
        started = time.perf_counter()
        answer = requests.post(url, data={"query": query}, headers={"Accept": JSON_RESULTS},
                               timeout=SERVER_TIMEOUT_S + 30)
        out[name] = time.perf_counter() - started if answer.ok else float("nan")
    return out


# -- sub-commands ------------------------------------------------------------------------

def cmd_build(args: argparse.Namespace) -> None:
    folders = corpus_groups(args.work, args.groups)
    result = batched_build(folders, args.work / f"out-{args.groups}", args.shacl_every,
                           args.jobs, args.control)
    record(args.results, {"stage": "build", **result})


def cmd_shacl_batches(args: argparse.Namespace) -> None:
    """SHACL (with load, convert and QC) on the given batches only: completes a build whose
    run validated a sample. Nothing is written; the batches fail the run as in ``build``."""
    folders = corpus_groups(args.work, args.groups)
    indices = args.indices
    stages: dict[str, float] = {}
    started = time.perf_counter()
    with ProcessPoolExecutor(args.jobs, initializer=_init_worker) as pool:
        futures = [pool.submit(build_batch, i, folders[i], True) for i in indices]
        results = [future.result() for future in futures]
    for result in results:
        for name, value in result.cpu.items():
            stages[name] = stages.get(name, 0.0) + value
    record(args.results, {
        "stage": "shacl_batches", "groups": args.groups, "batch_indices": indices,
        "conforms": True, "triples": sum(r.shacl_triples for r in results),
        "jobs": args.jobs, "cpu": stages, "elapsed_s": time.perf_counter() - started})


def cmd_owl(args: argparse.Namespace) -> None:
    folders = corpus_groups(args.work, max(2, args.groups))
    record(args.results, {"stage": "owl", **owl_probe(folders, args.work)})


def cmd_owl_batches(args: argparse.Namespace) -> None:
    """The OWL check (HermiT) on every group of the size: fails, naming the groups, when
    any run is inconsistent (or did not run)."""
    # --first-group F resumes a run that stopped early: groups F.. only (indices in the
    # result count from F).
    folders = corpus_groups(args.work, args.groups)[args.first_group:]
    result = owl_batches(folders, args.groups_per_check, args.jobs, args.work, args.stop_after_s)
    record(args.results, {"stage": "owl_batches", "first_group": args.first_group, **result})
    if not result["consistent"]:
        raise SystemExit(f"HermiT: inconsistent (or not run) on groups "
                         f"{result['inconsistent_groups']}")


def cmd_shacl_union(args: argparse.Namespace) -> None:
    """pySHACL on the union of all groups at once, as `semaxkg build` validates."""
    from semaxkg.build.batches import load_batch, shacl_check

    folders = corpus_groups(args.work, args.groups)
    statements = all_in_one(folders, args.work / f"all-{args.groups}")
    setup = _setup()
    stages = Stages()
    result = shacl_check(load_batch(0, statements, setup), setup, stages)
    record(args.results, {"stage": "shacl_union", "groups": args.groups, "triples": result.triples,
                          "conforms": result.conforms, "cpu": stages.cpu["shacl"],
                          "wall": stages.wall["shacl"], **_peaks()})


def cmd_unbatched(args: argparse.Namespace) -> None:
    folders = corpus_groups(args.work, args.groups)
    statements = all_in_one(folders, args.work / f"all-{args.groups}")
    out = args.work / f"unbatched-{args.groups}"
    started = time.perf_counter()
    popen = subprocess.Popen([PYTHON, "-m", "semaxkg.cli", "build", "--statements",
                              str(statements), "--out", str(out)], cwd=ROOT)
    _pid, status, usage = os.wait4(popen.pid, 0)
    wall = time.perf_counter() - started
    claims = sum(len(json.loads(p.read_text())["statements"])
                 for f in folders for p in f.glob("source-*.yaml"))
    record(args.results, {
        "stage": "unbatched", "groups": args.groups, "claims": claims,
        "exit": os.waitstatus_to_exitcode(status), "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime, "peak_rss_mib": usage.ru_maxrss / 1024})
    shutil.rmtree(out, ignore_errors=True)


def cmd_publish(args: argparse.Namespace) -> None:
    data = args.work / f"out-{args.groups}"
    location = args.work / f"store-{args.groups}"
    shutil.rmtree(location, ignore_errors=True)
    log = args.work / f"oxigraph-{args.groups}.log"
    server = start_oxigraph(location, log)
    try:
        started = time.perf_counter()
        done = subprocess.run([PYTHON, "-m", "semaxkg.cli", "publish", "--data", str(data),
                               "--to", server.url], cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - started
        server.sample()
        if done.returncode != 0:
            raise SystemExit(done.stderr[-3000:])
        triples = sum(int(line.split()[3]) for line in done.stdout.splitlines()[1:])
        again_wall, again_exit = float("nan"), None
        if triples <= REPUBLISH_MAX_TRIPLES:
            again_started = time.perf_counter()
            again = subprocess.run([PYTHON, "-m", "semaxkg.cli", "publish", "--data", str(data),
                                    "--to", server.url], cwd=ROOT, capture_output=True, text=True)
            again_wall, again_exit = time.perf_counter() - again_started, again.returncode
        size = sum(p.stat().st_size for p in location.rglob("*") if p.is_file())
        record(args.results, {
            "stage": "publish", "groups": args.groups, "triples": triples,
            "graphs": len(done.stdout.splitlines()) - 1, "wall": wall,
            "republish_wall": again_wall, "republish_exit": again_exit,
            "oxigraph_peak_pss_mib": server.peak_pss_mib, "store_mib": size / 2**20})
        if args.then_query:  # the same server: no second opening of a big store
            measure_queries(args, server)
    finally:
        server.stop()


def cmd_publish_profile(args: argparse.Namespace) -> None:
    """Where the publish time goes: local count and hash, each graph's ``PUT``, each count.

    ``--no-transaction`` adds Oxigraph's ``no_transaction`` parameter to the graph uploads
    (its bulk loader: not atomic; the count check after each upload stays); ``--twice``
    times the second publish (every graph replaced) instead of the first.
    """
    from semaxkg.store import upload as pub
    from semaxkg.store.manifest import MANIFEST_GRAPH

    data = args.work / f"out-{args.groups}"
    location = args.work / f"profile-store-{args.groups}"
    shutil.rmtree(location, ignore_errors=True)
    server = start_oxigraph(location, args.work / f"profile-oxigraph-{args.groups}.log")
    try:
        started = time.perf_counter()
        graphs = pub.graphs_in_directory(data)
        local_s = time.perf_counter() - started
        publisher = pub.Publisher(server.url)
        puts: list[tuple[str, float]] = []
        counts: list[float] = []
        connection = publisher.store.connection
        request, count = connection.request, publisher.store.count

        def timed_request(method: str, url: str, **kwargs: Any) -> requests.Response:
            params = dict(kwargs.get("params") or {})
            graph = params.get("graph")
            if args.no_transaction and method == "PUT" and graph != MANIFEST_GRAPH:
                kwargs["params"] = {**params, "no_transaction": ""}
            began = time.perf_counter()
            try:
                return request(method, url, **kwargs)
            finally:
                if method == "PUT" and graph != MANIFEST_GRAPH:
                    puts.append((str(graph).rsplit("/", 1)[-1], time.perf_counter() - began))

        def timed_count(graph: str, *, timeout: float | None = None) -> int:
            began = time.perf_counter()
            try:
                return count(graph, timeout=timeout)
            finally:
                counts.append(time.perf_counter() - began)

        connection.request = timed_request  # type: ignore[method-assign]
        publisher.store.count = timed_count  # type: ignore[method-assign]
        for _ in range(2 if args.twice else 1):
            puts.clear()
            counts.clear()
            started = time.perf_counter()
            publisher.publish(graphs)
            total = time.perf_counter() - started
        server.sample()
        triples = sum(g.triples for g in graphs)
        put_s = sum(s for _, s in puts)
        record(args.results, {
            "stage": "publish_profile", "groups": args.groups, "triples": triples,
            "no_transaction": args.no_transaction, "republish": args.twice,
            "local_count_hash_s": local_s, "publish_s": total, "put_s": put_s,
            "count_s": sum(counts), "other_s": total - put_s - sum(counts),
            "triples_per_s": triples / total,
            "slowest_puts": sorted(puts, key=lambda x: -x[1])[:3],
            "oxigraph_peak_pss_mib": server.peak_pss_mib})
    finally:
        server.stop()
        shutil.rmtree(location, ignore_errors=True)


def cmd_query(args: argparse.Namespace) -> None:
    location = args.work / f"store-{args.groups}"
    oxigraph = start_oxigraph(location, args.work / f"query-oxigraph-{args.groups}.log",
                              args.oxigraph_timeout_s)
    try:
        measure_queries(args, oxigraph)
    finally:
        oxigraph.stop()


def in_process_estimate(nquads: Path) -> int:
    """Bytes the in-process server is expected to need for ``nquads``."""
    return IN_PROCESS_BYTES_PER_FILE_BYTE * nquads.stat().st_size


def measure_queries(args: argparse.Namespace, oxigraph: Process) -> None:
    """Query throughput on Oxigraph directly, the in-process server (when it fits) and
    ``semaxkg serve --store`` over Oxigraph."""
    work: Path = args.work
    nquads = work / f"out-{args.groups}" / "dataset.nq"
    mix = [family_query(name) for name in MIX] + [family_query("", text=q) for q in LOOKUPS]
    requests_mix = [(q, JSON_RESULTS) for q in mix]
    servers = [("oxigraph direct", oxigraph)]
    try:
        needed = in_process_estimate(nquads)
        limit = min(available_memory(), int(args.in_process_max_gib * 2**30))
        if needed < limit:
            local = start_semaxkg("semaxkg in-process", ["--data", str(nquads)],
                                  work / f"query-local-{args.groups}.log")
            servers.append(("semaxkg in-process", local))
        else:
            record(args.results, {"stage": "note", "groups": args.groups, "note":
                                  f"in-process server skipped: needs about {needed / 2**30:.0f} "
                                  f"GiB ({IN_PROCESS_BYTES_PER_FILE_BYTE} x the N-Quads file, "
                                  f"measured at 27 groups), limit {limit / 2**30:.0f} GiB"})
        remote = start_semaxkg("semaxkg --store", ["--store", oxigraph.url],
                               work / f"query-remote-{args.groups}.log")
        servers.append(("semaxkg --store", remote))
        rows = {name: check_answers(server.url, mix) for name, server in servers}
        for name, server in servers:
            for concurrency in args.concurrency:
                endpoint_bench.run_wrk(server.url, requests_mix, concurrency, 2)  # warm-up
                result = endpoint_bench.run_wrk(server.url, requests_mix, concurrency,
                                                args.seconds, timeout_s=60)
                server.sample()
                record(args.results, {
                    "stage": "query", "groups": args.groups, "server": name,
                    "concurrency": concurrency, "qps": result["qps"],
                    "p50_ms": result["p50_ms"], "p95_ms": result["p95_ms"],
                    "errors": result["errors"], "rows": rows[name]})
        for name, server in servers:
            server.sample()
            record(args.results, {
                "stage": "server", "groups": args.groups, "server": name,
                "start_s": server.started_s, "peak_pss_mib": server.peak_pss_mib,
                "heavy_s": time_heavy(server.url)})
    finally:
        for _name, server in reversed(servers[1:]):
            server.stop()


def cmd_run(args: argparse.Namespace) -> None:
    """Every stage for every size, each in a fresh process."""
    common = ["--work", str(args.work), "--results", str(args.results)]
    for groups in args.groups:
        size = ["--groups", str(groups)]
        shacl = ["--shacl-every", str(args.shacl_every), "--jobs", str(args.jobs)]
        steps = [["build", *size, *shacl], ["publish", *size], ["query", *size,
                 "--seconds", str(args.seconds)]]
        if groups <= args.unbatched_max:
            steps.insert(1, ["unbatched", *size])
        for step in steps:
            subprocess.run([PYTHON, __file__, *step, *common], check=True)
    if args.owl:
        subprocess.run([PYTHON, __file__, "owl", "--groups", "2", *common], check=True)


def cmd_table(args: argparse.Namespace) -> None:
    import scale_table

    print(scale_table.render([json.loads(line) for line in
                              args.results_file.read_text().splitlines() if line.strip()]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    def add(name: str, handler: Any, many: bool = False) -> argparse.ArgumentParser:
        p = sub.add_parser(name)
        p.add_argument("--groups", type=int, nargs="+" if many else None, required=True)
        p.add_argument("--work", type=Path, required=True)
        p.add_argument("--results", type=Path, default=HERE / "scale-results.jsonl")
        p.add_argument("--shacl-every", type=int, default=1)
        p.add_argument("--jobs", type=int, default=1,
                       help="batches built at once, each in its own process (build, run)")
        p.add_argument("--control", type=Path, default=None,
                       help='build: JSON file {"jobs": J, "shacl_every": K} re-read during the run')
        p.add_argument("--seconds", type=float, default=10.0)
        p.add_argument("--concurrency", type=int, nargs="+", default=[1, 4])
        p.add_argument("--in-process-max-gib", type=float, default=12.0,
                       help="query: skip the in-process server when it would need more")
        p.add_argument("--oxigraph-timeout-s", type=int, default=SERVER_TIMEOUT_S,
                       help="query: Oxigraph's --timeout-s (0: none)")
        p.add_argument("--then-query", action="store_true",
                       help="publish: then measure queries on the same Oxigraph server")
        p.set_defaults(handler=handler)
        return p

    add("build", cmd_build)
    add("owl", cmd_owl)
    shacl_batches = add("shacl-batches", cmd_shacl_batches)
    shacl_batches.add_argument("--indices", type=int, nargs="+", required=True)
    owl_batched = add("owl-batches", cmd_owl_batches)
    owl_batched.add_argument("--groups-per-check", type=int, default=1,
                             help="groups per HermiT run (one JVM per run)")
    owl_batched.add_argument("--first-group", type=int, default=0,
                             help="check groups from this index on (resume a stopped run)")
    owl_batched.add_argument("--stop-after-s", type=float, default=None,
                             help="start no HermiT run after this many seconds")
    add("unbatched", cmd_unbatched)
    add("shacl-union", cmd_shacl_union)
    add("publish", cmd_publish)
    add("query", cmd_query)
    profile = add("publish-profile", cmd_publish_profile)
    profile.add_argument("--no-transaction", action="store_true")
    profile.add_argument("--twice", action="store_true")
    run = add("run", cmd_run, many=True)
    run.add_argument("--unbatched-max", type=int, default=3,
                     help="run the real `semaxkg build` up to this many groups")
    run.add_argument("--owl", action="store_true", help="also run the HermiT probe")
    table = sub.add_parser("table")
    table.add_argument("results_file", type=Path)
    table.set_defaults(handler=cmd_table)
    args = parser.parse_args()
    if getattr(args, "work", None) is not None:
        args.work.mkdir(parents=True, exist_ok=True)
    args.handler(args)


if __name__ == "__main__":
    main()
