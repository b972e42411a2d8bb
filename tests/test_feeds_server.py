"""The feeds served by the running app (``streamlit run`` on a free port, as `make run` does), read back by a
calendar library and a GIS-style geometry reader; conditional requests and bad parameters over real HTTP."""

from __future__ import annotations

import csv
import io
import json
import shutil
import urllib.error
import urllib.request
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import pytest

from tests.browser import StreamlitServer
from tests.conftest import SEED
from tests.facet_cases import FORMULAS, PAIRS

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("documents")
    shutil.copy(SEED, folder / SEED.name)
    (folder / "formules.txt").write_text(FORMULAS, encoding="utf-8")
    with StreamlitServer(folder, tmp_path_factory.mktemp("log") / "streamlit.log") as running:
        yield running


def fetch(url: str, **headers) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:  # 304 and 400 arrive as errors in urllib
        return err.code, dict(err.headers), err.read()


def test_a_calendar_subscribes_to_the_ics_feed(server):
    from icalendar import Calendar

    status, headers, body = fetch(
        server.url + "/feeds/reizen.ics?official=Schouten", **{"User-Agent": "Google-Calendar-Importer"}
    )
    assert status == 200 and headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    summaries = sorted(str(event["SUMMARY"]) for event in events)
    # Month-only trips say so in the entry (issue 9): "… (september 2025, dagen onbekend)".
    assert [summary.split(" (september 2025")[0] for summary in summaries] == [
        "Werkbezoek Johannesburg (Zuid-Afrika)",
        "Werkbezoek Tokio, Osaka en Kobe (Japan)",
    ]
    assert all(str(event["UID"]).endswith("@reisatlas") for event in events)
    assert any("CO₂" in str(event["DESCRIPTION"]) for event in events)
    # All-day entries (VALUE=DATE, not a time in some zone), one day for a month-only trip, stamped with the
    # documents' time: polled again, the same ETag comes with the same bytes.
    assert all(
        type(event.decoded("DTSTART")) is date
        and event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(days=1)
        for event in events
    )
    # The store has never changed here: no Last-Modified, and a fixed stamp (reisatlas.feeds.stamp), never now.
    assert {event.decoded("DTSTAMP") for event in events} == {datetime(2000, 1, 1, tzinfo=timezone.utc)}
    _, again, same = fetch(server.url + "/feeds/reizen.ics?official=Schouten")
    assert (again["etag"], same) == (headers["etag"], body)


def test_the_geojson_feed_reads_as_valid_geometry(server):
    from shapely.geometry import Point, shape

    status, headers, body = fetch(server.url + "/feeds/reizen.geojson?theme=onderwijs&lang=en")
    assert status == 200 and headers["content-type"].startswith("application/geo+json")
    collection = json.loads(body)
    assert collection["type"] == "FeatureCollection"
    geometries = [shape(feature["geometry"]) for feature in collection["features"]]
    assert all(isinstance(g, Point) and g.is_valid for g in geometries)
    stockholm = next(g for g, f in zip(geometries, collection["features"]) if f["properties"]["place"] == "Stockholm")
    assert stockholm.x == pytest.approx(18.07, abs=0.1) and stockholm.y == pytest.approx(59.33, abs=0.1)  # lon, lat
    assert {f["properties"]["mode"] for f in collection["features"]} == {"flight"}
    assert {f["properties"]["non_co2_kg"] for f in collection["features"]} == {241.3}  # Malmö's extra warming


def test_csv_and_json_feeds(server):
    status, headers, body = fetch(server.url + "/feeds/reizen.csv")
    assert status == 200 and headers["content-type"].startswith("text/csv") and body.startswith(b"\xef\xbb\xbfTitel,")
    status, headers, body = fetch(server.url + "/feeds/reizen.json?months=2025-07&official=Zeegers")
    assert status == 200 and headers["content-type"].startswith("application/json")
    assert [trip["title"] for trip in json.loads(body)] == ["Werkbezoek Brussel (België)"]
    (brussel,) = json.loads(body)  # by train: its CO₂, and no extra warming of flying
    assert (brussel["co2_kg"], brussel["non_co2_kg"], brussel["total_kg"]) == (4.5, 0.0, 4.5)


def test_the_csv_feed_neutralises_formulas_and_the_json_feed_keeps_the_text(server):
    _, _, body = fetch(server.url + "/feeds/reizen.csv?country=NO&official=Kasmi")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [row["Onderwerp"] for row in rows] == [
        '\'=HYPERLINK("http://example.invalid/","klik")',
        "'+31 10 123 4567 belt mee",
    ]
    assert [row["Beschrijving"][:10] for row in rows] == ["'@SUM(1+1)", "'-2+3 gaat"]
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row.values())
    _, _, body = fetch(server.url + "/feeds/reizen.json?country=NO&official=Kasmi")
    assert [trip["subtitle"] for trip in json.loads(body)] == [
        '=HYPERLINK("http://example.invalid/","klik")',
        "+31 10 123 4567 belt mee",
    ]


def test_an_unchanged_feed_is_answered_304_without_a_body(server):
    url = server.url + "/feeds/reizen.ics?theme=klimaat"
    status, headers, _ = fetch(url)
    # No Last-Modified while the store has never changed: no file's time stands in for it (issue 22); the ETag tells.
    assert status == 200 and headers["etag"] and "last-modified" not in headers
    status, again, body = fetch(url, **{"If-None-Match": headers["etag"]})
    assert (status, body) == (304, b"") and again["etag"] == headers["etag"]
    status, _, body = fetch(url, **{"If-Modified-Since": "Mon, 01 Jan 2024 00:00:00 GMT"})  # no date to compare
    assert status == 200 and body.startswith(b"BEGIN:VCALENDAR")


def test_a_bad_parameter_is_answered_400_with_the_reason(server):
    status, headers, body = fetch(server.url + "/feeds/reizen.csv?theme=ruimtevaart")
    assert status == 400 and headers["content-type"].startswith("text/plain")
    assert body.decode("utf-8").splitlines() == [  # one line in each language, naming what is allowed
        "onbekend thema 'ruimtevaart'; bekend: onderwijs, cultuur, zorg, sport, haven, economie, klimaat, wonen, mobiliteit, veiligheid, internationaal",
        "unknown theme 'ruimtevaart'; known: onderwijs, cultuur, zorg, sport, haven, economie, klimaat, wonen, mobiliteit, veiligheid, internationaal",
    ]
    status, _, body = fetch(server.url + "/feeds/reizen.csv?maand=2025-06&lang=en")
    assert status == 400 and body.decode("utf-8").splitlines() == [
        f"onbekende parameter 'maand'; toegestaan: {ALLOWED}",
        f"unknown parameter 'maand'; allowed: {ALLOWED}",
    ]


# Every facet of the registry (reisatlas.facets), then the search, the period and the language.
ALLOWED = "official, theme, country, municipality, mode, q, months, from, to, lang"


@pytest.mark.parametrize(
    "query, titles",
    [
        ("municipality=Rotterdam", 9),
        ("country=SE", ["Werkbezoek Malmö, Botkyrka en Stockholm (Zweden)"]),
        (
            "official=burgemeester%20Schouten",
            ["Werkbezoek Johannesburg (Zuid-Afrika)", "Werkbezoek Tokio, Osaka en Kobe (Japan)"],
        ),
        (
            "theme=Klimaat",
            [
                "Werkbezoek en handelsmissie Oslo (Noorwegen)",
                "Werkbezoek Brussel (België)",
                "Werkbezoek Tokio, Osaka en Kobe (Japan)",
            ],
        ),
    ],
)
def test_the_feeds_the_issue_named_answer_200_with_their_trips(server, query, titles):
    """Issue 16: these answered 400 (or were unknown parameters) while the same link worked in the app."""
    status, _, body = fetch(f"{server.url}/feeds/reizen.json?{query}")
    found = [trip["title"] for trip in json.loads(body)]
    assert status == 200 and (len(found) == titles if isinstance(titles, int) else found == titles)


@pytest.mark.parametrize("facet, value, id_, titles", PAIRS)
def test_every_facet_reads_a_value_as_links_and_the_command_line_do(server, facet, value, id_, titles):
    """The feeds' side of tests/test_facets.py: the same documents, values and trips."""
    from urllib.parse import urlencode

    status, _, body = fetch(f"{server.url}/feeds/reizen.json?{urlencode({facet: value, 'lang': 'en'})}")
    assert status == 200 and [trip["title"] for trip in json.loads(body)] == titles
    status, _, body = fetch(f"{server.url}/feeds/reizen.csv?{urlencode({facet: 'Nergensland'})}")
    lines = body.decode("utf-8").splitlines()
    assert status == 400 and len(lines) == 2 and all("'Nergensland'" in line for line in lines)


def test_the_app_and_its_finer_outlines_are_served_by_the_same_server(server):
    status, _, _ = fetch(server.url + "/_stcore/health")
    assert status == 200
    status, _, body = fetch(server.url + "/app/static/countries-50m.geojson")
    assert status == 200 and json.loads(body)["type"] == "FeatureCollection"


@pytest.mark.parametrize("name", ["places.csv", "texts.toml", "countries.geojson.md", "vendor/deck.gl-LICENSE.txt"])
def test_only_the_outlines_are_served_not_the_rest_of_data(server, name):
    status, _, _ = fetch(server.url + "/app/static/" + name)
    assert status == 404


PUBLISHED = """Werkbezoek Lissabon (Portugal)
Kennisuitwisseling over havens
door wethouder Kasmi
Maart 2026
De wethouder bezoekt de haven van Lissabon.
"""


def test_a_publication_in_beheer_reaches_the_feeds(tmp_path, monkeypatch):
    """A calendar that polls is told of a document published in Beheer on its next request, without a
    restart: a new ETag and Last-Modified, and the new trip in the feed."""
    from reisatlas.store import Store

    folder = tmp_path / "documents"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    monkeypatch.setenv("REISATLAS_STORE", str(tmp_path / "store.sqlite"))
    with StreamlitServer(folder, tmp_path / "streamlit.log") as running:
        url = running.url + "/feeds/reizen.json?official=Kasmi"
        status, before, body = fetch(url)
        assert status == 200 and "Lissabon" not in body.decode()
        assert fetch(url, **{"If-None-Match": before["etag"]})[0] == 304

        with Store(tmp_path / "store.sqlite") as store:
            document = store.add_document("lissabon.txt", PUBLISHED.encode(), "anna")
            store.set_status(document.id, "published", "anna")
            store_changed = store.changed_at().replace(microsecond=0)

        status, after, body = fetch(url, **{"If-None-Match": before["etag"]})
        assert status == 200 and after["etag"] != before["etag"]
        # Last-Modified is the publication's own time, as the store recorded it (none before: nothing changed yet).
        assert "last-modified" not in before and parsedate_to_datetime(after["last-modified"]) == store_changed
        assert any(trip["title"] == "Werkbezoek Lissabon (Portugal)" for trip in json.loads(body))
