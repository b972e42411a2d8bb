"""What Beheer's corrections do to the public side: whatever admins correct and undo, every public page (in
both languages), every export and every feed still answers, and a place corrected by hand is named in words.

The store is a real SQLite file; the pages run under AppTest, the exports and feeds through the library the
server uses (``reisatlas.exports.render``, ``reisatlas.feeds.answer``) over the atlas the app loads.
"""

from __future__ import annotations

import io
import os
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from apptest import fresh_store, run_app
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reisatlas.atlas import load_atlas, read_document
from reisatlas.exports import FORMATS, render
from reisatlas.feeds import FEEDS, answer
from reisatlas.i18n import LANGUAGES, t
from reisatlas.store import ConflictError, Store, StoreError, folder_key
from reisatlas.store.corrections import field_value, trip_keys
from reisatlas.themes import load_themes
from ui.parts import literal

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"
UPLOAD = ROOT / "tests" / "documents" / "beheer_warnings.txt"  # "Kopenhagn", a trip without official or period
PUBLIC_PAGES = ["pages/kaart.py", "pages/reizen.py", "pages/tijdlijn.py", "pages/presentatie.py", "pages/over.py"]
SCALE = int(os.environ.get("REISATLAS_FUZZ_SCALE", "1"))
WHEN = datetime(2026, 1, 1, tzinfo=timezone.utc)


def seed_and_upload(offline_geocoder, store):
    """(document key, its trips as read) for the seed and the published upload."""
    upload = store.sources("published")[0]
    return [
        (folder_key(SEED.name), read_document(SEED, offline_geocoder).trips),
        (upload.key, read_document(upload, offline_geocoder).trips),
    ]


def place_by_coordinates(store, document: str, trips, index: int, lat: float, lon: float) -> None:
    """What Controleren saves for "55.676, 12.568" typed at a trip's first stop."""
    stops = field_value(trips[index], "stops")
    stops[0] = {**stops[0], "lat": lat, "lon": lon}
    store.save_correction(
        document,
        trip_keys(trips)[index],
        "stops",
        stops,
        "anna",
        expected_version=0,
        original=field_value(trips[index], "stops"),
    )


def test_a_place_corrected_by_coordinates_is_named_in_words_on_over_and_in_excel(offline_geocoder):
    from openpyxl import load_workbook

    with fresh_store() as store:
        (_, _), (upload, trips) = seed_and_upload(offline_geocoder, store)
        assert trips[0].stops[0].name == "Kopenhagn" and not trips[0].stops[0].resolved
        place_by_coordinates(store, upload, trips, 0, 55.676, 12.568)
        for lang, words in (("nl", "met de hand geplaatst in Beheer"), ("en", "placed by hand in Beheer (admin)")):
            at = run_app({"lang": lang}, "pages/over.py")  # fails on any exception
            (table,) = [frame.value for frame in at.dataframe if t("geocoded_by", lang) in frame.value.columns]
            placed = table[table[t("places", lang)] == "Kopenhagn"]
            assert list(placed[t("geocoded_by", lang)]) == [words]
            assert list(placed["lat"]) == [55.676]

            atlas = load_atlas([SEED, *store.sources("published")], offline_geocoder, fixes=store.fixes_for)
            workbook = load_workbook(io.BytesIO(render("xlsx", atlas.trips, atlas.stops, lang=lang)))
            header, *rows = workbook[t("places", lang)].iter_rows(values_only=True)
            name, by = header.index(t("stop_column_name", lang)), header.index(t("stop_column_source", lang))
            assert [row[by] for row in rows if row[name] == "Kopenhagn"] == [words]


def test_a_day_cleared_by_hand_is_saved_and_undone(tmp_path, seed_atlas):
    """Controleren saves an emptied day as None: the store keeps it (JSON null), the trip has no day, and undo
    brings the one before back. (Found by the property below: the store refused it with a NOT NULL error.)"""
    from reisatlas.fixes import apply_corrections

    trips = seed_atlas.trips
    key = trip_keys(trips)[0]
    with Store(tmp_path / "store.sqlite") as store:
        store.save_correction("file:a.txt", key, "start", "2025-06-02", "anna", expected_version=0)
        store.save_correction("file:a.txt", key, "start", None, "anna", expected_version=1, original="2025-06-02")
        assert store.correction("file:a.txt", key, "start").value is None
        corrected, _ = apply_corrections(trips, store.corrections("file:a.txt"))
        assert corrected[0].start is None
        store.undo(store.history()[0].id, "bob")
        assert store.correction("file:a.txt", key, "start").value == "2025-06-02"


def test_a_split_trip_and_an_empty_official_leave_the_trip_list_and_the_map_answering(offline_geocoder):
    """What the property below found with @seed(117084677024700885337296729797529465892): a split trip's parts
    share title and months, and the trip list keyed both expanders alike (StreamlitDuplicateElementKey); an
    official saved with no role and no name stopped the officials filter (IndexError)."""
    with fresh_store() as store:
        (seed, trips), _ = seed_and_upload(offline_geocoder, store)
        many = next(i for i, trip in enumerate(trips) if len(trip.stops) >= 2)
        key = trip_keys(trips)[many]
        store.save_correction(seed, key, "split", [[0], [1]], "anna", expected_version=0)
        store.save_correction(seed, key, "officials", [{"role": "", "name": ""}], "anna", expected_version=0)
        for lang in LANGUAGES:
            at = run_app({"lang": lang}, "pages/reizen.py")  # fails on any exception
            parts = [e.label for e in at.expander if e.label.startswith(literal(trips[many].title))]
            assert len(parts) == 2, parts
            run_app({"lang": lang}, "pages/kaart.py")


# -- any sequence of corrections and undos ----------------------------------------------------------------------

THEMES = [theme.id for theme in load_themes()]
text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
month = st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2024, 2027), st.integers(1, 12))
day = st.one_of(st.none(), st.dates(date(2024, 1, 1), date(2027, 12, 31)).map(date.isoformat))
point = st.one_of(st.none(), st.tuples(st.floats(-90, 90, allow_nan=False), st.floats(-180, 180, allow_nan=False)))


def field_values(draw, trip, others: list[str]):
    """One field and a value for it, in the shapes Controleren saves."""
    field = draw(
        st.sampled_from(
            ["title", "subtitle", "description", "costs", "officials", "months", "start", "end", "themes", "stops"]
            + ["removed", "split", "joined"]
        )
    )
    if field in ("title", "subtitle", "description", "costs"):
        return field, draw(text)
    if field == "officials":
        return field, draw(
            st.lists(st.fixed_dictionaries({"role": st.sampled_from(["wethouder", "burgemeester", ""]), "name": text}))
        )
    if field == "months":
        return field, sorted(set(draw(st.lists(month, max_size=4))))
    if field in ("start", "end"):
        return field, draw(day)
    if field == "themes":
        return field, draw(st.lists(st.sampled_from(THEMES), unique=True, max_size=3))
    if field == "stops":
        stops = field_value(trip, "stops")
        for stop in stops:
            where = draw(point)
            if where is not None:
                stop.update(lat=where[0], lon=where[1])
        return field, stops
    if field == "removed":
        return field, draw(st.booleans())
    if field == "split":
        count = len(trip.stops)
        return field, draw(st.lists(st.lists(st.integers(0, max(count - 1, 0)), min_size=1), max_size=3))
    return field, draw(st.lists(st.sampled_from(others), unique=True, max_size=2)) if others else []


@st.composite
def actions(draw, documents):
    """A list of what admins do: save a field, undo a change, put a field back, keep a reviewed place, publish
    or withdraw the upload, add a trip."""
    done = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["save", "save", "save", "undo", "undo", "delete", "place", "status", "add"]))
        document, trips = draw(st.sampled_from(documents))
        keys = trip_keys(trips)
        index = draw(st.integers(0, len(trips) - 1))
        if kind == "save":
            field, value = field_values(draw, trips[index], [k for k in keys if k != keys[index]])
            part = draw(st.sampled_from(["", "/0", "/1"]))  # a part of a split trip takes its own corrections
            done.append(("save", document, keys[index] + part, field, value, field_value(trips[index], field)))
        elif kind == "undo":
            done.append(("undo", draw(st.integers(0, 10))))
        elif kind == "delete":
            done.append(("delete", document, keys[index], draw(st.sampled_from(["stops", "title", "removed"]))))
        elif kind == "place":
            stop = draw(st.sampled_from([s for trip in trips for s in trip.stops]))
            where = draw(point.filter(bool))
            done.append(("place", stop.name, stop.country_code or "SE", *where))
        elif kind == "status":
            done.append(("status", draw(st.sampled_from(["published", "withdrawn", "draft"]))))
        else:
            title = draw(text.filter(str.strip))
            where = draw(point)
            stop = {"name": draw(text), "country": "DK", "country_code": draw(st.sampled_from(["DK", None]))}
            stop.update(lat=where[0] if where else None, lon=where[1] if where else None)
            trip = {"title": title, "kind": "Werkbezoek", "officials": [], "months": draw(st.lists(month, max_size=2))}
            done.append(("add", document, f"added-{draw(st.integers(0, 3))}", {**trip, "stops": [stop]}))
    return done


def carry_out(store, done) -> None:
    """Do each action as the Beheer pages would; what the store refuses (a conflict, an undo of an undone
    change) is refused as it would be there."""
    for action in done:
        try:
            if action[0] == "save":
                _, document, key, field, value, original = action
                current = store.correction(document, key, field)
                store.save_correction(
                    document,
                    key,
                    field,
                    value,
                    "anna",
                    expected_version=current.version if current else 0,
                    original=original,
                )
            elif action[0] == "undo":
                undoable = [c for c in store.history() if c.action in store.UNDOABLE and c.undone_by is None]
                if undoable:
                    store.undo(undoable[action[1] % len(undoable)].id, "bob")
            elif action[0] == "delete":
                _, document, key, field = action
                current = store.correction(document, key, field)
                if current:
                    store.delete_correction(document, key, field, "bob", expected_version=current.version)
            elif action[0] == "place":
                _, name, code, lat, lon = action
                store.save_place(name, code, lat, lon, "Beheer", "anna")
            elif action[0] == "status":
                upload = store.documents()[0]
                store.set_status(upload.id, action[1], "anna")
            else:
                _, document, key, trip = action
                current = store.correction(document, key, "added")
                store.save_correction(
                    document, key, "added", trip, "anna", expected_version=current.version if current else 0
                )
        except (ConflictError, StoreError):
            pass


def every_export_and_feed_answers(store, offline_geocoder) -> None:
    atlas = load_atlas([SEED, *store.sources("published")], offline_geocoder, fixes=store.fixes_for)
    for lang in LANGUAGES:
        for format in FORMATS:
            if format in ("mp4", "gif"):  # a video needs a trip with a month (tests/test_video.py)
                continue
            if format not in ("png", "html") or SCALE > 1:  # the slide and the page: slow, and drawn from the same
                assert render(format, atlas.trips, atlas.stops, lang=lang, allow_empty=True)
        for name in FEEDS:
            response = answer(name, [("lang", lang)], atlas.trips, atlas.stops, version="v", modified=WHEN)
            assert response.status == 200, response.body


FEW = settings(
    max_examples=12 * SCALE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def documents(offline_geocoder):
    with fresh_store() as store:
        return seed_and_upload(offline_geocoder, store)


@FEW
@given(data=st.data())
def test_any_corrections_and_undos_leave_every_export_and_feed_answering(data, documents, offline_geocoder):
    done = data.draw(actions(documents))
    with fresh_store() as store:
        carry_out(store, done)
        every_export_and_feed_answers(store, offline_geocoder)


@settings(FEW, max_examples=4 * SCALE)
@given(data=st.data())
def test_any_corrections_and_undos_leave_every_public_page_answering_in_both_languages(
    data, documents, offline_geocoder
):
    done = data.draw(actions(documents))
    with fresh_store() as store:
        carry_out(store, done)
        for lang in LANGUAGES:
            for page in PUBLIC_PAGES:
                run_app({"lang": lang}, page)  # fails on any exception
