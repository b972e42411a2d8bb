"""Running the real dashboard for the browser tests: ``streamlit run ui/server.py`` on a free port, and
Debian's Chromium driven by Playwright (no downloaded browser, no network).

    with StreamlitServer(documents=folder) as server:
        page.goto(server.url + "/reizen?lang=en")

The fixtures a browser module uses live here and are registered once, in tests/conftest.py, so the servers are made
once per pytest-xdist worker (a fixture imported into a test module is that module's own copy, made again for it):

    from test_browser import Tab, pytestmark

    def test_something(browser, server):
        tab = Tab(browser, server)              # a fresh context on this worker's shared server
        tab.open("/reizen?lang=en")             # waits for the run to end (Tab.wait): no fixed sleeps

``browser`` is a Chromium per module (see there why not per worker). ``server`` is the seed and the XSS document with a long play
(``PLAY_SECONDS``): one per worker, already past its first run, shared by every module that asks for it. A
module that needs other documents or settings asks ``servers(folder, NAME="value", ...)`` in a module
fixture: modules asking for the same folder and settings share that server too (keep the folder a session fixture
to share it), and a module's own ``documents`` fixture gives it a ``server`` on those. Never import these fixtures
into a test module. Start a server of your own (``StreamlitServer``) only for what a shared one cannot show: a
fresh server's first run, or a store the tests change (tests/test_browser_beheer.py). Such a module may add
``pytest.mark.xdist_group("<name>")`` to its ``pytestmark`` so ``make test`` (``--dist loadgroup``) runs it on one
worker and starts its server once.

Time goes to the map: each time a page mounts a map, software WebGL (SwiftShader) spends some 4 s of CPU
before it is drawn (a redraw on the same page about 1.5 s). Open a map page only when the test looks at it or
its page; read text from other pages where the check allows.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Callable, TypeVar

import pytest

from bench.serve import chromium_path, free_port, stop, streamlit_command, wait_until_healthy
from ui.client import FITTED_BELOW

__all__ = ["FITTED_BELOW", "REPORTED", "chromium_path", "free_port", "settled_look", "StreamlitServer"]

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"
XSS_DOCUMENT = Path(__file__).resolve().parent / "documents" / "app_xss.txt"
FIRST_RUN_TIMEOUT = 120_000  # ms: a fresh server's first run reads and places every document before it draws
CHROMIUM_ARGS = [
    "--use-angle=swiftshader",  # WebGL in software: the map draws on machines without a GPU
    "--enable-unsafe-swiftshader",
    # The page composited by Skia on the CPU, not through SwiftShader's emulated GPU: compositing a page in
    # SwiftShader cost its GPU process some 2.5 s of CPU per page opened (the map page's WebGL aside; 0.3 s so),
    # measured in docs/performance.md ("Test suite"). WebGL itself still draws in SwiftShader, pixel for pixel
    # the same; only how the page's layers are put together changes.
    "--disable-gpu-compositing",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


# Whether the page has what it needs of the browser: the main column's width, when it is one the map is fitted to
# (ui/client.py reports a column narrower than FITTED_BELOW: a phone's, a tablet's, a desktop's at 200 % zoom, and its
# report asks for a run of its own). Arg: FITTED_BELOW.
REPORTED = """(below) => {
  const column = document.querySelector('[data-testid="stMainBlockContainer"]');
  if (!column) return false;
  const style = getComputedStyle(column);
  const inner = column.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return Math.round(inner / 10) * 10 >= below || window.__reisatlasWidth !== undefined;
}"""
LOOK_SECONDS = 15  # settled_look: how long what is drawn may take to settle

Look = TypeVar("Look")


def settled_look(
    page, look: Callable[[], Look], wrong: Callable[[Look], list], seconds: float = LOOK_SECONDS
) -> tuple[Look, list]:
    """(the last look, what is wrong in it): ``look()`` again, 1.5 s apart, until ``wrong(look)`` finds nothing or
    ``seconds`` have passed. After a phone's width report, the run it asks for has ended (Tab.wait) but software
    WebGL on a loaded machine can still show the frame fitted for a desktop for seconds, and a check that the map
    is drawn passes on that old frame: judge the last look, not the first."""
    deadline = time.monotonic() + seconds
    while True:
        seen = look()
        problems = wrong(seen)
        if not problems or time.monotonic() > deadline:
            return seen, problems
        page.wait_for_timeout(1500)


class PortTaken(RuntimeError):
    """The port chosen for the server was taken before streamlit could bind it."""


class StreamlitServer:
    """``streamlit run ui/server.py`` (as ``make run``) as a subprocess, offline, on the documents in ``documents``."""

    # Until /_stcore/health answers: Streamlit imports and starts in a few seconds alone, but beside a loaded
    # CI run (two pytest workers, their Chromiums and servers) that has taken over a minute.
    def __init__(self, documents: Path, log: Path, *, timeout: float = 180, settings: dict[str, str] | None = None):
        """``settings``: environment variables for the server alone (the test process's own stay as they are)."""
        self.documents = documents
        self.settings = dict(settings or {})
        self.log_path = log
        self.timeout = timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> StreamlitServer:
        env = {
            **os.environ,
            "REISATLAS_OFFLINE": "1",
            "REISATLAS_DOCUMENTS": str(self.documents),
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
            # An open tab's timed look (on by default, every 5 s) off unless a test asks for it. Tab.wait tells a
            # look's runs (sent as auto reruns) from the runs a test's actions ask for, but each look re-renders the
            # page: seconds of CPU more in every test, and a map click held past deck.gl's 250 ms is no click
            # (docs/performance.md, "The open tab's look and map clicks"). tests/test_browser_watch.py and the
            # balancer's tests set it and check it.
            "REISATLAS_WATCH_SECONDS": "0",
            **self.settings,
        }
        env.pop("STREAMLIT_SERVER_PORT", None)  # the Makefile exports one; each server gets its own
        self._log = self.log_path.open("wb")
        for attempt in range(3):
            command = streamlit_command("ui/server.py", self.port)
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)
            try:
                self._wait_until_healthy()
                return self
            except PortTaken:
                # Another worker's server took the free port between our check and streamlit's bind (ours then
                # cannot bind it, or has not tried yet): end ours and try another port.
                stop(self.process)
                self.port = free_port()
                self.url = f"http://127.0.0.1:{self.port}"
            except BaseException:
                self.__exit__(None, None, None)
                raise
        self.__exit__(None, None, None)
        raise RuntimeError(f"no free port after 3 attempts:\n{self.log()}")

    def _wait_until_healthy(self) -> None:
        """Until the port answers as healthy, and the listener answering is this server's process: another
        worker's server that took the port answers /_stcore/health as well (PortTaken then)."""
        try:
            wait_until_healthy(self.process, self.url, self.timeout, exited=self._exited)
        except TimeoutError as err:
            raise TimeoutError(f"{err}:\n{self.log()}") from None
        if not listens(self.process.pid, self.port):
            raise PortTaken(self.port)

    def _exited(self) -> None:
        if re.search(rf"Port {self.port} is (not available|already in use)", self.log()):
            raise PortTaken(self.port)
        raise RuntimeError(f"streamlit exited with {self.process.returncode}:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-4000:]

    def __exit__(self, *exc) -> None:
        if self.process:
            stop(self.process)
        self._log.close()


def listens(pid: int, port: int) -> bool:
    """Whether process ``pid`` holds the socket listening on TCP ``port`` (Linux: the listening socket's inode in
    /proc/net/tcp among the process's open files). True where /proc does not tell."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            # local address "0100007F:1F90", state 0A (LISTEN), inode
            if int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":
                inodes.add(fields[9])
    try:
        files = {os.readlink(entry) for entry in Path(f"/proc/{pid}/fd").iterdir()}
    except OSError:
        return True
    if not inodes:
        return not Path("/proc/net/tcp").exists()
    return any(f"socket:[{inode}]" in files for inode in inodes)


def expected_deck(folder: Path, selection=None, lang: str = "nl") -> dict:
    """The deck the map page draws on a desktop for the documents in ``folder`` and ``selection``, built by the
    same library code for the same size, so a test knows where each place lands on the canvas."""
    import json

    from reisatlas.atlas import document_paths, load_atlas
    from reisatlas.colours import colouring
    from reisatlas.geocoding import default_geocoder
    from reisatlas.map import build_deck
    from reisatlas.selection import Selection
    from ui.client import DESKTOP_MAP

    atlas = load_atlas(document_paths(folder), default_geocoder(online=False))
    chosen = (selection or Selection()).apply(atlas.trips)
    return json.loads(
        build_deck(chosen, atlas.stops, colouring(atlas.trips, "official", lang), lang, fit=DESKTOP_MAP).to_json()
    )


def web_mercator(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    """World pixel of a point at ``zoom`` in deck.gl's Web Mercator (512 px wide at zoom 0).

    >>> web_mercator(0, 0, 0)
    (256.0, 256.0)
    """
    import math

    size = 512 * 2**zoom
    x = (lon + 180) / 360 * size
    y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2 * size
    return x, y


def screen_point(view: dict, lat: float, lon: float, box: dict) -> tuple[float, float]:
    """Where (lat, lon) is drawn in a canvas at ``box`` (Playwright bounding box) showing ``view``."""
    cx, cy = web_mercator(view["latitude"], view["longitude"], view["zoom"])
    x, y = web_mercator(lat, lon, view["zoom"])
    return box["x"] + box["width"] / 2 + (x - cx), box["y"] + box["height"] / 2 + (y - cy)


# --- the shared fixtures (registered in tests/conftest.py) -------------------------------------------------


@pytest.fixture(scope="module", name="browser")
def shared_browser():
    """A Chromium for the module. Module scope, not session: Playwright's sync API runs an event loop in the
    test thread while it is open, and the server tier's tests then cannot ``asyncio.run`` (tried: 17 of them failed
    with "asyncio.run() cannot be called from a running event loop"). A launch costs about a second."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    if chromium_path() is None:
        pytest.skip("no Chromium at /usr/bin/chromium or on PATH (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session", name="documents")
def shared_documents(tmp_path_factory) -> Path:
    """The seed and the XSS document, in a folder of their own."""
    folder = tmp_path_factory.mktemp("documents")
    shutil.copy(SEED, folder)
    shutil.copy(XSS_DOCUMENT, folder)
    return folder


@pytest.fixture(scope="session", name="seed_alone")
def shared_seed_alone(tmp_path_factory) -> Path:
    """The seed alone, in a folder of its own: one folder for every module on it (a module's ``documents`` fixture
    returns it), so they share one server on each worker."""
    folder = tmp_path_factory.mktemp("seed")
    shutil.copy(SEED, folder)
    return folder


# A played month shows this long (the app's default is 1.5 s): a loaded machine takes seconds for each screenshot,
# and at 1.5 s a month the play ended before the test had seen a second month. Every module on the seed and the
# XSS document uses it, so they share one server.
PLAY_SECONDS = "8"


@pytest.fixture(scope="session", name="servers")
def shared_servers(tmp_path_factory):
    """``servers(documents, **settings)``: this worker's running server on ``documents`` with the
    environment variables ``settings``, started (past its first run) the first time a module asks for it and
    kept until the session ends, so browser modules asking for the same share it instead of starting their own."""
    running: dict[tuple, StreamlitServer] = {}
    with ExitStack() as stack:

        def get(documents: Path, **settings: str) -> StreamlitServer:
            key = (str(documents), tuple(sorted(settings.items())))
            if key not in running:
                log = tmp_path_factory.mktemp("streamlit") / "streamlit.log"
                running[key] = stack.enter_context(running_server(documents, log, **settings))
            return running[key]

        yield get


@pytest.fixture(scope="module", name="server")
def shared_server(servers, documents):
    """The shared server on ``documents`` (the module's own, when it has a ``documents`` fixture)."""
    return servers(documents, REISATLAS_PLAY_SECONDS=PLAY_SECONDS)


@contextmanager
def running_server(documents: Path, log: Path, **settings: str):
    """A server on ``documents`` with the environment variables ``settings``, past its first run."""
    with StreamlitServer(documents, log, settings=settings) as running:
        past_the_first_run(running)
        yield running


def past_the_first_run(server: StreamlitServer) -> None:
    """Run the app once and wait for its first run, which reads and places every document (long on a loaded
    machine), so the tests' own waits measure their own actions. The run is asked for as a tab asks, over
    Streamlit's websocket (tests/websocket_client.py), not by a browser: what the server keeps is the same, and
    a page opened in Chromium costs it 7-9 s of CPU (docs/performance.md) on every server a run starts."""
    from tests.websocket_client import Tab

    async def first_run():
        async with Tab(server.url, "/") as tab:
            return await tab.run(timeout=FIRST_RUN_TIMEOUT / 1000)

    # In a thread of its own: Playwright's sync API keeps an event loop of its own in the test's thread.
    with ThreadPoolExecutor(1) as thread:
        drawn = thread.submit(asyncio.run, first_run()).result()
    assert drawn.exceptions == [] and drawn.texts, f"the first run drew {drawn}:\n{server.log()}"
