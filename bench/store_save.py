"""How long a Beheer save takes on each store backend: ``python -m bench.store_save [--saves 300]``.

A save as Beheer's Controleren makes it (``Store.save_correction``: the optimistic lock's read, the write and the
audit line in one transaction), a status change as Documenten makes it (``set_status``), and the read every public
rerun makes (``revision``), each timed ``--saves`` times on a fresh SQLite file and on a fresh database of a
throw-away PostgreSQL cluster (tests/postgres.py: Debian's server binaries, over TCP on 127.0.0.1, with fsync on
as in production; both in the temporary folder, on one disk). Printed:
p50, p95 and max in milliseconds, with the machine's load.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.report import load_average

ROOT = Path(__file__).resolve().parent.parent


def timed(action, times: int) -> list[float]:
    seconds = []
    for number in range(times):
        started = time.perf_counter()
        action(number)
        seconds.append(time.perf_counter() - started)
    return seconds


def measure(location, saves: int) -> dict[str, list[float]]:
    from reisatlas.store import Store

    with Store(location) as store:
        store.add_account("anna", "correct horse battery")
        document = store.add_document("v1.txt", b"Werkbezoek Gent (Belgie)\n", "anna")
        versions: dict[int, int] = {}

        def save(number: int) -> None:
            trip = f"k{number % 20}"  # twenty trips, each saved again and again: the version check matters
            saved = store.save_correction(
                document.key,
                trip,
                "themes",
                ["haven", str(number)],
                "anna",
                expected_version=versions.get(number % 20, 0),
            )
            versions[number % 20] = saved.version

        def status(number: int) -> None:
            store.set_status(document.id, "published" if number % 2 == 0 else "draft", "anna")

        return {
            "save_correction": timed(save, saves),
            "set_status": timed(status, saves),
            "revision (a public rerun's read)": timed(lambda _: store.revision(), saves),
        }


def through_the_app(location, clicks: int) -> dict[str, list[float]]:
    """A running server (``streamlit run ui/server.py``) on the store, an admin's tab (Streamlit's websocket, as
    tests/websocket_client.py speaks it) clicking Publiceren / Intrekken on Documenten: from the click to the page
    drawn again after the save."""
    import asyncio
    import shutil

    from reisatlas.store import Store
    from tests.browser import StreamlitServer
    from tests.test_beheer_attacks import admin_tab

    with Store(location) as store:
        store.add_account("anna", "correct horse battery")
        store.add_document("v1.txt", b"Werkbezoek Gent (Belgie)\n", "anna")

    async def click(url: str) -> list[float]:
        tab = await admin_tab(url, "anna", "127.0.0.3")
        seconds = []
        for number in range(clicks):
            started = time.perf_counter()
            await tab.run(click="Publiceren" if number % 2 == 0 else "Intrekken")
            seconds.append(time.perf_counter() - started)
        await tab.__aexit__(None, None, None)
        return seconds

    with tempfile.TemporaryDirectory() as folder:
        documents = Path(folder) / "documents"
        documents.mkdir()
        shutil.copy(ROOT / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt", documents)
        with StreamlitServer(documents, Path(folder) / "st.log", settings={"REISATLAS_STORE": str(location)}) as server:
            return {"Beheer click, save and redraw": asyncio.run(click(server.url))}


def report(backend: str, results: dict[str, list[float]]) -> None:
    for what, seconds in results.items():
        ms = sorted(s * 1000 for s in seconds)
        p95 = ms[int(len(ms) * 0.95) - 1]
        print(f"{backend:11} {what:34} p50 {statistics.median(ms):6.2f} ms  p95 {p95:6.2f} ms  max {ms[-1]:6.2f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--clicks", type=int, default=0, help="also time this many Beheer clicks on a running app")
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]
    from postgres import Cluster, server_binaries

    print(f"load average {load_average()}")
    with tempfile.TemporaryDirectory() as folder:
        report("sqlite", measure(Path(folder) / "store.sqlite", args.saves))
        if args.clicks:
            report("sqlite", through_the_app(Path(folder) / "app.sqlite", args.clicks))
    binaries = server_binaries()
    if binaries is None:
        print("postgresql: no server binaries (apt-get install postgresql)")
        return 0
    with Cluster(
        binaries, durable=True
    ) as cluster:  # fsync on: a commit waits for the disk, as SQLite's FULL sync does
        report("postgresql", measure(cluster.new_database(), args.saves))
        if args.clicks:
            report("postgresql", through_the_app(cluster.new_database(), args.clicks))
    print(f"load average {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
