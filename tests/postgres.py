"""A throw-away PostgreSQL cluster for the tests: Debian's server binaries, ``initdb`` in a temporary folder,
its own port on 127.0.0.1 and its unix socket in that folder, one per test session (or xdist worker), removed
after. Each test gets a fresh, empty database (``new_database``).

PostgreSQL refuses to run as root, and CI runs as root: there the cluster's folder is given to ``nobody`` and
the server's commands run as that user (``runuser``). The tests connect as the cluster's superuser ``postgres``
(trust authentication: only this machine, and the folder is the tests' own).
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.serve import free_port


def server_binaries() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``: PATH first, then Debian's /usr/lib/postgresql/<version>/bin
    (the newest), then ``pg_config --bindir``."""
    if shutil.which("initdb") and shutil.which("pg_ctl"):
        return Path(shutil.which("initdb")).parent
    debian = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4] or 0))
    if debian:
        return Path(debian[-1]).parent
    if shutil.which("pg_config"):
        folder = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True).stdout.strip()
        if (Path(folder) / "initdb").exists():
            return Path(folder)
    return None


class Cluster:
    """A running cluster: ``address(database)`` to connect, ``stop()``/``start()`` to take it away and back."""

    def __init__(self, binaries: Path, *, durable: bool = False):
        """``durable``: commits wait for the disk as a production server's do (the benchmark); the tests skip that."""
        self.binaries = binaries
        self.durable = durable
        self.folder = Path(tempfile.mkdtemp(prefix="reisatlas-pg-"))  # not pytest's tmp: "nobody" must enter it
        self.data = self.folder / "data"
        self.port = free_port()  # outside the range outgoing connections use: still free after a stop
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "nobody")
            self.as_user = ["runuser", "-u", "nobody", "--"]
        self._numbers = itertools.count(1)
        self._run(
            "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C.UTF-8"
        )
        self.start()

    def _run(self, program: str, *arguments) -> None:
        command = [*self.as_user, str(self.binaries / program), *map(str, arguments)]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.folder)
        if result.returncode:
            raise RuntimeError(f"{program} failed ({result.returncode}): {result.stderr.strip() or result.stdout}")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run("pg_ctl", "start", "-w", "-D", self.data, "-l", self.folder / "server.log", "-o", options)

    def stop(self) -> None:
        """Stopped at once (``-m fast``: open connections are ended, as when a database server goes down)."""
        self._run("pg_ctl", "stop", "-w", "-m", "fast", "-D", self.data)

    def address(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database's address (dropped with the cluster)."""
        import psycopg

        name = f"store_{os.getpid()}_{next(self._numbers)}"
        with psycopg.connect(self.address(), autocommit=True) as db:
            db.execute(f"CREATE DATABASE {name}")
        return self.address(name)

    def __enter__(self) -> Cluster:
        return self

    def __exit__(self, *_) -> None:
        self.remove()

    def remove(self) -> None:
        try:
            self._run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", self.data)
        except RuntimeError:
            pass  # not running
        shutil.rmtree(self.folder, ignore_errors=True)
