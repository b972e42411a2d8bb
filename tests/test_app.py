"""The dashboard as Streamlit runs it (AppTest, no browser): filters from links in both the value and
the label form, every page in Dutch and English, the summary, documents folders good and bad, places
no source knows, the period slider and its play control, and a document changed between runs.

The map is checked through the deck the page hands to the browser: one ``stops`` record per place.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from apptest import run_app
from streamlit.testing.v1 import AppTest

from reisatlas.map import STOP_LAYER_FIELDS
from reisatlas.selection import next_months

pytestmark = pytest.mark.apptest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"
DOCUMENTS = Path(__file__).resolve().parent / "documents"
# Every page app.py offers (the list grows as pages are added), and words each known page must show.
PAGES = re.findall(r'st\.Page\(\s*"(pages/\w+\.py)"', (ROOT / "app.py").read_text(encoding="utf-8"))
PAGE_WORDS = {
    "pages/kaart.py": {"nl": ("Legenda", "Km hemelsbreed"), "en": ("Legend", "Km as the crow flies")},
    "pages/reizen.py": {"nl": ("Reizen", "Onderwerp"), "en": ("Trips", "Subject")},
    "pages/over.py": {"nl": ("Documenten", "Geplaatst via"), "en": ("Documents", "Placed by")},
    "pages/tijdlijn.py": {"nl": ("Tijdlijn",), "en": ("Timeline",)},
}
SIDEBAR_WORDS = {"nl": ("Bewindspersoon", "Periode"), "en": ("Official", "Period")}
SEED_PLACES = [
    "Malmö",
    "Botkyrka",
    "Stockholm",
    "Manchester",
    "Oslo",
    "Richmond",
    "Brussel",
    "Johannesburg",
    "Tokio",
    "Osaka",
    "Kobe",
]


@pytest.fixture(autouse=True)
def seed_documents(monkeypatch):
    monkeypatch.delenv("REISATLAS_DOCUMENTS", raising=False)  # seeds/ unless a test says otherwise


def deck(at: AppTest) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1, "the map page shows one map"
    return json.loads(charts[0].proto.json)


def stop_records(at: AppTest) -> list[dict]:
    """The ``stops`` layer's records, checked to carry nothing beyond STOP_LAYER_FIELDS."""
    (layer,) = [layer for layer in deck(at)["layers"] if layer["id"] == "stops"]
    for record in layer["data"]:
        assert set(record) <= set(STOP_LAYER_FIELDS), f"stop fields beyond: {set(record) - set(STOP_LAYER_FIELDS)}"
    return layer["data"]


def places(at: AppTest) -> list[str]:
    return [record["name"] for record in stop_records(at)]


def texts(at: AppTest) -> str:
    """Every text the run shows (values, labels, markdown bodies), one per line."""

    def walk(node):
        yield node
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                yield from walk(child)

    found = []
    for node in walk(at._tree):
        for attribute in ("value", "label", "body"):
            try:
                value = getattr(node, attribute)
            except Exception:  # widgets without that attribute, or without a value yet
                continue
            if isinstance(value, str) and value:
                found.append(value)
    return "\n".join(found)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def trip_block(header: str, month: str = "Oktober 2025", official: str = "wethouder Simons") -> str:
    return f"{header}\nKennisuitwisseling havens\ndoor {official}\n{month}\nEen korte beschrijving van de reis.\n\n"


# --- the map's places -------------------------------------------------------------------------


def test_seed_map_shows_every_place_once_with_real_coordinates():
    at = run_app()
    records = stop_records(at)
    assert [r["name"] for r in records] == SEED_PLACES
    assert all(r["lat"] and r["lon"] and -90 <= r["lat"] <= 90 and -180 <= r["lon"] <= 180 for r in records)
    assert [layer["id"] for layer in deck(at)["layers"]] == [
        "ocean",
        "countries",
        "countries-borders",  # the land filled, only borders between countries stroked
        "routes",
        "home",
        "stops",
        "labels",
    ]
    # Every placed stop is named, and home too: beside its marker, or, where the desktop's map beside the trip list
    # (690 px) has no room for it, by a number with the name in the key under the map (issue 17: Botkyrka lies
    # 20 km from Stockholm, one pixel at a world-wide zoom), never far from its marker.
    (labels,) = [layer for layer in deck(at)["layers"] if layer["id"] == "labels"]
    named = sorted(r["name"] for r in labels["data"])
    assert named == sorted(["1", "Rotterdam", *(place for place in SEED_PLACES if place != "Botkyrka")])
    assert "Nummers op de kaart: 1 Botkyrka" in [caption.value for caption in at.caption]


def test_a_sessions_first_map_carries_the_outlines_and_its_reruns_fetch_them_from_the_static_folder():
    def countries(at):
        (layer,) = [layer for layer in deck(at)["layers"] if layer["id"] == "countries"]
        return layer["data"]

    at = run_app()
    first = countries(at)  # drawn in the map's first frame, as on a bare pydeck page
    assert first["type"] == "FeatureCollection" and len(first["features"]) > 150
    at.run()
    assert countries(at) == "app/static/countries.geojson"  # a rerun's spec stays small
    assert (ROOT / "static" / "countries.geojson").is_file()


def test_tooltip_frame_is_fixed_and_its_fields_are_ours():
    """The tooltip's HTML form is a fixed frame: Streamlit escapes the fields it fills in (the browser test
    with the XSS document shows it), and only ``tooltip`` carries document text; ``tx`` and ``ty`` are 0 or 1."""
    from reisatlas.map import TOOLTIP

    (chart,) = run_app().get("deck_gl_json_chart")
    assert json.loads(chart.proto.tooltip) == TOOLTIP
    assert re.findall(r"{(\w+)}", TOOLTIP["html"]) == ["tx", "ty", "tooltip"]
    for layer in deck(run_app())["layers"]:
        for record in layer["data"] if isinstance(layer["data"], list) else []:
            if "tooltip" in record:
                assert record["tx"] in (0, 1) and record["ty"] in (0, 1)


FILTERS = [
    pytest.param({"official": "Schouten"}, {"Johannesburg", "Tokio", "Osaka", "Kobe"}, id="official-value"),
    pytest.param(
        {"official": "burgemeester Schouten"}, {"Johannesburg", "Tokio", "Osaka", "Kobe"}, id="official-label"
    ),
    pytest.param(
        {"official": ["Kasmi", "Simons"]}, {"Malmö", "Botkyrka", "Stockholm", "Manchester", "Oslo"}, id="two-officials"
    ),
    pytest.param({"theme": "onderwijs"}, {"Malmö", "Botkyrka", "Stockholm"}, id="theme-value"),
    pytest.param({"theme": "Onderwijs & jeugd"}, {"Malmö", "Botkyrka", "Stockholm"}, id="theme-label"),
    pytest.param({"lang": "en", "theme": "Education & youth"}, {"Malmö", "Botkyrka", "Stockholm"}, id="theme-label-en"),
    pytest.param({"country": "JP"}, {"Tokio", "Osaka", "Kobe"}, id="country-value"),
    pytest.param({"country": "Zuid-Afrika"}, {"Johannesburg"}, id="country-label"),
    pytest.param({"months": ["2025-07", "2025-08"]}, {"Richmond", "Brussel"}, id="months-value"),
    pytest.param({"months": ["jul 2025", "aug 2025"]}, {"Richmond", "Brussel"}, id="months-label"),
    pytest.param({"lang": "en", "months": ["Jul 2025", "Aug 2025"]}, {"Richmond", "Brussel"}, id="months-label-en"),
    # a link copied from the page in one language and opened in the other
    pytest.param(
        {"lang": "en", "months": ["jul 2025", "aug 2025"]}, {"Richmond", "Brussel"}, id="months-nl-label-en-page"
    ),
    pytest.param(
        {"lang": "en", "theme": "Onderwijs & jeugd"}, {"Malmö", "Botkyrka", "Stockholm"}, id="theme-nl-label-en-page"
    ),
    pytest.param({"theme": "Education & youth"}, {"Malmö", "Botkyrka", "Stockholm"}, id="theme-en-label-nl-page"),
    pytest.param({"country": "South Africa"}, {"Johannesburg"}, id="country-en-label-nl-page"),
    pytest.param({"months": ["2025-08", "2025-08"]}, set(), id="empty-month"),
    pytest.param({"official": "Kasmi", "theme": "onderwijs"}, {"Malmö", "Botkyrka", "Stockholm"}, id="official+theme"),
    pytest.param(
        {"official": "Kasmi", "months": ["2025-06", "2025-06"]},
        {"Malmö", "Botkyrka", "Stockholm", "Manchester"},
        id="official+months",
    ),
    pytest.param({"theme": "klimaat", "months": ["2025-09", "2025-09"]}, {"Tokio", "Osaka", "Kobe"}, id="theme+months"),
    pytest.param({"q": "malmo"}, {"Malmö", "Botkyrka", "Stockholm"}, id="search-without-diacritics"),
    pytest.param({"q": "MALMÖ"}, {"Malmö", "Botkyrka", "Stockholm"}, id="search-upper-case"),
    pytest.param({"q": "world expo", "official": "Schouten"}, {"Tokio", "Osaka", "Kobe"}, id="search+official"),
    pytest.param({"q": "xyzzy"}, set(), id="search-nothing"),
    # search finds places and countries in either language, whatever the page's language
    pytest.param({"q": "Tokyo"}, {"Tokio", "Osaka", "Kobe"}, id="search-english-place"),
    pytest.param({"q": "Sweden"}, {"Malmö", "Botkyrka", "Stockholm"}, id="search-english-country"),
    pytest.param({"lang": "en", "q": "Zweden"}, {"Malmö", "Botkyrka", "Stockholm"}, id="search-dutch-country-en-page"),
    pytest.param({"lang": "en", "q": "Brussel"}, {"Brussel"}, id="search-dutch-place-en-page"),
]
# The English page names places in English where GeoNames has a name for them (the documents write Dutch).
ENGLISH = {"Brussel": "Brussels", "Tokio": "Tokyo"}


@pytest.mark.parametrize(("params", "expected"), FILTERS)
def test_link_filters_the_map(params, expected):
    if params.get("lang") == "en":
        expected = {ENGLISH.get(place, place) for place in expected}
    assert set(places(run_app(params))) == expected


def test_no_trips_shows_the_hint_on_every_page():
    params = {"official": "Schouten", "theme": "onderwijs"}
    at = run_app(params)
    assert places(at) == []
    assert [info.value for info in at.info] == [
        "Geen reizen bij deze filters. Kies ‘Alles tonen’ of verruim de periode."
    ]
    assert "**Geen reizen**" in [m.value for m in at.markdown]  # no "0 reizen ... periode onbekend"
    assert "Legenda" not in texts(at)  # no bare legend heading without a colour
    for page in PAGES:
        at = run_app(params, page)  # no exception on any page
        if page in ("pages/kaart.py", "pages/reizen.py"):
            assert any("Geen reizen" in info.value for info in at.info), page


# --- pages and languages ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_in_both_languages(page, lang):
    at = run_app({"lang": lang}, page)
    shown = texts(at)
    other = "en" if lang == "nl" else "nl"
    for word in PAGE_WORDS.get(page, {}).get(lang, ()) + SIDEBAR_WORDS[lang]:
        assert word in shown, f"{word!r} missing on {page} ({lang})"
    for word in SIDEBAR_WORDS[other]:
        assert word not in shown.splitlines(), f"{word!r} ({other}) on {page} in {lang}"


def test_about_page_shows_theme_keywords_with_their_wildcards():
    """Regression: "onderwijs*, *onderwijs" in Markdown became italics and lost its asterisks."""
    at = run_app(page="pages/over.py")
    (line,) = [m.value for m in at.markdown if "`onderwijs`" in m.value]
    assert "onderwijs\\*\\, \\*onderwijs" in line


def test_the_readmes_example_link_is_canonical_and_opens_its_trip():
    from urllib.parse import parse_qs, urlsplit

    (link,) = re.findall(r"`(/reizen\?[^`]*trip=[^`]*)`", (ROOT / "README.md").read_text(encoding="utf-8"))
    params = parse_qs(urlsplit(link).query)
    at = run_app(params, page="pages/reizen.py")
    written = {key: value if isinstance(value, list) else [value] for key, value in at.query_params.items()}
    assert written == params  # the address stays as written: it is the canonical one
    trips = [expander for expander in at.expander if "Werkbezoek" in expander.label]
    assert [(trip.label, trip.proto.expanded) for trip in trips] == [
        ("Werkbezoek Tokio\\, Osaka en Kobe \\(Japan\\) — September 2025", True)
    ]


def test_language_link_in_label_form():
    at = run_app({"lang": "English"})
    assert "Legend" in texts(at)


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        (
            "nl",
            "7 reizen naar 11 plaatsen in 7 landen, juni – september 2025, 58.002 km, ca. 9 t CO₂-eq. incl. extra opwarming door vliegen",
        ),
        (
            "en",
            "7 trips to 11 places in 7 countries, June – September 2025, 58,002 km, about 9 t CO₂e incl. flying's extra warming",
        ),
    ],
)
def test_summary_sentence(lang, sentence):
    """The sentence says which figure it shows: the total with the flights' extra warming (4,983 kg CO₂ + 4,093 kg)."""
    at = run_app({"lang": lang})
    assert f"**{sentence}**" in [markdown.value for markdown in at.markdown]
    numbers = {
        "nl": "Reizen: **7** · Plaatsen: **11** · Landen: **7** · Bewindspersonen: **5** · Km hemelsbreed: **58.002** · "
        "CO₂-eq. (schatting): **ca. 9 t**",
        "en": "Trips: **7** · Places: **11** · Countries: **7** · Officials: **5** · Km as the crow flies: **58,002** · "
        "CO₂e (estimate): **about 9 t**",
    }[lang]
    assert numbers in [markdown.value for markdown in at.markdown]  # one line, as on a phone


def test_summary_follows_the_filter():
    at = run_app({"official": "Schouten"})
    assert (
        "**2 reizen naar 4 plaatsen in 2 landen, september 2025, 37.002 km, ca. 6 t CO₂-eq. incl. extra opwarming door vliegen**"
        in [m.value for m in at.markdown]
    )


# --- documents folders ------------------------------------------------------------------------


def test_several_documents_with_a_broken_one(tmp_path, monkeypatch):
    shutil.copy(SEED, tmp_path)
    shutil.copy(DOCUMENTS / "app_other_trips.txt", tmp_path)
    (tmp_path / "app_broken.pdf").write_bytes(b"%PDF-1.7\n\x00\x01 not really a pdf")
    (tmp_path / "app_empty.txt").write_bytes(b"")
    monkeypatch.setenv("REISATLAS_DOCUMENTS", str(tmp_path))

    at = run_app()
    assert places(at) == SEED_PLACES + ["Lissabon", "Wenen"]
    assert "9 reizen naar 13 plaatsen in 9 landen, juni – november 2025" in texts(at)
    (notices,) = [e for e in at.expander if e.label == "Meldingen bij het inlezen"]
    notes = "\n".join(markdown.value for markdown in notices.markdown)
    assert "app\\_broken\\.pdf" in notes and "app\\_empty\\.txt" in notes

    about = run_app(page="pages/over.py")
    listed = "\n".join(m.value for m in about.markdown)
    assert "app\\_other\\_trips\\.txt — 2" in listed and "app\\_broken" not in listed


@pytest.mark.parametrize("contents", [{}, {"app_broken.txt": b"\x00\x00binary"}, {"notes.md": b"# not a document"}])
def test_folder_without_documents_explains_itself(tmp_path, monkeypatch, contents):
    for name, data in contents.items():
        (tmp_path / name).write_bytes(data)
    monkeypatch.setenv("REISATLAS_DOCUMENTS", str(tmp_path))
    at = run_app()
    assert [error.value for error in at.error] == [
        f"Geen documenten gevonden in {tmp_path}. Zet er een .txt of .pdf in."
    ]
    assert not at.get("deck_gl_json_chart")


def test_missing_folder_explains_itself(tmp_path, monkeypatch):
    monkeypatch.setenv("REISATLAS_DOCUMENTS", str(tmp_path / "nowhere"))
    at = run_app({"lang": "en"})
    assert [error.value for error in at.error] == [
        f"No documents found in {tmp_path / 'nowhere'}. Put a .txt or .pdf in it."
    ]


@pytest.mark.parametrize(("lang", "heading"), [("nl", "Niet op de kaart"), ("en", "Not on the map")])
def test_unresolvable_place_is_listed_not_drawn(tmp_path, monkeypatch, lang, heading):
    write(
        tmp_path,
        "app_xyzzy.txt",
        trip_block("Werkbezoek Xyzzyville (Zweden)") + trip_block("Werkbezoek Oslo (Noorwegen)"),
    )
    monkeypatch.setenv("REISATLAS_DOCUMENTS", str(tmp_path))
    at = run_app({"lang": lang})
    records = stop_records(at)
    assert [r["name"] for r in records] == ["Oslo"]
    assert not any(r["lat"] == 0 and r["lon"] == 0 for r in records)
    assert heading in [s.value for s in at.subheader]
    assert any("Xyzzyville" in m.value for m in at.markdown)
    labels = [layer for layer in deck(at)["layers"] if layer["id"] == "labels"][0]["data"]
    assert "Xyzzyville" not in {label["name"] for label in labels}


@pytest.mark.parametrize("page", PAGES)
def test_unknown_country_is_listed_not_drawn(tmp_path, monkeypatch, page):
    """Regression: a stop without a country code (NaN in pandas' string columns) broke the lists."""
    write(tmp_path, "app_atlantis.txt", trip_block("Werkbezoek Xyzzy (Atlantis) en Oslo (Noorwegen)"))
    monkeypatch.setenv("REISATLAS_DOCUMENTS", str(tmp_path))
    at = run_app(page=page)
    if page == "pages/kaart.py":
        assert places(at) == ["Oslo"]
        assert any("Xyzzy \\(Atlantis\\, onbekend land\\)" in m.value for m in at.markdown)


def trip_expanders(at) -> list:
    """The trip list's expanders, one per trip: every expander but the feeds' list ("Vaste adressen …")."""
    return [e for e in at.expander if not e.label.startswith(("Vaste adressen", "Permanent addresses"))]


def test_trip_list_shows_markdown_in_a_title_as_text(tmp_path, monkeypatch):
    """Regression: expander labels render Markdown, so ![x](url) in a title fetched an image."""
    write(tmp_path, "app_markdown.txt", trip_block("Werkbezoek ![beeld](x) **vet** in Oslo (Noorwegen)"))
    monkeypatch.setenv("REISATLAS_DOCUMENTS", str(tmp_path))
    at = run_app(page="pages/reizen.py")
    assert [expander.label for expander in trip_expanders(at)] == [
        r"Werkbezoek \!\[beeld\]\(x\) \*\*vet\*\* in Oslo \(Noorwegen\) — oktober 2025"
    ]


def test_changed_document_shows_without_a_restart(tmp_path, monkeypatch):
    monkeypatch.setenv("REISATLAS_DOCUMENTS", str(tmp_path))
    document = write(tmp_path, "app_changing.txt", trip_block("Werkbezoek Oslo (Noorwegen)"))
    assert places(run_app()) == ["Oslo"]
    document.write_text(trip_block("Werkbezoek Lissabon (Portugal)"), encoding="utf-8")
    assert places(run_app()) == ["Lissabon"]
    write(tmp_path, "app_added.txt", trip_block("Werkbezoek Wenen (Oostenrijk)", "November 2025"))
    assert places(run_app()) == ["Wenen", "Lissabon"]  # documents are read in name order


# --- the period slider and its play control ---------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("nl", ["jun 2025", "jul 2025", "aug 2025", "sep 2025"]),
        ("en", ["Jun 2025", "Jul 2025", "Aug 2025", "Sep 2025"]),
    ],
)
def test_month_slider_covers_every_month_empty_ones_included(lang, labels):
    (slider,) = run_app({"lang": lang}).select_slider
    assert slider.options == labels  # August has no trip and is still there
    assert slider.value == ("2025-06", "2025-09")


def test_month_slider_spans_all_documents(tmp_path, monkeypatch):
    shutil.copy(SEED, tmp_path)
    shutil.copy(DOCUMENTS / "app_other_trips.txt", tmp_path)
    monkeypatch.setenv("REISATLAS_DOCUMENTS", str(tmp_path))
    (slider,) = run_app().select_slider
    assert slider.options == ["jun 2025", "jul 2025", "aug 2025", "sep 2025", "okt 2025", "nov 2025"]


def test_play_steps_to_the_first_month_and_stops():
    at = run_app()
    at.button(key="play").click().run()
    assert not at.exception
    assert at.select_slider[0].value == ("2025-06", "2025-06")
    assert places(at) == ["Malmö", "Botkyrka", "Stockholm", "Manchester", "Oslo"]
    assert at.session_state["playing"]
    at.button(key="stop").click().run()
    assert not at.exception
    assert not at.session_state["playing"]
    assert [b.key for b in at.button if b.key in ("play", "stop")] == ["play"]


def test_play_in_grow_mode_starts_at_the_first_month_too():
    at = run_app({"lang": "en"})
    at.radio(key="play_mode").set_value("grow").run()
    at.button(key="play").click().run()
    assert not at.exception
    assert at.select_slider[0].value == ("2025-06", "2025-06")
    assert places(at) == ["Malmö", "Botkyrka", "Stockholm", "Manchester", "Oslo"]
    assert at.session_state["playing"] and at.radio(key="play_mode").value == "grow"


def test_filters_keep_working_after_the_slider_moved():
    """Regression: a second rerun read the two-month range back as one month (ValueError)."""
    at = run_app()
    at.select_slider[0].set_range("2025-07", "2025-08").run()
    assert places(at) == ["Richmond", "Brussel"]
    at.text_input[0].input("brussel").run()  # the search box (no key: an address sets its value)
    assert not at.exception, at.exception and at.exception[0].message
    assert places(at) == ["Brussel"]
    at.run()
    assert not at.exception
    assert at.select_slider[0].value == ("2025-07", "2025-08")


def test_filter_options_count_the_trips_they_show_and_hide_the_empty_ones():
    at = run_app()
    assert at.multiselect(key="official").options == [
        "wethouder Achbar (1)",
        "wethouder Kasmi (2)",
        "burgemeester Schouten (2)",
        "wethouder Simons (1)",
        "wethouder Zeegers (1)",
    ]
    assert "Klimaat, energie & duurzaamheid (3)" in at.multiselect(key="theme").options
    assert len(at.multiselect(key="theme").options) == 9  # the themes no trip has are not offered (11 in all)
    at.multiselect(key="official").select("Schouten").run()
    # The other lists count within Schouten's trips; the official list still counts every official.
    assert at.multiselect(key="country").options == ["Japan (1)", "Zuid-Afrika (1)"]
    assert "wethouder Kasmi (2)" in at.multiselect(key="official").options
    at.multiselect(key="theme").select("klimaat").run()
    # Schouten's label changed ("(2)" to "(1)") and the choice stays; Kasmi has no climate trip: hidden.
    assert at.multiselect(key="official").value == ["Schouten"]
    assert at.multiselect(key="official").options == [
        "burgemeester Schouten (1)",
        "wethouder Simons (1)",
        "wethouder Zeegers (1)",
    ]
    assert places(at) == ["Tokio", "Osaka", "Kobe"]
    assert (at.query_params["official"], at.query_params["theme"]) == ("Schouten", "klimaat")  # ids, no counts
    at.select_slider[0].set_range("2025-06", "2025-07").run()  # the period counts too
    assert at.multiselect(key="official").options == [
        "burgemeester Schouten (0)",
        "wethouder Simons (1)",
        "wethouder Zeegers (1)",
    ]
    assert at.multiselect(key="official").value == ["Schouten"]  # chosen: kept, with its honest 0


def test_filter_counts_in_english():
    at = run_app({"lang": "en", "theme": "haven"})
    assert at.multiselect(key="official").options == ["mayor Schouten (1)", "alderman Simons (1)"]
    assert at.multiselect(key="country").options == ["Japan (1)", "Norway (1)"]


def test_the_mode_filter_in_the_sidebar_and_the_address():
    """Vervoer, the facet added to reisatlas/facets.py and data/texts.toml only (issue 16)."""
    at = run_app({"mode": "Trein"})  # a label, in another case: the address becomes canonical
    mode = at.multiselect(key="mode")
    assert mode.label == "Vervoer" and mode.value == ["train"]
    assert mode.options == ["trein (2)", "vliegtuig (5)"]  # a list does not count against its own options
    assert places(at) == ["Manchester", "Brussel"]
    assert at.query_params["mode"] == "train"
    assert at.multiselect(key="official").options == ["wethouder Kasmi (1)", "wethouder Zeegers (1)"]
    mode.unselect("train").select("plane").run()
    assert at.query_params["mode"] == "plane"
    assert places(at) == [
        "Malmö",
        "Botkyrka",
        "Stockholm",
        "Oslo",
        "Richmond",
        "Johannesburg",
        "Tokio",
        "Osaka",
        "Kobe",
    ]
    english = run_app({"mode": "plane", "lang": "en"})
    assert english.multiselect(key="mode").label == "Mode"
    assert english.multiselect(key="mode").options == ["train (2)", "plane (5)"]
    next(b for b in at.button if b.label == "Alles tonen").click().run()
    assert at.multiselect(key="mode").value == [] and places(at) == SEED_PLACES


@pytest.mark.parametrize(
    "params",
    [
        pytest.param(
            {"official": "burgemeester Schouten", "months": ["jul 2025", "sep 2025"], "q": "tokio"}, id="label-link"
        ),
        pytest.param({"official": "Schouten", "theme": "klimaat", "country": "JP"}, id="value-link"),
    ],
)
def test_show_all_clears_filters_from_a_link(params):
    """Regression: widgets bound to the URL took their values from the link again after a reset."""
    at = run_app(params)
    assert places(at) == ["Tokio", "Osaka", "Kobe"]
    next(b for b in at.button if b.label == "Alles tonen").click().run()
    assert not at.exception
    assert places(at) == SEED_PLACES
    assert at.select_slider[0].value == ("2025-06", "2025-09")


def test_show_all_after_playing():
    at = run_app()
    at.button(key="play").click().run()
    next(b for b in at.button if b.label == "Alles tonen").click().run()
    assert places(at) == SEED_PLACES
    assert not at.session_state["playing"]


MONTHS = ("2025-06", "2025-07", "2025-08", "2025-09")


@pytest.mark.parametrize(
    ("current", "mode", "expected"),
    [
        (None, "window", ("2025-06", "2025-06")),
        (None, "grow", ("2025-06", "2025-06")),
        (("2025-06", "2025-06"), "window", ("2025-07", "2025-07")),
        (("2025-07", "2025-07"), "window", ("2025-08", "2025-08")),  # empty months are steps too
        (("2025-06", "2025-07"), "grow", ("2025-06", "2025-08")),
        (("2025-06", "2025-09"), "window", None),
        (("2025-06", "2025-09"), "grow", None),
        (("2025-06", "2026-01"), "window", None),  # a range outside the options ends the play
    ],
)
def test_next_months(current, mode, expected):
    assert next_months(MONTHS, current, mode) == expected


def test_next_months_without_months():
    assert next_months((), None) is None


# --- a known Streamlit trap -------------------------------------------------------------------


def test_without_navigation_only_streamlit_runs_a_page_alone():
    """What ui.streamlit_internals.navigation_only prevents: with a pages/ folder beside app.py, Streamlit's old mode runs the page
    file on its own from the second AppTest run on (on a server: the first deep link after a restart)."""
    from ui.streamlit_internals import navigation_only, streamlits_own_behaviour

    streamlits_own_behaviour()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        at.run()
        assert not at.sidebar.children or at.exception, "the second run went through app.py after all"
    finally:
        navigation_only()
    at = run_app()
    at.run()
    assert not at.exception and places(at) == SEED_PLACES  # the second run, too, went through app.py


# --- distance, CO₂ and feeds on the pages -----------------------------------------------------


def test_trip_list_and_details_show_distance_and_co2():
    at = run_app({"official": "Kasmi"}, page="pages/reizen.py")
    (table,) = at.table
    frame = table.value.map(lambda value: value.replace("\\", "") if isinstance(value, str) else value)
    assert list(frame["Titel"]) == [
        "Werkbezoek Malmö, Botkyrka en Stockholm (Zweden)",
        "Werkbezoek Manchester (Verenigd Koninkrijk)",
    ]
    assert list(frame["Onderwerp"]) == [
        "Kennisuitwisseling voorschoolse educatie",
        "Kennisuitwisseling creative health",
    ]
    assert list(frame["Thema's"]) == ["Onderwijs & jeugd", "Kunst & cultuur, Zorg, gezondheid & welzijn"]  # whole
    assert list(frame["Km"]) == ["2.388", "969"] and list(frame["CO₂ kg"]) == ["292", "18"]
    assert list(frame["Extra opwarming kg"]) == ["241", "0"] and list(frame["Samen kg"]) == ["533", "18"]
    assert list(frame["Vervoer"]) == ["vliegtuig (kon per trein)", "trein"]
    shown = texts(at).replace("\\", "")  # the details are document-safe Markdown: punctuation escaped
    assert (
        "Afstand en CO₂:** 2.388 km heen en terug per vliegtuig: ca. 290 kg CO₂ per reiziger (brandstof en bouw van "
        "het toestel), plus ca. 240 kg CO₂-equivalent extra opwarming door vliegen op grote hoogte; samen ca. 530 kg. "
        "Dit kon ook per trein: ca. 45 kg CO₂." in shown
    )
    assert "Afstand en CO₂:** 969 km heen en terug, ca. 18 kg CO₂ per reiziger, per trein." in shown


def test_every_trip_in_the_list_has_its_co2_and_every_flight_its_extra_warming():
    at = run_app({"lang": "en"}, page="pages/reizen.py")
    (table,) = at.table
    frame = table.value.copy()
    for column in ("CO₂ kg", "Extra warming kg", "Total kg"):  # written as English writes numbers: 1,234
        frame[column] = [int(value.replace(",", "").replace("\\", "")) for value in frame[column]]
    assert len(frame) == 7 and frame["CO₂ kg"].notna().all() and (frame["CO₂ kg"] > 0).all()
    flown = frame["Mode"].str.startswith("plane")
    assert flown.sum() == 5 and (frame.loc[flown, "Extra warming kg"] > 0).all()
    assert (frame.loc[~flown, "Extra warming kg"] == 0).all()
    assert (frame["Total kg"] - frame["CO₂ kg"] - frame["Extra warming kg"]).abs().max() <= 1  # each rounded


def test_the_maps_tooltips_give_a_flights_extra_warming_apart():
    at = run_app({"official": "Kasmi"})
    tooltips = {record["tooltip"] for record in stop_records(at)}
    assert any(
        "Werkbezoek Malmö" in tip and "2.388 km, ca. 290 kg CO₂ + ca. 240 kg extra opwarming (kon per trein)" in tip
        for tip in tooltips
    )
    assert any("Werkbezoek Manchester" in tip and "969 km, ca. 18 kg CO₂ (trein)" in tip for tip in tooltips)


def test_download_buttons_show_the_matching_feed_addresses():
    at = run_app({"official": "Kasmi", "lang": "en"}, page="pages/reizen.py")
    (feeds,) = [e for e in at.expander if e.label == "Permanent addresses of this selection (kept current)"]
    links = re.findall(r"\]\(([^)]+)\)", feeds.markdown[0].value)
    assert not at.code  # links: no code block, whose highlighter would hold back the map's first frame
    expected = [
        f"http://localhost:8501/feeds/reizen.{suffix}?official=Kasmi&lang=en"
        for suffix in ("csv", "geojson", "ics", "json")
    ]
    # Each address a link; the calendar's also a webcal:// link, which a calendar app offers to subscribe to.
    assert links == expected[:3] + ["webcal://localhost:8501/feeds/reizen.ics?official=Kasmi&lang=en", expected[3]]
    assert "Calendar (.ics):" in feeds.markdown[0].value and "subscribe in your calendar" in feeds.markdown[0].value
    # The downloads are addresses too, any process renders them (ui/feeds.py): nothing kept in this one's memory.
    (html,) = [element.proto.body for element in at.get("html") if "reisatlas-downloads" in element.proto.body]
    buttons = dict((label, href) for href, label in re.findall(r'<a href="([^"]+)" download="[^"]+">([^<]+)</a>', html))
    assert buttons["CSV"] == "./downloads/reisatlas_kasmi_2025-06.csv?official=Kasmi&amp;lang=en&amp;colour=official"
    assert buttons["Slide (PNG)"] == (
        "./downloads/reisatlas_kasmi_2025-06.png?official=Kasmi&amp;lang=en&amp;colour=official&amp;size=1920x1080&amp;play=window"
    )
    assert buttons["Text alternative (.txt)"].startswith("./downloads/reisatlas_kasmi_2025-06.png.txt?official=Kasmi")
    assert len(buttons) == 10 and not at.get("download_button")


def test_about_page_explains_the_method_the_factors_and_the_feeds():
    from reisatlas.emission_notes import comparison_notes, method_notes

    rows = {  # the factor table as the page shows it: the language's decimals; CO₂, extra warming, total
        "nl": [
            "| vliegtuig, tot 1.000\u00a0km | 0,1416 | 0,117 | 0,2586 |",
            "| vliegtuig, vanaf 3.500\u00a0km | 0,0833 | 0,0687 | 0,152 |",
            "| trein, elke afstand | 0,019 | — | 0,019 |",
        ],
        "en": [
            "| plane, 1,000 – 3,500\u00a0km | 0.1028 | 0.0848 | 0.1876 |",
            "| train, any distance | 0.019 | — | 0.019 |",
        ],
    }
    for lang, words in (
        ("nl", ("hoe we rekenen", "Grenzen van de schatting", "Waarom deze bron", "Vergeleken met de Britse overheid")),
        ("en", ("how we count", "Limits of the estimate", "Why this source", "Compared with the UK government")),
    ):
        at = run_app({"lang": lang}, page="pages/over.py")
        shown = texts(at)
        assert all(word in shown for word in words), lang
        markdown = [m.value for m in at.markdown]
        # The paragraphs the tables allow, nothing the page adds.
        assert all(paragraph in markdown for paragraph in method_notes(lang=lang))
        assert comparison_notes(lang=lang) in markdown
        (table,) = [m for m in markdown if m.startswith("| ")]
        assert all(row in table.splitlines() for row in rows[lang]), lang
        assert "(https://base-empreinte.ademe.fr/documentation/base-carbone?docLink=aerien)" in table
        assert (
            "(https://github.com/incubateur-ademe/impactco2/blob/1540e08d006f9cdd5ad2b29cc723da966f6c6d4c/"
            "src/data/categories/deplacement.json)" in table
        )
        assert [code.value for code in at.code] == [
            f"http://localhost:8501/feeds/reizen.{suffix}?lang={lang}" for suffix in ("ics", "geojson", "csv", "json")
        ]


# --- documents of several municipalities ---------------------------------------------------------


@pytest.fixture
def two_cities(tmp_path, monkeypatch) -> Path:
    shutil.copy(SEED, tmp_path)
    shutil.copy(DOCUMENTS / "layouts" / "table_denhaag_2014.txt", tmp_path)  # Den Haag, with costs
    shutil.copy(
        DOCUMENTS / "layouts" / "prose_rtl_overzicht_2008.txt", tmp_path
    )  # four municipalities, countries on their own
    monkeypatch.setenv("REISATLAS_DOCUMENTS", str(tmp_path))
    return tmp_path


def layer(at: AppTest, id: str) -> list[dict] | dict:
    (chart,) = at.get("deck_gl_json_chart")
    return next(layer["data"] for layer in json.loads(chart.proto.json)["layers"] if layer["id"] == id)


def test_municipality_filter_from_a_link(two_cities):
    at = run_app({"municipality": "Den Haag"})
    (choice,) = [m for m in at.sidebar.multiselect if m.label == "Gemeente"]
    assert "Den Haag (1)" in choice.options and "Rotterdam (9)" in choice.options and choice.value == ["Den Haag"]
    assert [stop["name"] for stop in layer(at, "stops")] == ["New York"]
    assert [home["name"] for home in layer(at, "home")] == ["Den Haag"]
    assert any("Den Haag: 1 reis naar 1 plaats" in m.value for m in at.markdown)


def test_feed_addresses_keep_the_municipality(two_cities):
    """Issue 16: under one municipality's view the feed addresses dropped it, and so served every municipality's
    trips."""
    at = run_app({"municipality": "Den Haag"}, page="pages/reizen.py")
    (feeds,) = [e for e in at.expander if e.label == "Vaste adressen van deze selectie (blijven actueel)"]
    links = re.findall(r"\]\(([^)]+)\)", feeds.markdown[0].value)
    assert links[0] == "http://localhost:8501/feeds/reizen.csv?municipality=Den+Haag&lang=nl"
    assert all("municipality=Den+Haag" in link for link in links) and len(links) == 5


def test_country_level_destinations_are_drawn_as_their_country(two_cities):
    at = run_app({"municipality": "Tilburg"})
    areas = layer(at, "country_areas")
    assert {f["properties"]["name"] for f in areas["features"]} >= {"Tanzania", "Nicaragua", "Japan", "China"}
    assert any(stop["tooltip"].startswith("heel Tanzania") for stop in layer(at, "stops"))


def test_costs_in_the_trip_list_and_details(two_cities):
    at = run_app({"municipality": "Den Haag"}, page="pages/reizen.py")
    (table,) = at.table  # the trip list: a plain table, its text cells literal Markdown
    assert [cost.replace("\\", "") for cost in table.value["Kosten"]] == ["€\xa03.563,00 (betaald door de gemeente)"]
    details = "\n".join(m.value for m in trip_expanders(at)[0].markdown)
    assert "**Kosten:** €\xa03\\.563\\,00 \\(betaald door de gemeente\\)" in details
    assert "**Gemeente:** Den Haag" in details
    totals = at.dataframe[0].value
    assert list(totals.iloc[0]) == ["wethouder Kool", "€\xa03.563,00", 1]


@pytest.mark.parametrize(
    "lang, label", [("nl", "Klimaat, energie & duurzaamheid"), ("en", "Climate, energy & sustainability")]
)
def test_theme_colouring_follows_the_theme_filter(lang, label):
    """Thema = Klimaat, coloured by theme: the legend shows Klimaat (not the trips' other main themes)."""
    at = run_app({"theme": "klimaat", "colour": "theme", "lang": lang})
    legend = next(group for group in at.get("button_group") if group.proto.label in ("Legenda", "Legend"))
    assert [option.content for option in legend.proto.options] == [label]


@pytest.mark.parametrize("lang, km, column", [("nl", "19.029", "Km"), ("en", "19,029", "Km")])
def test_the_trip_list_writes_numbers_as_the_summary_does(lang, km, column):
    """The trip list's numbers in the language's own format, as the summary's "58.002 km" (not "15466")."""
    at = run_app({"country": "JP", "lang": lang}, page="pages/reizen.py")
    (table,) = at.table
    assert [value.replace("\\", "") for value in table.value[column]] == [km]  # Markdown-escaped: "19\\.029"


def test_choices_survive_a_language_switch():
    """ "Afspelen als", the filters and the period keep what the reader chose when the language changes."""
    at = run_app()
    at.radio(key="play_mode").set_value("grow").run()
    at.multiselect(key="official").set_value(["Kasmi"]).run()
    at.select_slider[0].set_range("2025-06", "2025-08").run()
    at.button_group(key="lang").set_value("en").run()
    assert not at.exception
    assert at.radio(key="play_mode").label == "Play as" and at.radio(key="play_mode").value == "grow"
    assert at.multiselect(key="official").value == ["Kasmi"]
    assert at.select_slider[0].value == ("2025-06", "2025-08")


def test_english_trip_details_name_places_in_english_and_the_documents_spelling_apart():
    at = run_app({"country": "JP", "lang": "en"}, page="pages/reizen.py")
    shown = texts(at).replace("\\", "")
    assert "- **Places:** Tokyo, Osaka, Kobe\n- **Places as the document writes them:** Tokio, Osaka, Kobe" in shown


def test_the_map_pages_trip_list_gives_every_purpose_and_a_click_selects_the_trip():
    """Beside the map: each trip's purpose first, then where, who and when, in time order; a click selects the trip
    (its details, the address) as a click on the map does, and a click on the selected trip lets it go."""
    at = run_app({"official": "Kasmi"})
    picks = [button for button in at.button if button.key and button.key.startswith("pick_")]
    assert [button.label.replace("\\", "") for button in picks] == [
        "**Kennisuitwisseling voorschoolse educatie** · Malmö, Botkyrka, Stockholm · wethouder Kasmi · juni 2025",
        "**Kennisuitwisseling creative health** · Manchester · wethouder Kasmi · juni 2025",
    ]
    picks[1].click().run()
    trip_id = picks[1].key.removeprefix("pick_")
    assert at.query_params["trip"] == trip_id
    assert "#### Werkbezoek Manchester \\(Verenigd Koninkrijk\\)" in [markdown.value for markdown in at.markdown]
    next(button for button in at.button if button.key == f"pick_{trip_id}").click().run()
    assert "trip" not in at.query_params
