"""Markdown tables of the scale benchmark's results (``scale.py table RESULTS``)."""

from __future__ import annotations

import math
from typing import Any

BUILD_STAGES = ("load", "convert", "shacl", "qc", "write")
#: Stages counted in the total but not shown in a column of their own.
OTHER_STAGES = ("setup", "merge")


def _latest(rows: list[dict[str, Any]], stage: str) -> list[dict[str, Any]]:
    """The last result of ``stage`` per size (and server/concurrency for queries)."""
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    for row in rows:
        if row.get("stage") == stage:
            key = (row.get("groups"), row.get("server"), row.get("concurrency"))
            found[key] = row
    return sorted(found.values(), key=lambda r: (r.get("groups") or 0, str(r.get("server")),
                                                 r.get("concurrency") or 0))


def completed(row: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The ``shacl-batches`` run that validated the batches ``row``'s build left out."""
    done = set(row.get("shacl_batch_indices") or [])
    missing = set(range(row["groups"])) - done
    for extra in rows:
        if (extra.get("stage") == "shacl_batches" and extra["groups"] == row["groups"]
                and missing and missing <= set(extra["batch_indices"])):
            return extra
    return None


def build_cpu(row: dict[str, Any], extra: dict[str, Any] | None = None) -> tuple[float, bool]:
    """Total build CPU seconds; SHACL scaled to every batch when only some were validated
    (measured instead when ``extra``, a ``shacl-batches`` run, validated the rest)."""
    cpu = dict(row["cpu"])
    estimated = row["shacl_batches"] < row["groups"] and extra is None
    if extra is not None:
        cpu["shacl"] = cpu.get("shacl", 0.0) + extra["cpu"].get("shacl", 0.0)
    elif estimated and row["shacl_triples"]:
        cpu["shacl"] = cpu.get("shacl", 0.0) / row["shacl_triples"] * row["triples"]
    return sum(cpu.get(s, 0.0) for s in (*BUILD_STAGES, *OTHER_STAGES)), estimated


def _shacl_how(row: dict[str, Any], extra: dict[str, Any] | None = None) -> str:
    """Which batches SHACL validated."""
    if row["shacl_batches"] == row["groups"]:
        return "every batch"
    if extra is not None:
        return (f"every batch: {row['shacl_batches']} in the build, the other "
                f"{row['groups'] - row['shacl_batches']} (index "
                f"{_ranges(sorted(set(range(row['groups'])) - set(row['shacl_batch_indices'])))})"
                f" by `shacl-batches` ({extra['cpu'].get('shacl', 0.0):.0f} CPU s)")
    indices = row.get("shacl_batch_indices")
    if indices:
        return f"{row['shacl_batches']} of {row['groups']} batches (index {_ranges(indices)})"
    return f"{row['shacl_batches']} of {row['groups']} batches"


def _ranges(indices: list[int]) -> str:
    """``0–9, 12, 15`` for sorted batch indices (runs of 1 apart collapsed)."""
    out: list[str] = []
    start = prev = indices[0]
    for i in [*indices[1:], None]:
        if i is not None and i == prev + 1:
            prev = i
            continue
        out.append(f"{start}–{prev}" if prev > start else str(start))
        if i is not None:
            start = prev = i
    return ", ".join(out)


def _elapsed(row: dict[str, Any]) -> float:
    """Wall seconds of the whole build (older rows: the sum of the stages' wall times)."""
    return float(row.get("elapsed_s") or sum(row["wall"].values()))


def owl_for(row: dict[str, Any], rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The last ``owl-batches`` run (HermiT on every group) of ``row``'s size."""
    found = None
    for extra in rows:
        if extra.get("stage") == "owl_batches" and extra["groups"] == row["groups"]:
            found = extra
    return found


def _owl_cell(owl: dict[str, Any] | None) -> str:
    if owl is None:
        return "not run"
    if owl["complete"]:
        return f"{owl['cpu']['owl']:.0f}"
    return f"{owl['cpu']['owl']:.0f} ({owl['groups_checked']}/{owl['groups']} groups)"


def fit(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """Least squares ``y = a + b x`` (a, b, R²) and the log-log slope (1 = linear)."""
    n = len(points)
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    b = sum((x - mx) * (y - my) for x, y in points) / sxx
    a = my - b * mx
    ss_res = sum((y - a - b * x) ** 2 for x, y in points)
    ss_tot = sum((y - my) ** 2 for _, y in points)
    lx = [math.log(x) for x, _ in points]
    ly = [math.log(y) for _, y in points]
    mlx, mly = sum(lx) / n, sum(ly) / n
    slope = sum((u - mlx) * (v - mly) for u, v in zip(lx, ly, strict=True)) / sum(
        (u - mlx) ** 2 for u in lx)
    return a, b, 1 - ss_res / ss_tot if ss_tot else 1.0, slope


def _republish(row: dict[str, Any]) -> str:
    wall = row.get("republish_wall")
    if wall is None or wall != wall:  # not run (NaN) at the largest sizes
        return "not run"
    return f"{wall:.0f}"


def _m(value: float) -> str:
    return f"{value / 1e6:.2f}M" if value >= 1e6 else f"{value / 1e3:.0f}k"


def merge_resumed_owl(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fold each resumed ``owl-batches`` run (``first_group`` F > 0: groups F..) into the
    stopped run of the same size that checked groups 0..F-1, as one run of the whole size."""
    out: list[dict[str, Any]] = []
    for row in rows:
        first = row.get("first_group") or 0
        if row.get("stage") != "owl_batches" or first == 0:
            out.append(row)
            continue
        size = first + row["groups"]
        earlier = next((r for r in reversed(out) if r.get("stage") == "owl_batches"
                        and r["groups"] == size and r["groups_checked"] == first), None)
        if earlier is None:
            out.append(row)
            continue
        merged = dict(earlier)
        merged["cpu"] = {k: earlier["cpu"].get(k, 0.0) + row["cpu"].get(k, 0.0)
                         for k in {*earlier["cpu"], *row["cpu"]}}
        for key in ("groups_checked", "runs", "claims", "triples", "elapsed_s"):
            merged[key] = earlier[key] + row[key]
        for key in ("java_peak_rss_mib", "worker_peak_rss_mib", "owl_wall_per_run_max"):
            merged[key] = max(earlier[key], row[key])
        merged["consistent"] = earlier["consistent"] and row["consistent"]
        merged["inconsistent_groups"] = [*earlier["inconsistent_groups"],
                                         *(first + g for g in row["inconsistent_groups"])]
        merged["complete"] = merged["groups_checked"] == size
        merged["owl_cpu_per_group"] = merged["cpu"]["owl"] / merged["groups_checked"]
        out[out.index(earlier)] = merged
    return out


def render(rows: list[dict[str, Any]]) -> str:
    """All tables."""
    rows = merge_resumed_owl(rows)
    out: list[str] = []
    builds = _latest(rows, "build")
    if builds:
        out += ["### Build (batched: one batch per group)", "",
                "| groups | claims | triples | " + " | ".join(f"{s} CPU s" for s in BUILD_STAGES)
                + " | OWL (HermiT) CPU s | total CPU s | CPU ms / claim | jobs | wall s "
                  "| peak RSS MiB (one process) | SHACL ran on | load avg |",
                "|" + " --- |" * (12 + len(BUILD_STAGES))]
        owls = {row["groups"]: owl_for(row, rows) for row in builds}
        # OWL counts in the totals (and the fit) only when every size checked every group
        with_owl = all(o is not None and o["complete"] for o in owls.values())
        points = []
        for row in builds:
            extra = completed(row, rows)
            total, estimated = build_cpu(row, extra)
            owl_row = owls[row["groups"]]
            if with_owl and owl_row is not None:
                total += owl_row["cpu"]["owl"]
            points.append((float(row["claims"]), total))
            stages = []
            for stage in BUILD_STAGES:
                value = row["cpu"].get(stage, 0.0) + (
                    row["cpu"].get("merge", 0.0) if stage == "write" else 0.0)
                if stage == "shacl" and extra is not None:
                    value += extra["cpu"].get("shacl", 0.0)
                    stages.append(f"{value:.0f}")
                elif stage == "shacl" and estimated:
                    share = f"{row['shacl_batches']}/{row['groups']} batches"
                    scaled = value / max(row["shacl_triples"], 1) * row["triples"]
                    stages.append(f"{value:.0f} ({share}; all ≈ {scaled:.0f})")
                else:
                    stages.append(f"{value:.0f}")
            out.append(
                f"| {row['groups']} | {row['claims']} | {_m(row['triples'])} | "
                + " | ".join(stages)
                + f" | {_owl_cell(owl_row)} | {total:.0f}{' (est.)' if estimated else ''} | "
                  f"{1000 * total / row['claims']:.1f} | "
                  f"{', '.join(map(str, row.get('jobs_used') or [row.get('jobs', 1)]))} | "
                  f"{_elapsed(row):.0f} | {row['peak_rss_mib']:.0f} | {_shacl_how(row, extra)} | "
                  f"{row.get('loadavg', '')} |")
        if len(points) >= 2:
            a, b, r2, slope = fit(points)
            what = ("convert + SHACL + OWL" if with_owl
                    else "OWL not included: not every size checked every group")
            out += ["", f"Fit over {len(points)} sizes: total CPU s ({what}) = {a:.1f} + "
                        f"{1000 * b:.2f} ms × claims (R² = {r2:.4f}); log-log slope "
                        f"{slope:.3f} (1 = linear)."]
            owl_points = [(float(r["claims"]), o["cpu"]["owl"]) for r in builds
                          if (o := owls[r["groups"]]) is not None and o["complete"]]
            if not with_owl and len(owl_points) >= 2:
                a, b, r2, slope = fit(owl_points)
                out.append(f"OWL CPU alone, over the {len(owl_points)} sizes that checked "
                           f"every group: {a:.1f} + {1000 * b:.2f} ms × claims (R² = {r2:.4f}); "
                           f"log-log slope {slope:.3f}.")
        out.append("")
    unbatched = _latest(rows, "unbatched")
    if unbatched:
        out += ["### `semaxkg build` on all groups at once (unbatched)", "",
                "| groups | claims | exit | CPU s | wall s | peak RSS MiB |",
                "| --- | --- | --- | --- | --- | --- |"]
        out += [f"| {r['groups']} | {r['claims']} | {r['exit']} | {r['cpu']:.0f} | "
                f"{r['wall']:.0f} | {r['peak_rss_mib']:.0f} |" for r in unbatched]
        out.append("")
    union = _latest(rows, "shacl_union")
    if union and builds:
        per_group = {r["groups"]: r for r in builds}
        out += ["### SHACL on the union at once (as `semaxkg build` does) versus per batch", "",
                "| groups | triples | union CPU s | batched CPU s (same groups) | ratio |",
                "| --- | --- | --- | --- | --- |"]
        for r in union:
            batched = per_group.get(r["groups"])
            value = batched["cpu"]["shacl"] if batched and batched["shacl_batches"] == \
                batched["groups"] else float("nan")
            out.append(f"| {r['groups']} | {_m(r['triples'])} | {r['cpu']:.0f} | {value:.0f} | "
                       f"{r['cpu'] / value:.2f} |")
        out.append("")
    owl = _latest(rows, "owl")
    if owl:
        out += ["### OWL check (HermiT) on the ontology plus a sample", "",
                "| sample | claims | triples | CPU s (Python + Java) | wall s | result |",
                "| --- | --- | --- | --- | --- | --- |"]
        for label, value in owl[-1].items():
            if isinstance(value, dict):
                out.append(f"| {label} | {value['claims']} | {value['triples']} | "
                           f"{value['cpu']:.0f} | {value['wall']:.0f} | {value['result']} |")
        out.append("")
    owl_runs = _latest(rows, "owl_batches")
    if owl_runs:
        out += ["### OWL check (HermiT) on every group (`scale.py owl-batches`)", "",
                "| groups | groups checked | groups per HermiT run | jobs | runs | claims | "
                "OWL CPU s (Python + Java) | OWL CPU s / group | slowest run OWL wall s | "
                "load + convert CPU s (redone for the check) | wall s | JVM peak RSS MiB | "
                "worker peak RSS MiB | result | load avg |",
                "|" + " --- |" * 15]
        for r in owl_runs:
            result = ("consistent" if r["consistent"]
                      else f"INCONSISTENT: groups {r['inconsistent_groups']}")
            out.append(
                f"| {r['groups']} | {r['groups_checked']} | {r['groups_per_check']} | "
                f"{r['jobs']} | {r['runs']} | {r['claims']} | {r['cpu']['owl']:.0f} | "
                f"{r['owl_cpu_per_group']:.1f} | {r['owl_wall_per_run_max']:.0f} | "
                f"{r['cpu'].get('load', 0.0) + r['cpu'].get('convert', 0.0):.0f} | "
                f"{r['elapsed_s']:.0f} | {r['java_peak_rss_mib']:.0f} | "
                f"{r['worker_peak_rss_mib']:.0f} | {result} | {r.get('loadavg', '')} |")
        out.append("")
    publish = _latest(rows, "publish")
    if publish:
        out += ["### Publish to Oxigraph on disk (`semaxkg publish`)", "",
                "| groups | triples | graphs | wall s | triples/s | re-publish wall s | "
                "re-publish exit | Oxigraph PSS MiB | store MiB | load avg |",
                "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        out += [f"| {r['groups']} | {_m(r['triples'])} | {r['graphs']} | {r['wall']:.0f} | "
                f"{r['triples'] / r['wall']:.0f} | {_republish(r)} | "
                f"{'' if r.get('republish_exit') is None else r['republish_exit']} | "
                f"{r['oxigraph_peak_pss_mib']:.0f} | {r['store_mib']:.0f} | "
                f"{r.get('loadavg', '')} |" for r in publish]
        out.append("")
    profiles = [r for r in rows if r.get("stage") == "publish_profile"]
    if profiles:
        latest: dict[tuple[Any, ...], dict[str, Any]] = {}
        for r in profiles:
            latest[(r["groups"], r["republish"], r["no_transaction"])] = r
        out += ["### Where publish time goes (`scale.py publish-profile`)", "",
                "| groups | run | Oxigraph upload | total s | PUT s | count checks s | "
                "local count + hash s | other s | triples/s | slowest PUT | Oxigraph PSS MiB | "
                "load avg |",
                "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
        for key in sorted(latest):
            r = latest[key]
            name, seconds = r["slowest_puts"][0]
            out.append(
                f"| {r['groups']} | {'re-publish' if r['republish'] else 'first publish'} | "
                f"{'bulk loader (`no_transaction`)' if r['no_transaction'] else 'transaction'}"
                f" | {r['publish_s']:.1f} | {r['put_s']:.1f} | {r['count_s']:.1f} | "
                f"{r['local_count_hash_s']:.1f} | {r['other_s']:.1f} | "
                f"{r['triples_per_s']:.0f} | {name} {seconds:.1f} s | "
                f"{r['oxigraph_peak_pss_mib']:.0f} | {r['loadavg']} |")
        out.append("")
    query = _latest(rows, "query")
    if query:
        out += ["### Query throughput: the selective named-query mix", "",
                "| groups | server | c | QPS | p50 ms | p95 ms | errors |",
                "| --- | --- | --- | --- | --- | --- | --- |"]
        out += [f"| {r['groups']} | {r['server']} | {r['concurrency']} | {r['qps']:.0f} | "
                f"{r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['errors']} |" for r in query]
        out.append("")
    servers = _latest(rows, "server")
    if servers:
        heavy = sorted({k for r in servers for k in r["heavy_s"]})
        out += ["### Servers: start-up, memory, whole-graph aggregates", "",
                "| groups | server | start s | peak PSS MiB | " + " | ".join(
                    f"{h} s" for h in heavy) + " |",
                "|" + " --- |" * (4 + len(heavy))]
        out += [f"| {r['groups']} | {r['server']} | {r['start_s']:.1f} | "
                f"{r['peak_pss_mib']:.0f} | " + " | ".join(
                    f"{r['heavy_s'].get(h, float('nan')):.2f}" for h in heavy) + " |"
                for r in servers]
        out.append("")
    notes = [r for r in rows if r.get("stage") == "note"]
    if notes:
        out += ["### Notes recorded with the results", ""]
        out += [f"* {r['time']}, {r['groups']} groups: {r['note']}" for r in notes]
        out.append("")
    return "\n".join(out)
