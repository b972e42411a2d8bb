"""What every geocoding layer shares: the answer (Location), the layer interface, the lookup key
and the test every answer must pass before it is used."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Any, Protocol

from ..text import fold

logger = logging.getLogger("reisatlas")


@dataclass(frozen=True)
class Location:
    """Where a layer put a place, and which layer (``source``) did."""

    lat: float
    lon: float
    source: str


class Layer(Protocol):
    """A geocoding layer: a Location for a place it knows, None for "not mine, ask the next"."""

    name: str

    def lookup(self, name: str, country_code: str) -> Location | None: ...


def place_key(name: str, country_code: str) -> str:
    """The key a place is known by in every layer: its country and its folded name.

    >>> place_key("Malmö", "se")
    'SE|malmo'
    """
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
