"""The dashboard in a real browser: ``streamlit run ui/server.py`` (as ``make run``; tests/browser.py) on a free
port, driven through Playwright by
Debian's Chromium, offline. The map must draw (outlines included, from the app's own static folder),
every page must open in both languages, document text must never run as HTML, and a click on a place
must show its trip. Screenshots of every page go to screenshots/ (git-ignored) for a person to look at.

One browser per module, and one server per set of documents and settings in each pytest-xdist worker, shared by
every browser module that asks for the same (tests/browser.py's fixtures: ``browser``, ``servers``, ``server``).
"""

from __future__ import annotations

import io
import logging
import re
import shutil
from contextlib import ExitStack, contextmanager
from pathlib import Path

import numpy as np
import pytest
from browser import (
    FIRST_RUN_TIMEOUT,
    ROOT,
    SEED,
    XSS_DOCUMENT,
    StreamlitServer,
    chromium_path,
    expected_deck,
    running_server,
    screen_point,
)

from reisatlas.i18n import t
from reisatlas.selection import Selection

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
Image = pytest.importorskip("PIL.Image", reason="pillow is not installed")

CHROMIUM = chromium_path()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None, reason="no Chromium at /usr/bin/chromium or on PATH (apt-get install chromium)"
    ),
]

SCREENSHOTS = ROOT / "screenshots"  # git-ignored; made here, so a fresh clone can save into it
SCREENSHOTS.mkdir(exist_ok=True)
OCEAN, LAND = (222, 235, 247), (246, 244, 238)
SCRIPT_PAYLOAD = "<script>window.__xss=1</script>"
IMG_PAYLOAD = '<img src=x onerror="window.__xss=2">'
XSS_TITLE = f"Werkbezoek {SCRIPT_PAYLOAD} {IMG_PAYLOAD} in Gent (België)"
# (file, title key, url path) of every page app.py offers; the list grows as pages are added.
PAGES = re.findall(
    r'st\.Page\(\s*"pages/(\w+)\.py",\s*title=t\("(\w+)", lang\),\s*url_path="(\w+)"',
    (ROOT / "app.py").read_text(encoding="utf-8"),
)
DEFAULT_PAGE = re.search(r'url_path="(\w+)",\s*default=True', (ROOT / "app.py").read_text(encoding="utf-8"))[1]
MAP = '[data-testid="stDeckGlJsonChart"]'
TIMEOUT = 30_000
RERUN_BEGINS = 200  # ms a rerun gets to begin after a wait that saw the page ask for none (Tab.wait)

# Records the app's connection and script-run states with their times, and what passes over its websocket that
# tells when a run the page asked for has ended (Tab.wait). Streamlit's browser code (1.67) sets no state of its own
# when a widget, button or component asks for a rerun (sendRerunBackMsg sends a ``rerun_script`` BackMsg and leaves
# ``scriptRunState`` alone; only the "Rerun" menu item sets ``rerunRequested``), and a fresh page shows "CONNECTED
# notRunning" before its first run: the page shows nothing of a run until the server's answer arrives. So the
# script watches the wire itself (one protobuf message a websocket frame): each ``rerun_script`` the page sends
# (BackMsg field 11, a ClientState: fragment_id 5, is_auto_rerun 6) and, from the server, each run's start
# (ForwardMsg field 4, new_session) and end (field 6, script_finished: 0 success, 1 compile error, 2 stopped early
# for another rerun, 3 a fragment's run). Entries: [ms, "sent rerun"|"sent fragment"|"sent auto"], [ms, "run begins"],
# [ms, "run ends <status>"].
STATE_LOG = """
window.__appStates = [];
// and room for every file's timing (the default keeps 250: a long session's later fetches went unrecorded)
performance.setResourceTimingBufferSize(100000);
const start = performance.now();
const now = () => Math.round(performance.now() - start);
let lastState = null;
new MutationObserver(() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return;
  const state = app.getAttribute('data-test-connection-state') + ' ' + app.getAttribute('data-test-script-state')
    + ' ' + location.pathname + location.search;
  if (state !== lastState) window.__appStates.push([now(), (lastState = state)]);
}).observe(document, {attributes: true, subtree: true, childList: true});
const bytesOf = data => data instanceof ArrayBuffer ? new Uint8Array(data)
  : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
// A protobuf message's top-level fields: {number: varint value or bytes}.
const fields = bytes => {
  const found = {};
  let i = 0;
  const varint = () => { let value = 0, scale = 1, byte; do { byte = bytes[i++]; value += (byte & 127) * scale;
    scale *= 128; } while (byte & 128 && i < bytes.length); return value; };
  while (i < bytes.length) {
    const tag = varint(), wire = tag % 8, field = Math.floor(tag / 8);
    if (wire === 0) found[field] = varint();
    else if (wire === 2) { const length = varint(); found[field] = bytes.subarray(i, i + length); i += length; }
    else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else break;
  }
  return found;
};
const heard = new WeakSet();
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (data) {
  const bytes = bytesOf(data);
  if (bytes) {
    const back = fields(bytes);
    if (back[11] instanceof Uint8Array) {
      const client = fields(back[11]);
      const kind = client[6] ? 'sent auto' : client[5] && client[5].length ? 'sent fragment' : 'sent rerun';
      window.__appStates.push([now(), kind]);
    }
  }
  if (!heard.has(this)) {
    heard.add(this);
    this.addEventListener('message', event => {
      const bytes = bytesOf(event.data);
      if (!bytes) return;
      const forward = fields(bytes);
      if (4 in forward) window.__appStates.push([now(), 'run begins']);
      if (6 in forward) window.__appStates.push([now(), 'run ends ' + forward[6]]);
    });
  }
  return send.call(this, data);
};
"""

# Whether the rerun the page last asked for since entry ``seen`` has ended (null: the page asked for none): after
# the page's last ``rerun_script``, a run began and then a run of that kind ended (a whole run: success or compile
# error; a fragment's: any but "stopped early for another rerun"). A run that began before the ask and ends after it
# does not count (its end is not that of a run begun after the ask); the timed look's and autoplay's own reruns
# ("sent auto") are not asks.
ASKED_RUN_ENDED = """seen => {
  const log = (window.__appStates || []).slice(seen);
  let asked = -1;
  log.forEach(([, what], i) => { if (what === 'sent rerun' || what === 'sent fragment') asked = i; });
  if (asked < 0) return null;
  const fragment = log[asked][1] === 'sent fragment';
  const begun = log.findIndex(([, what], i) => i > asked && what === 'run begins');
  return begun >= 0 && log.some(([, what], i) => i > begun
    && (fragment ? /^run ends [013]$/.test(what) : /^run ends [01]$/.test(what)));
}"""
RAN_SINCE = (
    "seen => (window.__appStates || []).slice(seen).some(([, state]) => / (running|rerunRequested) /.test(state))"
)
ASKED = "seen => (window.__appStates || []).slice(seen).some(([, what]) => what === 'sent rerun')"


class Tab:
    """One browser page on the app, recording dialogs and errors the page raises."""

    _seen = 0  # the app states (``states()``) recorded when the last wait ended
    _document = None  # the page's document then (its ``performance.timeOrigin``): a new one has a log of its own

    def __init__(self, browser, server: StreamlitServer):
        self.server = server
        self.context = browser.new_context(viewport={"width": 1280, "height": 1600}, locale="nl-NL")
        self.context.add_init_script(STATE_LOG)
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.sent: list[bytes] = []  # the websocket messages the page sent the server (a click's rerun among them)
        self.page.on("websocket", lambda ws: ws.on("framesent", self._sent))
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _sent(self, payload) -> None:
        self.sent.append(payload if isinstance(payload, bytes) else payload.encode())

    def sent_since(self, count: int, pattern: re.Pattern, seconds: float = 10) -> bool:
        """Whether a message the page sent after its first ``count`` matches ``pattern``, within ``seconds``."""
        for _ in range(int(seconds * 4)):
            if any(pattern.search(message) for message in self.sent[count:]):
                return True
            self.page.wait_for_timeout(250)
        return False

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def open(self, path: str, timeout: int = TIMEOUT) -> None:
        self.page.goto(self.server.url + path)
        self.wait(timeout)  # a new document: wait() waits for its first run

    def wait(self, timeout: int = TIMEOUT) -> None:
        """Until the app is connected and the run the page last asked for since the last wait has ended, then until
        its script run has finished (``timeout``: for a fresh server's first run).

        A new document (``open``, a ``goto``, a reload) always runs: it asks on connecting, which takes a while
        after the page has loaded, so its first wait waits for that ask. A page that asked for no run (a click on
        something that sends nothing, or whose send comes later: a map pick) gets RERUN_BEGINS to ask or to show a
        run (one the server began on its own: autoplay). A run asked for that does not come (a fragment gone by the
        time its ask arrived) holds the wait up to ``timeout``, not longer."""
        document = self.page.evaluate("() => performance.timeOrigin")
        if document != self._document:  # its state log starts afresh, before its first run
            self._document, self._seen = document, 0
            # the ask comes once the page has connected (seconds on a loaded machine)
            self.page.wait_for_function(ASKED, arg=self._seen, timeout=timeout)
        try:
            self.page.wait_for_function(
                f"seen => ({ASKED_RUN_ENDED})(seen) !== null || ({RAN_SINCE})(seen)",
                arg=self._seen,
                timeout=RERUN_BEGINS,
            )
        except sync_api.TimeoutError:
            pass
        if self.page.evaluate(f"({ASKED_RUN_ENDED})({self._seen})") is not None:
            try:
                self.page.wait_for_function(f"seen => ({ASKED_RUN_ENDED})(seen)", arg=self._seen, timeout=timeout)
            except sync_api.TimeoutError:
                pass  # bounded: the DOM's own state below still holds a run that has begun
        self.page.wait_for_selector('[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=TIMEOUT)
        self.page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)
        self.page.wait_for_selector(
            '[data-testid="stMain"] :is(h1, [data-testid="stAlert"], [data-testid="stException"])', timeout=TIMEOUT
        )
        # Widgets and the map load their code on first use and show a skeleton until then.
        self.page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=TIMEOUT)
        self._seen = len(self.states())

    def states(self) -> list:
        """(milliseconds since the page opened, "connection script-state address") as they changed."""
        return self.page.evaluate("() => window.__appStates")

    def exceptions(self) -> list[str]:
        """Streamlit's exception boxes, and the sentence the server shows a reader in their place (ui.guard; the
        traceback is in the server's log)."""
        failed = (t("app_failed", "nl"), t("app_failed", "en"))
        alerts = self.page.locator('[data-testid="stAlert"]').all_inner_texts()
        return self.page.locator('[data-testid="stException"]').all_inner_texts() + [
            text for text in alerts if any(sentence in text for sentence in failed)
        ]

    def main_text(self) -> str:
        return self.page.locator('[data-testid="stMain"]').inner_text()

    def assert_no_script_ran(self) -> None:
        assert self.page.evaluate("() => typeof window.__xss") == "undefined", "document text ran as script"
        assert self.dialogs == []
        assert self.page.locator('img[src="x"]').count() == 0
        assert not self.page.evaluate("() => [...document.scripts].some(s => s.textContent.includes('__xss'))")

    def map_image(self) -> Image.Image:
        # The page clipped to the map, not the element's own screenshot: that one waits for the element to be
        # "stable" over animation frames, which a WebGL canvas drawing in software does not always give in time.
        # A rerun can move the map meanwhile (elements above it drawn or taken away at the end of a run, late on
        # a loaded machine): a clip taken while it moved shows part of something else, so take it again then.
        chart = self.page.locator(MAP)

        def box() -> dict:
            chart.evaluate("element => element.scrollIntoView({block: 'nearest'})")
            found = chart.bounding_box()
            # Whole pixels: a fractional box clips one row more or less from one screenshot to the next.
            return {
                "x": round(found["x"]),
                "y": round(found["y"]),
                "width": int(found["width"]),
                "height": int(found["height"]),
            }

        moves = []
        for _ in range(10):
            before = box()
            # Software WebGL tessellating 1:50m outlines on a loaded machine can hold the next frame for a while.
            shot = self.page.screenshot(clip=before, animations="disabled", timeout=90_000)
            if box() == before:
                return Image.open(io.BytesIO(shot)).convert("RGB")
            moves.append(before)
        pytest.fail(f"the map kept moving while its screenshot was taken: {moves}; {self.states()[-4:]}")

    def canvas_box(self) -> dict:
        canvas = self.page.locator(f"{MAP} canvas").first
        canvas.scroll_into_view_if_needed()
        return canvas.bounding_box()


@pytest.fixture
def tab(browser, server):
    opened = Tab(browser, server)
    yield opened
    opened.context.close()


OPEN_TIMEOUT = 10_000  # for a list to open and show an option, each try
OPEN_TRIES = 4
# Streamlit 1.67 draws a selectbox and a multiselect as a react-aria combobox: a click in its box (not on a chip,
# not on a button) focuses the input and opens the list through a callback that a React effect sets again after
# every render of the widget; the list closes when the input loses focus or the widget is drawn anew. Under two
# CPU hogs, right after a save in the same expander, a click at the widget's middle focused the input and opened
# nothing: no rerun, no list (aria-expanded stayed false) -- the CI failure. So click the input itself, wait
# briefly for the option, and when it is not there wait until the app is idle and open the list again.


def _open(tab: Tab, widget, option, tries: list[str]) -> bool:
    """Click ``widget``'s box and wait for ``option`` (a locator) in the list; False (and why, in ``tries``) if not."""
    box = widget.get_by_role("combobox")
    box.click(timeout=TIMEOUT)  # the input itself: a click on a chip or a button opens nothing
    try:
        option.wait_for(state="visible", timeout=OPEN_TIMEOUT)
        return True
    except sync_api.TimeoutError:
        tries.append(
            f"list open: {box.get_attribute('aria-expanded')}, options {tab.page.get_by_role('option').all_inner_texts()}, "
            f"app states {tab.states()[-4:]}"
        )
        tab.page.keyboard.press("Escape")  # a list open on other options closes, to be opened anew
        tab.wait()
        return False


def _tried(what: str, tries: list[str]) -> None:
    if tries:  # shown with a failing test, and live with --log-cli-level=WARNING
        logging.getLogger("tests.browser").warning("%s took %d tries: %s", what, len(tries) + 1, tries)


def open_options(tab: Tab, widget) -> list[str]:
    """Open a selectbox's or multiselect's list (``widget``: the stSelectbox / stMultiSelect element); its options."""
    tries: list[str] = []
    while not _open(tab, widget, tab.page.get_by_role("option").first, tries):
        assert len(tries) < OPEN_TRIES, f"the list did not open in {OPEN_TRIES} tries: {tries}"
    _tried("opening the list", tries)
    return tab.page.get_by_role("option").all_inner_texts()


def choose(tab: Tab, widget, option: str, *, exact: bool = True) -> None:
    """Choose ``option`` in a selectbox or multiselect (``widget``: the stSelectbox / stMultiSelect element) and
    wait until the widget shows the choice: a multiselect's chip, a selectbox's value. ``exact=False``: the
    option whose text contains ``option`` (an option that ends in its number of trips).

    A choice that already took (the click landed, a rerun closed the list after it) is never made again: a
    second click on a multiselect's option would undo it. A try that chose anything besides ``option`` (a click that
    landed on "Alles selecteren" as the list was drawn anew chose every option, the wanted one among them: a full
    run failed so) failed: every chip it added is taken off again, the wanted one too, and the next try chooses
    ``option`` alone."""
    multiple = widget.get_attribute("data-testid", timeout=TIMEOUT) == "stMultiSelect"
    listed = tab.page.get_by_role("option", name=option, exact=exact)
    chip = widget.locator("[data-tag]").filter(has_text=option)
    box = widget.get_by_role("combobox")

    def took() -> bool:
        if multiple:
            return any(text == option or not exact for text in chip.all_inner_texts())
        return box.input_value() == option if exact else option in box.input_value()

    def chips() -> list[str]:
        return chosen(widget) if multiple else []

    tries: list[str] = []
    while not took():
        assert len(tries) < OPEN_TRIES, f"{option!r} not chosen in {OPEN_TRIES} tries: {tries}"
        before = chips()
        if _open(tab, widget, listed, tries):
            try:
                listed.click(timeout=OPEN_TIMEOUT)
                # The browser draws the choice at once, before the rerun it may ask for.
                if multiple:
                    sync_api.expect(chip.first).to_be_visible(timeout=OPEN_TIMEOUT)
                else:
                    sync_api.expect(box).to_have_value(
                        re.compile(re.escape(option) if not exact else f"^{re.escape(option)}$"), timeout=OPEN_TIMEOUT
                    )
            except (sync_api.TimeoutError, AssertionError) as err:
                tries.append(
                    f"{option!r} clicked, not shown ({str(err).splitlines()[0]}); app states {tab.states()[-4:]}"
                )
                tab.wait()
        # Also when the list did not open: the click on the box could have landed on an option all the same.
        added = [text for text in chips() if text not in before]
        if any(text != option if exact else option not in text for text in added):
            tries.append(f"{option!r}: the try chose {added}; taken off again")
            unchoose(tab, widget, added)
    _tried(f"choosing {option!r}", tries)


def chosen(widget) -> list[str]:
    """The options a multiselect (``widget``: the stMultiSelect element) shows as chosen: its chips."""
    return widget.locator("[data-tag]").evaluate_all("tags => tags.map(tag => tag.getAttribute('aria-label'))")


def unchoose(tab: Tab, widget, options: list[str]) -> None:
    """Take ``options`` off a multiselect's choice, each by its chip's remove button, and wait for the runs."""
    tab.page.keyboard.press("Escape")  # the list closed, so that nothing of it lies over the chips
    tab.wait()
    for option in options:
        widget.get_by_role("button", name=f"Remove {option}", exact=True).click(timeout=TIMEOUT)
        tab.wait()
    assert not set(options) & set(chosen(widget)), f"{options} not taken off: {chosen(widget)}"


def share(image: Image.Image, colour: tuple[int, int, int], tolerance: int = 4) -> float:
    """The fraction of the image's pixels within ``tolerance`` of ``colour`` on every channel."""
    pixels = np.asarray(image, dtype=np.int16).reshape(-1, 3)
    return float((np.abs(pixels - np.array(colour)) <= tolerance).all(axis=1).mean())


def map_drawn(tab: Tab, seconds: float = 20) -> Image.Image:
    """The map once the outlines (fetched from app/static/) have drawn; fails after ``seconds``."""
    image = None
    for _ in range(int(seconds * 2)):
        image = tab.map_image()
        if share(image, LAND) > 0.02 and share(image, OCEAN) > 0.05:
            return image
        tab.page.wait_for_timeout(500)
    image.save(SCREENSHOTS / "map_not_drawn.png")
    pytest.fail(f"map not drawn: land {share(image, LAND):.3f}, ocean {share(image, OCEAN):.3f}")


def test_every_page_opens_from_the_navigation_in_both_languages(tab):
    """Every page in the top navigation, found by its title, in Dutch and then in English (the sidebar's language
    choice: one load for both): no exception, the language followed, nothing from the documents run as script. A
    screenshot of each for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    tab.open("/?lang=nl")
    problems = []
    for lang in ("nl", "en"):
        if lang == "en":
            tab.page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="English").click()
            tab.wait()
        for file, title_key, url_path in PAGES:
            if url_path != DEFAULT_PAGE or tab.page.url.split("?")[0].rstrip("/") != tab.server.url:
                tab.page.get_by_role("link", name=t(title_key, lang), exact=True).click()
                path = rf"/({url_path})?(\?|$)" if url_path == DEFAULT_PAGE else rf"/{url_path}(\?|$)"
                tab.page.wait_for_url(re.compile(path), timeout=TIMEOUT)  # the default page keeps the bare address
                tab.wait()
            if tab.page.locator(MAP).count():
                map_drawn(tab)
            tab.page.wait_for_timeout(300)
            shot = tab.page.screenshot(path=str(SCREENSHOTS / f"page_{file}_{lang}.png"), animations="disabled")
            for box in [tab.page.locator(MAP).nth(i).bounding_box() for i in range(tab.page.locator(MAP).count())]:
                drawn = (
                    Image.open(io.BytesIO(shot))
                    .convert("RGB")
                    .crop((box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"]))
                )
                if share(drawn, LAND) < 0.02:
                    problems.append(
                        f"{file} ({lang}): a map in the screenshot shows no country outlines; {tab.states()}"
                    )
            sidebar = tab.page.locator('[data-testid="stSidebar"]').inner_text()
            if tab.exceptions():
                problems.append(f"{file} ({lang}): {tab.exceptions()[0][:300]}")
            if t("official", lang) not in sidebar or t("search", lang) not in sidebar:
                problems.append(f"{file}: the sidebar is not in {lang}")
            if t(title_key, lang) not in tab.main_text() and file not in ("kaart", "presentatie"):
                problems.append(f"{file}: no {t(title_key, lang)!r} on the page")
            tab.assert_no_script_ran()
    assert problems == []
    assert tab.errors == []


def test_the_about_page_reads_on_a_phone_in_both_languages(tab):
    """At 390×844, in Dutch and then in English (the page's own language button: one load for both), the CO₂
    method's factor table and every feed address fit the column: nothing cut off or to be scrolled sideways, each
    address whole in its copyable block, in the page's language. (At this width the factor grid hid its last
    columns and the addresses were cut off.)"""
    tab.page.set_viewport_size({"width": 390, "height": 844})
    tab.open("/over?lang=nl")
    for lang in ("nl", "en"):
        if lang == "en":
            tab.page.locator('[data-testid="stMain"]').get_by_role("button", name="English").click()
            tab.wait()
        assert tab.exceptions() == []
        tab.page.locator("table").last.scroll_into_view_if_needed()
        SCREENSHOTS.mkdir(exist_ok=True)
        tab.page.screenshot(path=str(SCREENSHOTS / f"page_over_phone_{lang}.png"), animations="disabled")
        widths = tab.page.evaluate("""() => ({
            page: [document.documentElement.scrollWidth, window.innerWidth],
            table: [...document.querySelectorAll('[data-testid="stMain"] table')].map(t => [t.scrollWidth, t.parentElement.clientWidth]),
            code: [...document.querySelectorAll('[data-testid="stCode"] pre')].map(pre => [pre.scrollWidth, pre.clientWidth]),
        })""")
        assert widths["page"][0] <= widths["page"][1]
        assert widths["table"] and all(inner <= outer for inner, outer in widths["table"]), widths["table"]
        assert len(widths["code"]) == 4 and all(inner <= outer for inner, outer in widths["code"]), widths["code"]
        addresses = [
            text.replace("\n", "") for text in tab.page.locator('[data-testid="stCode"] pre').all_inner_texts()
        ]
        assert addresses == [
            f"{tab.server.url}/feeds/reizen.{suffix}?lang={lang}" for suffix in ("ics", "geojson", "csv", "json")
        ]


def place_on_map(tab: Tab, documents: Path, selection: Selection, name: str) -> tuple[float, float]:
    spec = expected_deck(documents, selection)
    (stops,) = [layer for layer in spec["layers"] if layer["id"] == "stops"]
    (record,) = [r for r in stops["data"] if r["name"] == name]
    return screen_point(spec["initialViewState"], record["lat"], record["lon"], tab.canvas_box())


# deck.gl picks what is under the pointer by drawing a picking frame, in software here: on a loaded machine that
# can take seconds. The place's own point gets that long; the points around it (a marker drawn a pixel or two
# off its computed place) get a shorter wait each. Moving on too soon could land on a route passing close by.
HOVER_FIRST, HOVER_AROUND = 10_000, 2_000
SPIRAL = [(0, 0), (2, 2), (-2, -2), (3, -3), (-3, 3), (5, 0), (-5, 0), (0, 5), (0, -5)]


def hover_until_tooltip(tab: Tab, x: float, y: float, text: str | None = None, spiral=SPIRAL) -> tuple[float, float]:
    """Move over (x, y), then a small spiral around it, until deck.gl shows a tooltip (one containing ``text``,
    when given: a place's, not a route's passing by); where it showed."""
    tooltip = tab.page.locator(".deck-tooltip")
    wanted = tooltip.filter(has_text=text) if text else tooltip
    seen = []
    for number, (dx, dy) in enumerate(spiral):
        tab.page.mouse.move(x + dx, y + dy, steps=3)
        try:
            wanted.wait_for(state="visible", timeout=HOVER_FIRST if number == 0 else HOVER_AROUND)
            return x + dx, y + dy
        except sync_api.TimeoutError:
            if tooltip.is_visible():
                seen.append(tooltip.inner_text()[:80])
    pytest.fail(f"no tooltip {text or ''} around ({x:.0f}, {y:.0f}); other tooltips there: {seen}")


# A pick on the map, as the page sends it to the server: the map's selection in the rerun message, by layer.
PICK_SENT = re.compile(rb'"indices":\{"(?:stops|routes)')
PICK_SECONDS, PICK_TRIES = 30, 5  # how long a click's pick may take to be sent (click_place), and its tries


def click_place(
    tab: Tab,
    x: float,
    y: float,
    name: str | None = None,
    *,
    tries: int = PICK_TRIES,
    seconds: float = PICK_SECONDS,
    dropped: list | None = None,
) -> int | None:
    """Click the place at (x, y) (its tooltip showing ``name``, when given) until the page shows its details; how
    many app states (``Tab.states``) were recorded before the click that reached the server.

    deck.gl drops a click that follows the first hover too closely, so pause first and, when the click sent the
    server no pick (a run seen in the app's state is no sign: an open tab's timed look at the store runs by itself,
    ui/timer.watch), hover again and click again, up to ``tries`` clicks. A click counts as dropped only after
    ``seconds``: a software picking pass on a loaded machine takes many seconds, and a click taken twice would
    choose the place and then choose it off. A click that did send one gets the run's whole time to show the
    details. When every try was dropped the test fails; or, given a list ``dropped``, each dropped try is noted
    there (as ``name``) and None is returned (tests/test_browser_watch.py counts the clicks that reached the
    server, and lets deck.gl drop some)."""
    details = tab.page.get_by_role("heading", name="Details")
    place = (x, y)
    for attempt in range(tries):
        if attempt:
            x, y = hover_until_tooltip(tab, *place, name)
        tab.page.wait_for_timeout(500)  # deck.gl's own pause between a hover and a click it takes
        sent, states = len(tab.sent), len(tab.states())
        tab.page.mouse.click(x, y)
        if not tab.sent_since(sent, PICK_SENT, seconds=seconds):
            if dropped is not None:
                dropped.append(name)
            continue  # the click was dropped
        tab.wait()
        details.wait_for(timeout=TIMEOUT)
        return states
    if dropped is None:
        pytest.fail(f"no details after clicking ({x:.0f}, {y:.0f}) {tries} times: {tab.states()[-6:]}")
    return None


def test_document_text_stays_text_on_the_map(tab, documents):
    """The XSS document's trips (October, November): the tooltip, the details and the list of places
    not on the map show its HTML as text."""
    selection = Selection(months=("2025-10", "2025-11"))
    tab.open("/?months=2025-10&months=2025-11")
    assert "Niet op de kaart" in tab.main_text()
    assert '<img src=x onerror="window.__xss=5"> (Zweden)' in tab.main_text()
    map_drawn(tab)
    x, y = place_on_map(tab, documents, selection, "Gent")
    x, y = hover_until_tooltip(tab, x, y, "Gent (België)")
    tooltip = tab.page.locator(".deck-tooltip").inner_text()
    assert "Gent (België)" in tooltip and SCRIPT_PAYLOAD in tooltip and IMG_PAYLOAD in tooltip
    tab.assert_no_script_ran()

    click_place(tab, x, y, "Gent (België)")
    details = tab.main_text()
    assert XSS_TITLE in details
    assert 'wethouder Kasmi <img src=x onerror="window.__xss=3">' in details
    tab.assert_no_script_ran()
    assert tab.exceptions() == []


def test_show_all_resets_a_filtered_link_and_the_list_shows_document_text_as_text(tab):
    """One load of the trip list serves two checks:
    1. "Alles tonen" resets a filtered link: the filters go, from the page and from the address;
    2. the whole list it then shows has the XSS document's trips, their HTML and Markdown shown as text, and nothing
       from the documents runs as script (before, a test of its own opened the list unfiltered: the same list)."""
    tab.open("/reizen?official=burgemeester+Schouten&months=jul+2025&months=sep+2025")
    assert "2 reizen naar 4 plaatsen" in tab.main_text()
    tab.page.get_by_role("button", name="Alles tonen").click()
    tab.wait()
    assert "10 reizen naar 14 plaatsen" in tab.main_text()
    assert "official=" not in tab.page.url and "months=" not in tab.page.url

    assert tab.exceptions() == []
    labels = tab.page.locator('[data-testid="stExpander"] summary').all_inner_texts()
    assert any(XSS_TITLE in label for label in labels)
    assert any("Werkbezoek ![beeld](x) **vet** in Gent (België)" in label for label in labels), "Markdown in a title"
    tab.page.locator('[data-testid="stExpander"] summary', has_text=XSS_TITLE).click()  # open the trip
    tab.wait()
    text = tab.main_text()
    assert SCRIPT_PAYLOAD in text and IMG_PAYLOAD in text
    assert "[link](javascript:window.__xss=4)" in text  # no link made from a document
    tab.assert_no_script_ran()


def test_deep_link_on_a_fresh_server(browser, documents, tmp_path):
    """The first run of a fresh server happens before st.navigation was ever called; without
    ui.streamlit_internals.navigation_only Streamlit would run pages/reizen.py on its own (legacy pages-folder mode). The link must open the page
    inside the frame, with its filters, and the address must stay the page's."""
    with StreamlitServer(documents, tmp_path / "streamlit.log") as fresh:
        tab = Tab(browser, fresh)
        try:
            tab.open("/reizen?official=Schouten&lang=en", timeout=FIRST_RUN_TIMEOUT)  # the server's first run
            tab.page.wait_for_url(re.compile(r"/reizen(\?|$)"))
            tab.wait()
            assert "/reizen" in tab.page.url
            assert tab.exceptions() == []
            assert "4 trips to" in tab.main_text()  # Schouten: Johannesburg, Japan and two in the XSS document
            assert t("official", "en") in tab.page.locator('[data-testid="stSidebar"]').inner_text()
        finally:
            tab.context.close()


def test_europe_and_every_presentation_step_draw_with_the_finer_outlines(tab):
    """Zoomed in, the map fetches the 1:50m outlines from the app itself and draws them; the world view keeps
    1:110m. Screenshots of Europe and of each presentation step go to screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    fetched: list[str] = []
    tab.page.on("request", lambda request: fetched.append(request.url) if "/app/static/" in request.url else None)
    tab.open("/?country=SE&country=NO&country=GB&country=BE")
    map_drawn(tab).save(SCREENSHOTS / "europe.png")  # a session's first map carries its (1:50m) outlines itself
    tab.open("/presentatie")
    step, next_button = 1, tab.page.get_by_role("button", name=t("story_next", "nl") + " ▶")
    while True:
        tab.page.wait_for_timeout(2500)  # the fly-to takes FLY_MS
        map_drawn(tab).save(SCREENSHOTS / f"presentation_{step}.png")
        if next_button.is_disabled():
            break
        next_button.click()
        tab.wait()
        step += 1
    assert step >= 7 and tab.exceptions() == [] and tab.errors == []
    assert any(url.endswith("/countries-50m.geojson") for url in fetched), fetched  # later maps fetch them
    assert not any(url.startswith("http") and "127.0.0.1" not in url for url in fetched)  # nothing from the internet
