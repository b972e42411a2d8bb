"""The feeds as a library: parameters → selection, body, content type and the conditional-request headers."""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import datetime, timezone

import pytest

from reisatlas.errors import SelectionError
from reisatlas.feeds import FEEDS, answer, atlas_version, feed_url, parse_params
from reisatlas.selection import stops_frame, trips_frame

WHEN = datetime(2025, 5, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def atlas(seed_atlas):
    return trips_frame(seed_atlas.trips), stops_frame(seed_atlas.trips)


def get(atlas, name, params=(), **headers):
    trips, stops = atlas
    return answer(name, list(params), trips, stops, version="v1", modified=WHEN, **headers)


@pytest.mark.parametrize(
    "name, media_type",
    [
        ("reizen.ics", "text/calendar"),
        ("reizen.geojson", "application/geo+json"),
        ("reizen.csv", "text/csv"),
        ("reizen.json", "application/json"),
    ],
)
def test_each_feed_has_its_content_type_and_cache_headers(atlas, name, media_type):
    response = get(atlas, name)
    assert response.status == 200
    assert response.headers["Content-Type"].startswith(media_type)
    assert (
        response.headers["ETag"].startswith('"')
        and response.headers["Last-Modified"] == "Thu, 01 May 2025 12:00:00 GMT"
    )


def test_filters_are_the_apps_link_parameters(atlas):
    rows = list(
        csv.DictReader(io.StringIO(get(atlas, "reizen.csv", [("official", "Schouten")]).body.decode("utf-8-sig")))
    )
    assert len(rows) == 2 and all("Schouten" in row["Bewindspersonen"] for row in rows)
    trips = json.loads(get(atlas, "reizen.json", [("months", "2025-07"), ("months", "2025-08"), ("lang", "en")]).body)
    assert [trip["title"] for trip in trips] == ["Werkbezoek Richmond (Canada)", "Werkbezoek Brussel (België)"]
    assert trips[1]["mode"] == "train" and trips[1]["stops"][0]["name"] == "Brussels"  # English, as asked
    assert trips[1]["stops"][0]["name_as_written"] == "Brussel"


def test_every_feed_gives_every_trip_its_co2_and_a_flights_extra_warming_apart(atlas):
    """The seed's Malmö trip by hand (tests/test_emissions.py): 292.2 kg CO₂ + 241.3 kg extra warming = 533.5 kg."""
    malmo = "Werkbezoek Malmö, Botkyrka en Stockholm (Zweden)"
    trips = json.loads(get(atlas, "reizen.json", [("lang", "en")]).body)
    assert len(trips) == 7 and all(trip["co2_kg"] > 0 for trip in trips)
    assert all((trip["non_co2_kg"] > 0) == (trip["mode"] == "flight") for trip in trips)
    (mine,) = [trip for trip in trips if trip["title"] == malmo]
    assert (mine["co2_kg"], mine["non_co2_kg"], mine["total_kg"]) == (292.2, 241.3, 533.5)
    features = json.loads(get(atlas, "reizen.geojson").body)["features"]
    assert {f["properties"]["title"]: f["properties"]["non_co2_kg"] for f in features}[malmo] == 241.3
    rows = list(csv.DictReader(io.StringIO(get(atlas, "reizen.csv", [("lang", "en")]).body.decode("utf-8-sig"))))
    assert all(float(row["CO₂ kg per traveller, fuel and construction (estimate)"]) > 0 for row in rows)
    (row,) = [row for row in rows if row["Title"] == malmo]
    assert row["Extra warming of flying kg CO₂e (non-CO₂, estimate)"] == "241.3"
    assert row["Total kg CO₂e incl. extra warming (estimate)"] == "533.5"
    calendar = get(atlas, "reizen.ics", [("lang", "en")]).body.decode("utf-8").replace("\r\n ", "")
    assert calendar.count("kg CO₂") >= 7 and "about 240 kg CO₂-equivalent of extra warming" in calendar


def test_an_empty_selection_is_an_empty_feed_not_an_error(atlas):
    response = get(atlas, "reizen.geojson", [("q", "nergens te vinden")])
    assert response.status == 200 and json.loads(response.body)["features"] == []


@pytest.mark.parametrize(
    "params, says",
    [
        ([("officiall", "Schouten")], "onbekende parameter 'officiall'"),
        ([("official", "Nobody")], "onbekende bewindspersoon 'Nobody'"),
        ([("theme", "ruimtevaart")], "onbekend thema 'ruimtevaart'"),
        ([("months", "juni")], "months 'juni': verwacht een maand als YYYY-MM"),
        ([("country", "XX")], "onbekend land 'XX'"),
        ([("lang", "de")], "unknown language 'de'; choose from: nl, en"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(atlas, params, says):
    response = get(atlas, "reizen.ics", params)
    assert response.status == 400 and response.headers["Content-Type"].startswith("text/plain")
    assert says in response.body.decode("utf-8")


def test_an_unknown_feed_is_a_404(atlas):
    assert get(atlas, "reizen.xlsx").status == 404


def test_a_conditional_request_for_an_unchanged_feed_is_a_304_without_body(atlas):
    first = get(atlas, "reizen.ics", [("theme", "klimaat")])
    again = get(atlas, "reizen.ics", [("theme", "klimaat")], if_none_match=first.headers["ETag"])
    assert (again.status, again.body) == (304, b"") and again.headers["ETag"] == first.headers["ETag"]
    assert get(atlas, "reizen.ics", if_modified_since=first.headers["Last-Modified"]).status == 304
    # Another question, another atlas: a full answer.
    assert get(atlas, "reizen.ics", [("theme", "haven")], if_none_match=first.headers["ETag"]).status == 200
    trips, stops = atlas
    changed = answer(
        "reizen.ics",
        [("theme", "klimaat")],
        trips,
        stops,
        version="v2",
        modified=WHEN,
        if_none_match=first.headers["ETag"],
    )
    assert changed.status == 200


@pytest.mark.parametrize(
    "headers, status",
    [
        ({"if_modified_since": "Thu, 01 May 2025 12:00:00 GMT"}, 304),  # the Last-Modified itself
        ({"if_modified_since": "Thu, 01 May 2025 11:59:59 GMT"}, 200),  # a second before it: changed since
        ({"if_modified_since": "Thu, 01 May 2025 12:00:00"}, 200),  # no zone: not a valid HTTP date
        ({"if_modified_since": "gisteren"}, 200),
        (
            {"if_none_match": '"another"', "if_modified_since": "Thu, 01 May 2025 12:00:00 GMT"},
            200,
        ),  # If-None-Match wins
        ({"if_none_match": "*"}, 304),
    ],
)
def test_if_modified_since_and_if_none_match_as_http_reads_them(atlas, headers, status):
    assert get(atlas, "reizen.csv", **headers).status == status


def test_the_same_etag_comes_with_the_same_bytes(atlas):
    """A strong ETag promises identical bytes: the calendar's DTSTAMP is the documents' time, not the clock's."""
    from icalendar import Calendar

    response = get(atlas, "reizen.ics")
    stamps = {event.decoded("DTSTAMP") for event in Calendar.from_ical(response.body).walk("VEVENT")}
    assert stamps == {WHEN}


def test_parse_params_accepts_a_mapping_as_a_web_framework_gives_it(atlas):
    selection, lang = parse_params({"official": ["Kasmi"], "lang": "en"}, atlas[0])
    assert selection.officials == ("Kasmi",) and lang == "en"
    with pytest.raises(SelectionError):
        parse_params({"months": ["2025-13"]}, atlas[0])


def test_feed_addresses_and_atlas_versions():
    assert (
        feed_url("http://localhost:8501/", "ics", [("official", "Kasmi"), ("colour", "theme")])
        == "http://localhost:8501/feeds/reizen.ics?official=Kasmi"
    )
    assert set(FEEDS.values()) == {"ics", "geojson", "csv", "json"}
    assert atlas_version([("a", "1")]) != atlas_version([("a", "2")])


def test_two_checkouts_of_the_same_documents_give_the_same_etag_and_last_modified(tmp_path):
    """Two machines (or two checkouts) serving the same documents answer with the same validators: the version
    names documents by name and content, not by the folder they lie in, and Last-Modified is no file's time."""
    from reisatlas.feeds import last_modified

    one, two = tmp_path / "one" / "seeds", tmp_path / "two" / "seeds"
    for folder, mtime in ((one, 1_700_000_000), (two, 1_760_000_000)):
        folder.mkdir(parents=True)
        (folder / "overzicht.txt").write_text("Werkbezoek Gent (België)\n")
        os.utime(folder / "overzicht.txt", (mtime, mtime))
    assert atlas_version([(str(one / "overzicht.txt"), "ab")], 3) == atlas_version(
        [(str(two / "overzicht.txt"), "ab")], 3
    )
    # As the feeds read each checkout (ui/feeds.py): the documents' content hashes, then the version.
    from ui.atlas import fingerprint

    assert fingerprint(one) != fingerprint(two)  # other paths, other times ...
    assert atlas_version(fingerprint(one), 3) == atlas_version(fingerprint(two), 3)  # ... one version
    (two / "overzicht.txt").write_text("Werkbezoek Gent (België)\nWerkbezoek Oslo (Noorwegen)\n")
    os.utime(two / "overzicht.txt", (1_700_000_000, 1_700_000_000))  # the first checkout's time, other content
    assert atlas_version(fingerprint(one), 3) != atlas_version(fingerprint(two), 3)
    assert atlas_version([(str(one / "overzicht.txt"), "ab")], 3) != atlas_version(
        [(str(one / "overzicht.txt"), "ab")], 4
    )
    assert last_modified(None) is None  # a store never changed: no Last-Modified, the ETag tells
    assert last_modified(datetime(2026, 12, 5, 18, 30, 14, 512, tzinfo=timezone.utc)) == datetime(
        2026, 12, 5, 18, 30, 14, tzinfo=timezone.utc
    )
