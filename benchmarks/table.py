"""Render ``results.json`` (from ``run.py``) as the Markdown tables of benchmarks/README.md."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _ratio(run: dict[str, Any]) -> str:
    if "ratio" not in run:
        return ""
    return f"{run['ratio']:.2f} ({run['ratio_min']:.2f}–{run['ratio_max']:.2f})"


def size_table(size: str, block: dict[str, Any]) -> list[str]:
    lines = [f"### {size} ({block['quads']} quads)", "",
             "| server | c | QPS median (range) | p50 ms | p95 ms | errors | x oxigraph-memory "
             "median (range) | wrk CPU | cold start s | peak PSS MiB |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for row in block["servers"]:
        for level, run in row["runs"].items():
            lines.append(
                f"| {row['server']} | {level[1:]} | {run['qps']:.0f} ({run['qps_min']:.0f}–"
                f"{run['qps_max']:.0f}) | {run['p50_ms']:.1f} | {run['p95_ms']:.1f} | "
                f"{run['errors']} | {_ratio(run)} | {run['client_cpu']:.2f} | "
                f"{row['cold_start_s']:.2f} | {row['peak_pss_mib']:.0f} |")
    return [*lines, ""]


def soak_table(soak: dict[str, Any]) -> list[str]:
    other = soak["errors"] - soak["s4"] - soak["s503"] - soak["s5"]
    rests = " / ".join(f"{m:.0f}" for m in soak["rest_mib"])
    lines = [
        f"### Soak ({soak['seconds']:.0f} s, c=32, {soak['workers']} workers x "
        f"{soak['threads']} threads, time limit 1 s)", "",
        "| requests | 2xx | 4xx | 503 | other 5xx | socket errors+timeouts | "
        "PSS median first / last 10 s MiB | PSS max first / last 10 s MiB | "
        "main+workers first / last 10 s MiB | at rest before / after each soak MiB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        f"| {soak['requests']} | {soak['s2']} | {soak['s4']} | {soak['s503']} | {soak['s5']} | "
        f"{other} | {soak['mem_first10_median_mib']:.0f} / {soak['mem_last10_median_mib']:.0f} | "
        f"{soak['mem_first10_max_mib']:.0f} / {soak['mem_last10_max_mib']:.0f} | "
        f"{soak['long_lived_first10_mib']:.0f} / {soak['long_lived_last10_mib']:.0f} | "
        f"{rests} |",
    ]
    for number, later in enumerate(soak.get("later_phases", []), start=2):
        last = later["last10"]
        lines.append(
            f"| soak {number}: {later['requests']} | {later['s2']} | {later['s4']} | "
            f"{later['s503']} | {later['s5']} | "
            f"{later['errors'] - later['s4'] - later['s503'] - later['s5']} | "
            f"last 10 s: {last['median_mib']:.0f} | last 10 s: {last['max_mib']:.0f} | "
            f"last 10 s: {last['long_lived_mib']:.0f} | |")
    return [*lines, ""]


def main() -> None:
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results.json")
    report = json.loads(path.read_text())
    lines = [f"Command: `{report['command']}`", ""]
    if report.get("soak_command"):
        lines += [f"Start-up and soak: `{report['soak_command']}`", ""]
    startup = report.get("startup")
    if startup:
        runs = ", ".join(f"{s:.2f}" for s in startup["seconds"])
        lines += [f"Start-up of `semaxkg serve` on `{startup['data']}` to its first answer: "
                  f"median {startup['median_s']:.2f} s, max {startup['max_s']:.2f} s "
                  f"({runs})"]
        if "cpu_median_s" in startup:
            lines[-1] += (f"; CPU time of its processes until then: median "
                          f"{startup['cpu_median_s']:.2f} s (load average "
                          f"{startup['load'][0]:.1f})")
        lines += [lines.pop() + ".", ""]
    for size, block in report["sizes"].items():
        lines += size_table(size, block)
    if report.get("soak"):
        lines += soak_table(report["soak"])
    print("\n".join(lines))


if __name__ == "__main__":
    main()
