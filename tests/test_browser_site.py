"""The published site (``reisatlas publish``) in a real browser, served as a municipality would: by Debian's nginx
with gzip, and by ``python -m http.server``. The budgets on a throttled phone profile (1.6 Mbit/s, 150 ms, as
Lighthouse's mobile test), counted from the browser's own network events; the filters' numbers to the digit
against the library's (``summarise``, what the app shows); details on tap and by keyboard; axe-core; the embed
code in a page of another origin, resizing. No Streamlit server: the site needs none.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from test_browser import SCREENSHOTS, Tab
from test_browser import pytestmark as browser_marks
from test_browser_beheer import PASSWORD, see, sign_in
from test_browser_view import AXE_RULES, AXE_RUN

from bench.site import BYTES_BUDGET, PHONE, http_server, load_throttled, nginx, nginx_path
from reisatlas.atlas import DocumentCache, load_atlas
from reisatlas.facets import by_name
from reisatlas.geocoding import default_geocoder
from reisatlas.places import localised
from reisatlas.selection import Selection
from reisatlas.site import publish
from reisatlas.site.page import embed_snippet
from reisatlas.store import Store
from reisatlas.summary import summarise
from tests.conftest import SEED

# One worker builds the two sites (the thousand trips' takes seconds of CPU) once for the module's tests.
pytestmark = [*browser_marks, pytest.mark.xdist_group("site")]
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
DESKTOP = {"width": 1440, "height": 900}
NGINX = nginx_path()
MEASURED = Path(os.environ.get("REISATLAS_SITE_MEASURED", "")) if os.environ.get("REISATLAS_SITE_MEASURED") else None


def _atlas(documents: list[Path]):
    return load_atlas([str(d) for d in documents], default_geocoder(online=False), DocumentCache())


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory):
    atlas = _atlas([SEED])
    out = tmp_path_factory.mktemp("site") / "atlas"
    publish(atlas.trips, atlas.stops, out)
    return out, atlas


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    from bench.generate import write_document

    folder = tmp_path_factory.mktemp("thousand")
    atlas = _atlas([write_document(1000, folder)])
    out = tmp_path_factory.mktemp("site") / "atlas"
    publish(atlas.trips, atlas.stops, out)
    return out, atlas


def _record(name: str, measured: dict) -> None:
    """Write the numbers where REISATLAS_SITE_MEASURED says (for docs/performance.md), and show them."""
    line = f"{name}: painted {measured['painted_ms']:.0f} ms, {measured['bytes']:,} bytes, {len(measured['requests'])} requests"
    print(line)
    if MEASURED:
        with MEASURED.open("a") as out:
            out.write(f"{line} (load {os.getloadavg()[0]:.2f})\n")


@pytest.mark.skipif(NGINX is None, reason="no nginx (apt-get install nginx-light)")
@pytest.mark.parametrize("which", ["seed", "thousand"])
def test_budgets_on_a_throttled_phone_with_nginx_and_http_server(browser, seed_site, big_site, tmp_path, which):
    folder, atlas = seed_site if which == "seed" else big_site
    with nginx(folder, tmp_path / "nginx") as gzip_url, http_server(folder, tmp_path / "http.log") as plain_url:
        for server, url in (("nginx+gzip", gzip_url), ("http.server", plain_url)):
            # The time to a painted map is shown, not asserted: the suite shares the machine's two CPUs with
            # other tests, whose load adds seconds to it. bench/site.py (``make bench``) measures it against
            # PAINT_BUDGET_MS; the bytes, the requests and the cookies do not depend on the load.
            measured = load_throttled(browser, url + "/index.html")
            _record(f"{which} ({len(atlas.trips)} trips), {server}", measured)
            assert measured["bytes"] <= BYTES_BUDGET, (server, measured)
            assert all(request.startswith(url) for request in measured["requests"]), measured["requests"]
            assert measured["cookies"] == []
            assert f"Deze atlas bevat {len(atlas.trips)} reizen" in measured["holds"]


def _combinations(trips, lang: str, sample: int | None) -> list[tuple[str, str, str]]:
    """(month option, official option, theme option) values as the page's selects take them ("" for all)."""
    months = [""] + [str(i) for i in range(len(sorted(set().union(*trips["months"].tolist()))))]
    officials = [""] + [str(i) for i in range(len(by_name("official").options(trips, lang)))]
    themes = [""] + [str(i) for i in range(len(by_name("theme").options(trips, lang)))]
    every = [(m, o, th) for m in months for o in officials for th in themes]
    if sample is None or len(every) <= sample:
        return every
    alone = [(m, "", "") for m in months] + [("", o, "") for o in officials] + [("", "", th) for th in themes]
    return alone + random.Random(21).sample(every, sample)


def _expected(trips, stops, lang: str, combination) -> tuple[str, int]:
    """The app's summary sentence and trip count for a combination (``ui.shared.summary_of``: the selection's
    trips, the chosen period named when none falls in it)."""
    month, who, theme = combination
    months = sorted(set().union(*trips["months"].tolist()))
    params = {
        "months": [months[int(month)]] if month else [],
        "official": [list(by_name("official").options(trips, lang))[int(who)]] if who else [],
        "theme": [list(by_name("theme").options(trips, lang))[int(theme)]] if theme else [],
    }
    selection = Selection.from_params(params, trips, strict=True)
    chosen = selection.apply(trips)
    return summarise(chosen, stops, tuple(selection.months or ())).sentence(lang), len(chosen)


SHOWN = """(combinations) => combinations.map(([month, who, theme]) => {
  const set = (id, value) => { const select = document.getElementById(id); select.value = value; };
  set("f-site_month", month); set("f-officials", who); set("f-themes", theme);
  document.getElementById("filters").dispatchEvent(new Event("change"));
  const visible = [...document.querySelectorAll("#trips li[data-i]")].filter(li => !li.hidden).length;
  return [document.getElementById("summary").textContent, visible, Number(document.getElementById("trip-count").textContent)];
})"""


@pytest.mark.parametrize(
    ("which", "lang", "sample"), [("seed", "nl", None), ("seed", "en", None), ("thousand", "nl", 120)]
)
def test_the_filters_give_the_apps_numbers_to_the_digit(browser, seed_site, big_site, which, lang, sample):
    folder, atlas = seed_site if which == "seed" else big_site
    trips, stops = localised(atlas.trips, atlas.stops, lang)
    combinations = _combinations(trips, lang, sample)
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.goto((folder / ("index.html" if lang == "nl" else "en/index.html")).as_uri())
        page.wait_for_function("window.reisatlasListed === true")
        shown = page.evaluate(SHOWN, [list(c) for c in combinations])
    finally:
        page.close()
    wrong = []
    for combination, (sentence, visible, counted) in zip(combinations, shown):
        expected, n = _expected(trips, stops, lang, combination)
        if (sentence, visible, counted) != (expected, n, n):
            wrong.append((combination, sentence, expected, visible, n))
    assert wrong == [] and len(combinations) > 20


def test_details_by_keyboard_and_a_place_on_tap(browser, seed_site):
    folder, atlas = seed_site
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.goto((folder / "index.html").as_uri())
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
        page.keyboard.press("Enter")
        first = page.locator("#trip-0 details")
        first.locator(".more dl").wait_for()
        assert "Kasmi" in first.locator(".more").inner_text() and first.locator(".more p").count() >= 1
        page.focus("#f-officials")
        page.keyboard.press("ArrowDown")
        page.wait_for_function("document.getElementById('trip-count').textContent !== '7'")
    finally:
        page.close()
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto((folder / "index.html").as_uri())
        marker = page.locator("svg.map-narrow circle[data-p]").first
        box = marker.bounding_box()
        page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        panel = page.locator("#place")
        panel.wait_for(state="visible")
        assert panel.locator("li").count() >= 1
        panel.locator("a").first.click()
        page.locator("details[open] .more dl").wait_for()
    finally:
        context.close()


@pytest.mark.parametrize("size", ["phone", "desktop"])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_axe_finds_no_serious_violation_and_screenshots(browser, seed_site, tmp_path, lang, size):
    folder, _ = seed_site
    viewport = PHONE if size == "phone" else DESKTOP
    with http_server(folder, tmp_path / "http.log") as url:
        page = browser.new_page(viewport=viewport)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        try:
            for name in ("index.html", "embed.html"):
                page.goto(f"{url}/{'' if lang == 'nl' else 'en/'}{name}")
                assert page.evaluate("document.documentElement.lang") == lang
                page.locator("#trip-0 summary").click()
                page.locator("#trip-0 .more dl").wait_for()
                page.screenshot(
                    path=str(SCREENSHOTS / f"site_{name[:-5]}_{lang}_{size}.png"), full_page=name == "index.html"
                )
                page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
                assert page.evaluate(AXE_RUN, AXE_RULES) == [], name
            assert errors == []
        finally:
            page.close()


HOST_PAGE = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Gemeente</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="margin:0"><main style="max-width:900px;margin:0 auto;padding:0 10px"><h1>Nieuws</h1>
<p>Waar reisde het college heen?</p>{snippet}<p id="after">Einde van het artikel.</p></main></body></html>"""


def test_the_embed_code_resizes_in_a_page_of_another_origin(browser, seed_site, tmp_path):
    folder, _ = seed_site
    host = tmp_path / "host"
    host.mkdir()
    with http_server(folder, tmp_path / "site.log") as site_url:
        snippet = embed_snippet(f"{site_url}/embed.html", "nl", "Reisatlas")
        (host / "index.html").write_text(HOST_PAGE.format(snippet=snippet), encoding="utf-8")
        with http_server(host, tmp_path / "host.log") as host_url:
            host_url = host_url.replace("127.0.0.1", "localhost")  # another host and port: another origin
            page = browser.new_page(viewport=PHONE)
            try:
                page.goto(host_url + "/index.html")
                frame = page.frame_locator("iframe")
                frame.locator("svg.map-narrow").wait_for()
                embedded = next(f for f in page.frames if f.url.startswith(site_url))
                assert page.evaluate("location.origin") != embedded.evaluate("location.origin")

                def fits() -> float:
                    inner = embedded.evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")
                    page.wait_for_function(
                        "h => document.querySelector('iframe').getBoundingClientRect().height === h", arg=inner
                    )
                    return inner

                phone_height = fits()
                width = page.evaluate("document.querySelector('iframe').getBoundingClientRect().width")
                assert width == page.evaluate("document.querySelector('main').clientWidth - 20")
                frame.locator("#f-officials").select_option(index=1)  # one official's trips: the page inside
                frame.locator("#trip-count").filter(has_text="1").wait_for()  # shrinks, and so does the frame
                fewer_height = fits()
                assert fewer_height < phone_height
                page.set_viewport_size(DESKTOP)  # wider: the wide map, another height
                frame.locator("svg.map-wide").wait_for()
                assert fits() != fewer_height
            finally:
                page.close()


def test_the_beheer_button_publishes_the_public_atlas(browser, servers, documents, tmp_path_factory):
    """Beheer's "Publiceren als website" writes the public atlas (the documents folder: the seed and the XSS
    document) to REISATLAS_SITE and shows the embed code with REISATLAS_SITE_URL."""
    folder = tmp_path_factory.mktemp("beheer-site")
    store = folder / "store.sqlite"
    with Store(store) as opened:
        opened.add_account("anna", PASSWORD)
    site = folder / "site"
    server = servers(
        documents,
        REISATLAS_STORE=str(store),
        REISATLAS_SITE=str(site),
        REISATLAS_SITE_URL="https://www.gemeente.example/reisatlas",
    )
    tab = Tab(browser, server)
    try:
        tab.open("/beheer")
        sign_in(tab, "anna", PASSWORD)
        code = tab.page.locator(".st-key-site [data-testid='stCode']")
        assert 'src="https://www.gemeente.example/reisatlas/embed.html"' in code.inner_text()
        tab.page.get_by_role("button", name="Publiceren als website").click()
        see(tab, "De website is geschreven naar")
        public = load_atlas(
            [str(p) for p in sorted(documents.iterdir())], default_geocoder(online=False), DocumentCache()
        )
        assert f"Deze atlas bevat {len(public.trips)} reizen uit 2 documenten" in (site / "index.html").read_text()
        assert (site / "en" / "index.html").exists() and (site / "reizen.ics").exists()
        written = (site / "index.html").read_text()
        assert "https://www.gemeente.example/reisatlas/embed.html" in written
    finally:
        tab.context.close()
