"""The served app under visitors: ``python -m bench.served`` (or ``python -m bench --served``).

N browser sessions against one server (bench/load.py) on the seed and on a generated document of
10,000 trips, and the time to a painted map in a fresh tab against a bare pydeck page (bench/paint.py);
the tables replace the "served" results section of docs/performance.md, with the machine's load
(``/proc/loadavg``) before and after each part, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from . import load, paint, report
from .generate import write_document

PROJECT = Path(__file__).resolve().parent.parent
DOCS = PROJECT / "docs" / "performance.md"
BEGIN, END = "<!-- bench:served -->", "<!-- /bench:served -->"
TARGET_SESSIONS, TARGET_P95 = 50, 1.0  # the target: 50 sessions at the seed, p95 under 1 s, no errors


def machine_load() -> str:
    """The 1, 5 and 15 minute load averages, as ``uptime`` shows them."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def run(
    sessions: list[int],
    trips: list[int],
    out: Path,
    *,
    interval: float,
    duration: float,
    ramp: float,
    paint_repeats: int,
) -> dict:
    results: dict = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": report.machine(),
        "load": {},
        "paint": None,
    }
    started = time.monotonic()
    cases = [("seed", PROJECT / "seeds", None)]
    for n in trips:
        folder = write_document(n, out / f"documents-{n}").parent
        cases.append((f"{n:,} trips", folder, {"REISATLAS_CACHE_DIR": str(out / f"cache-{n}")}))
    for name, documents, env in cases:
        before = machine_load()
        rows = load.measure(
            documents, sessions, out, interval=interval, duration=duration, ramp=ramp, timeout=60, env=env
        )
        results["load"][name] = {"rows": rows, "load_before": before, "load_after": machine_load()}
    if paint_repeats:
        before = machine_load()
        documents = PROJECT / "seeds"
        results["paint"] = paint.measure(documents, paint.baseline_stops(documents, out), out, paint_repeats)
        results["paint"].update(load_before=before, load_after=machine_load(), repeats=paint_repeats)
    results["seconds"] = time.monotonic() - started
    results["interval"], results["duration"] = interval, duration
    return results


def tables(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"Run {results['date']} on {m['cpu']} ({m['cpus']} CPUs, {m['memory']}), Python {m['python']}, streamlit {m['streamlit']}; "
        f"the whole run took {results['seconds'] / 60:.0f} min. Each session changes the month range or a filter every "
        f"{results['interval']:g} s for {results['duration']:g} s once all are open; one new server per row.",
        "",
        "| documents | sessions | reruns | p50 | p95 | max | first view p50 / p95 | reruns/s done (asked) | errors "
        "| server RSS idle → under load | per session under load | held per idle session | server CPU per run | generator CPU | machine load before → after |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, part in results["load"].items():
        for r in part["rows"]:
            lines.append(
                f"| {name} | {r['sessions']} | {r['reruns']:,} | {r['rerun_p50']:.3f} s | {r['rerun_p95']:.3f} s | {r['rerun_max']:.2f} s "
                f"| {r['first_p50']:.2f} / {r['first_p95']:.2f} s | {r['reruns_per_second']:.1f} ({r['offered_per_second']:.1f}) | {r['errors']} "
                f"| {r['rss_idle_mib']:.0f} → {r['rss_loaded_mib']:.0f} MiB | {r['rss_per_session_mib']:.1f} MiB | {r['held_per_session_mib']:.1f} MiB "
                f"| {r['server_cpu_per_run_ms']:.0f} ms | {r['generator_cpu_seconds']:.0f} s in {r['wall_seconds']:.0f} s | {part['load_before']} → {part['load_after']} |"
            )
    seed = {r["sessions"]: r for r in results["load"].get("seed", {}).get("rows", [])}
    if TARGET_SESSIONS in seed:
        r = seed[TARGET_SESSIONS]
        met = r["rerun_p95"] < TARGET_P95 and r["errors"] == 0
        lines += [
            "",
            f"**Target** ({TARGET_SESSIONS} sessions at the seed, a change every {results['interval']:g} s, p95 under {TARGET_P95:g} s, no errors): "
            f"p95 {r['rerun_p95']:.3f} s, {r['errors']} errors — {'met' if met else 'MISSED'}.",
        ]
    p = results.get("paint")
    if p:
        o, b = p["ours"]["median"], p["baseline"]["median"]
        ratio = o["painted"] / b["painted"]
        lines += [
            "",
            f"**Time to a painted map in a fresh tab** (seed; Chromium with SwiftShader, a new browser context per visit, "
            f"{p['repeats']} visits each, interleaved, medians; machine load {p['load_before']} → {p['load_after']}):",
            "",
            "| page | map canvas first drawn | stops drawn | outlines drawn | painted | scripts loaded | every visit (painted) |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for name, label in (
            ("ours", "Reisatlas (map page)"),
            ("baseline", "bare pydeck page, same outlines and stops"),
        ):
            m_ = p[name]["median"]
            every = ", ".join(f"{run['painted']:.2f}" for run in p[name]["runs"])
            lines.append(
                f"| {label} | {m_['canvas']:.2f} s | {m_['stops']:.2f} s | {m_['outlines']:.2f} s | {m_['painted']:.2f} s | {m_['scripts_done']:.2f} s | {every} |"
            )
        lines += [
            "",
            f"**Target** (painted within 1.5× the bare page): {ratio:.2f}× — {'met' if ratio <= 1.5 else 'MISSED'}.",
        ]
    return "\n".join(lines)


def keep(path: Path, table: str) -> None:
    """Replace the served results section of ``path`` (between its markers) with ``table``."""
    report.keep(path, table, (BEGIN, END), "Latest results, served")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.served",
        description="the served app under N sessions, and the time to a painted map (docs/performance.md)",
    )
    parser.add_argument(
        "--sessions", type=int, nargs="+", default=[10, 50, 100], help="concurrent sessions, one new server each"
    )
    parser.add_argument(
        "--trips", type=int, nargs="*", default=[10_000], help="generated documents measured beside the seed"
    )
    parser.add_argument(
        "--interval",
        type=float,
        default=load.INTERVAL,
        help=f"seconds between one session's changes (default {load.INTERVAL:g}: a very active reader)",
    )
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load once every session is open")
    parser.add_argument("--ramp", type=float, default=5.0, help="seconds over which the sessions open")
    parser.add_argument(
        "--paint-repeats", type=int, default=5, help="fresh-tab visits of each page (0: no paint measurement)"
    )
    parser.add_argument("--out", type=Path, default=PROJECT / "bench" / "out", help="documents, caches and logs")
    parser.add_argument(
        "--docs", type=Path, default=DOCS, help="file whose served results section is replaced ('-' for none)"
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    results = run(
        args.sessions,
        args.trips,
        args.out.resolve(),
        interval=args.interval,
        duration=args.duration,
        ramp=args.ramp,
        paint_repeats=args.paint_repeats,
    )
    (args.out / "served.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    table = tables(results)
    print(table)
    if str(args.docs) != "-":
        keep(args.docs, table)
        print(f"results kept in {args.docs}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
