"""Render time, size and store queries of the resource pages and the index pages.

Builds the app in process on the built graph (``data/ttl/semaxkg.nq``), warms each page once,
then fetches it ``--repeat`` times through Flask's test client and prints a Markdown table:
median CPU time of the process (stable on a busy machine), median and fastest wall time, the
HTML size and how many queries the page sent to the :class:`~semaxkg.rdf.graph_store.GraphStore`
(counted by a wrapper around the app's store).

    .venv/bin/python benchmarks/pages.py --repeat 20
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox

from semaxkg.rdf.graph_store import Bindings, GraphStore, Row
from semaxkg.web import create_app

#: Pages measured: the heaviest resource page (Semax: ~200 claim cards, linked summary table), a
#: source, a claim with a study and conflicts, a conflict, and the three index pages.
PAGES = (
    "/id/compound/semax.html",
    "/id/source/source-001.html",
    "/id/claim/s002-semax-ngf-expression-hippocampus-20min.html",
    "/id/conflict/agapova-2008-hippocampal-ngf.html",
    "/id/target/bdnf.html",
    "/",
    "/conflicts",
    "/sources",
)


class CountingStore:
    """A :class:`GraphStore` that counts the queries it passes on."""

    def __init__(self, inner: GraphStore) -> None:
        self.inner = inner
        self.queries = 0

    @property
    def version(self) -> str:
        return self.inner.version

    def select(self, query: str, bindings: Bindings | None = None) -> list[Row]:
        self.queries += 1
        return self.inner.select(query, bindings)

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        self.queries += 1
        return self.inner.ask(query, bindings)

    def construct(self, query: str, bindings: Bindings | None = None) -> Iterator[ox.Triple]:
        self.queries += 1
        return self.inner.construct(query, bindings)

    def named_graphs(self) -> list[ox.NamedNode]:
        self.queries += 1
        return self.inner.named_graphs()

    def quads(self, graph: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
        self.queries += 1
        return self.inner.quads(graph)


def measure(repeat: int) -> list[dict[str, Any]]:
    """One row per page: median and fastest milliseconds, kilobytes, store queries."""
    app = create_app({"EXECUTOR": "inline", "PAGE_CACHE": False})  # render time, not replays
    state = app.extensions["semaxkg"]
    counting = CountingStore(state.graph_store)
    state.graph_store = counting
    client = app.test_client()
    rows: list[dict[str, Any]] = []
    for path in PAGES:
        first = client.get(path)
        assert first.status_code == 200, (path, first.status_code)
        counting.queries = 0
        client.get(path)
        queries = counting.queries
        times, cpu = [], []
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        rows.append({"page": path, "cpu_ms": statistics.median(cpu), "median_ms": statistics.median(times),
                     "min_ms": min(times), "kb": len(first.data) / 1024, "queries": queries})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10, help="timed fetches per page (default 10)")
    args = parser.parse_args()
    print("| page | CPU ms (median) | wall ms (median) | wall ms (fastest) | HTML KiB | store queries |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in measure(args.repeat):
        print(f"| `{row['page']}` | {row['cpu_ms']:.0f} | {row['median_ms']:.0f} | {row['min_ms']:.0f} | "
              f"{row['kb']:.0f} | {row['queries']} |")


if __name__ == "__main__":
    main()
