"""nginx in front of app processes, configured by the guide itself: the ``nginx`` block of docs/deploy.md (sticky
cookie, websocket upgrade, Host with its port, passive retries), run from a folder of its own on a free port of
127.0.0.1, by whoever runs it (no root, no system files: ``master_process off``, every path in the folder).

    with Balancer([8501, 8502], folder) as proxy:
        proxy.url          # http://127.0.0.1:<port>
        proxy.upstreams()  # [(cookie, "127.0.0.1:8501", "GET /_stcore/stream HTTP/1.1"), …] from its access log

The end-to-end tests (tests/test_browser_balancer.py) and the load through the balancer (``python -m
bench.balancer --sessions 100 --interval 2``: two processes on one store behind it, then bench.load) use it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from .serve import free_port, stop

PROJECT = Path(__file__).resolve().parent.parent
GUIDE = PROJECT / "docs" / "deploy.md"


def nginx_path() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)


def guide_config() -> str:
    """The guide's nginx configuration, as a reader copies it."""
    found = re.search(r"```nginx\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    if not found:
        raise LookupError(f"no nginx block in {GUIDE}")
    return found.group(1)


def local_config(ports: list[int], port: int, folder: Path) -> str:
    """The guide's block on ``port`` over the processes on ``ports``, in a whole nginx.conf kept in ``folder``:
    only the listen line, the server lines of the upstream and the TLS lines change."""
    block = guide_config()
    servers = iter(ports)
    block, count = re.subn(r"server 127\.0\.0\.1:\d+;", lambda _: f"server 127.0.0.1:{next(servers)};", block)
    if count != len(ports):
        raise ValueError(f"the guide names {count} processes, the test runs {len(ports)}")
    block = re.sub(r"listen 443 ssl;", f"listen 127.0.0.1:{port};", block)
    block = "\n".join(line for line in block.splitlines() if "ssl_certificate" not in line)
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""daemon off;
master_process off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 4096; }}
http {{
    log_format upstream '$cookie_reisatlas_node|$upstream_addr|$status|$request';
    access_log {folder / "access.log"} upstream;
{temp}
{block}
}}
"""


class Balancer:
    """nginx with the guide's configuration in front of the processes on ``ports``."""

    def __init__(self, ports: list[int], folder: Path, *, timeout: float = 30):
        self.ports = list(ports)
        self.folder = Path(folder)
        self.timeout = timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Balancer:
        nginx = nginx_path()
        if nginx is None:
            raise FileNotFoundError("nginx (apt-get install nginx)")
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "nginx.conf"
        config.write_text(local_config(self.ports, self.port, self.folder), encoding="utf-8")
        self._log = (self.folder / "nginx.out").open("wb")
        command = [nginx, "-p", str(self.folder), "-e", str(self.folder / "error.log"), "-c", str(config)]
        self.process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.process.returncode}: {self.log()}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        self.__exit__(None, None, None)
        raise TimeoutError(f"nginx not answering after {self.timeout} s: {self.log()}")

    def log(self) -> str:
        texts = [(self.folder / name) for name in ("nginx.out", "error.log")]
        return "\n".join(p.read_text(errors="replace")[-2000:] for p in texts if p.exists())

    def upstreams(self) -> list[tuple[str, str, str]]:
        """(cookie, the process that answered, the request) of every request so far, from the access log."""
        found = []
        for line in (self.folder / "access.log").read_text(errors="replace").splitlines():
            cookie, upstream, _status, request = line.split("|", 3)
            found.append((cookie, upstream, request))
        return found

    def __exit__(self, *exc) -> None:
        if self.process:
            stop(self.process)
        if getattr(self, "_log", None):
            self._log.close()


def main(argv: list[str] | None = None) -> int:
    """Two app processes on one store behind the guide's nginx, then bench.load's sessions through it."""
    import tempfile
    from contextlib import ExitStack

    from .load import Server
    from .load import main as load_main

    parser = argparse.ArgumentParser(prog="python -m bench.balancer", description=main.__doc__)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--store", help="REISATLAS_STORE of every process (default: a new SQLite file)")
    parser.add_argument(
        "--postgresql",
        action="store_true",
        help="the store on a database of a throw-away PostgreSQL cluster (tests/postgres.py, fsync on)",
    )
    known, rest = parser.parse_known_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="reisatlas-balancer-"))
    from reisatlas.store import Store

    with ExitStack() as stack:
        store = known.store or str(folder / "store.sqlite")
        if known.postgresql:
            cluster = stack.enter_context(_cluster())
            store = cluster.new_database()
        env = {"REISATLAS_STORE": store}
        Store(store).close()  # made (migrated) once before the processes start, as the guide says
        print(f"store: {'PostgreSQL' if known.postgresql else store}", file=sys.stderr)
        running = [
            stack.enter_context(Server(PROJECT / "seeds", folder / f"streamlit-{n}.log", env=env))
            for n in range(known.processes)
        ]
        proxy = stack.enter_context(Balancer([server.port for server in running], folder / "nginx"))
        code = load_main(["--url", proxy.url, "--pid", *(str(server.pid) for server in running), *rest])
        served: dict[str, int] = {}
        for cookie, upstream, request in proxy.upstreams():
            if "/_stcore/stream" in request:
                served[upstream] = served.get(upstream, 0) + 1
        print(f"websockets per process: {served}", file=sys.stderr)
        return code


@contextmanager
def _cluster():
    """A throw-away PostgreSQL cluster (tests/postgres.py) with commits waiting for the disk, as in production."""
    sys.path.insert(0, str(PROJECT / "tests"))
    from postgres import Cluster, server_binaries

    binaries = server_binaries()
    if binaries is None:
        raise SystemExit("no PostgreSQL server binaries (apt-get install postgresql)")
    with Cluster(binaries, durable=True) as cluster:
        yield cluster


if __name__ == "__main__":
    sys.exit(main())
