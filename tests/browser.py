"""Running the real dashboard for the browser tests: ``streamlit run ui/server.py`` on a free port, and
Debian's Chromium driven by Playwright (no downloaded browser, no network).

    with StreamlitServer(documents=folder) as server:
        page.goto(server.url + "/reizen?lang=en")

A new browser module (tests/test_browser_<topic>.py) gets its server cheaply from tests/test_browser.py's
fixtures, so it starts none of its own:

    from test_browser import Tab, browser, documents, pytestmark, server, servers  # noqa: F401

    def test_something(browser, server):
        tab = Tab(browser, server)              # a fresh context on this worker's shared server
        tab.open("/reizen?lang=en")             # waits for the run to end (Tab.wait): no fixed sleeps

``server`` is the seed and the XSS document with a long play (``PLAY_SECONDS``): one per pytest-xdist worker,
already past its first run, shared by every module that asks for it. A module that needs other documents or
settings asks ``servers(browser, folder, NAME="value", ...)`` in a module fixture: modules asking for the same
folder and settings share that server too (keep the folder a session fixture to share it). Start a server of your
own (``StreamlitServer``) only for what a shared one cannot show: a fresh server's first run, or a store the tests
change (tests/test_browser_beheer.py). Such a module may add ``pytest.mark.xdist_group("<name>")`` to its
``pytestmark`` so ``make test`` (``--dist loadgroup``) runs it on one worker and starts its server once.

Time goes to the map: each time a page mounts a map, software WebGL (SwiftShader) spends some 4 s of CPU
before it is drawn (a redraw on the same page about 1.5 s). Open a map page only when the test looks at it or
its page; read text from other pages where the check allows.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from bench.serve import chromium_path, free_port, stop, streamlit_command, wait_until_healthy

__all__ = ["chromium_path", "free_port", "StreamlitServer"]

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--use-angle=swiftshader",  # WebGL in software: the map draws on machines without a GPU
    "--enable-unsafe-swiftshader",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


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
                # Another worker took the free port between our check and streamlit's bind: try another.
                self.port = free_port()
                self.url = f"http://127.0.0.1:{self.port}"
            except BaseException:
                self.__exit__(None, None, None)
                raise
        self.__exit__(None, None, None)
        raise RuntimeError(f"no free port after 3 attempts:\n{self.log()}")

    def _wait_until_healthy(self) -> None:
        try:
            wait_until_healthy(self.process, self.url, self.timeout, exited=self._exited)
        except TimeoutError as err:
            raise TimeoutError(f"{err}:\n{self.log()}") from None

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
