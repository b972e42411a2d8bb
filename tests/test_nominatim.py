"""The online layer: geopy's real Nominatim and RateLimiter, against a Nominatim stand-in on 127.0.0.1.

Nothing here leaves the machine: every server is ``tests/nominatim_server.py`` on a free local port,
every cache file lives in ``tmp_path``.
"""

from __future__ import annotations

import json
import threading

import pytest
from nominatim_server import NominatimServer, Reply, place

from reisatlas.atlas import read_document
from reisatlas.geocoding import (
    USER_AGENT,
    AnswerCache,
    Gazetteer,
    Geocoder,
    Location,
    NominatimLayer,
    default_geocoder,
)

TUMBA = place(59.1996, 17.8353, "Tumba, Botkyrka kommun, Stockholms län, Sverige", "se")
ALBY = place(59.2394, 17.8453, "Alby, Botkyrka, Sverige", "se")
# Not in GeoNames nor in data/places.csv: only Nominatim (here: the stand-in) can place it.
INVENTED = "Skogsbrynsvik"
INVENTED_PLACE = place(59.3012, 18.1234, "Skogsbrynsvik, Sverige", "se")
# Seconds the client waits for an answer. A planned answer comes at once, but a loaded machine (CI runs two
# workers beside Chromium) can hold it back for more than a second: only a test that makes the server hang
# waits the short time, so an answer is never taken for a timeout.
ANSWER_TIMEOUT = 10  # production's timeout
SHORT_TIMEOUT = 0.3  # for the server's planned hangs (HANG seconds)
HANG = 30


class FakeClock:
    """A pace's clock (reisatlas.geocoding.nominatim.Clock) that never waits: ``sleep`` moves ``now`` on at once.
    Handed to the layer and to the stand-in server alike, the server stamps each request in the same time the
    RateLimiter keeps, so the measured gaps are the pace itself, not the machine's load."""

    def __init__(self) -> None:
        self.time = 1000.0
        self.slept: list[float] = []
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self.time

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.slept.append(seconds)
            self.time += max(seconds, 0)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def server(clock):
    with NominatimServer(clock=clock.now) as running:
        yield running


@pytest.fixture(autouse=True)
def fresh_pacing(monkeypatch):
    """Each test starts with no request budget or pause remembered: a later server may reuse a port."""
    from reisatlas.geocoding.nominatim import _Pace

    monkeypatch.setattr(_Pace, "_by_domain", {})


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer()


def online_layer(server: NominatimServer, cache_path, **options) -> NominatimLayer:
    """The production layer pointed at the local server; quick unless the test asks for production pacing."""
    options = {"timeout": ANSWER_TIMEOUT, "min_delay_seconds": 0, "pause_seconds": 0, **options}
    return NominatimLayer(AnswerCache(cache_path), domain=server.domain, scheme="http", **options)


def online_geocoder(server: NominatimServer, cache_path, gazetteer: Gazetteer, **options) -> Geocoder:
    options = {"domain": server.domain, "scheme": "http", "timeout": ANSWER_TIMEOUT, "min_delay_seconds": 0, **options}
    return default_geocoder(online=True, cache_path=cache_path, gazetteer=gazetteer, nominatim=options)


def cached(cache_path) -> dict:
    return json.loads(cache_path.read_text(encoding="utf-8")) if cache_path.exists() else {}


# --- what is sent ---------------------------------------------------------------------------------


def test_a_found_place_comes_from_nominatim_and_goes_to_the_cache(server, tmp_path):
    server.answer("Tumba", [TUMBA])
    cache_path = tmp_path / "geocode_cache.json"

    location = online_layer(server, cache_path).lookup("Tumba", "SE")

    assert location == Location(59.1996, 17.8353, "nominatim")
    assert cached(cache_path) == {"SE|tumba": {"lat": 59.1996, "lon": 17.8353}}


def test_the_request_is_constrained_to_the_country_and_names_reisatlas(server, tmp_path):
    server.answer("Tumba", [TUMBA])

    online_layer(server, tmp_path / "cache.json").lookup("Tumba", "SE")

    [request] = server.seen()
    assert request.path == "/search"
    assert request.params["q"] == "Tumba"
    assert request.params["countrycodes"] == "se"
    assert request.params["format"] == "json"
    assert request.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("reisatlas/") and "Rotterdam" in USER_AGENT


def test_production_settings_are_polite_and_bounded(tmp_path):
    from geopy.adapters import URLLibAdapter

    layer = NominatimLayer(AnswerCache(tmp_path / "cache.json"))  # builds a client; sends nothing

    assert layer.service.api == "https://nominatim.openstreetmap.org/search"
    assert layer.service.headers["User-Agent"] == USER_AGENT
    assert layer.service.timeout == 10
    assert layer.pace.limiter.min_delay_seconds == 1
    assert layer.pace.limiter.max_retries == 0
    # geopy's default RequestsAdapter retries timeouts and 429s behind the RateLimiter's back.
    assert isinstance(layer.service.adapter, URLLibAdapter)


# --- answers and failures -----------------------------------------------------------------------


def test_not_found_is_cached_and_never_asked_again(server, tmp_path):
    server.answer("Nergenshuizen", [])
    cache_path = tmp_path / "cache.json"

    assert online_layer(server, cache_path).lookup("Nergenshuizen", "SE") is None
    assert cached(cache_path) == {"SE|nergenshuizen": None}
    assert online_layer(server, cache_path).lookup("NERGENSHUIZEN", "SE") is None  # a later run

    assert len(server.seen()) == 1


def test_a_place_in_another_country_is_not_an_answer(server, tmp_path):
    server.answer("Richmond", [place(37.5538, -77.4603, "Richmond, Virginia, United States", "us")])
    cache_path = tmp_path / "cache.json"

    assert online_layer(server, cache_path).lookup("Richmond", "CA") is None
    assert cached(cache_path) == {"CA|richmond": None}


MALFORMED = {
    "not JSON": b"<html><body>Bad Gateway</body></html>",
    "truncated JSON": b'[{"lat": "59.19',
    "empty body": b"",
    "an object, not a list": b'{"lat": "59.2", "lon": "17.8"}',
    "an error object": b'{"error": "Nothing to see here"}',
    "a list of numbers": b"[1, 2]",
    "a string": b'"Tumba"',
    # geopy reads a result without coordinates as (0, 0)
    "no coordinates": b'[{"display_name": "Tumba, Sverige"}]',
    "coordinates not numbers": b'[{"lat": "noord", "lon": "oost", "display_name": "Tumba"}]',
    "latitude off the globe": b'[{"lat": "159.2", "lon": "17.8", "display_name": "Tumba"}]',
    "not a number": b'[{"lat": "NaN", "lon": "17.8", "display_name": "Tumba"}]',
    "null island": b'[{"lat": "0.0", "lon": "0.0", "display_name": "Tumba"}]',
}
FAILURES = {
    "429 too many requests": lambda server: server.fail("Tumba", 429),
    "429 with Retry-After: 0": lambda server: server.fail("Tumba", 429, retry_after=0),
    "500 server error": lambda server: server.fail("Tumba", 500),
    "503 unavailable": lambda server: server.fail("Tumba", 503),
    "timeout": lambda server: server.hang("Tumba", HANG),
    **{
        f"malformed: {case}": (lambda body: lambda server: server.reply("Tumba", Reply(body=body)))(body)
        for case, body in MALFORMED.items()
    },
}


@pytest.mark.filterwarnings("ignore:Latitude normalization:UserWarning")  # geopy, on the off-globe answer
@pytest.mark.parametrize("case", FAILURES)
def test_a_failure_leaves_the_place_unresolved_uncached_and_asked_once(server, tmp_path, case):
    FAILURES[case](server)
    cache_path = tmp_path / "cache.json"
    timeout = SHORT_TIMEOUT if case == "timeout" else ANSWER_TIMEOUT

    assert online_layer(server, cache_path, timeout=timeout).lookup("Tumba", "SE") is None  # never raises
    assert len(server.seen()) == 1  # no retry: not by the RateLimiter, not by an HTTP adapter
    assert "SE|tumba" not in cached(cache_path)

    server.answer("Tumba", [TUMBA])  # the service recovered; a later run asks again
    assert online_layer(server, cache_path).lookup("Tumba", "SE") == Location(59.1996, 17.8353, "nominatim")
    assert len(server.seen()) == 2


def test_a_timeout_costs_the_timeout_and_no_more(server, tmp_path):
    """The client gives up after its timeout instead of waiting for the hanging server (HANG s). The upper
    bound is a third of the hang, not the timeout plus a little: on a loaded machine the lookup's own work
    can take seconds, and what this guards against is waiting for the server (30 s) or retrying on it
    (one request seen: test_a_failure_leaves_the_place_unresolved_uncached_and_asked_once)."""
    import time

    server.hang("Tumba", HANG)
    layer = online_layer(server, tmp_path / "cache.json", timeout=SHORT_TIMEOUT)
    started = time.monotonic()

    assert layer.lookup("Tumba", "SE") is None

    assert SHORT_TIMEOUT <= time.monotonic() - started < HANG / 3
    assert len(server.seen()) == 1


@pytest.mark.parametrize("slow_down", ["429", "timeout", "503"])
def test_after_slow_down_or_timeout_nominatim_is_left_alone_for_a_while(server, tmp_path, slow_down):
    if slow_down == "timeout":
        server.hang("Tumba", HANG)
    else:
        server.fail("Tumba", int(slow_down))
    server.answer("Alby", [ALBY])
    timeout = SHORT_TIMEOUT if slow_down == "timeout" else ANSWER_TIMEOUT
    layer = online_layer(server, tmp_path / "cache.json", pause_seconds=60, timeout=timeout)
    other_session = online_layer(server, tmp_path / "other.json", pause_seconds=60)

    assert layer.lookup("Tumba", "SE") is None
    assert layer.lookup("Alby", "SE") is None  # not asked: the service wants a rest
    assert other_session.lookup("Alby", "SE") is None  # from this process at all

    assert [r.query for r in server.seen()] == ["Tumba"]
    assert "SE|alby" not in cached(tmp_path / "cache.json")


def test_the_pause_ends(server, tmp_path, clock):
    """A pause of PAUSE s: the lookup right after the 429 is refused; once the pace's clock has gone PAUSE s on,
    the next is asked."""
    pause = 3
    server.fail("Tumba", 429)
    server.answer("Alby", [ALBY])
    layer = online_layer(server, tmp_path / "cache.json", pause_seconds=pause, clock=clock)

    assert layer.lookup("Tumba", "SE") is None
    assert layer.lookup("Alby", "SE") is None
    assert [r.query for r in server.seen()] == ["Tumba"]  # refused unasked, not asked and failed
    clock.sleep(pause - 0.01)
    assert layer.lookup("Alby", "SE") is None  # not a moment before the pause is over
    clock.sleep(0.01)
    assert layer.lookup("Alby", "SE") == Location(59.2394, 17.8453, "nominatim")


def test_a_longer_retry_after_is_honoured(server, tmp_path):
    server.fail("Tumba", 429, retry_after=3600)
    server.answer("Alby", [ALBY])
    layer = online_layer(server, tmp_path / "cache.json", pause_seconds=0)

    layer.lookup("Tumba", "SE")

    assert layer.lookup("Alby", "SE") is None
    assert [r.query for r in server.seen()] == ["Tumba"]


def test_a_server_error_does_not_pause_the_layer(server, tmp_path):
    server.fail("Tumba", 500)
    server.answer("Alby", [ALBY])
    layer = online_layer(server, tmp_path / "cache.json", pause_seconds=60)

    layer.lookup("Tumba", "SE")

    assert layer.lookup("Alby", "SE") == Location(59.2394, 17.8453, "nominatim")


def test_a_cache_that_cannot_be_written_does_not_stop_the_answer(server, tmp_path):
    server.answer("Tumba", [TUMBA])
    (tmp_path / "a-file").write_text("not a folder")

    layer = online_layer(server, tmp_path / "a-file" / "cache.json")

    assert layer.lookup("Tumba", "SE") == Location(59.1996, 17.8353, "nominatim")
    assert layer.lookup("Tumba", "SE") == Location(59.1996, 17.8353, "cache")  # kept in memory
    assert len(server.seen()) == 1


# --- pacing ---------------------------------------------------------------------------------------


def assert_one_request_per_second(server: NominatimServer, clock: FakeClock) -> None:
    """The server saw the requests at least one second apart in the pace's time, and the limiter waited for it
    (without a limiter, or with one per layer, the gaps are zero)."""
    intervals = server.intervals()
    assert min(intervals) >= 1 - 1e-9, intervals
    assert sum(clock.slept) >= len(intervals) - 1e-9, clock.slept


def test_never_more_than_one_request_per_second(server, tmp_path, clock):
    """Production pacing (min_delay_seconds=1) across answers and failures alike, as the server saw it."""
    server.answer("Tumba", [TUMBA])
    server.answer("Nergenshuizen", [])
    server.fail("Alby", 500)
    server.fail("Hallunda", 429, retry_after=0)  # geopy's default adapter would retry this one itself
    server.hang("Fittja", HANG)  # ... and this one
    server.answer("Norsborg", [place(59.2437, 17.8398, "Norsborg, Botkyrka, Sverige", "se")])
    # The short timeout for Fittja's hang; an answer that a loaded machine holds back past it is one more failure,
    # which changes neither what is asked (pause_seconds=0) nor the pace.
    layer = online_layer(server, tmp_path / "cache.json", min_delay_seconds=1, timeout=SHORT_TIMEOUT, clock=clock)

    for name in ["Tumba", "Nergenshuizen", "Alby", "Hallunda", "Fittja", "Norsborg"]:
        layer.lookup(name, "SE")

    assert [r.query for r in server.seen()] == ["Tumba", "Nergenshuizen", "Alby", "Hallunda", "Fittja", "Norsborg"]
    assert_one_request_per_second(server, clock)


def test_one_request_per_second_also_across_layers_of_concurrent_sessions(tmp_path):
    """The app builds a geocoder per load and per session; the budget is the server's, not the layer's.

    In real time: two threads sleeping at once cannot share a clock that jumps, so this one waits its 3 s.
    The server stamps a request when it accepts it, which on a loaded machine can lag the moment the
    RateLimiter let it go by a few tenths of a second (seen: 0.2 s under two CPU hogs), shortening the gap
    measured before it and lengthening the one after. Without a shared limiter the gaps are milliseconds, so
    half a second still tells them apart; the total span keeps the pace honest over all requests."""
    from concurrent.futures import ThreadPoolExecutor

    slack = 0.8

    def browse(session):
        layer, names = session
        for name in names:
            layer.lookup(name, "SE")

    with NominatimServer() as server:
        sessions = [
            (online_layer(server, tmp_path / "a.json", min_delay_seconds=1), ["Tumba", "Alby"]),
            (online_layer(server, tmp_path / "b.json", min_delay_seconds=1), ["Fittja", "Norsborg"]),
        ]
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(browse, sessions))
        intervals = server.intervals()

    assert len(intervals) == 3
    assert min(intervals) >= 1 - slack, intervals
    assert sum(intervals) >= len(intervals) - slack, intervals


# --- through the geocoder -------------------------------------------------------------------------


def test_the_cache_is_filled_once_and_read_by_a_fresh_geocoder(server, tmp_path, gazetteer):
    server.answer(INVENTED, [INVENTED_PLACE])
    cache_path = tmp_path / "cache.json"

    first = online_geocoder(server, cache_path, gazetteer)
    assert first.locate(INVENTED, "SE") == Location(59.3012, 18.1234, "nominatim")
    assert first.locate(INVENTED.upper(), "se").source == "nominatim"  # remembered by the geocoder

    fresh = online_geocoder(server, cache_path, gazetteer)  # a later run, same cache file
    assert fresh.locate(INVENTED, "SE") == Location(59.3012, 18.1234, "cache")

    assert len(server.seen()) == 1


def test_offline_layers_answer_first_and_nominatim_is_not_asked(server, tmp_path, gazetteer):
    geocoder = online_geocoder(server, tmp_path / "cache.json", gazetteer)

    assert geocoder.locate("Botkyrka", "SE").source == "reviewed"
    assert geocoder.locate("Malmö", "SE").source == "gazetteer"

    assert server.seen() == []


@pytest.mark.parametrize("country_code", [None, ""])
def test_a_place_without_a_country_is_never_asked(server, tmp_path, gazetteer, country_code):
    geocoder = online_geocoder(server, tmp_path / "cache.json", gazetteer)

    assert geocoder.locate("Tumba", country_code) is None
    assert online_layer(server, tmp_path / "cache.json").lookup("Tumba", country_code or "") is None
    assert server.seen() == []


def test_a_failure_makes_an_unresolved_stop(server, tmp_path, gazetteer):
    from reisatlas.model import Stop

    server.fail(INVENTED, 500)
    geocoder = online_geocoder(server, tmp_path / "cache.json", gazetteer)

    stop = geocoder.place(Stop(INVENTED, "Zweden", "SE"))

    assert (stop.lat, stop.lon, stop.source) == (None, None, "unresolved")


DOCUMENT = """\
Werkbezoek Stockholm en Skogsbrynsvik (Zweden)
Kennisuitwisseling voorschoolse educatie
door wethouder Kasmi
Juni 2025
Wethouder Kasmi bezoekt Stockholm en het (verzonnen) Skogsbrynsvik.
"""


def test_a_document_offline_then_online_then_offline_from_the_cache(server, tmp_path, gazetteer):
    document = tmp_path / "overzicht.txt"
    document.write_text(DOCUMENT, encoding="utf-8")
    cache_path = tmp_path / "geocode_cache.json"
    server.answer(INVENTED, [INVENTED_PLACE])

    def stops(geocoder):
        [trip] = read_document(document, geocoder).trips
        return {stop.name: (stop.source, stop.lat, stop.lon) for stop in trip.stops}

    offline = stops(default_geocoder(online=False, cache_path=cache_path, gazetteer=gazetteer))
    assert offline[INVENTED] == ("unresolved", None, None)
    assert offline["Stockholm"][0] == "gazetteer"
    assert server.seen() == []

    online = stops(online_geocoder(server, cache_path, gazetteer))
    assert online[INVENTED] == ("nominatim", 59.3012, 18.1234)
    assert online["Stockholm"] == offline["Stockholm"]

    again = stops(default_geocoder(online=False, cache_path=cache_path, gazetteer=gazetteer))
    assert again[INVENTED] == ("cache", 59.3012, 18.1234)

    assert [r.query for r in server.seen()] == [INVENTED]
