"""The geocoder: asks its layers in order, offline first; ``default_geocoder`` builds the usual chain."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..model import Stop, Trip
from .base import Layer, Location, logger, place_key, plausible
from .cache import AnswerCache
from .gazetteer import Gazetteer
from .nominatim import NominatimLayer
from .reviewed import ReviewedPlaces


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
        key = place_key(name, country_code)
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
            logger.warning(
                "%s put %s (%s) at %s, %s; ignored", layer.name, name, country_code, location.lat, location.lon
            )
        return None

    def place(self, stop: Stop) -> Stop:
        if stop.kind == "country":  # only a country: at its centre, drawn as the country, never a city
            from .areas import country_centre

            location = country_centre(stop.country_code)
        elif stop.kind == "region":  # only a region: where its people live
            from .areas import region_centre

            location = region_centre(stop.name)
        else:
            location = self.locate(stop.name, stop.country_code)
        if location is None:
            return replace(stop, lat=None, lon=None, source="unresolved")
        return replace(stop, lat=location.lat, lon=location.lon, source=location.source)

    def place_trips(self, trips: Iterable[Trip]) -> list[Trip]:
        return [replace(trip, stops=tuple(self.place(stop) for stop in trip.stops)) for trip in trips]


def default_geocoder(
    *,
    online: bool = False,
    cache_path: Path | None = None,
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
