"""The dashboard as its people meet it, in a real browser: the address is the view (one canonical form,
reopened in a fresh browser it shows the same, Back steps through views), a phone is a first-class
screen, every word is in the reader's language, ``<html lang>`` is right, and axe-core finds no serious or
critical WCAG 2.1 A/AA violation on any page, in either language, at either size.

Same server and browser set-up as tests/test_browser.py: the shared ``servers`` fixture (tests/browser.py), on this module's documents,
the seed alone. The counts, months and option lists checked here are the seed's (the XSS document that
test_browser's server adds has trips of its own in October and November, by the same officials), so this server is
on the seed alone (``seed_alone``, shared with tests/test_browser_firstscreen.py), started once on each pytest-xdist
worker that runs these tests. The module is in no ``xdist_group``: its tests took a third of the browser tier's
time, and pinned to one worker they left the other idle at the end (a second server costs some 10 s).
"""

from __future__ import annotations

import io
import json
import math
import re
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import numpy as np
import pytest
from browser import FITTED_BELOW, REPORTED, screen_point, settled_look

# The shared ``browser`` and ``server`` fixtures (tests/browser.py; the server reads this module's own ``documents``:
# the seed alone), and test_browser's marks (browser; skipped without Chromium).
from test_browser import (  # noqa: F401
    DEFAULT_PAGE,
    LAND,
    MAP,
    OCEAN,
    PAGES,
    SCREENSHOTS,
    TIMEOUT,
    Image,
    Tab,
    choose,
    map_drawn,
    open_options,
    pytestmark,
)

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
DESKTOP, PHONE = {"width": 1440, "height": 900}, {"width": 390, "height": 844}
SENTENCE = '[data-testid="stMain"] [data-testid="stMarkdownContainer"] strong'


@pytest.fixture(scope="module")
def documents(seed_alone) -> Path:
    return seed_alone


def path(url_path: str) -> str:
    """A page's address: the default page (the map) lives at the bare address."""
    return "/" if url_path == DEFAULT_PAGE else f"/{url_path}"


def open_tab(browser, server, viewport=DESKTOP) -> Tab:
    tab = Tab(browser, server)
    tab.page.set_viewport_size(viewport)
    return tab


@pytest.fixture
def tab(browser, server):
    opened = open_tab(browser, server)
    yield opened
    opened.context.close()


def settle(tab: Tab) -> None:
    """Until the run is over and the address written; for a column narrower than FITTED_BELOW (a phone's, a
    tablet's, a desktop's at 200 % zoom) also the run the browser's width report asks for (ui.client: until then
    the server draws for a desktop). A wider column is not reported: no run follows."""
    tab.wait()
    tab.page.wait_for_function(REPORTED, arg=FITTED_BELOW, timeout=TIMEOUT)
    tab.wait()  # the report's own run (Tab.wait sees the rerun it sent)


def query(tab: Tab) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(tab.page.url).query)


def sentence(tab: Tab) -> str:
    return tab.page.locator(SENTENCE).first.inner_text()


def trips(tab: Tab):
    """The trips' expanders' summaries (the seed's titles all begin with "Werkbezoek"), not the feeds' expander."""
    return tab.page.locator('[data-testid="stExpander"] summary').filter(has_text="Werkbezoek")


OPEN_TRIP = '[data-testid="stExpander"] details[open]'


def reopened(browser, server, url: str, viewport=DESKTOP) -> tuple[str, str, int]:
    """(sentence, address, trips shown open) of ``url`` opened in a fresh browser context (no session, no history)."""
    fresh = open_tab(browser, server, viewport)
    try:
        fresh.page.goto(url)
        settle(fresh)
        return sentence(fresh), fresh.page.url, fresh.page.locator(OPEN_TRIP).count()
    finally:
        fresh.context.close()


def assert_reopens_the_same(browser, server, tab: Tab) -> int:
    """The tab's address, opened in a fresh browser context, shows the same sentence and keeps its address; how
    many trips it shows open (one load serves both)."""
    here = sentence(tab)
    again, address, open_trips = reopened(browser, server, tab.page.url)
    assert again == here, f"{tab.page.url} reopened shows {again!r}, not {here!r}"
    assert address == tab.page.url, "the reopened address changed"
    return open_trips


# --- 1. The address is the view -------------------------------------------------------------------------


def test_a_documented_link_keeps_its_address(tab):
    """Opened in a fresh browser context (no session, no history), the link keeps its address: path and query as
    written. Reopening that same address in another fresh context would load the very same address a second time
    (the test's first load is already one in a fresh context), so this test loads it once."""
    link = "/?official=Schouten&theme=klimaat&months=2025-06&months=2025-08&lang=en&colour=theme"
    tab.open(link)
    settle(tab)
    assert urlsplit(tab.page.url).path == "/", "the link's page changed"
    assert query(tab) == [
        ("official", "Schouten"),
        ("theme", "klimaat"),
        ("months", "2025-06"),
        ("months", "2025-08"),
        ("lang", "en"),
        ("colour", "theme"),
    ]
    # What reopening it checked: the address as written back is the link, so opening it again opens the link.
    assert tab.page.url == tab.server.url + link
    # and it shows what the reopened one was compared with: the seed's Schouten has no climate trip in June-August
    assert sentence(tab) == "June – August 2025: no trips"


def test_a_label_link_becomes_its_canonical_address(browser, server, tab):
    tab.open("/?lang=English&official=burgemeester+Schouten&theme=Haven+%26+maritiem")
    settle(tab)
    assert "1 trip to 3 places" in sentence(tab)
    assert query(tab) == [("official", "Schouten"), ("theme", "haven"), ("lang", "en")]
    assert_reopens_the_same(browser, server, tab)


def test_every_kind_of_interaction_is_in_the_address(browser, server, tab):
    tab.open("/")
    settle(tab)
    assert query(tab) == []
    steps = []

    def step(name: str) -> int:
        """The step's address reopens the same; how many trips it shows open reopened."""
        settle(tab)
        steps.append((name, query(tab)))
        return assert_reopens_the_same(browser, server, tab)

    sidebar = tab.page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("radio", name="English").click()  # the language
    step("language")
    assert query(tab) == [("lang", "en")]

    tab.page.get_by_role("radio", name="Theme", exact=True).click()  # the colouring
    step("colouring")
    assert query(tab) == [("lang", "en"), ("colour", "theme")]

    choose(
        tab, sidebar.locator('[data-testid="stMultiSelect"]').nth(1), "Port & maritime (", exact=False
    )  # a theme, by its English label
    tab.page.keyboard.press("Escape")
    step("theme")
    assert query(tab) == [("theme", "haven"), ("lang", "en"), ("colour", "theme")]

    thumb = sidebar.get_by_role("slider").last  # the period's end, one month back
    thumb.focus()
    thumb.press("ArrowLeft")
    step("months")
    assert query(tab) == [
        ("theme", "haven"),
        ("months", "2025-06"),
        ("months", "2025-08"),
        ("lang", "en"),
        ("colour", "theme"),
    ]

    search = sidebar.get_by_role("textbox", name="Search")
    search.fill("oslo")
    search.press("Enter")
    step("search")  # the theme's count changed with the months ("(2)" to "(1)"): the choice stays
    assert query(tab) == [
        ("theme", "haven"),
        ("q", "oslo"),
        ("months", "2025-06"),
        ("months", "2025-08"),
        ("lang", "en"),
        ("colour", "theme"),
    ]

    tab.page.get_by_role("link", name="Trips", exact=True).click()  # the page
    tab.page.wait_for_url(re.compile(r"/reizen\?"), timeout=TIMEOUT)
    step("page")
    assert urlsplit(tab.page.url).path == "/reizen"
    assert query(tab) == [
        ("theme", "haven"),
        ("q", "oslo"),
        ("months", "2025-06"),
        ("months", "2025-08"),
        ("lang", "en"),
        ("colour", "theme"),
    ]

    trips(tab).first.click()  # the selected trip
    open_trips = step("trip")  # the address reopened in a fresh browser: its trip is open there
    trip = dict(query(tab)).get("trip")
    assert trip and re.fullmatch(r"[0-9a-f]{12}", trip)
    assert open_trips == 1, "the trip is not open"


def test_a_choice_outlives_the_changes_of_its_count_then_a_language_switch_keeps_play_as_and_sets_html_lang(tab):
    """The options say how many trips they show; the browser keeps a choice as the label it was sent, so a
    count that changes must not lose the choice at the next run. Then, on the same map page: ``<html lang>``
    follows the language choice (nl, then en), and "Play as" keeps its choice after the switch."""
    tab.open("/")
    settle(tab)
    assert tab.page.evaluate("document.documentElement.lang") == "nl"
    sidebar = tab.page.locator('[data-testid="stSidebar"]')
    officials = sidebar.locator('[data-testid="stMultiSelect"]').first
    assert open_options(tab, officials)[1:] == [  # after "Alles selecteren"
        "wethouder Achbar (1)",
        "wethouder Kasmi (2)",
        "burgemeester Schouten (2)",
        "wethouder Simons (1)",
        "wethouder Zeegers (1)",
    ]
    choose(tab, officials, "burgemeester Schouten (2)")
    tab.page.keyboard.press("Escape")
    settle(tab)
    choose(
        tab, sidebar.locator('[data-testid="stMultiSelect"]').nth(1), "Klimaat, energie & duurzaamheid (1)"
    )  # Schouten's count: 2 -> 1
    tab.page.keyboard.press("Escape")
    settle(tab)
    assert "burgemeester Schouten (1)" in sidebar.locator('[data-testid="stMultiSelect"]').first.inner_text()
    thumb = sidebar.get_by_role("slider").first  # two more runs, each sending the choices back
    thumb.focus()
    thumb.press("ArrowRight")
    settle(tab)
    thumb.press("ArrowLeft")
    settle(tab)
    assert query(tab) == [("official", "Schouten"), ("theme", "klimaat")]
    assert sentence(tab).startswith("1 reis naar 3 plaatsen")

    # "Play as" and the language (the selection above changes neither)
    sidebar.get_by_text("groeiend vanaf het begin").click()
    settle(tab)
    sidebar.get_by_role("radio", name="English").click()
    settle(tab)
    assert tab.page.evaluate("document.documentElement.lang") == "en"
    sidebar.get_by_text("Play as").wait_for(timeout=TIMEOUT)
    assert sidebar.get_by_role("radio", name="growing from the start").is_checked()


def presentation_step_is_in_the_address_and_back_steps_through_views(tab: Tab) -> None:
    """On /presentatie?lang=en (test_every_page_..., desktop, English)."""
    first = dict(query(tab))["trip"]
    progress = tab.page.locator(".story-step p").first
    assert progress.inner_text().upper().startswith("TRIP 1 OF")
    tab.page.get_by_role("button", name="Next").click()
    settle(tab)
    second = dict(query(tab))["trip"]
    assert second != first and progress.inner_text().upper().startswith("TRIP 2 OF")
    tab.page.go_back()
    settle(tab)
    assert dict(query(tab))["trip"] == first
    assert progress.inner_text().upper().startswith("TRIP 1 OF")


def a_presenters_clicker_steps_through_the_trips(tab: Tab, present: str) -> None:
    """→, PageDown and space go forward, ← and PageUp back (a clicker sends these keys), from trip 1 of
    /presentatie?lang=en (``present``: "&present=1", in projector mode); how long each step takes from the key to
    the new trip on screen is printed (``-s``). On the page itself: test_every_page_..., desktop, English."""
    import time

    # Nothing focused, as on a fresh load: space is a focused button's own (ui.presenter_keys), and a step
    # button clicked before would take it.
    tab.page.evaluate("() => document.activeElement?.blur()")
    progress = tab.page.locator(".story-step p").first
    assert progress.inner_text().upper().startswith("TRIP 1 OF")
    took = []
    for key, step in [("ArrowRight", 2), ("PageDown", 3), ("Space", 4), ("ArrowLeft", 3), ("PageUp", 2)]:
        started = time.monotonic()
        tab.page.keyboard.press(key)
        tab.page.wait_for_function(
            "(n) => (document.querySelector('.story-step p') || {}).innerText?.toUpperCase().startsWith(`TRIP ${n} OF`)",
            arg=step,
            timeout=TIMEOUT,
        )
        took.append((key, round(time.monotonic() - started, 2)))
        settle(tab)
    assert dict(query(tab))["trip"] and tab.exceptions() == [] and tab.errors == []
    print("key → step on screen, seconds:", took)
    SCREENSHOTS.mkdir(exist_ok=True)
    tab.page.screenshot(path=SCREENSHOTS / f"presentation_keys{present.replace('&', '_').replace('=', '')}.png")


def test_a_presenters_clicker_steps_through_the_trips_in_projector_mode(tab):
    """The clicker's keys in projector mode (on the page itself: test_every_page_..., desktop, English)."""
    tab.open("/presentatie?lang=en&present=1")
    settle(tab)
    a_presenters_clicker_steps_through_the_trips(tab, "&present=1")


def test_a_phone_switches_language_with_one_labelled_tap(browser, server):
    """On a phone the sidebar (and its language control) is behind a button: the page itself offers the other
    language, named, one tap away, and the choices made stay."""
    tab = open_tab(browser, server, PHONE)
    try:
        tab.open("/?official=Kasmi")
        settle(tab)
        main = tab.page.locator('[data-testid="stMain"]')
        switch = main.get_by_role("button", name="English")
        assert switch.is_visible()
        SCREENSHOTS.mkdir(exist_ok=True)
        tab.page.screenshot(path=SCREENSHOTS / "phone_language_nl.png")
        switch.click()
        settle(tab)
        assert dict(query(tab)) == {"official": "Kasmi", "lang": "en"}
        assert sentence(tab).startswith("2 trips to 4 places")
        assert main.get_by_role("button", name="Nederlands").is_visible()
        tab.page.screenshot(path=SCREENSHOTS / "phone_language_en.png")
    finally:
        tab.context.close()


def test_back_undoes_a_filter_change(tab):
    tab.open("/reizen?official=Kasmi")
    settle(tab)
    before = sentence(tab)
    sidebar = tab.page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("button", name="Alles tonen").click()
    settle(tab)
    assert query(tab) == [] and sentence(tab) != before
    tab.page.go_back()
    settle(tab)
    assert query(tab) == [("official", "Kasmi")]
    assert sentence(tab) == before
    assert "wethouder Kasmi" in sidebar.inner_text()


def numbers_read_whole(tab: Tab, width: int) -> None:
    """The numbers of Kasmi's selection in English ("about 550 kg": the longest value of the seed's selections) on
    a desktop ``width`` px wide."""
    # One line of numbers (as on a phone), not six tiles: each value whole, none cut off or running out.
    line = tab.page.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"]').filter(has_text="Trips: ")
    assert line.count() == 1
    values = line.locator("strong")
    assert values.all_inner_texts()[:4] == ["2", "4", "2", "1"] and values.all_inner_texts()[-1] == "about 550 kg"
    cut = values.evaluate_all("all => all.filter(v => v.scrollWidth > v.clientWidth + 1).map(v => v.innerText)")
    column = tab.page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
    box = line.bounding_box()
    assert cut == [] and box["x"] + box["width"] <= column["x"] + column["width"], f"cut off at {width} px: {cut}"


def test_the_map_pages_own_address_opens_the_map_whose_numbers_read_whole_on_a_desktop(tab):
    """/kaart (the map page's name) leads to the bare address where the map lives, with its query, and no
    "Page not found" dialog. That map page, Kasmi's in English ("about 550 kg": the longest value of the seed's
    selections), shows its numbers whole at 1440 and at 1280 px wide (one load, the window then narrowed; settle
    waits for the run a width report would ask for)."""
    tab.open("/kaart?official=Kasmi&lang=en")
    settle(tab)
    assert tab.page.locator('[role="dialog"]').count() == 0, tab.page.locator('[role="dialog"]').all_inner_texts()
    assert urlsplit(tab.page.url).path == "/" and query(tab) == [("official", "Kasmi"), ("lang", "en")]
    assert sentence(tab).startswith("2 trips to 4 places")
    assert tab.page.locator(MAP).count() == 1
    for width in (1440, 1280):
        tab.page.set_viewport_size({"width": width, "height": 900})
        settle(tab)
        numbers_read_whole(tab, width)


# --- 3. A phone is a first-class screen -----------------------------------------------------------------


def undrawn(image, canvas: dict, view, stops) -> list[str]:
    """The placed stops with no marker where ``view`` puts them on the map's ``canvas``: outside it, or
    nothing but ocean and land around the point."""
    pixels = np.asarray(image, dtype=np.int16)
    missing = []
    for _, stop in stops.dropna(subset=["lat"]).iterrows():
        x, y = screen_point(
            {"latitude": view.latitude, "longitude": view.longitude, "zoom": view.zoom},
            stop["lat"],
            stop["lon"],
            canvas,
        )
        left, top = int(x - canvas["x"]), int(y - canvas["y"])
        where = f"{stop['name']} at ({left}, {top}) of {canvas['width']:.0f}×{canvas['height']:.0f}, zoom {view.zoom}"
        if not (0 <= left <= canvas["width"] and 0 <= top <= canvas["height"]):
            missing.append(f"outside: {where}")
            continue
        patch = pixels[max(0, top - 4) : top + 5, max(0, left - 4) : left + 5].reshape(-1, 3)
        background = [(np.abs(patch - np.array(colour)) <= 12).all(axis=1) for colour in (OCEAN, LAND)]
        if (background[0] | background[1]).all():
            missing.append(f"no marker: {where}")
    return missing


def on_a_phone_the_map_comes_first_and_shows_every_stop(tab: Tab, atlas) -> None:
    """On the map page on a phone, in Dutch (test_every_page_..., phone, nl)."""
    from reisatlas.colours import colouring
    from reisatlas.map import build_deck

    assert tab.page.locator('[data-testid="stMetric"]').count() == 0, "number tiles on a phone"
    box = tab.page.locator(MAP).bounding_box()
    assert box["y"] < PHONE["height"] - 200, f"the map starts at {box['y']:.0f} px"

    colours = colouring(atlas.trips)

    @cache
    def view_for(fit: tuple[int, int]):  # a look is taken every 1.5 s; the canvas keeps its size
        return build_deck(atlas.trips, atlas.stops, colours, fit=fit).initial_view_state

    def missing(seen) -> list[str]:
        image, canvas = seen
        return undrawn(image, canvas, view_for((round(canvas["width"]), round(canvas["height"]))), atlas.stops)

    (image, _), unseen = settled_look(tab.page, lambda: (map_drawn(tab), tab.canvas_box()), missing)
    image.save(SCREENSHOTS / "phone_map.png")
    assert unseen == [], "the map is not fitted to its width"


LABEL_BACKGROUND = 248  # a label's box: white at 84 % over land (246, 244, 238) or sea (222, 235, 247)


def labels_across_the_edge(image, canvas: dict, spec: dict) -> list[str]:
    """The labels whose box crosses the canvas's edge: by the layout (the box place_labels keeps free), and as
    drawn (a label's light box running into the canvas's border)."""
    view, crossing = spec["initialViewState"], []
    width, height = image.size  # the canvas as shown, from its first whole pixel
    (labels,) = [layer["data"] for layer in spec["layers"] if layer["id"] == "labels"]
    for label in labels:
        x, y = screen_point(view, label["lat"], label["lon"], canvas)
        x, y = x + label["offset"][0] - math.ceil(canvas["x"]), y + label["offset"][1] - math.ceil(canvas["y"])
        half = (7.5 * len(label["name"]) + 8) / 2
        if x - half < 0 or x + half > width or y - 9 < 0 or y + 9 > height:
            crossing.append(f"{label['name']} laid out at ({x:.0f}, {y:.0f}) of {width}×{height}")
    pixels = np.asarray(image, dtype=np.int16)
    # Where the map is drawn: the canvas's box may end in a few columns of the white page behind it.
    page = (pixels >= 254).all(axis=2)
    columns, rows = np.flatnonzero(page.mean(axis=0) < 0.5), np.flatnonzero(page.mean(axis=1) < 0.5)
    pixels = pixels[rows[0] + 1 : rows[-1], columns[0] + 1 : columns[-1]]  # and a pixel in, past any blending
    for name, strip in (("left", pixels[:, 0]), ("right", pixels[:, -1]), ("top", pixels[0]), ("bottom", pixels[-1])):
        # A label's box there: its light background between the letters (a label is 18 px tall).
        light = np.convolve((strip >= LABEL_BACKGROUND).all(axis=1), np.ones(18), mode="valid").max()
        if light >= 5:
            crossing.append(f"a label's box drawn into the {name} edge ({light:.0f} light pixels)")
    return crossing


def every_label_is_inside_the_map(tab: Tab, atlas, lang: str, size: str) -> None:
    """On the map page, /?lang=``lang``, at ``size`` (test_every_page_..., each language and size)."""
    from reisatlas.colours import colouring
    from reisatlas.map import build_deck
    from ui.client import DESKTOP_MAP

    def look():
        map_drawn(tab)
        canvas = tab.canvas_box()
        # The canvas alone, whole pixels inside it (the map's element may be a pixel or two wider).
        x0, y0 = math.ceil(canvas["x"]), math.ceil(canvas["y"])
        inner = {
            "x": x0,
            "y": y0,
            "width": math.floor(canvas["x"] + canvas["width"]) - x0,
            "height": math.floor(canvas["y"] + canvas["height"]) - y0,
        }
        shot = tab.page.screenshot(clip=inner, animations="disabled", timeout=90_000)
        return Image.open(io.BytesIO(shot)).convert("RGB"), canvas

    colours = colouring(atlas.trips, "official", lang)

    @cache
    def spec_for(fit: tuple[int, int]) -> dict:  # a look is taken every 1.5 s; the canvas keeps its size
        return json.loads(build_deck(atlas.trips, atlas.stops, colours, lang, fit=fit).to_json())

    def crossing(seen) -> list[str]:
        image, canvas = seen
        # The map as the page fits it: a phone's to its canvas, a desktop's for its own size (pages/kaart.py).
        fit = (round(canvas["width"]), round(canvas["height"])) if size == "phone" else DESKTOP_MAP
        return labels_across_the_edge(image, canvas, spec_for(fit))

    (image, _), crossed = settled_look(tab.page, look, crossing)
    image.save(SCREENSHOTS / f"labels_{lang}_{size}.png")
    assert crossed == []  # a phone's "Osaka" was cut to "Osak"


def test_on_a_phone_the_timeline_is_a_list_and_the_presentation_shows_the_whole_trip(browser, server, documents):
    tab = open_tab(browser, server, PHONE)
    try:
        # First, in a fresh browser: the width report's run then comes while deck.gl still starts the first map.
        tab.open("/presentatie")
        settle(tab)
        # The two steps side by side, the trip and its map in the first screen; the other controls below the map.
        box = tab.page.locator(MAP).bounding_box()
        assert box["y"] < PHONE["height"] - 200, f"the presentation's map starts at {box['y']:.0f} px"
        steps = [tab.page.get_by_role("button", name=name).bounding_box() for name in ("◀ Vorige", "Volgende ▶")]
        assert abs(steps[0]["y"] - steps[1]["y"]) < 2 and steps[0]["x"] < steps[1]["x"]
        for control in (
            tab.page.get_by_role("button", name="Projectormodus"),
            tab.page.get_by_text("Automatisch doorgaan"),
        ):
            assert control.bounding_box()["y"] > box["y"] + box["height"]
        # Trip 1 goes from Rotterdam to Malmö, Botkyrka and Stockholm: each is drawn inside the phone's map
        # (a marker where the view fitted to the map's width puts it), not only Malmö in a desktop's view.
        from reisatlas.atlas import document_paths, load_atlas
        from reisatlas.colours import colouring
        from reisatlas.geocoding import default_geocoder
        from reisatlas.story import story_deck, story_order

        atlas = load_atlas(document_paths(documents), default_geocoder(online=False))
        first = story_order(atlas.trips).iloc[[0]]
        stops = atlas.stops[atlas.stops["trip_id"] == first.iloc[0]["trip_id"]]

        def missing(seen) -> list[str]:
            image, canvas = seen
            fit = (round(canvas["width"]), round(canvas["height"]))
            view = story_deck(first, atlas.stops, colouring(atlas.trips), fit=fit).initial_view_state
            return undrawn(image, canvas, view, stops)

        (image, _), unseen = settled_look(tab.page, lambda: (map_drawn(tab), tab.canvas_box()), missing)
        image.save(SCREENSHOTS / "phone_presentation.png")
        assert unseen == []
        tab.open("/tijdlijn?lang=en")
        settle(tab)
        text = tab.main_text()
        assert "alderman Kasmi" in text and "June 2025: Werkbezoek Manchester" in text
    finally:
        tab.context.close()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_feed_addresses_are_links_that_fit_the_column(browser, server, size):
    tab = open_tab(browser, server, DESKTOP if size == "desktop" else PHONE)
    try:
        tab.open("/reizen?official=Kasmi&lang=en")
        settle(tab)
        feeds = tab.page.locator('[data-testid="stExpander"]').filter(has_text="Permanent addresses of this selection")
        feeds.locator("summary").click()
        links = feeds.locator('[data-testid="stMarkdownContainer"] a')
        links.first.wait_for(timeout=TIMEOUT)
        base = f"{tab.server.url}/feeds/reizen"
        hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
        assert hrefs == [
            f"{base}.csv?official=Kasmi&lang=en",
            f"{base}.geojson?official=Kasmi&lang=en",
            f"{base}.ics?official=Kasmi&lang=en",
            f"webcal{base[4:]}.ics?official=Kasmi&lang=en",
            f"{base}.json?official=Kasmi&lang=en",
        ]
        column = tab.page.locator('[data-testid="stMainBlockContainer"]').bounding_box()
        for i in range(links.count()):
            box = links.nth(i).bounding_box()
            assert box["x"] + box["width"] <= column["x"] + column["width"] + 1, f"{hrefs[i]} runs out of the column"
        tab.page.screenshot(path=str(SCREENSHOTS / f"feeds_{size}.png"), full_page=True)
    finally:
        tab.context.close()


SCROLLER = '[data-testid="stTable"] > div'  # the box st.table scrolls its table in


def on_a_phone_the_trip_table_scrolls_inside_its_own_box(tab: Tab) -> None:
    """On /reizen?lang=en on a phone (test_every_page_..., phone, English)."""
    assert tab.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the page scrolls sideways"
    box = tab.page.locator('[data-testid="stTable"]').bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert "Slide the table sideways" in tab.main_text()
    scroller = tab.page.locator(SCROLLER)
    assert scroller.evaluate("box => box.scrollWidth > box.clientWidth")  # the columns are there, beside
    # a named region the keyboard reaches and scrolls
    assert (
        scroller.get_attribute("tabindex"),
        scroller.get_attribute("role"),
        scroller.get_attribute("aria-label"),
    ) == ("0", "region", "Table, scrolls sideways")
    scroller.focus()
    for _ in range(3):
        tab.page.keyboard.press("ArrowRight")
    tab.page.wait_for_function(f"() => document.querySelector('{SCROLLER}').scrollLeft > 0", timeout=TIMEOUT)
    scroller.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    last = tab.page.locator('[data-testid="stTable"] th').last.bounding_box()
    assert last["x"] + last["width"] <= box["x"] + box["width"] + 1, "the last column is not reachable"


def on_a_desktop_the_trip_table_fits_and_is_no_keyboard_stop(tab: Tab) -> None:
    """On /reizen?lang=nl on a desktop (test_every_page_..., desktop, Dutch)."""
    scroller = tab.page.locator(SCROLLER)
    assert scroller.evaluate("box => box.scrollWidth <= box.clientWidth + 1")
    assert scroller.get_attribute("tabindex") is None
    assert "Schuif de tabel opzij" not in tab.main_text()


# --- 5. Both languages, complete; html lang; axe-core ---------------------------------------------------

# Words only the user interface says (not the documents), in each language.
DUTCH_ONLY = [
    "Bewindspersoon",
    "Zoeken",
    "Periode",
    "Afspelen",
    "Alles tonen",
    "Zijbalk",
    "Uitleg bij",
    "reizen naar",
    "wethouder",
    "burgemeester",
    "Tokio",
    "Zweden",
    "Legenda",
    "Kleur naar",
    "Alles selecteren",
    "Geen resultaten",
]
ENGLISH_ONLY = [
    "Official",
    "Search",
    "Period",
    "Play",
    "Show all",
    "Sidebar",
    "Help for",
    "trips to",
    "alderman",
    "mayor",
    "Tokyo",
    "Sweden",
    "Legend",
    "Colour by",
    "Select all",
    "No results",
    "Collapse",
    "Fullscreen",
    "Link to heading",
    "Download as",
    "options available",
    "Skip to main",
]
WORDS = """() => {
  const parts = [document.body.innerText];
  for (const element of document.querySelectorAll('[aria-label], [title], [placeholder]'))
    for (const name of ['aria-label', 'title', 'placeholder'])
      if (element.getAttribute(name)) parts.push(element.getAttribute(name));
  return parts.join('\\n');
}"""


def document_text(documents: Path) -> list[str]:
    from reisatlas.atlas import document_paths, load_atlas
    from reisatlas.geocoding import default_geocoder

    atlas = load_atlas(document_paths(documents), default_geocoder(online=False))
    texts = [
        *atlas.trips["title"],
        *atlas.trips["subtitle"],
        *atlas.trips["description"],
        *Path(next(iter(atlas.documents))).name.split(),
    ]
    return sorted({text for text in texts if text}, key=len, reverse=True)


def words_of_the_other_language(tab: Tab, documents_say: list[str], lang: str, url_path: str) -> list[str]:
    """The words only the other language's interface says that the page at ``url_path`` (opened at ``lang``)
    shows or names (test_every_page_..., every page, on a desktop)."""
    other = ENGLISH_ONLY if lang == "nl" else DUTCH_ONLY
    if url_path == DEFAULT_PAGE:  # the options list, open, its own words put in the reader's language (ui.client)
        open_options(tab, tab.page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first)
        select_all = "Alles selecteren" if lang == "nl" else "Select all"
        tab.page.get_by_role("option", name=select_all, exact=True).wait_for(timeout=TIMEOUT)
    text = tab.page.evaluate(WORDS)
    tab.page.keyboard.press("Escape")
    for said in documents_say:  # what the documents say is theirs, in their language
        text = text.replace(said, " ")
    text = re.sub(r"Taal / Language|Nederlands|English", " ", text)  # the language choice names both
    return [word for word in other if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)]


def keyboard_reaches_every_trip(tab: Tab) -> None:
    """On /reizen?lang=en on a desktop (test_every_page_..., desktop, English)."""
    count = int(re.match(r"(\d+) trips", sentence(tab))[1])
    summaries = trips(tab)
    assert summaries.count() == count
    summaries.last.focus()
    tab.page.keyboard.press("Enter")
    settle(tab)
    assert tab.page.locator('[data-testid="stExpander"] details[open]').count() == 1
    assert "trip" in dict(query(tab))


AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
  return result.violations.filter(v => ['serious', 'critical'].includes(v.impact))
    .map(v => `${v.id} (${v.impact}): ` + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').split('\\n')[1]).join(' | '));
}"""


# The checks of one page at one language and size that change it (a trip opened, the table scrolled, the next
# step): run last on its load, after the screenshot, axe-core and the looks.
AFTERWARDS = {
    ("reizen", "nl", "desktop"): [on_a_desktop_the_trip_table_fits_and_is_no_keyboard_stop],
    ("reizen", "en", "desktop"): [keyboard_reaches_every_trip],
    ("reizen", "en", "phone"): [on_a_phone_the_trip_table_scrolls_inside_its_own_box],
    ("presentatie", "en", "desktop"): [
        presentation_step_is_in_the_address_and_back_steps_through_views,  # ends on trip 1
        lambda tab: a_presenters_clicker_steps_through_the_trips(tab, ""),
    ],
}


@pytest.fixture(scope="module")
def atlas(documents):
    """The seed's atlas as the server reads it: where the page draws each place."""
    from reisatlas.atlas import document_paths, load_atlas
    from reisatlas.geocoding import default_geocoder

    return load_atlas(document_paths(documents), default_geocoder(online=False))


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_page_at_each_language_and_size_passes_axe_and_its_own_checks(
    browser, server, documents, atlas, lang, size
):
    """Every page opened once at ``lang`` and ``size`` (each load costs seconds of CPU, a map's more), and each load
    serves every check of that page there, in this order:

    - a screenshot of each page for a person to look at (view_<page>_<lang>_<size>.png), then axe-core (vendored,
      injected into the page) finds no serious or critical WCAG 2.1 A/AA violation on it; no page error;
    - the map page: every label is inside the map (labels_<lang>_<size>.png); on a phone in Dutch, the map comes
      first and shows every stop (phone_map.png);
    - on a desktop, every page speaks one language: none of the other language's interface words, the options
      list's own words included, and ``<html lang>`` is ``lang``;
    - then what changes the page (AFTERWARDS): the trips page on a desktop fits its table and makes it no keyboard
      stop (Dutch), the keyboard reaches every trip (English); on a phone in English its table scrolls inside its
      own box; the presentation in English on a desktop has its step in the address, Back steps through views, and
      a presenter's clicker steps through the trips (presentation_keys.png).
    """
    SCREENSHOTS.mkdir(exist_ok=True)
    tab = open_tab(browser, server, DESKTOP if size == "desktop" else PHONE)
    axe = AXE.read_text(encoding="utf-8")
    documents_say = document_text(documents)
    found, foreign = {}, {}
    try:
        for file, _, url_path in PAGES:
            tab.open(f"{path(url_path)}?lang={lang}")
            settle(tab)
            if tab.page.locator(MAP).count():
                map_drawn(tab)
            tab.page.screenshot(path=str(SCREENSHOTS / f"view_{file}_{lang}_{size}.png"), animations="disabled")
            tab.page.add_script_tag(content=axe)
            violations = tab.page.evaluate(AXE_RUN, AXE_RULES)
            if violations:
                found[file] = violations
            if url_path == DEFAULT_PAGE:
                every_label_is_inside_the_map(tab, atlas, lang, size)
                if (lang, size) == ("nl", "phone"):
                    on_a_phone_the_map_comes_first_and_shows_every_stop(tab, atlas)
            if size == "desktop":
                wrong = words_of_the_other_language(tab, documents_say, lang, url_path)
                if wrong:
                    foreign[url_path] = wrong
                assert tab.page.evaluate("document.documentElement.lang") == lang, url_path
            for check in AFTERWARDS.get((url_path, lang, size), []):
                check(tab)
        assert found == {}
        assert foreign == {}
        assert tab.errors == []
    finally:
        tab.context.close()
