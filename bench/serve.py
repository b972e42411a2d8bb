"""Peak memory of a served app: ``streamlit run`` as a subprocess on a free port (the app as ``make run``
serves it, ``ui/server.py``, or the baseline script), the page loaded once in Debian's Chromium through
Playwright, then the server's peak resident memory from /proc/<pid>/status (VmHWM).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

CHROMIUM_ARGS = ["--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--no-sandbox", "--no-first-run"]
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP = '[data-testid="stDeckGlJsonChart"]'


def chromium_path() -> str | None:
    """Debian's Chromium, or any ``chromium`` on PATH; None when there is none (the browser tests use it too)."""
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


def chromium() -> str | None:
    """Chromium when Playwright is installed to drive it; None otherwise."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return None
    return chromium_path()


def stop(process: subprocess.Popen) -> None:
    """End a server: terminate, and kill it when it has not stopped after ten seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def free_port() -> int:
    """A free port on 127.0.0.1 below the kernel's ephemeral range. Outgoing connections (a browser's, a database
    client's) take their local ports from that range, so a server stopped and started again on a port of its own
    (a database taken away in a test) could find it taken there; below it, only another listener can. Chosen at
    random, so parallel test workers seldom pick alike, and checked free by binding it."""
    import random

    try:
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768
    pick = random.SystemRandom()
    for _ in range(200):
        port = pick.randrange(min(10000, low - 1000), low)
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as sock:  # nothing free down there: any port the kernel gives
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _status_mib(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB
    raise KeyError(field)


def streamlit_command(script: Path | str, port: int) -> list[str]:
    """``streamlit run script`` as the benchmark and the tests start it: on 127.0.0.1:``port``, headless, with no
    file watcher and no rerun on save."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
    ]


def served_peak_memory(
    script: Path, cwd: Path, env: dict[str, str], log: Path, browser: str, timeout: float = 600
) -> dict:
    """Serve ``script``, load it once in the browser until the map is drawn and the run is over;
    the server's peak and current resident memory in MiB and the seconds the page took."""
    port = free_port()
    env = {**os.environ, **env, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    env.pop("STREAMLIT_SERVER_PORT", None)
    command = streamlit_command(script, port)
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            wait_until_healthy(server, f"http://127.0.0.1:{port}", timeout)
            from playwright.sync_api import sync_playwright

            with sync_playwright() as playwright:
                chrome = playwright.chromium.launch(executable_path=browser, args=CHROMIUM_ARGS)
                try:
                    page = chrome.new_page(viewport={"width": 1400, "height": 900})
                    start = time.perf_counter()
                    page.goto(f"http://127.0.0.1:{port}/", timeout=timeout * 1000)
                    page.wait_for_selector(MAP, timeout=timeout * 1000)
                    page.wait_for_selector(READY, timeout=timeout * 1000)
                    loaded = time.perf_counter() - start
                    page.wait_for_timeout(500)  # the last messages reach the browser
                finally:
                    chrome.close()
            return {
                "peak_rss_mib": _status_mib(server.pid, "VmHWM"),
                "rss_mib": _status_mib(server.pid, "VmRSS"),
                "page_seconds": loaded,
            }
        finally:
            stop(server)


def wait_until_healthy(server: subprocess.Popen, url: str, timeout: float, exited=None) -> None:
    """Poll ``url``'s health route until it answers; ``exited()`` (when given) may raise a better error
    than "exited" when the server has stopped (the browser tests use it too)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            if exited:
                exited()
            raise RuntimeError(f"streamlit exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"streamlit not healthy after {timeout} s")
