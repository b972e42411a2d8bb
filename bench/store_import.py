"""How long ``reisatlas store import`` takes into PostgreSQL for a large store: ``python -m bench.store_import
[--trips 10000]``.

The store: one published overview of ``--trips`` trips (bench.generate), a correction of every trip (Beheer's
Controleren, so as many lines in the audit log), a reviewed place per hundred trips and an admin. It is made
in an SQLite file, exported (``store export``: the backup file), then imported (``import_store``, every check
of issue 15) into a fresh database of a throw-away PostgreSQL cluster (tests/postgres.py, fsync on as in
production) and, for comparison, into a fresh SQLite file. Printed: the rows per table and the seconds of each
import, with the machine's load before and after.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench.report import load_average

ROOT = Path(__file__).resolve().parent.parent


def large_store(location: Path, trips: int) -> None:
    from bench.generate import generate
    from reisatlas.store import Store

    with Store(location) as store:
        store.add_account("anna", "correct horse battery")
        document = store.add_document("groot.txt", generate(trips).encode("utf-8"), "anna")
        store.set_status(document.id, "published", "anna")
        with store.transaction():  # one commit: making the store is not what is measured
            for number in range(trips):
                store.save_correction(
                    document.key, f"k{number}", "themes", ["haven", f"thema {number}"], "anna", expected_version=0
                )
            for number in range(trips // 100):
                store.save_place(f"plaats {number}", "NL", 52.0 + number / 1000, 4.0 + number / 1000, "", "anna")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store_import", description=__doc__.splitlines()[0])
    parser.add_argument("--trips", type=int, default=10_000)
    args = parser.parse_args(argv)
    sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]
    from postgres import Cluster, server_binaries

    from reisatlas.store import Store
    from reisatlas.store.backup import TABLES, export_store, import_store

    binaries = server_binaries()
    if binaries is None:
        print("no PostgreSQL server binaries (apt-get install postgresql)")
        return 1
    with tempfile.TemporaryDirectory() as folder:
        source, backup = Path(folder) / "store.sqlite", Path(folder) / "backup.sqlite"
        large_store(source, args.trips)
        export_store(source, backup)
        with Store(backup) as opened:
            rows = {table: opened.db.count(table) for table in TABLES if table in opened.db.tables()}
        print(f"backup {backup.stat().st_size / 2**20:.1f} MiB: {rows}")
        print(f"load average before {load_average()}")
        with Cluster(binaries, durable=True) as cluster:
            for what, target in (("postgresql", cluster.new_database()), ("sqlite", Path(folder) / "copy.sqlite")):
                started = time.perf_counter()
                import_store(backup, target)
                print(f"import into {what:10} {time.perf_counter() - started:7.2f} s")
        print(f"load average after {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
