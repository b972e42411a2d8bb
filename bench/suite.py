"""The benchmark: synthetic documents of N trips, each measurement in a fresh process, the app against
a bare baseline in the same run, and the table kept in docs/performance.md.

The app and its baseline are measured interleaved (ours, baseline, ours, baseline, …) and reported as
medians, so the drift of a shared machine falls on both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from . import report
from .generate import places, write_document
from .serve import chromium, served_peak_memory

PROJECT = Path(__file__).resolve().parent.parent
APP = PROJECT / "app.py"  # what AppTest runs
SERVER = PROJECT / "ui" / "server.py"  # what `make run` serves: app.py in st.App, with the feeds
BASELINE = Path(__file__).resolve().parent / "baseline_app.py"
DOCS = PROJECT / "docs" / "performance.md"
APP_SIZES = (100, 1_000, 10_000)
LIBRARY_SIZES = (100, 1_000, 10_000, 100_000)
STRESS_TAIL = 0.15  # the stress case: this share of stops in the long tail of GeoNames cities


def probe(name: str, arguments: dict, env: dict[str, str] | None = None, timeout: float = 3600) -> dict:
    """Run one probe in a new Python process and return its JSON answer."""
    command = [sys.executable, "-m", "bench.probes", name, json.dumps(arguments)]
    environment = {**os.environ, "REISATLAS_OFFLINE": "1", **(env or {})}
    done = subprocess.run(command, cwd=PROJECT, env=environment, capture_output=True, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"probe {name} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Bench:
    def __init__(self, out: Path, repeats: int):
        self.out = out
        self.repeats = repeats
        self.documents: dict[tuple[int, float], Path] = {}

    def document(self, n: int, tail: float = 0.0) -> Path:
        """The generated document of ``n`` trips, alone in its folder (the app reads a folder)."""
        if (n, tail) not in self.documents:
            self.documents[(n, tail)] = write_document(n, self.out / f"documents-{label(n, tail)}", tail=tail)
        return self.documents[(n, tail)]

    def cache(self, n: int, tail: float = 0.0) -> Path:
        return self.out / f"cache-{label(n, tail)}"

    def fresh_folder(self, name: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=f"{name}-", dir=self.out))

    # --- library ------------------------------------------------------------------------------------

    def library(self, n: int, tail: float = 0.0) -> dict:
        """Cold (empty cache folder: gazetteer built, every trip parsed), warm (a restart: the
        gazetteer index and the document from the cache folder) and uncached (gazetteer ready, the
        document parsed and geocoded again) — each a new process, imports included."""
        document = str(self.document(n, tail))
        cold_runs = self.repeats if n <= 10_000 else 1
        cold = []
        for _ in range(max(1, min(cold_runs, 3))):
            folder = self.fresh_folder(f"cold-{label(n, tail)}")
            cold.append(
                probe("library", {"document": document, "use_cache": True}, {"REISATLAS_CACHE_DIR": str(folder)})
            )
            # The last cold run's folder becomes the warm cache of this document.
            shutil.rmtree(self.cache(n, tail), ignore_errors=True)
            folder.rename(self.cache(n, tail))
        env = {"REISATLAS_CACHE_DIR": str(self.cache(n, tail))}
        warm = [probe("library", {"document": document, "use_cache": True}, env) for _ in range(self.repeats)]
        uncached = [
            probe("library", {"document": document, "use_cache": False}, env) for _ in range(max(1, min(cold_runs, 3)))
        ]
        return {"cold": median_run(cold), "warm": median_run(warm), "uncached": median_run(uncached)}

    def gazetteer(self) -> dict:
        common, tail = places()
        from reisatlas.countries import country_code

        known = [[p.name, country_code(p.country)] for p in common + tail]
        lookups = known + [[name + "x", code] for name, code in known]  # half of them misses
        cold = []
        for _ in range(min(self.repeats, 3)):
            folder = self.fresh_folder("gazetteer")
            cold.append(probe("gazetteer", {"lookups": lookups, "repeat": 50}, {"REISATLAS_CACHE_DIR": str(folder)}))
            shutil.rmtree(folder, ignore_errors=True)
        folder = self.fresh_folder("gazetteer")
        probe("gazetteer", {"lookups": lookups[:1], "repeat": 1}, {"REISATLAS_CACHE_DIR": str(folder)})
        warm = [
            probe("gazetteer", {"lookups": lookups, "repeat": 50}, {"REISATLAS_CACHE_DIR": str(folder)})
            for _ in range(self.repeats)
        ]
        shutil.rmtree(folder, ignore_errors=True)
        return {"cold": median_run(cold), "warm": median_run(warm)}

    # --- app ----------------------------------------------------------------------------------------

    def app(self, n: int, memory: bool, tail: float = 0.0) -> dict:
        """The map page against the baseline at ``n`` trips: first run, rerun after a month change,
        spec bytes, peak memory; interleaved, medians."""
        document = self.document(n, tail)
        folder = document.parent
        stops_file = self.out / f"baseline-stops-{label(n, tail)}.pickle"
        env = {"REISATLAS_CACHE_DIR": str(self.cache(n, tail))}
        facts = probe("baseline_stops", {"document": str(document), "out": str(stops_file)}, env)
        months = month_span(stops_file)
        changes = month_changes(months)
        ours_env = {**env, "REISATLAS_DOCUMENTS": str(folder)}
        base_env = {"BENCH_BASELINE_STOPS": str(stops_file)}
        # One run unmeasured, so the app's own cache entries (its tables) are on disk, as after any restart.
        probe("app", {"script": str(APP), "changes": [], "timeout": 1800}, ours_env)
        ours, base = [], []
        for _ in range(self.repeats):
            ours.append(probe("app", {"script": str(APP), "changes": changes, "timeout": 900}, ours_env))
            base.append(probe("app", {"script": str(BASELINE), "changes": changes, "timeout": 900}, base_env))
        # A first run with nothing cached at all (the document parsed, the gazetteer built), once.
        cold_folder = self.fresh_folder(f"app-cold-{label(n, tail)}")
        cold = probe(
            "app",
            {"script": str(APP), "changes": [], "timeout": 1800},
            {**ours_env, "REISATLAS_CACHE_DIR": str(cold_folder)},
        )
        shutil.rmtree(cold_folder, ignore_errors=True)
        result = {
            "tail": tail,
            "stops": facts["stops"],
            "changes": changes,
            "ours": summarise_app(ours),
            "baseline": summarise_app(base),
            "ours_cold_first": cold["first"],
        }
        browser = chromium() if memory else None
        if browser:
            served_ours, served_base = [], []
            for i in range(max(1, min(self.repeats, 3))):
                served_ours.append(
                    served_peak_memory(
                        SERVER, PROJECT, ours_env, self.out / f"serve-ours-{label(n, tail)}-{i}.log", browser
                    )
                )
                served_base.append(
                    served_peak_memory(
                        BASELINE, PROJECT, base_env, self.out / f"serve-baseline-{label(n, tail)}-{i}.log", browser
                    )
                )
            result["served"] = {"ours": median_run(served_ours), "baseline": median_run(served_base)}
        return result


def label(n: int, tail: float) -> str:
    """ "10000", or "10000-tail-0.15" for the stress case."""
    return f"{n}-tail-{tail:g}" if tail else str(n)


def median_run(runs: list[dict]) -> dict:
    """Per numeric field, the median over the runs; other fields from the first run."""
    merged = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            merged[key] = statistics.median(run[key] for run in runs)
    merged["runs"] = len(runs)
    return merged


def summarise_app(runs: list[dict]) -> dict:
    reruns = [seconds for run in runs for seconds in run["reruns"]]
    return {
        "first": statistics.median(run["first"] for run in runs),
        "first_all": [round(run["first"], 3) for run in runs],
        "rerun": statistics.median(reruns),
        "rerun_all": [round(s, 3) for s in reruns],
        "rerun_cpu_all": [round(s, 3) for run in runs for s in run.get("reruns_cpu", ())],  # CPU seconds, same order
        "spec_bytes": statistics.median(run["first_spec_bytes"] for run in runs),
        "rerun_spec_bytes": runs[0]["rerun_spec_bytes"],  # one per change; the same in every repetition
        "records": runs[0]["first_spec_records"],
        "peak_rss_mib": statistics.median(run["peak_rss_mib"] for run in runs),
    }


def month_span(stops_file: Path) -> list[str]:
    import pandas as pd

    stops = pd.read_pickle(stops_file)
    return list(pd.period_range(stops["first_month"].min(), stops["last_month"].max(), freq="M").strftime("%Y-%m"))


def month_changes(months: list[str]) -> list[list[str]]:
    """Four changes of the period slider: the first half, the last three quarters, one year, all."""
    n = len(months)
    return [
        [months[0], months[n // 2 - 1]],
        [months[n // 4], months[-1]],
        [months[n // 3], months[min(n - 1, n // 3 + 11)]],
        [months[0], months[-1]],
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Reisatlas benchmark (see docs/performance.md)"
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=list(APP_SIZES), help="trips per document for the app")
    parser.add_argument(
        "--library-sizes", type=int, nargs="+", default=list(LIBRARY_SIZES), help="trips per document for the library"
    )
    parser.add_argument("--repeats", type=int, default=5, help="interleaved repetitions (medians are reported)")
    parser.add_argument("--out", type=Path, default=PROJECT / "bench" / "out", help="documents, caches and logs")
    parser.add_argument(
        "--no-memory", action="store_true", help="skip the served app's memory (needs Playwright and Chromium)"
    )
    parser.add_argument("--no-gazetteer", action="store_true", help="skip the gazetteer measurements")
    parser.add_argument("--no-video", action="store_true", help="skip the seed's video and GIF (python -m bench.video)")
    parser.add_argument(
        "--no-site",
        action="store_true",
        help="skip the published site's paint time and bytes on a throttled phone (python -m bench.site)",
    )
    parser.add_argument(
        "--no-steps", action="store_true", help="skip the presentation's steps (needs Playwright and Chromium)"
    )
    parser.add_argument(
        "--stress-sizes",
        type=int,
        nargs="*",
        default=[10_000],
        help=f"app sizes also measured with {STRESS_TAIL * 100:.0f}%% of stops in the long tail",
    )
    parser.add_argument("--docs", type=Path, default=DOCS, help="file whose results section is replaced ('-' for none)")
    parser.add_argument(
        "--served",
        action="store_true",
        help="afterwards, the served app under 10, 50 and 100 sessions and the time to a painted map (python -m bench.served)",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    bench = Bench(args.out.resolve(), args.repeats)
    started = time.monotonic()
    results: dict = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": report.machine(),
        "repeats": args.repeats,
    }
    if not args.no_gazetteer:
        say("gazetteer …")
        results["gazetteer"] = bench.gazetteer()
    results["library"] = {}
    for n in sorted(set(args.library_sizes) | set(args.sizes)):
        say(f"library, {n} trips …")
        results["library"][label(n, 0)] = bench.library(n)
    for n in args.stress_sizes:
        say(f"library, {n} trips, long tail …")
        results["library"][label(n, STRESS_TAIL)] = bench.library(n, STRESS_TAIL)
    results["app"] = {}
    for n in args.sizes:
        say(f"app against baseline, {n} trips …")
        results["app"][label(n, 0)] = bench.app(n, memory=not args.no_memory)
    for n in args.stress_sizes:
        say(f"app against baseline, {n} trips, long tail …")
        results["app"][label(n, STRESS_TAIL)] = bench.app(n, memory=not args.no_memory, tail=STRESS_TAIL)
    if not args.no_steps:
        say("presentation steps …")
        from . import steps

        found = steps.measure(PROJECT / "seeds", args.out, rounds=2)
        results["steps"] = [found, os.getloadavg()]
    results["seconds"] = time.monotonic() - started
    (args.out / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    table = report.tables(results)
    print(table)
    if str(args.docs) != "-":
        report.keep(args.docs, table)
        say(f"results kept in {args.docs}")
    if not args.no_video:
        from . import video

        say("the seed's video and GIF …")
        video.main(["--repeats", str(min(args.repeats, 3)), "--out", str(args.out), "--docs", str(args.docs)])
    if not args.no_site:
        from . import site

        say("the published site on a throttled phone …")
        site.main(["--repeats", str(min(args.repeats, 3)), "--record", str(args.out / "site.txt")])
    if args.served:
        from . import served

        return served.main(["--out", str(args.out), "--docs", str(args.docs)])
    return 0
