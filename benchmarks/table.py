"""Render ``results.json`` (from ``run.py``) as the Markdown tables of benchmarks/README.md."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> None:
    report = json.loads(Path(sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results.json")
                        .read_text())
    print(f"Command: `{report['command']}`\n")
    for size, block in report["sizes"].items():
        servers = {row["server"]: row for row in block["servers"]}
        base = servers.get("oxigraph-memory")
        print(f"### {size} ({block['quads']} quads)\n")
        print("| server | c | QPS | p50 ms | p95 ms | errors | x oxigraph-memory | cold start s "
              "| peak PSS MiB |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for name, row in servers.items():
            for level, run in row["runs"].items():
                ratio = ""
                if base and level in base["runs"] and base["runs"][level]["qps"]:
                    ratio = f"{run['qps'] / base['runs'][level]['qps']:.2f}"
                print(f"| {name} | {level[1:]} | {run['qps']:.0f} | {run['p50_ms']:.1f} | "
                      f"{run['p95_ms']:.1f} | {run['errors']} | {ratio} | "
                      f"{row['cold_start_s']:.2f} | {row['peak_pss_mib']:.0f} |")
        print()
    soak = report.get("soak")
    if soak:
        print("### Soak (60 s, c=32, semaxkg 2 workers x 4 threads, time limit 1 s)\n")
        print("| requests | 2xx | 4xx | 503 | other 5xx | socket errors+timeouts | "
              "PSS first 10 s MiB | PSS last 10 s MiB |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- |")
        print(f"| {soak['requests']} | {soak['s2']} | {soak['s4']} | {soak['s503']} | "
              f"{soak['s5']} | {soak['errors'] - soak['s4'] - soak['s503'] - soak['s5']} | "
              f"{soak['mem_first10_mib']:.0f} | {soak['mem_last10_mib']:.0f} |")


if __name__ == "__main__":
    main()
