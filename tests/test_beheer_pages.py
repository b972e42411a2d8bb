"""The Beheer pages under AppTest, on a real store (a file, and a database of the test cluster): what an admin reads there is words, in both languages.

Controleren names corrected fields in words ("titel, thema's, plaatsen", not ``title, themes, stops``), and a
conflict says which field in words, when in Amsterdam's time and what the other admin saved.
"""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from apptest import UPLOAD, fresh_store, run_beheer

from reisatlas.atlas import read_document
from reisatlas.store import ConflictError
from reisatlas.store.corrections import field_value, trip_keys

CONTROLE = "pages/beheer_controle.py"
UPLOAD_WITH_WARNINGS = UPLOAD


@pytest.fixture
def store(store_location):
    with fresh_store(store_location) as opened:
        yield opened


def upload(store, offline_geocoder):
    """The published upload's key and its trips as read (Kopenhagn; Hamburg and Barcelona; Xyzzyvik)."""
    source = store.sources("published")[0]
    return source.key, read_document(source, offline_geocoder).trips


def choose(at, document: str):
    at.selectbox(key="review_document").select(document).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(
    "lang, caption",
    [("nl", "Gecorrigeerd: titel, thema's, plaatsen"), ("en", "Corrected: title, themes, places")],
)
def test_controleren_names_the_corrected_fields_in_words(store, offline_geocoder, lang, caption):
    document, trips = upload(store, offline_geocoder)
    key = trip_keys(trips)[0]
    stops = field_value(trips[0], "stops")
    stops[0].update(lat=55.676, lon=12.568)
    for field, value in (("stops", stops), ("themes", ["klimaat"]), ("title", "Werkbezoek Kopenhagen")):
        store.save_correction(document, key, field, value, "anna", expected_version=0)
    at = choose(run_beheer(CONTROLE, lang=lang), document)
    captions = [c.value for c in at.caption]
    assert caption in captions, captions


@pytest.mark.parametrize(
    "lang, said",
    [
        (
            "nl",
            "Niet opgeslagen: Titel: bob heeft dit intussen gewijzigd (1 jan 2026 om 13:00): “Werkbezoek Kopenhagen”;"
            " niets overschreven.",
        ),
        (
            "en",
            "Not saved: Title: bob changed this meanwhile (1 Jan 2026 at 13:00): “Werkbezoek Kopenhagen”;"
            " nothing overwritten.",
        ),
    ],
)
def test_a_conflict_in_controleren_names_the_field_the_time_and_the_value_in_words(store, offline_geocoder, lang, said):
    document, trips = upload(store, offline_geocoder)
    key = trip_keys(trips)[0]
    at = choose(run_beheer(CONTROLE, lang=lang), document)  # anna reads the trip
    store.clock = lambda: 1767268800.0  # 2026-01-01 12:00 UTC: 13:00 in Amsterdam
    store.save_correction(document, key, "title", "Werkbezoek Kopenhagen", "bob", expected_version=0)
    at.text_input(key=f"title-{key}").input("Werkbezoek København")
    at.button(key=f"FormSubmitter:fields-{key}-{'Opslaan' if lang == 'nl' else 'Save'}").click().run()
    errors = [e.value.replace("\\", "") for e in at.error]  # as the reader reads it, without Markdown's escapes
    assert any(e.startswith(said) for e in errors), errors
    assert store.correction(document, key, "title").value == "Werkbezoek Kopenhagen"  # nothing overwritten


def test_a_conflicts_own_text_is_in_words_in_both_languages(store):
    store.clock = lambda: 1767268800.0
    store.save_correction("file:a.txt", "k", "themes", ["klimaat", "haven"], "bob", expected_version=0)
    with pytest.raises(ConflictError) as raised:
        store.save_correction("file:a.txt", "k", "themes", ["sport"], "anna", expected_version=0)
    assert raised.value.text("en") == (
        "Themes: bob changed this meanwhile (1 Jan 2026 at 13:00): Climate, energy & sustainability; Port & maritime;"
        " nothing overwritten"
    )
    assert str(raised.value).startswith("Thema's: bob heeft dit intussen gewijzigd (1 jan 2026 om 13:00): ")


def test_every_field_a_correction_may_set_has_words_in_both_languages():
    from reisatlas.fixes import FIELDS
    from reisatlas.i18n import texts
    from reisatlas.store.history_text import FIELD_ORDER, field_name

    assert set(FIELD_ORDER) == set(FIELDS)
    assert all(f"field_{field}" in texts() for field in FIELDS)
    assert [field_name(f) for f in ("stops", "start", "removed")] == ["plaatsen", "eerste dag", "of het een reis is"]


def test_controleren_offers_the_documents_spelling_without_typing_and_a_search_places_the_stop(store, offline_geocoder):
    document, trips = upload(store, offline_geocoder)
    key = trip_keys(trips)[0]  # Werkbezoek Kopenhagn (Denemarken)
    at = choose(run_beheer(CONTROLE), document)
    (picker,) = [s for s in at.selectbox if s.key.startswith(f"pick-{key}-1-")]
    assert "Kopenhagen (København), Denemarken · Capital Region · 1.153.615 inwoners" in picker.options
    assert picker.options[0] == "— laten zoals het is —"  # nothing chosen for the admin
    at.text_input(key=f"search-{key}-1").input("Kopenhagn").run()
    (picker,) = [s for s in at.selectbox if s.key.startswith(f"pick-{key}-1-")]
    assert picker.value == "2618425"  # the search chose its best place
    at.button(key=f"save-stops-{key}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    (stop,) = store.correction(document, key, "stops").value
    assert (stop["name"], stop["lat"], stop["lon"]) == ("Kopenhagn", 55.67594, 12.56553)


def expander_labels(at) -> list[str]:
    return [e.label.replace("\\", "") for e in at.expander]


@pytest.mark.parametrize(
    "lang, marked",
    [
        (
            "nl",
            [
                "⚠️ regel 1 · Werkbezoek Kopenhagn (Denemarken) · 1 waarschuwing",
                "regel 7 · Werkbezoek Hamburg (Duitsland) en Barcelona (Spanje)",
                "⚠️ regel 13 · Werkbezoek Xyzzyvik (Zweden) · 3 waarschuwingen",
            ],
        ),
        (
            "en",
            [
                "⚠️ line 1 · Werkbezoek Kopenhagn (Denemarken) · 1 warning",
                "line 7 · Werkbezoek Hamburg (Duitsland) en Barcelona (Spanje)",
                "⚠️ line 13 · Werkbezoek Xyzzyvik (Zweden) · 3 warnings",
            ],
        ),
    ],
)
def test_the_trip_list_marks_each_trip_that_has_a_warning(store, offline_geocoder, lang, marked):
    document, _ = upload(store, offline_geocoder)
    at = choose(run_beheer(CONTROLE, lang=lang), document)
    assert expander_labels(at)[:3] == marked


def test_a_warnings_link_opens_its_document_and_trip(store, offline_geocoder):
    from apptest import APP
    from streamlit.testing.v1 import AppTest

    document, trips = upload(store, offline_geocoder)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["admin_session"] = store.open_session("anna")
    at.run()
    at.query_params.update({"document": document, "open": trip_keys(trips)[2]})
    at.switch_page(CONTROLE).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="review_document").value == document
    opened = {e.label.replace("\\", ""): e.proto.expanded for e in at.expander}
    assert opened["⚠️ regel 13 · Werkbezoek Xyzzyvik (Zweden) · 3 waarschuwingen"] is True
    assert opened["⚠️ regel 1 · Werkbezoek Kopenhagn (Denemarken) · 1 waarschuwing"] is False


def on_screen(view: dict, lat: float, lon: float, width: int, height: int) -> bool:
    """Whether deck.gl's camera ``view`` shows the point on a map of width × height (Web Mercator, 512 px tiles)."""
    import math

    scale = 512 * 2 ** view["zoom"] / (2 * math.pi)

    def x(longitude):
        return scale * math.radians(longitude)

    def y(latitude):
        return scale * math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))

    dx, dy = x(lon) - x(view["longitude"]), y(lat) - y(view["latitude"])
    return abs(dx) <= width / 2 and abs(dy) <= height / 2


@pytest.mark.parametrize("width", [1000, 358])  # a desktop's main column; a phone's
def test_the_review_map_fits_every_place_of_the_document(store, offline_geocoder, width):
    import json

    document, trips = upload(store, offline_geocoder)
    key = trip_keys(trips)[0]
    stops = field_value(trips[0], "stops")
    stops[0].update(lat=55.676, lon=12.568)  # Kopenhagn placed; Hamburg and Barcelona were
    store.save_correction(document, key, "stops", stops, "anna", expected_version=0)
    at = run_beheer(CONTROLE, client_width=width)
    at = choose(at, document)
    (chart,) = at.get("deck_gl_json_chart")
    view = json.loads(chart.proto.json)["initialViewState"]
    map_width = width if width <= 640 else (width - 16) * 3 // 5
    for name, lat, lon in [("Kopenhagen", 55.676, 12.568), ("Hamburg", 53.55, 10.0), ("Barcelona", 41.39, 2.16)]:
        assert on_screen(view, lat, lon, map_width, 360), (name, view)


HISTORY = "pages/beheer_geschiedenis.py"
NEW_YEAR = 1767268800.0  # 2026-01-01 12:00 UTC: 13:00 in Amsterdam


def corrected_and_undone(store, offline_geocoder):
    """anna places Kopenhagn at 13:00; bob undoes it at 13:05 (Amsterdam's time)."""
    document, trips = upload(store, offline_geocoder)
    stops = field_value(trips[0], "stops")
    stops[0].update(lat=55.676, lon=12.568)
    store.clock = lambda: NEW_YEAR
    store.save_correction(
        document,
        trip_keys(trips)[0],
        "stops",
        stops,
        "anna",
        expected_version=0,
        original=field_value(trips[0], "stops"),
    )
    store.clock = lambda: NEW_YEAR + 300
    store.undo(store.history()[0].id, "bob")
    return document


def sentences(at) -> list[str]:
    return [m.value.replace("\\", "") for m in at.markdown if "·" not in m.value]


@pytest.mark.parametrize(
    "lang, said, undone",
    [
        (
            "nl",
            "anna wijzigde op 1 jan 2026 om 13:00 in beheer_warnings.txt, reis “Werkbezoek Kopenhagn (Denemarken)”,"
            " de plaatsen: Kopenhagn, Denemarken (niet op de kaart) → Kopenhagn, Denemarken (55.676, 12.568).",
            "↩ Ongedaan gemaakt door bob op 1 jan 2026 om 13:05.",
        ),
        (
            "en",
            "anna changed on 1 Jan 2026 at 13:00 in beheer_warnings.txt, trip “Werkbezoek Kopenhagn (Denemarken)”,"
            " the places: Kopenhagn, Denmark (not on the map) → Kopenhagn, Denmark (55.676, 12.568).",
            "↩ Undone by bob on 1 Jan 2026 at 13:05.",
        ),
    ],
)
def test_geschiedenis_says_each_change_in_words(store, offline_geocoder, lang, said, undone):
    corrected_and_undone(store, offline_geocoder)
    at = run_beheer(HISTORY, lang=lang)
    assert said in sentences(at), sentences(at)
    assert undone in [c.value.replace("\\", "") for c in at.caption]
    assert sentences(at)[0].startswith(
        "bob maakte op 1 jan 2026 om 13:05 ongedaan: in beheer_warnings.txt"
        if lang == "nl"
        else "bob undid on 1 Jan 2026 at 13:05: in beheer_warnings.txt"
    )
    shown = " ".join(sentences(at))
    for technical in ("correction.save", "sha256", "{", "T12:00:00", "+00:00"):
        assert technical not in shown  # only behind the expander
    assert "correction.save" in at.expander[0].children[0].value.to_csv()


def test_geschiedenis_filters_by_document_and_by_admin(store, offline_geocoder):
    document = corrected_and_undone(store, offline_geocoder)
    at = run_beheer(HISTORY)
    everything = sentences(at)
    at.selectbox(key="history_admin").select("bob").run()
    assert sentences(at) and all(s.startswith("bob ") for s in sentences(at))
    at.selectbox(key="history_admin").select("").run()
    at.selectbox(key="history_document").select(document).run()
    assert len(sentences(at)) < len(everything)
    assert all("beheer_warnings.txt" in s for s in sentences(at))


def test_documenten_says_a_correction_to_review_in_words(store, offline_geocoder):

    document, trips = upload(store, offline_geocoder)
    key = trip_keys(trips)[0]
    store.clock = lambda: NEW_YEAR
    store.save_correction(
        document, key, "title", "Werkbezoek Kopenhagen", "anna", expected_version=0, original=trips[0].title
    )
    newer = store.add_document(
        "versie-2.txt",
        UPLOAD.read_bytes() + b"\nWerkbezoek Oslo (Noorwegen)\nHavens\ndoor wethouder Kasmi\nJanuari 2026\n",
        "anna",
        replaces=store.documents()[0].id,
    )
    store.carry_over(document, newer.key, {key: {"title": "Werkbezoek Kopenhagn (Denemarken), herzien"}}, "anna")
    at = run_beheer("pages/beheer.py")
    said = [m.value.replace("\\", "") for m in at.markdown]
    assert (
        "In versie-2.txt, reis “Werkbezoek Kopenhagn (Denemarken)”, de titel: “Werkbezoek Kopenhagn (Denemarken)”"
        " → “Werkbezoek Kopenhagen” (anna, 1 jan 2026 om 13:00)"
    ) in said, said


@pytest.mark.parametrize("lang, mark", [("nl", "."), ("en", ",")])
def test_documenten_writes_a_documents_size_as_the_language_writes_numbers(store, lang, mark):
    """A document of 2,013 bytes reads "2.013 B" in Dutch and "2,013 B" in English (it read "2,013 B" in both)."""
    seed = UPLOAD.parent.parent.parent / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"
    document = store.add_document(seed.name, seed.read_bytes(), "anna")
    assert document.size >= 1000
    at = run_beheer("pages/beheer.py", lang=lang)
    size = f"{document.size // 1000}{mark}{document.size % 1000:03d} B"
    assert any(f" · {size} · sha256 " in caption.value for caption in at.caption), [c.value for c in at.caption]


def page_links(at) -> dict[str, str]:
    """Every page link the run drew: its page and its query."""
    return {e.proto.page: e.proto.query_string for e in at.get("page_link")}


@pytest.mark.parametrize("page", ["pages/beheer.py", CONTROLE, HISTORY])
def test_every_link_on_a_beheer_page_keeps_english(store, page):
    """A link without ``lang`` is followed in Dutch: an English admin's links, to Beheer's pages and to the public
    ones, carry the language (a Dutch admin's need none)."""
    links = page_links(run_beheer(page, lang="en"))
    assert len(links) >= 8, links  # the five public pages and Beheer's own
    assert all(parse_qs(query) == {"lang": ["en"]} for query in links.values()), links
    assert all(not query for query in page_links(run_beheer(page, lang="nl")).values())
