"""A presentation step, from the presenter's key to the new step painted: ``python -m bench.steps``.

Serves the app (``ui/server.py``, as ``make run``) on the seed, opens the presentation at 1440×900 in Debian's
Chromium through Playwright and presses → (a clicker's forward key) through every trip and ← back, waiting between
steps until the page is idle and the map has landed. For each key a script in the page records:

- *card*: the step's card showing the new trip's title (a MutationObserver);
- *map*: the first WebGL draw after new layer data was uploaded (``bufferData``/``bufferSubData``), i.e. the map
  drawing the new trip's stops and route (the flight to its view starts in that frame; it lasts
  ``reisatlas.story.FLY_MS`` by design and is not counted);
- *step*: the later of the two — the step drawn.

Times are from the keydown event, in seconds. The target (issue 17): a step drawn within 0.5 s of the key.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

from .load import PROJECT, Server
from .serve import CHROMIUM_ARGS, chromium

TARGET_SECONDS = 0.5
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'

PROBE = """
(() => {
  const probe = (window.__step = { key: null, card: null, map: null, upload: null, title: null, busy: [], frames: [] });
  // What held the page's one thread after the key (a task of 50 ms or more): where a slow step's time went.
  new PerformanceObserver((list) => {
    for (const task of list.getEntries())
      if (probe.key !== null && task.startTime + task.duration > probe.key)
        probe.busy.push([task.startTime - probe.key, task.duration]);
  }).observe({ type: "longtask", buffered: false });
  // The frames the page got after the key (their times): a long gap is the compositor waiting for the last frame.
  const frame = (now) => { if (probe.key !== null && now > probe.key && probe.frames.length < 400) probe.frames.push(now - probe.key); requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
  window.addEventListener("keydown", () => {
    Object.assign(probe, { key: performance.now(), card: null, map: null, upload: null, busy: [], frames: [] });
    probe.title = (document.querySelector("section.story-step h1") || {}).textContent || null;
  }, true);
  new MutationObserver(() => {
    if (probe.key === null || probe.card !== null) return;
    const title = (document.querySelector("section.story-step h1") || {}).textContent || null;
    if (title && title !== probe.title) probe.card = performance.now();
  }).observe(document, { subtree: true, childList: true, characterData: true });
  for (const proto of [WebGL2RenderingContext.prototype, WebGLRenderingContext.prototype]) {
    for (const upload of ["bufferData", "bufferSubData"]) {
      const original = proto[upload];
      proto[upload] = function (...args) {
        if (probe.key !== null && probe.upload === null) probe.upload = performance.now();
        return original.apply(this, args);
      };
    }
    for (const draw of ["drawArrays", "drawElements", "drawArraysInstanced", "drawElementsInstanced"]) {
      const original = proto[draw];
      if (!original) continue;
      proto[draw] = function (...args) {
        if (probe.upload !== null && probe.map === null) probe.map = performance.now();
        return original.apply(this, args);
      };
    }
  }
})();
"""


def steps(url: str, trips: int, rounds: int, land_seconds: float, timeout: float = 60) -> list[dict]:
    """Forward through ``trips`` trips and back, ``rounds`` times; one dict of seconds per key pressed."""
    from playwright.sync_api import sync_playwright

    path = chromium()
    if path is None:
        raise RuntimeError("no Chromium or Playwright: the step benchmark needs both")
    found = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
            page.add_init_script(PROBE)
            page.goto(url + "/presentatie", timeout=timeout * 1000)
            page.wait_for_selector(IDLE, timeout=timeout * 1000)
            page.wait_for_selector("section.story-step h1", timeout=timeout * 1000)
            keys = (["ArrowRight"] * (trips - 1) + ["ArrowLeft"] * (trips - 1)) * rounds
            for key in keys:
                page.wait_for_selector(IDLE, timeout=timeout * 1000)
                page.wait_for_timeout(land_seconds * 1000)  # the last flight has landed, the page is quiet
                page.keyboard.press(key)
                page.wait_for_function(
                    "() => window.__step.card !== null && window.__step.map !== null", timeout=timeout * 1000
                )
                page.wait_for_timeout(200)  # the tasks that finish after the step is drawn, too
                probe = page.evaluate("window.__step")
                fetched = page.evaluate(
                    "(key) => performance.getEntriesByType('resource').filter(e => e.startTime > key)"
                    ".map(e => [e.name.split('/').pop(), e.startTime - key, e.responseEnd - key])",
                    probe["key"],
                )
                card, drawn = (probe["card"] - probe["key"]) / 1000, (probe["map"] - probe["key"]) / 1000
                title = page.inner_text("section.story-step h1")
                found.append(
                    {
                        "key": key,
                        "trip": title,
                        "card": card,
                        "map": drawn,
                        "step": max(card, drawn),
                        "busy": [[round(at / 1000, 3), round(took / 1000, 3)] for at, took in probe["busy"]],
                        "fetched": [[name, round(a / 1000, 3), round(b / 1000, 3)] for name, a, b in fetched],
                        "frames": [round(at / 1000, 3) for at in probe["frames"]],
                    }
                )
        finally:
            browser.close()
    return found


def measure(documents: Path, out: Path, *, rounds: int = 2, land: float = 2.5) -> list[dict]:
    """Serve ``documents`` and time every step of their presentation (``steps``)."""
    from reisatlas.atlas import document_paths, load_atlas
    from reisatlas.geocoding import default_geocoder

    trips = len(load_atlas(document_paths(documents), default_geocoder(online=False)).trips)
    with Server(documents.resolve(), out / "steps.log") as server:
        return steps(server.url, trips, rounds, land)


def summary(found: list[dict], load: tuple[float, float, float]) -> str:
    step = sorted(s["step"] for s in found)
    within = sum(s <= TARGET_SECONDS for s in step)
    return (
        f"presentation step, key to drawn: median {statistics.median(step):.2f} s, "
        f"p90 {step[int(0.9 * (len(step) - 1))]:.2f} s, max {step[-1]:.2f} s over {len(step)} steps; "
        f"{within} of {len(step)} within {TARGET_SECONDS} s (card median "
        f"{statistics.median(s['card'] for s in found):.2f} s, map median {statistics.median(s['map'] for s in found):.2f} s); "
        f"load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.steps", description="key to a drawn presentation step")
    parser.add_argument("--documents", type=Path, default=PROJECT / "seeds", help="the documents folder")
    parser.add_argument("--rounds", type=int, default=2, help="times through every trip and back")
    parser.add_argument("--land", type=float, default=2.5, help="seconds to wait between keys (the flight lands)")
    parser.add_argument("--out", type=Path, default=PROJECT / "bench" / "out", help="the server's log")
    parser.add_argument("--json", type=Path, help="write every step's times here as JSON")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    found = measure(args.documents, args.out, rounds=args.rounds, land=args.land)
    load = os.getloadavg()
    print(summary(found, load), file=sys.stderr)
    if args.json:
        args.json.write_text(
            json.dumps({"steps": found, "load": load, "seconds": time.monotonic() - started}, indent=1),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
