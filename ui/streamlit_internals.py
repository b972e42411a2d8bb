"""Every place Reisatlas reaches past Streamlit's (and pydeck's) public API, in one module, with the versions it
was made for; ``check_versions()`` stops the server at start-up when others are installed.

Made for Streamlit 1.67 and pydeck 0.9 (``MADE_FOR``). pyproject.toml pins both to that minor and the lock files
hold the exact versions the suite passed with. What this module knows, and who uses it:

1. ``PagesManager``: a ``pages/`` folder beside app.py puts Streamlit in its old (v1) multipage mode
   (``navigation_only``; ui.server, the tests' conftest and the benchmark switch it off before any session).
2. ``st.pydeck_chart`` reads only a Deck's ``to_json()`` and its private ``_tooltip`` (``WrittenChart``:
   ui.shared hands Streamlit a map already written).
3. pydeck: reisatlas/map/deck.py remembers ``pydeck.bindings.deck.has_jupyter_extra`` (asked five times a
   map) and writes specs with ``pydeck.bindings.json_tools.default_serialize``. The library knows nothing of
   Streamlit, so that code stays there; the pydeck version it was made for is stated and checked here.
4. The DOM: the ``data-testid`` names and attributes of Streamlit's frontend that ui/client.py's script looks
   for (``DOM``) and the pages' CSS styles (``PAGE_CSS`` for every page, every map and the map page's first
   screen, put in the head of Streamlit's own page by ``PageStyle`` around the app in ui/server.py, so it is there
   at the first paint; ``PROJECTOR_CSS`` for pages/presentatie.py), and the ``.st-key-<key>`` class Streamlit gives a keyed widget, which ui/legend.py's CSS colours
   (``keyed``, ``PILL``) and ui/presenter_keys.py's script clicks (a clicker's keys press the presentation's
   step buttons, found by their keys: Streamlit has no keyboard shortcuts for a page's own buttons). The
   browser tests find Streamlit's elements by the same test ids.
5. Streamlit's own English words ("Select all", "Collapse sidebar", …), exactly as its frontend writes them:
   data/texts.toml's ``streamlit_*`` keys, put in the reader's language by ui/client.py (``streamlit_words``).
6. ``st.Page``'s private ``_visibility``: which pages the navigation bar leaves out (``hidden``, ui/links.py).
7. Another session's state, from outside its runs (``session_state_of``): ui/guard.py asks whether the session
   an upload names is signed in to Beheer (``Runtime.get_app_session`` and ``AppSession.session_state``).
8. A map's selection: Streamlit keeps what a reader picked on a chart by the layer's id, and its frontend fades
   every other record of that layer. ``fresh_selection`` renames the layers a reader picks from for each pick,
   so the app's own lighting of a chosen trip shows (ui/shared.py); ``picked_objects`` reads a selection back by
   the layers' own ids (ui/parts.py).
9. AppTest's scan for installed components (``scan_components_once``): the tests' conftest remembers the first
   scan of the process, where AppTest would read every installed package's metadata again for each new app under
   test.

Moving to a new Streamlit: README, "A new Streamlit".
"""

from __future__ import annotations

import hashlib
import sys
from functools import cache
from importlib.metadata import PackageNotFoundError, version

import pydeck as pdk
from streamlit.components.v2 import manifest_scanner
from streamlit.runtime.pages_manager import PagesManager

from reisatlas.i18n import LANGUAGES, t, texts

MADE_FOR = {"streamlit": "1.67", "pydeck": "0.9"}  # major.minor, as pinned in pyproject.toml


def installed_version(package: str) -> str:
    """The installed version of ``package`` ("" when it is not installed)."""
    try:
        return version(package)
    except PackageNotFoundError:
        return ""


def untested_versions() -> list[tuple[str, str, str]]:
    """(package, the minor it was made for, the version installed) for each package that differs.

    >>> untested_versions()
    []
    """
    found = ((package, made_for, installed_version(package)) for package, made_for in MADE_FOR.items())
    return [(package, made_for, got) for package, made_for, got in found if got.split(".")[:2] != made_for.split(".")]


def version_message(lang: str) -> str | None:
    """What to tell when the installed Streamlit or pydeck is not the tested one; None when all is well."""
    lines = [
        t("untested_version", lang, package=package, made_for=made_for, installed=installed or "—")
        for package, made_for, installed in untested_versions()
    ]
    return "\n".join(lines) or None


def check_versions() -> None:
    """At start-up: stop (exit code 2, one line per package in Dutch and English) on an untested version."""
    problems = [version_message(lang) for lang in LANGUAGES]
    if problems[0]:
        print("\n".join(problems), file=sys.stderr)
        raise SystemExit(2)


# --- 1. Streamlit's old pages-folder mode ------------------------------------------------------------------
#
# A folder named ``pages/`` beside the entry script puts Streamlit in its old (v1) multipage mode: until some
# session has called ``st.navigation``, a link such as ``/tijdlijn`` runs ``pages/tijdlijn.py`` on its own,
# without app.py — no atlas, no sidebar, no filters. ``st.navigation`` switches the mode off for the whole
# process, but only once app.py has run, which is too late for the first deep link after a restart; AppTest
# even resets the mode before every run. The product keeps the folder name ``pages/``, so the mode is switched
# off before any session starts instead: by ``ui.server`` when the server starts, by the tests (conftest)
# and by the benchmark. The flag is the one ``st.navigation`` itself sets.

_STREAMLITS_OWN_INIT = PagesManager.__init__


def navigation_only() -> None:
    """Let app.py's ``st.navigation`` decide every page, from the first run of the first session on."""
    if PagesManager.__init__ is not _STREAMLITS_OWN_INIT:
        return

    def init(self, *args, **kwargs):
        PagesManager.uses_pages_directory = False  # Streamlit only looks for a pages/ folder while this is None
        _STREAMLITS_OWN_INIT(self, *args, **kwargs)

    PagesManager.__init__ = init
    PagesManager.uses_pages_directory = False


def streamlits_own_behaviour() -> None:
    """Undo ``navigation_only`` (a test shows what it prevents)."""
    PagesManager.__init__ = _STREAMLITS_OWN_INIT
    PagesManager.uses_pages_directory = None


# --- 2. what st.pydeck_chart reads of a Deck ---------------------------------------------------------------


class WrittenChart(pdk.Deck):
    """A map already written, for ``st.pydeck_chart``: Streamlit reads a Deck's ``to_json()`` and its
    ``_tooltip``, nothing else, so neither the layers nor their records need to be kept."""

    def __init__(self, text: str, tooltip):
        super().__init__(layers=[], tooltip=tooltip, map_provider=None)
        self.text = text

    def to_json(self) -> str:
        return self.text


def tooltip_of(deck: pdk.Deck):
    """The tooltip a Deck was made with (pydeck keeps it private; Streamlit reads it)."""
    return deck._tooltip


# --- 4. Streamlit's DOM ------------------------------------------------------------------------------------

# CSS selectors for ui/client.py's script, which runs in the page beside Streamlit's frontend.
DOM = {
    "main_column": '[data-testid="stMainBlockContainer"]',
    "idle_app": '[data-testid="stApp"][data-test-script-state="notRunning"]',  # no script run going on
    "skeleton": '[data-testid="stSkeleton"]',  # a page still being drawn
    "table_box": '[data-testid="stTable"] > div',  # the box st.table scrolls its table in
    "code_block": '[data-testid="stCode"] pre',
}
PILL = 'button[data-variant="pills"]'  # one option of st.pills

# The map page's map on a desktop, (width, height) in CSS px: exactly as wide as it is fitted for, in every window
# (PAGE_CSS below holds its column at this width, or at the main column's where that is narrower: a phone's, which
# the browser reports, ui.client), so a place is drawn where the fit put it and the far ends of a world-wide
# selection are inside. Neither wider nor narrower than its fit: in a wider map, a world-wide selection's zoom makes
# the world narrower than the map and deck.gl draws it elsewhere than the view says; in a narrower one (a 1280 px
# window's share, 575 px), Tokio and Johannesburg fell outside. 690 px is its share beside the trip list in a 1440 px
# window with the sidebar open. The height is its frame's below.
DESKTOP_MAP = (690, 560)
# The app's own style, in the head of the page Streamlit serves for every address (``PageStyle``, around the app in
# ui/server.py), so it is there at the first paint, before Streamlit's frontend draws anything: sent in a run (as
# Markdown or ``st.html``) it reached the page after the elements it styles (they moved while a phone loaded), and
# it was an element of every page (AppTest read it as Beheer's history text).
# - every map's frame in the ocean's colour (reisatlas.map's ocean layer), where deck.gl draws nothing: above and
#   below the world when a frame is taller than the world at its zoom, and for the moment before the first frame;
# - the phone's language button (ui.sidebar.language_button, drawn on every screen so a phone's page does not
#   grow when its width is reported) shown only where the sidebar starts closed;
# - the navigation bar as tall from the first paint (Streamlit draws its links as taller placeholders first), and
#   on a phone in one row in English too (its links a little closer);
# - the map page's first screen (pages/kaart.py, the container keyed "first_screen"): the map's column exactly
#   DESKTOP_MAP's width (or the main column's, where that is narrower), the trip list beside it where 16rem are
#   left, under it where not (a 1280 px window; a phone, where Streamlit stacks columns anyway); the list's trips
#   (ui/trip_list.py, keyed "trip_list") left-aligned as a list reads, each with its colour's edge;
# - the map page's map frame (pages/kaart.py, the container keyed "map_frame") as tall as the map (560 px,
#   DESKTOP_MAP) from the first paint (Streamlit draws a short placeholder until deck.gl has loaded), and on a
#   phone (where Streamlit stacks columns, at 640 px) as tall as 0.9 of its width, so it has that height before
#   the browser has reported the width and nothing under it moves when it has; beside the list, a tooltip (which
#   opens towards the map's middle, reisatlas.map.records.TOOLTIP_HTML) at most half the map wide, less its gap
#   and padding (2.25rem), so it stays inside the 690 px map (its own 24rem, or 44vw, assume a map as wide as the
#   window: Johannesburg's, just right of the middle, ran 34 px out of the map's left edge).
PAGE_CSS = """
[data-testid="stDeckGlJsonChart"] { background: rgb(222,235,247); }
@media (min-width: 769px) { .st-key-language_button { display: none; } }
.st-key-navigation { min-height: 2.5rem; }
@media (max-width: 640px) { .st-key-navigation { gap: 0.5rem !important; } }
.st-key-first_screen [data-testid="stHorizontalBlock"] { flex-wrap: wrap; }
.st-key-first_screen [data-testid="stHorizontalBlock"] > [data-testid="stColumn"]:first-child {
  flex: 0 0 min(%(map_width)spx, 100%%) !important; width: min(%(map_width)spx, 100%%) !important;
}
.st-key-first_screen [data-testid="stHorizontalBlock"] > [data-testid="stColumn"]:last-child {
  flex: 1 1 16rem !important; min-width: 16rem !important; width: auto !important;
}
.st-key-trip_list button {
  justify-content: flex-start; text-align: left; border-left-width: 0.45rem; padding: 0.25rem 0.6rem; min-height: 0;
}
.st-key-trip_list button p { font-size: 0.875rem; line-height: 1.35; }
.st-key-map_frame { min-height: %(map_height)spx; }
@media (min-width: 641px) {
  .st-key-map_frame { container-type: inline-size; }
  .st-key-map_frame .deck-tooltip > div { max-width: min(24rem, 44vw, calc(50cqw - 2.25rem)) !important; }
}
@media (max-width: 640px) {
  .st-key-map_frame, .st-key-map_frame [data-testid="stDeckGlJsonChart"],
  .st-key-map_frame [data-testid="stDeckGlJsonChart"] > div {
    min-height: max(300px, calc((100vw - 2rem) * 0.9)); height: max(300px, calc((100vw - 2rem) * 0.9)) !important;
  }
}
""" % {"map_width": DESKTOP_MAP[0], "map_height": DESKTOP_MAP[1]}
PAGE_STYLE = f'<style id="reisatlas-page">{PAGE_CSS}</style>'.encode()
STREAMLIT_PAGE = b'<div id="root"></div>'  # what marks the page Streamlit serves (its static index.html)


def styled_page(html: bytes) -> bytes:
    """Streamlit's page with the app's style at the end of its head; any other HTML (an export) as it is.

    >>> styled_page(b'<html><head></head><body><div id="root"></div></body></html>').count(b"reisatlas-page")
    1
    >>> styled_page(b"<html><head></head><body>an export</body></html>")
    b'<html><head></head><body>an export</body></html>'
    """
    if STREAMLIT_PAGE not in html or b"</head>" not in html:
        return html
    return html.replace(b"</head>", PAGE_STYLE + b"</head>", 1)


class PageStyle:
    """ASGI middleware (ui/server.py): Streamlit's page with ``PAGE_STYLE`` in its head (``styled_page``).

    Its ETag is the file's with the style's own mark, so a browser holding the page from before a change of style
    gets the new one (Streamlit's static files answer a full 200 to an ETag they did not make). A HEAD request gets
    Streamlit's own answer."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET":
            return await self.app(scope, receive, send)
        start: dict | None = None
        body: list[bytes] = []

        async def sending(message):
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers") or [])
                if message["status"] != 200 or not headers.get(b"content-type", b"").startswith(b"text/html"):
                    return await send(message)
                start = message  # held until the whole page is here
                return None
            if start is None:
                return await send(message)
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return None
            page = b"".join(body)
            html = styled_page(page)
            headers = start.get("headers") or []
            if html is not page:
                etag = dict(headers).get(b"etag")
                headers = [(name, value) for name, value in headers if name not in (b"content-length", b"etag")]
                headers.append((b"content-length", str(len(html)).encode()))
                if etag:
                    headers.append((b"etag", etag.rstrip(b'"') + b"-" + _STYLE_MARK + b'"'))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": html})

        return await self.app(scope, receive, sending)


_STYLE_MARK = hashlib.sha256(PAGE_STYLE).hexdigest()[:12].encode()


# Projector mode (pages/presentatie.py): no sidebar, no navigation bar, the map as tall as the screen leaves it
# (deck.gl follows its container's size). The view is fitted for a map of 1000×384 (24rem), so any larger map
# shows the whole trip.
PROJECTOR_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.6rem 1.5rem 0 1.5rem !important; max-width: 100% !important; }
[data-testid="stDeckGlJsonChart"], [data-testid="stDeckGlJsonChart"] > div { height: max(24rem, calc(100vh - 18rem)) !important; }
</style>"""


def keyed(key: str) -> str:
    """The CSS selector of the element Streamlit draws for the widget or container with this ``key``.

    >>> keyed("legend_theme")
    '.st-key-legend_theme'
    """
    return f".st-key-{key}"


# --- 5. Streamlit's own words ------------------------------------------------------------------------------


def streamlit_words(lang: str) -> list[tuple[str, str]]:
    """(what the page may say, what it should say) for Streamlit's own words: from English to ``lang``,
    and from every other language back (a Dutch word left in place before a switch to English)."""
    pairs = [
        (t(key, other), t(key, lang))
        for key in texts()
        if key.startswith("streamlit_")
        for other in LANGUAGES
        if other != lang
    ]
    return [(said, meant) for said, meant in pairs if said != meant]


# --- 6. a page's visibility --------------------------------------------------------------------------------


def hidden(page) -> bool:
    """Whether ``st.Page(..., visibility="hidden")`` made this page (Streamlit keeps the flag private)."""
    return getattr(page, "_visibility", "visible") == "hidden"


# --- 7. another session's state ----------------------------------------------------------------------------


def session_state_of(session_id: str):
    """The session state of the live session ``session_id``, or None. Streamlit has no public way to read what a
    session holds from outside its runs; ``Runtime.get_app_session`` is the runtime's own lookup (safe on any
    thread), and the state is read on the event loop, where Streamlit's sessions live."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return None
    session = Runtime.instance().get_app_session(session_id)
    return None if session is None else session.session_state


# --- 8. a map's selection ----------------------------------------------------------------------------------

PICKED_LAYERS = ("stops", "routes")  # the layers of build_deck's map a reader picks from


def fresh_selection(text: str, turn: int) -> str:
    """A written map (``Deck.to_json()``) with the layers a reader picks from named for this ``turn`` ("stops-1").

    Streamlit remembers a chart's selection by layer id from one rerun to the next and fades every record of the
    layer but the one picked, so tapping Tokio faded the chosen trip's Osaka and Kobe with the rest. A layer of a
    new name has no selection: the app's own lighting (``build_deck``'s ``chosen``) shows. Document text cannot
    match: inside a JSON string a quote is written ``\\"``.

    >>> fresh_selection('[{"id":"routes"},{"id":"stops"},{"id":"labels"}]', 1)
    '[{"id":"routes-1"},{"id":"stops-1"},{"id":"labels"}]'
    """
    for layer in PICKED_LAYERS:
        text = text.replace(f'"id":"{layer}"', f'"id":"{layer}-{turn}"', 1)
    return text


def picked_objects(event) -> dict[str, list]:
    """The records picked on a map (``st.pydeck_chart``'s event or its session state), by their layers' own ids,
    as ``fresh_selection`` named them before: ``{"stops": [record, ...], "routes": [...]}``; empty when nothing
    is picked.

    >>> picked_objects({"selection": {"objects": {"stops-1": [{"key": "a1"}]}}})
    {'stops': [{'key': 'a1'}]}
    """
    try:
        selection = event["selection"] if isinstance(event, dict) else event.selection
        objects = selection["objects"] or {}
    except (AttributeError, KeyError, TypeError):
        return {}
    picked: dict[str, list] = {}
    for layer, records in objects.items():
        own = layer.rsplit("-", 1)[0] if layer.rsplit("-", 1)[-1].isdigit() else layer
        if own in PICKED_LAYERS:
            picked.setdefault(own, []).extend(records or [])
    return picked


# --- 9. AppTest's scan for installed components ------------------------------------------------------------
# Streamlit looks for components that installed packages declare (components v2) by reading every installed
# distribution's metadata: once when a server starts, but in AppTest for every new app under test, some 0.15 s
# each, more than most pages take to run (run_app makes a new one for each test: over a minute of `make check`).
# What is installed does not change while a process runs, so the tests remember the first scan.

_STREAMLITS_OWN_SCAN = manifest_scanner.scan_component_manifests


@cache
def _first_scan() -> tuple:
    return tuple(_STREAMLITS_OWN_SCAN())


def scan_components_once() -> None:
    """Let every later component scan of this process answer what the first one found."""
    manifest_scanner.scan_component_manifests = lambda max_workers=None: list(_first_scan())
