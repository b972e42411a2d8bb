"""The benchmark's tables (Markdown, for the terminal and docs/performance.md) and the machine they ran on."""

from __future__ import annotations

import os
import platform
import re
from pathlib import Path

BEGIN, END = "<!-- bench:results -->", "<!-- /bench:results -->"
# The targets of the issue, at 10,000 trips.
TARGET_TRIPS = 10_000
TARGETS = {
    "rerun": 1.5,  # ours ÷ baseline, rerun after a month change
    "first": 3.0,  # ours ÷ baseline, first run
    "spec": 1.5,  # ours ÷ baseline, bytes of the map spec
    "warm_trips_per_second": 5_000,
    "gazetteer_ready_seconds": 0.5,
    "place_search_seconds": 0.5,  # Beheer's place picker, one search with a typo, its index built
}


def load_average() -> str:
    """The machine's load over 1, 5 and 15 minutes, to print beside a measurement taken on a shared machine."""
    import os

    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, TypeError):
        pass
    versions = {}
    for module in ("streamlit", "pydeck", "pandas"):
        try:
            versions[module] = __import__(module).__version__
        except ImportError:
            versions[module] = "-"
    return {
        "uname": " ".join(platform.uname()),
        "cpu": cpu or platform.processor(),
        "cpus": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        **versions,
    }


def _s(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def _n(value: float) -> str:
    return f"{value:,.0f}"


def _kb(size: float) -> str:
    return f"{size / 1024:,.0f} KiB"


def _ratio(ours: float, baseline: float) -> str:
    return f"{ours / baseline:.2f}×" if baseline else "–"


def _trips(key) -> str:
    """ "10,000", or "10,000, long tail 15 %" for the stress case's key "10000-tail-0.15"."""
    n, _, tail = str(key).partition("-tail-")
    return f"{int(n):,}" + (f", long tail {float(tail):.0%}" if tail else "")


def tables(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"Run {results['date']} on {m['cpu']} ({m['cpus']} CPUs, {m['memory']}), Python {m['python']}, "
        f"streamlit {m['streamlit']}, pydeck {m['pydeck']}, pandas {m['pandas']}; `{m['uname']}`. "
        f"{results['repeats']} repetition{'s' if results['repeats'] != 1 else ''}, medians; the whole run took {results['seconds'] / 60:.0f} min.",
        "",
    ]
    if results.get("app"):
        lines += [
            "**The map page against the bare baseline** (AppTest, a new process per repetition, ours and baseline interleaved; "
            "the app's caches on disk are warm, as after a restart):",
            "",
            "| trips | stops | first run: ours | baseline | ÷ | rerun after a month change: ours | baseline | ÷ "
            "| map spec, all months: ours | baseline | ÷ | ÷ after each change | peak RSS (AppTest process): ours | baseline | ÷ |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|",
        ]
        for n, app in results["app"].items():
            o, b = app["ours"], app["baseline"]
            changes = ", ".join(_ratio(x, y) for x, y in zip(o["rerun_spec_bytes"], b["rerun_spec_bytes"]))
            lines.append(
                f"| {_trips(n)} | {_n(app['stops'])} | {_s(o['first'])} | {_s(b['first'])} | {_ratio(o['first'], b['first'])} "
                f"| {_s(o['rerun'])} | {_s(b['rerun'])} | {_ratio(o['rerun'], b['rerun'])} "
                f"| {_kb(o['spec_bytes'])} | {_kb(b['spec_bytes'])} | {_ratio(o['spec_bytes'], b['spec_bytes'])} | {changes} "
                f"| {o['peak_rss_mib']:.0f} MiB | {b['peak_rss_mib']:.0f} MiB | {_ratio(o['peak_rss_mib'], b['peak_rss_mib'])} |"
            )
        first = next(iter(results["app"].values()))
        lines += ["", "The month changes, in this order: " + "; ".join(f"{a} – {z}" for a, z in first["changes"]) + "."]
        served = {n: app["served"] for n, app in results["app"].items() if "served" in app}
        if served:
            lines += [
                "",
                "**Served** (`streamlit run`, the page loaded once in Chromium through Playwright; the server's VmHWM):",
                "",
                "| trips | peak RSS: ours | baseline | ÷ | page drawn: ours | baseline |",
                "|---|---:|---:|---:|---:|---:|",
            ]
            for n, s in served.items():
                o, b = s["ours"], s["baseline"]
                lines.append(
                    f"| {_trips(n)} | {o['peak_rss_mib']:.0f} MiB | {b['peak_rss_mib']:.0f} MiB | {_ratio(o['peak_rss_mib'], b['peak_rss_mib'])} "
                    f"| {_s(o['page_seconds'])} | {_s(b['page_seconds'])} |"
                )
        lines += [
            "",
            "What the map page sends per layer (records), and its first run with nothing cached (document parsed, gazetteer built):",
            "",
        ]
        for n, app in results["app"].items():
            records = ", ".join(f"{layer} {count:,}" for layer, count in app["ours"]["records"].items())
            lines.append(f"- {_trips(n)} trips: {records}; first run with empty caches {_s(app['ours_cold_first'])}")
    if results.get("library"):
        lines += [
            "",
            "**Parse + geocode offline** (read, parse, geocode, classify; a new process each time, imports included):",
            "",
            "| trips | cold: s | trips/s | geocoder calls | warm (restart): s | trips/s | document cache hits/misses "
            "| uncached, gazetteer ready: s | trips/s | peak RSS uncached |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for n, lib in results["library"].items():
            c, w, u = lib["cold"], lib["warm"], lib["uncached"]
            lines.append(
                f"| {_trips(n)} | {_s(c['seconds'])} | {_n(c['trips_per_second'])} | {_n(c['geocoder_calls'])} "
                f"| {_s(w['seconds'])} | {_n(w['trips_per_second'])} | {w['cache_hits']:.0f}/{w['cache_misses']:.0f} "
                f"| {_s(u['seconds'])} | {_n(u['trips_per_second'])} | {u['peak_rss_mib']:.0f} MiB |"
            )
    if results.get("gazetteer"):
        g = results["gazetteer"]
        lines += [
            "",
            "**Gazetteer** (GeoNames cities ≥ 15,000 inhabitants; a new process each time, imports included):",
            "",
            "| index entries | ready, cold (built) | ready, warm (read from the cache folder) | lookups/s (half hits, half misses) |",
            "|---:|---:|---:|---:|",
            f"| {_n(g['warm']['entries'])} | {_s(g['cold']['ready_seconds'])} | {_s(g['warm']['ready_seconds'])} | {_n(g['warm']['lookups_per_second'])} |",
        ]
    if results.get("steps"):
        from .steps import summary as steps_summary

        lines += [
            "",
            "**A presentation step** (`bench/steps.py`: the seed served, Chromium at 1440×900, → through every trip and ← "
            "back; from the key to the new step's card and map drawn): " + steps_summary(*results["steps"]) + ".",
        ]
    lines += ["", *targets(results)]
    return "\n".join(lines)


def targets(results: dict) -> list[str]:
    """The issue's targets at 10,000 trips, met or missed."""
    rows = []
    for key in (str(TARGET_TRIPS), f"{TARGET_TRIPS}-tail-0.15"):
        app = results.get("app", {}).get(key)
        if not app:
            continue
        o, b = app["ours"], app["baseline"]
        case = _trips(key)
        spec_ratios = [
            x / y for x, y in zip([o["spec_bytes"], *o["rerun_spec_bytes"]], [b["spec_bytes"], *b["rerun_spec_bytes"]])
        ]
        for target, name, ratio in (
            ("rerun", "rerun after a month change ≤ 1.5× the baseline", o["rerun"] / b["rerun"]),
            ("first", "first run ≤ 3× the baseline", o["first"] / b["first"]),
            (
                "spec",
                "map spec ≤ 1.5× the baseline's bytes (median over all months and each change; the worst change)",
                None,
            ),
        ):
            if ratio is None:
                median, worst = sorted(spec_ratios)[len(spec_ratios) // 2], max(spec_ratios)
                verdict = "met" if median <= TARGETS[target] else "MISSED"
                verdict += "" if worst <= TARGETS[target] else "; missed for the narrowest range"
                rows.append(f"| {case}: {name} | {median:.2f}× (worst {worst:.2f}×) | {verdict} |")
            else:
                rows.append(f"| {case}: {name} | {ratio:.2f}× | {'met' if ratio <= TARGETS[target] else 'MISSED'} |")
    lib = results.get("library", {}).get(str(TARGET_TRIPS))
    if lib:
        rate = lib["warm"]["trips_per_second"]
        rows.append(
            f"| parse + geocode offline ≥ 5,000 trips/s warm | {rate:,.0f} trips/s | {'met' if rate >= TARGETS['warm_trips_per_second'] else 'MISSED'} |"
        )
    if results.get("gazetteer"):
        ready = results["gazetteer"]["warm"]["ready_seconds"]
        rows.append(
            f"| gazetteer ready ≤ 0.5 s | {ready:.3f} s | {'met' if ready <= TARGETS['gazetteer_ready_seconds'] else 'MISSED'} |"
        )
        search = results["gazetteer"]["warm"].get("slowest_search_seconds")
        if search is not None:
            met = "met" if search <= TARGETS["place_search_seconds"] else "MISSED"
            rows.append(f"| place picker: slowest of 5 typo searches ≤ 0.5 s | {search:.3f} s | {met} |")
    if not rows:
        return []
    return [
        "**Targets** (10,000 trips, ratios within this run):",
        "",
        "| target | measured | |",
        "|---|---:|---|",
        *rows,
    ]


def keep(path: Path, table: str, markers: tuple[str, str] = (BEGIN, END), heading: str = "Latest results") -> None:
    """Replace the section of ``path`` between ``markers`` (the results' by default) with ``table``; a file
    without them gets them at its end, under ``heading``."""
    begin, end = markers
    text = path.read_text(encoding="utf-8") if path.exists() else f"# Performance\n\n{begin}\n{end}\n"
    if begin not in text or end not in text:
        text = text.rstrip("\n") + f"\n\n## {heading}\n\n{begin}\n{end}\n"
    head, rest = text.split(begin, 1)
    _, tail = rest.split(end, 1)
    path.write_text(f"{head}{begin}\n{table}\n{end}{tail}", encoding="utf-8")
