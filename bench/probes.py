"""One measurement each, in a fresh process: ``python -m bench.probes <probe> '<json arguments>'``.

Every probe prints one JSON object on its last line of output. Nothing of Reisatlas is imported at
module level, so a probe that times a cold start sees the imports too.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def peak_rss_mib() -> float:
    """This process's peak resident memory: VmHWM, which starts afresh at exec (ru_maxrss would
    carry over the parent's peak from before the fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # no /proc: the best there is


def library(document: str, use_cache: bool) -> dict:
    """Read, parse, geocode (offline) and classify one document, imports included.

    With ``use_cache`` the document cache is used (read when warm, written when cold); without it
    every trip is parsed and geocoded again.
    """
    start = time.perf_counter()
    from reisatlas.atlas import DocumentCache, read_document
    from reisatlas.geocoding import default_geocoder

    imported = time.perf_counter()
    geocoder = default_geocoder(online=False)
    cache = DocumentCache() if use_cache else None
    atlas = read_document(document, geocoder, cache)
    seconds = time.perf_counter() - start
    placed = sum(1 for trip in atlas.trips for stop in trip.stops if stop.resolved)
    stops = sum(len(trip.stops) for trip in atlas.trips)
    return {
        "seconds": seconds,
        "import_seconds": imported - start,
        "trips": len(atlas.trips),
        "trips_per_second": len(atlas.trips) / seconds,
        "stops": stops,
        "placed": placed,
        "geocoder_calls": geocoder.calls,
        "cache_hits": cache.hits if cache else 0,
        "cache_misses": cache.misses if cache else 0,
        "notices": len(atlas.notices),
        "peak_rss_mib": peak_rss_mib(),
    }


def gazetteer(lookups: list[list[str]], repeat: int) -> dict:
    """Time until the gazetteer's index is ready (built when the cache folder has none, else read),
    then lookups per second over ``lookups`` ([name, country code] pairs) ``repeat`` times."""
    start = time.perf_counter()
    from reisatlas.geocoding import Gazetteer

    gazetteer = Gazetteer()
    entries = len(gazetteer.index)
    ready = time.perf_counter() - start
    found = sum(1 for name, code in lookups if gazetteer.lookup(name, code))
    start = time.perf_counter()
    for _ in range(repeat):
        for name, code in lookups:
            gazetteer.lookup(name, code)
    seconds = time.perf_counter() - start
    from reisatlas.geocoding.candidates import candidates

    candidates("Rotterdam")  # Beheer's place picker: its index, built or read once per process
    searches = []
    for typed in ("Kopenhagn", "Gotenburg", "Barcelna", "New Yrok", "Stokholm"):  # typos, anywhere in the world
        start = time.perf_counter()
        candidates(typed)
        searches.append(time.perf_counter() - start)
    return {
        "ready_seconds": ready,
        "slowest_search_seconds": max(searches),
        "entries": entries,
        "lookups": len(lookups) * repeat,
        "found": found,
        "of": len(lookups),
        "lookups_per_second": len(lookups) * repeat / seconds,
        "peak_rss_mib": peak_rss_mib(),
    }


def baseline_stops(document: str, out: str) -> dict:
    """The stops the map page draws (placed stops, with their trip's first and last month), for the
    baseline script to read as they are."""
    from reisatlas.atlas import DocumentCache, load_atlas
    from reisatlas.geocoding import default_geocoder

    atlas = load_atlas([document], default_geocoder(online=False), DocumentCache())
    trips, stops = atlas.trips, atlas.stops
    months = trips.set_index("trip_id")[["first_month", "last_month"]]
    placed = stops.dropna(subset=["lat", "lon"]).join(months, on="trip_id")
    placed = placed[placed["first_month"] != ""][["name", "lat", "lon", "first_month", "last_month"]]
    placed.reset_index(drop=True).to_pickle(out)
    return {"stops": len(placed), "trips": len(trips)}


def _spec(at) -> str:
    charts = at.get("deck_gl_json_chart")
    if len(charts) != 1:
        raise RuntimeError(f"expected one map, found {len(charts)}")
    return charts[0].proto.json


def app(script: str, changes: list[list[str]], timeout: float) -> dict:
    """The script's first run in a new session of a new process (its imports included), then one
    rerun after each change of the month slider; seconds and the bytes of the map spec each time."""
    from streamlit.testing.v1 import AppTest

    from ui.streamlit_internals import navigation_only

    navigation_only()  # as the server does (ui/server.py)
    at = AppTest.from_file(script, default_timeout=timeout)
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    spec = _spec(at)
    result = {"first": first, "first_spec_bytes": len(spec), "first_spec_records": _records(spec)}
    reruns, cpu, sizes = [], [], []
    for low, high in changes:
        at.select_slider(key="months").set_range(low, high)
        start, start_cpu = time.perf_counter(), time.process_time()
        at.run()
        reruns.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)  # the script's thread is this process's: steadier under load
        if at.exception:
            raise RuntimeError(at.exception[0].message)
        sizes.append(len(_spec(at)))
    result.update(reruns=reruns, reruns_cpu=cpu, rerun_spec_bytes=sizes, peak_rss_mib=peak_rss_mib())
    return result


def _records(spec: str) -> dict[str, int]:
    """Records per layer id, to see what the browser receives."""
    layers = json.loads(spec).get("layers", [])
    return {layer.get("id", "?"): len(layer["data"]) for layer in layers if isinstance(layer.get("data"), list)}


PROBES = {"library": library, "gazetteer": gazetteer, "baseline_stops": baseline_stops, "app": app}


def main() -> None:
    probe, arguments = sys.argv[1], json.loads(sys.argv[2])
    result = PROBES[probe](**arguments)
    sys.stdout.write("\n" + json.dumps(result) + "\n")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
