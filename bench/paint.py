"""Time to a painted map in a fresh browser tab: ours against a bare pydeck page with the same outlines.

``python -m bench.paint`` (or ``python -m bench --paint``) serves the app (``ui/server.py``, as
``make run``) and the baseline (``bench/baseline_app.py`` drawing the same stops and the same country
outlines, sent in the map as a bare pydeck page would), warms each server with one unmeasured page, then
opens the page again and again in a new browser context (an empty cache, as a first visit), alternating
ours and the baseline, in Debian's Chromium through Playwright.

A script in the page watches WebGL's draw calls (nothing is read back, so watching costs the page
nothing): deck.gl names each layer's shaders (``SHADER_NAME``), so the first draw of the land polygons
(a solid-polygon layer of thousands of vertices; the ocean is one rectangle) is "outlines drawn", the
first draw of two or more markers (a scatterplot, on both pages; not the labels' multi-icon layer) "stops
drawn", and the later of the two "painted".
Times are from the start of navigation (``performance.now()``); the page's resource timings
tell what came when (the script bundle, the outlines' fetch).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from .load import PROJECT, Server
from .serve import CHROMIUM_ARGS, chromium

OUTLINES = PROJECT / "data" / "outlines" / "countries.geojson"
MIN_OUTLINE_VERTICES = 3000  # the 1:110m land polygons are some 29,000; the ocean is six

PROBE = """
(() => {
  // Which deck.gl layer each WebGL program draws, from the SHADER_NAME deck.gl puts in its shaders.
  const paint = (window.__paint = {});
  for (const proto of [WebGL2RenderingContext.prototype, WebGLRenderingContext.prototype]) {
    const shaderSource = proto.shaderSource, attachShader = proto.attachShader, useProgram = proto.useProgram;
    const shaders = new WeakMap(), programs = new WeakMap();
    let current = "";
    proto.shaderSource = function (shader, source) {
      const name = /#define SHADER_NAME\\s+(\\S+)/.exec(source);
      shaders.set(shader, name ? name[1] : "");
      return shaderSource.call(this, shader, source);
    };
    proto.attachShader = function (program, shader) {
      const name = shaders.get(shader) || "";
      if (name.includes("vertex")) programs.set(program, name);
      return attachShader.call(this, program, shader);
    };
    proto.useProgram = function (program) {
      current = (program && programs.get(program)) || "";
      return useProgram.call(this, program);
    };
    for (const draw of ["drawArrays", "drawElements", "drawArraysInstanced", "drawElementsInstanced"]) {
      const original = proto[draw];
      if (!original) continue;
      const countAt = draw.startsWith("drawArrays") ? 2 : 1;
      const instancesAt = draw === "drawArraysInstanced" ? 3 : 4;
      proto[draw] = function (...args) {
        const now = performance.now();
        if (paint.canvas === undefined) paint.canvas = now;
        const instances = draw.endsWith("Instanced") ? args[instancesAt] : 1;
        // The outlines: polygons of thousands of vertices (the ocean is one rectangle); the stops: two or more
        // markers of a scatterplot (both pages draw them so; the labels are a multi-icon layer).
        if (paint.outlines === undefined && current.startsWith("solid-polygon-layer") && args[countAt] >= MIN_OUTLINE_VERTICES) paint.outlines = now;
        const marker = current.startsWith("scatterplot-layer");
        if (paint.stops === undefined && marker && instances >= 2) paint.stops = now;
        if (paint.painted === undefined && paint.outlines !== undefined && paint.stops !== undefined) paint.painted = now;
        return original.apply(this, args);
      };
    }
  }
})();
""".replace("MIN_OUTLINE_VERTICES", str(MIN_OUTLINE_VERTICES))


def open_once(browser, url: str, timeout: float) -> dict:
    """One first visit: a new context (empty cache), the page until its map is painted; the times in seconds."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.add_init_script(PROBE)
        page.goto(url, timeout=timeout * 1000)
        page.wait_for_function(
            "window.__paint && window.__paint.painted !== undefined", timeout=timeout * 1000, polling=50
        )
        times = page.evaluate("window.__paint")
        resources = page.evaluate(
            "performance.getEntriesByType('resource').map(e => [e.name, e.startTime, e.responseEnd, e.transferSize, e.initiatorType])"
        )
        navigation = page.evaluate(
            "(() => { const n = performance.getEntriesByType('navigation')[0]; return [n.responseEnd, n.domContentLoadedEventEnd, n.loadEventEnd]; })()"
        )
    finally:
        context.close()
    result = {name: value / 1000 for name, value in times.items()}
    result["dom_content_loaded"] = navigation[1] / 1000
    result["load_event"] = navigation[2] / 1000
    scripts = [r for r in resources if r[4] == "script" or r[0].endswith(".js")]
    result["scripts_done"] = max((r[2] for r in scripts), default=0) / 1000
    result["script_bytes"] = sum(r[3] for r in scripts)
    outlines = [r for r in resources if "countries" in r[0] and r[0].endswith(".geojson")]
    if outlines:
        result["outlines_fetch_start"] = outlines[0][1] / 1000
        result["outlines_fetch_end"] = outlines[0][2] / 1000
    fonts = [r for r in resources if r[0].endswith((".woff", ".woff2", ".ttf"))]
    result["fonts_done"] = max((r[2] for r in fonts), default=0) / 1000
    result["resources"] = len(resources)
    return result


def measure(documents: Path, stops_file: Path, out: Path, repeats: int, timeout: float = 120) -> dict:
    """Ours and the baseline, interleaved, ``repeats`` first visits each; medians and every run."""
    from playwright.sync_api import sync_playwright

    path = chromium()
    if path is None:
        raise RuntimeError("no Chromium or Playwright: the paint benchmark needs both")
    ours_server = Server(documents, out / "paint-ours.log")
    base_server = Server(
        documents,
        out / "paint-baseline.log",
        env={"BENCH_BASELINE_STOPS": str(stops_file), "BENCH_BASELINE_OUTLINES": str(OUTLINES)},
        script=PROJECT / "bench" / "baseline_app.py",
    )
    runs: dict[str, list[dict]] = {"ours": [], "baseline": []}
    with ours_server, base_server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            for server in (ours_server, base_server):  # each server's first session (imports, the atlas), unmeasured
                open_once(browser, server.url + "/", timeout)
            for _ in range(repeats):
                runs["ours"].append(open_once(browser, ours_server.url + "/", timeout))
                runs["baseline"].append(open_once(browser, base_server.url + "/", timeout))
        finally:
            browser.close()
    return {name: {"median": medians(found), "runs": found} for name, found in runs.items()}


def medians(runs: list[dict]) -> dict:
    keys = [key for key in runs[0] if all(isinstance(run.get(key), (int, float)) for run in runs)]
    return {key: statistics.median(run[key] for run in runs) for key in keys}


def baseline_stops(documents: Path, out: Path) -> Path:
    """The stops of the documents for the baseline page (bench.probes.baseline_stops, in its own process)."""
    from .suite import probe

    (document,) = sorted(p for p in documents.iterdir() if p.suffix in (".txt", ".pdf"))[:1]
    stops_file = out / f"baseline-stops-{documents.name}.pickle"
    probe("baseline_stops", {"document": str(document), "out": str(stops_file)})
    return stops_file


def summary(result: dict) -> str:
    o, b = result["ours"]["median"], result["baseline"]["median"]
    line = (
        f"painted: ours {o['painted']:.2f} s, baseline {b['painted']:.2f} s ({o['painted'] / b['painted']:.2f}×); "
        f"canvas {o['canvas']:.2f} / {b['canvas']:.2f} s; outlines {o['outlines']:.2f} / {b['outlines']:.2f} s; "
        f"stops {o['stops']:.2f} / {b['stops']:.2f} s; scripts loaded {o['scripts_done']:.2f} / {b['scripts_done']:.2f} s"
    )
    if "outlines_fetch_start" in o:
        line += f"; ours fetches the outlines {o['outlines_fetch_start']:.2f} – {o['outlines_fetch_end']:.2f} s"
    return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.paint", description="time to a painted map in a fresh tab, against a bare pydeck page"
    )
    parser.add_argument(
        "--documents",
        type=Path,
        default=PROJECT / "seeds",
        help="the documents folder (its first document feeds the baseline)",
    )
    parser.add_argument(
        "--repeats", type=int, default=5, help="first visits of each page, interleaved (medians are reported)"
    )
    parser.add_argument("--out", type=Path, default=PROJECT / "bench" / "out", help="logs and the baseline's stops")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    documents = args.documents.resolve()
    started = time.monotonic()
    result = measure(documents, baseline_stops(documents, args.out), args.out, args.repeats)
    result["seconds"] = time.monotonic() - started
    print(summary(result), file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
