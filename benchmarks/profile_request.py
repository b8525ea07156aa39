"""Where the time of one cache-off ``/sparql`` request goes, phase by phase (the small graph).

Two measurements, on the parameterised mix of ``templates.py`` over the 5k graph:

1. **In process, timestamps around every phase.** The app (``create_app``, answer cache off,
   executors on, as ``semaxkg serve`` runs it) is called through Granian's own Python WSGI
   wrapper (``granian.wsgi._callback_wrapper``: environ building, access log, body join) with
   the scope dict Granian's Rust side would hand it. Timing wrappers (monkeypatched here; the
   source is unchanged) take timestamps around the Flask view, ``EndpointState.run`` (the hop
   to the executor and back, which contains the engine) and the view's helpers (request
   parsing, negotiation, ETag, response building). The engine's own phases (pre-checks,
   parse + evaluation, serialisation) are timed by running ``engine.execute``'s steps in this
   process on the same requests; the hop is ``run`` minus those. The access log is timed
   alone (Granian's logger, the server's format, to /dev/null). Every request is sent
   ``--repeat`` times and the repetition with the smallest total is kept (the machine is
   shared: the minimum is the least disturbed).
2. **Over HTTP** (``--http``): ``semaxkg serve`` (1 worker, cache off) and ``oxigraph serve``
   driven by ``wrk`` at c=1 with the same requests: latency per request, and CPU seconds per
   request of each process of the tree (Granian's main process, the worker, the executors)
   from ``/proc/<pid>/stat``. What the HTTP server's Rust side and the wake-ups cost is the
   HTTP latency minus the in-process total.

    .venv/bin/python benchmarks/profile_request.py --requests 600 --http \\
        --out benchmarks/profile-before.json
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import io
import json
import logging.config
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import write  # noqa: E402
from run import (  # noqa: E402
    SIZES,
    Server,
    _spawn,
    free_port,
    process_tree,
    run_wrk,
    start_flask_route,
    start_oxigraph_memory,
    start_semaxkg,
    wait_ok,
)
from templates import draw_mix, load_constants  # noqa: E402

PHASES: dict[str, float] = defaultdict(float)


def _timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            PHASES[name] += time.perf_counter() - started
    return wrapper


def _scope(path_qs: str, accept: str) -> dict[str, Any]:
    """The scope Granian's Rust side builds for a GET (the keys its WSGI wrapper reads)."""
    path, _, qs = path_qs.partition("?")
    return {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": qs,
            "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000", "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""),
            "HTTP_HOST": "127.0.0.1:8000", "HTTP_ACCEPT": accept,
            "HTTP_USER_AGENT": "wrk", "CONTENT_LENGTH": "", "CONTENT_TYPE": ""}


class _Proto:
    def response_bytes(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.body = body

    def response_iter(self, status: int, headers: list[tuple[str, str]], body: Any) -> None:
        chunks = []
        with contextlib.suppress(StopIteration):
            while True:  # what Granian's Rust side does with the iterator
                chunks.append(body.__next__())
        self.body = b"".join(chunks)
        with contextlib.suppress(AttributeError):
            body.close()


@contextlib.contextmanager
def _instrumented(app: Any) -> Iterator[None]:
    """Timing wrappers around the phases; removed afterwards."""
    from semaxkg.sparql import negotiation
    from semaxkg.web import state
    from semaxkg.web.sparql import sparql_routes as sparql

    patches = [
        (app, "wsgi_app", "app (Flask, middlewares)"),
        (state.EndpointState, "run", "run (hop + engine)"),
        (sparql, "_query_request", "view: request parsing"),
        (sparql, "etag_for", "view: ETag"),
        (negotiation, "acceptable_at_all", "view: negotiation"),
        (sparql, "_to_flask", "view: response building"),
    ]
    saved = [(owner, attr, getattr(owner, attr)) for owner, attr, _ in patches]
    for owner, attr, name in patches:
        setattr(owner, attr, _timed(name, getattr(owner, attr)))
    view = app.view_functions["sparql.sparql"]
    app.view_functions["sparql.sparql"] = _timed("view", view)
    try:
        yield
    finally:
        for owner, attr, original in saved:
            setattr(owner, attr, original)
        app.view_functions["sparql.sparql"] = view


def _engine_phases(dataset: Any, request: Any) -> dict[str, float]:
    """``engine.execute``'s steps, timed one by one (same calls, same order)."""
    import pyoxigraph as ox
    from werkzeug.datastructures import MIMEAccept
    from werkzeug.http import parse_accept_header

    from semaxkg.rdf import sparql_lexer as lexer
    from semaxkg.sparql import engine

    t0 = time.perf_counter()
    engine.check_query(request.query)
    union = "FROM" not in lexer.query_keywords(request.query)
    t1 = time.perf_counter()
    results = dataset.store.query(request.query, base_iri=request.base_iri,
                                  use_default_graph_as_union=union)
    if isinstance(results, ox.QuerySolutions):
        variables, rows = results.variables, [list(s) for s in results]
    elif isinstance(results, ox.QueryBoolean):
        variables, rows = [], []
    else:
        variables, rows = [], list(results)
    t2 = time.perf_counter()
    # Serialisation (negotiation included) of a fresh evaluation, minus that evaluation.
    again = dataset.store.query(request.query, base_iri=request.base_iri,
                                use_default_graph_as_union=union)
    engine._serialise(again, parse_accept_header(request.accept, MIMEAccept), request)
    t4 = time.perf_counter()
    del variables, rows
    return {"engine: pre-checks (nesting, form, SERVICE, FROM)": t1 - t0,
            "engine: parse + evaluate (rows materialised)": t2 - t1,
            "engine: negotiation + serialisation": (t4 - t2) - (t2 - t1)}


def in_process(data: Path, requests: list[tuple[str, str]], repeat: int,
               cprofile: Path | None = None) -> dict[str, Any]:
    """Per-phase times (µs per request, mean over requests of the least disturbed repeat)."""
    from granian.wsgi import _build_access_logger, _callback_wrapper

    from semaxkg.sparql.engine import QueryRequest
    from semaxkg.web import create_app
    from semaxkg.web.serving import ACCESS_LOG_FORMAT, LOGGING_CONFIG
    from semaxkg.web.state import get_state

    app = create_app({"DATA_FILES": [str(data)], "RESULT_CACHE_ENTRIES": 0})
    state = get_state(app)
    with app.app_context():
        state.pool().warm_up(all_executors=True)
    config = copy.deepcopy(LOGGING_CONFIG) | {"version": 1, "disable_existing_loggers": False}
    sink = open(os.devnull, "w")  # noqa: SIM115 - open for the whole measurement
    for handler in config["handlers"].values():
        handler.pop("stream", None)
    logging.config.dictConfig(config)
    for name in ("granian.access", "_granian"):
        for handler in logging.getLogger(name).handlers:
            handler.setStream(sink)  # type: ignore[attr-defined]
    call = _callback_wrapper(app, {}, None)  # access log timed apart, below
    access_log = _build_access_logger(ACCESS_LOG_FORMAT)
    import urllib.parse

    rows: list[dict[str, float]] = []
    with _instrumented(app):
        for query, accept in requests:
            path_qs = "/sparql?" + urllib.parse.urlencode({"query": query})
            best: dict[str, float] | None = None
            for _ in range(repeat):
                PHASES.clear()
                proto = _Proto()
                started = time.perf_counter()
                call(proto, _scope(path_qs, accept))
                total = time.perf_counter() - started
                if best is None or total < best["total"]:
                    best = dict(PHASES) | {"total": total}
            assert best is not None
            rows.append(best)
    if cprofile is not None:  # a separate pass: cProfile's overhead stays out of the table
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        for query, accept in requests:
            call(_Proto(), _scope("/sparql?" + urllib.parse.urlencode({"query": query}), accept))
        profiler.disable()
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(30)
        cprofile.write_text(text.getvalue().replace(str(HERE.parent) + "/", "")
                            .replace(str(Path.home()), "~"))
    dataset = state.dataset
    engine_rows = []
    for query, accept in requests:
        request = QueryRequest(query=query, accept=accept, base_iri=state.base_iri,
                               row_cap=state.row_cap)
        runs = [_engine_phases(dataset, request) for _ in range(repeat)]
        engine_rows.append(min(runs, key=lambda r: sum(r.values())))
    log_times = []
    scope = _scope("/sparql?query=ASK%7B%7D", "*/*")
    for _ in range(len(requests)):
        started = time.perf_counter()
        access_log(time.time(), started, scope, 200)
        log_times.append(time.perf_counter() - started)
    state.close()
    sink.close()

    def mean(values: list[float]) -> float:
        return 1e6 * statistics.fmean(values)

    def phase(name: str) -> list[float]:
        return [r.get(name, 0.0) for r in rows]

    engine_mean = {k: mean([r[k] for r in engine_rows]) for k in engine_rows[0]}
    view_helpers = ("view: request parsing", "view: ETag", "view: negotiation",
                    "view: response building")
    table = {
        "Granian's Python side (environ, start_response, body join)":
            mean(phase("total")) - mean(phase("app (Flask, middlewares)")),
        "Flask + middlewares outside the view (routing, contexts, hooks, headers)":
            mean(phase("app (Flask, middlewares)")) - mean(phase("view")),
        **{name: mean(phase(name)) for name in view_helpers},
        "view: rest": mean(phase("view")) - mean(phase("run (hop + engine)"))
        - sum(mean(phase(n)) for n in view_helpers),
        "hop to the executor and back (pickle, pipe, wake-ups, child loop)":
            mean(phase("run (hop + engine)")) - sum(engine_mean.values())
            - engine_mean["engine: pre-checks (nesting, form, SERVICE, FROM)"],
        "engine: pre-checks in the web thread (run)":
            engine_mean["engine: pre-checks (nesting, form, SERVICE, FROM)"],
        **engine_mean,
        "access log (Granian's logger, this server's format)": mean(log_times),
    }
    total = mean(phase("total")) + mean(log_times)
    return {"requests": len(requests), "repeat": repeat, "us_per_request": table,
            "total_us": total, "wsgi_total_us": mean(phase("total"))}


def _timed_async(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    async def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return await function(*args, **kwargs)
        finally:
            PHASES[name] += time.perf_counter() - started
    return wrapper


class _RsgiScope:
    """Granian's RSGI scope for a GET (what the front reads)."""

    def __init__(self, query_string: str, accept: str) -> None:
        self.method, self.path, self.query_string = "GET", "/sparql", query_string
        self.server, self.client, self.http_version, self.scheme = (
            "127.0.0.1:8000", "127.0.0.1:40000", "1.1", "http")
        self.headers = {"host": "127.0.0.1:8000", "accept": accept, "user-agent": "wrk"}


def in_process_fast(data: Path, requests: list[tuple[str, str]],
                    repeat: int) -> dict[str, Any]:
    """The fast path's phases (µs per request, as :func:`in_process`): the RSGI front driven
    on one event loop with the scope Granian hands it, timing wrappers around its steps."""
    import asyncio
    import urllib.parse

    from semaxkg.sparql import engine
    from semaxkg.sparql.engine import QueryRequest
    from semaxkg.web import body_front, create_app
    from semaxkg.web.sparql import fast_path
    from semaxkg.web.state import get_state

    app = create_app({"DATA_FILES": [str(data)], "RESULT_CACHE_ENTRIES": 0})
    state = get_state(app)
    with app.app_context():
        state.pool().warm_up(all_executors=True)
    fast = fast_path.FastPath.for_app(app)
    front = body_front.BodyDeadlineFront(app, 4, 1 << 20, "*", fast=fast)
    patches = [(body_front, "wsgi_environ", "environ from the RSGI scope"),
               (fast_path.FastPath, "parse", "parse + checks (UTF-8, sizes, negotiation)"),
               (engine, "check_query", "pre-checks on the loop (nesting, form, SERVICE)"),
               (fast_path, "etag_for", "ETag"),
               (fast_path.FastPath, "_to_answer", "headers"),
               (fast_path, "run_to_end", "compression layer (Vary, gzip rules)")]
    saved = [(owner, attr, getattr(owner, attr)) for owner, attr, _ in patches]
    for owner, attr, name in patches:
        setattr(owner, attr, _timed(name, getattr(owner, attr)))
    executor_hop = fast_path.FastPath._execute
    fast_path.FastPath._execute = _timed_async(  # type: ignore[method-assign]
        "executor (hop + engine)", executor_hop)
    loop = asyncio.new_event_loop()
    rows: list[dict[str, float]] = []
    try:
        for query, accept in requests:
            qs = urllib.parse.urlencode({"query": query})
            best: dict[str, float] | None = None
            for _ in range(repeat):
                PHASES.clear()
                started = time.perf_counter()
                loop.run_until_complete(front.__rsgi__(_RsgiScope(qs, accept), _Proto()))
                total = time.perf_counter() - started
                if best is None or total < best["total"]:
                    best = dict(PHASES) | {"total": total}
            assert best is not None
            rows.append(best)
    finally:
        for owner, attr, original in saved:
            setattr(owner, attr, original)
        fast_path.FastPath._execute = executor_hop  # type: ignore[method-assign]
        loop.close()
    engine_rows = []
    for query, accept in requests:
        request = QueryRequest(query=query, accept=accept, base_iri=state.base_iri,
                               row_cap=state.row_cap)
        runs = [_engine_phases(state.dataset, request) for _ in range(repeat)]
        engine_rows.append(min(runs, key=lambda r: sum(r.values())))
    state.close()

    def mean(values: list[float]) -> float:
        return 1e6 * statistics.fmean(values)

    engine_mean = {k: mean([r[k] for r in engine_rows]) for k in engine_rows[0]}
    named = {name: mean([r.get(name, 0.0) for r in rows]) for _, _, name in patches}
    hop = mean([r.get("executor (hop + engine)", 0.0) for r in rows])
    total = mean([r["total"] for r in rows])
    table = {
        **named,
        "front: rest (routing, awaiting, response_bytes)": total - sum(named.values()) - hop,
        "hop to the executor and back (frame, socket, wake-ups, child loop)":
            hop - sum(engine_mean.values()),
        **engine_mean,
    }
    return {"requests": len(requests), "repeat": repeat, "us_per_request": table,
            "total_us": total}


def _cpu_by_depth(root: int) -> dict[int, float]:
    ticks: dict[int, float] = defaultdict(float)
    for pid, depth in process_tree(root):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            ticks[depth] += sum(int(f) for f in fields[11:13])  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return {d: t / os.sysconf("SC_CLK_TCK") for d, t in ticks.items()}


def start_joined(data: Path, log: Path, workers: int, threads: int) -> Server:
    """``serve_joined.py``: ``semaxkg serve`` with each body joined into one write."""
    port = free_port()
    started = time.monotonic()
    process = _spawn([sys.executable, str(HERE / "serve_joined.py"), "--port", str(port),
                      "--data", str(data), "--workers", str(workers), "--threads",
                      str(threads)], log, {"SEMAXKG_RESULT_CACHE_ENTRIES": "0"})
    url = f"http://127.0.0.1:{port}/sparql"
    wait_ok(url, 300)
    return Server("semaxkg-nocache-joined", url, process, time.monotonic() - started)


def over_http(data: Path, requests: list[tuple[str, str]], seconds: float,
              rounds: int, levels: tuple[int, ...]) -> dict[str, Any]:
    """QPS, latency and CPU per request of each process of the tree (semaxkg: 1 worker,
    cache off, as is and with bodies joined; Oxigraph), at each of ``levels``, interleaved."""
    log = data.parent / "servers.log"
    servers = [start_semaxkg(data, False, log, 1, 4), start_flask_route(data, log, 1, 4),
               start_oxigraph_memory(data, log)]
    names = {0: "Granian main", 1: "worker", 2: "executors"}
    out: dict[str, Any] = {}
    try:
        for server in servers:
            run_wrk(server.url, requests, 1, 2)  # warm-up
        for index in range(rounds):
            for c in levels:
                for server in servers[index % 3:] + servers[:index % 3]:
                    before = _cpu_by_depth(server.process.pid)
                    result = run_wrk(server.url, requests, c, seconds)
                    after = _cpu_by_depth(server.process.pid)
                    n = max(1, int(result["requests"]))
                    cpu = {(names.get(d, f"depth {d}") if "semaxkg" in server.name else
                            "oxigraph"): 1e6 * (after[d] - before.get(d, 0.0)) / n for d in after}
                    out.setdefault(server.name, {}).setdefault(f"c{c}", []).append({
                        "qps": result["qps"], "p50_ms": result["p50_ms"],
                        "p95_ms": result["p95_ms"], "errors": result["errors"],
                        "cpu_us_per_request": cpu, "load": os.getloadavg()[0]})
                    print(f"  {server.name} c{c}: {result['qps']:.0f} QPS, p50 "
                          f"{result['p50_ms']:.1f} ms, CPU/request {sum(cpu.values()):.0f} us",
                          flush=True)
    finally:
        for server in servers:
            server.stop()
    return out


def _rollup(pid: int) -> dict[str, int]:
    fields: dict[str, int] = {}
    with contextlib.suppress(OSError), open(f"/proc/{pid}/smaps_rollup") as rollup:
        for line in rollup:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                fields[parts[0].rstrip(":")] = int(parts[1])
    return fields


def memory_by_process(data: Path, requests: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """PSS and private memory (KiB) of each process of ``semaxkg serve`` (2 workers x 4
    threads, cache off, as in ``varied.py``) at rest after 3 s of load at c=4."""
    server = start_semaxkg(data, False, data.parent / "servers.log", 2, 4)
    try:
        run_wrk(server.url, requests, 4, 3)
        time.sleep(1)
        rows = []
        for pid, depth in process_tree(server.process.pid):
            fields = _rollup(pid)
            rows.append({"depth": depth, "role": {0: "main", 1: "worker"}.get(depth, "executor"),
                         "pss_kib": fields.get("Pss", 0), "rss_kib": fields.get("Rss", 0),
                         "private_kib": fields.get("Private_Clean", 0)
                         + fields.get("Private_Dirty", 0)})
        return sorted(rows, key=lambda r: r["depth"])
    finally:
        server.stop()


def template_costs(size: str, workdir: Path, n: int, seed: int) -> dict[str, dict[str, float]]:
    """Evaluation time (ms, rows materialised) of each template in pyoxigraph in process,
    on the ``size`` graph: which templates are engine-bound there."""
    import pyoxigraph as ox

    data = workdir / f"{size}.nq"
    if not data.exists():
        write(data, SIZES[size], seed=1)
    store = ox.Store()
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_QUADS)
    times: dict[str, list[float]] = defaultdict(list)
    for name, query, _ in draw_mix(load_constants(data), n, seed):
        started = time.perf_counter()
        result = store.query(query, use_default_graph_as_union=True)
        if not isinstance(result, ox.QueryBoolean):
            for _ in result:
                pass
        times[name].append(1e3 * (time.perf_counter() - started))
    return {name: {"n": len(v), "mean_ms": statistics.fmean(v),
                   "median_ms": statistics.median(v), "max_ms": max(v)}
            for name, v in sorted(times.items())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--http", action="store_true", help="also measure over HTTP at c=1")
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--templates", nargs="*", metavar="SIZE",
                        help="only: each template's evaluation time in process at these sizes")
    parser.add_argument("--memory", action="store_true", help="PSS of each server process")
    parser.add_argument("--fast", action="store_true",
                        help="profile the /sparql fast path in process instead of the Flask route")
    parser.add_argument("--c", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--out", type=Path, default=HERE / "profile-before.json")
    parser.add_argument("--cprofile", type=Path, help="also write cProfile's top functions here")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="semaxkg-profile-"))
    data = workdir / "semax-5k.nq"
    write(data, 5_000, seed=1)
    requests = [(q, a) for _, q, a in draw_mix(load_constants(data), args.requests, args.seed)]
    report: dict[str, Any] = {
        "command": " ".join(["benchmarks/profile_request.py", *sys.argv[1:]]),
        "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "load_before": os.getloadavg()}
    if args.templates:
        report["template_costs"] = {size: template_costs(size, workdir, args.requests, args.seed)
                                    for size in args.templates}
        report["load_after"] = os.getloadavg()
        args.out.write_text(json.dumps(report, indent=2))
        print(json.dumps(report, indent=2))
        return
    if args.fast:
        report["in_process_fast"] = in_process_fast(data, requests, args.repeat)
    else:
        report["in_process"] = in_process(data, requests, args.repeat, args.cprofile)
    if args.http:
        report["http"] = over_http(data, requests, args.seconds, args.rounds, tuple(args.c))
    if args.memory:
        report["memory_by_process"] = memory_by_process(data, requests)
    report["load_after"] = os.getloadavg()
    args.out.write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
