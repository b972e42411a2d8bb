"""Spherical maths in one place: the home point, distances, and the great-circle arcs routes follow.

Points are (lat, lon) in degrees. Distances use geopy's great-circle formula and earth radius,
written out here so that the map page does not import geopy (0.1 s of a first run).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

EARTH_RADIUS = 6371.009  # km, geopy.distance.EARTH_RADIUS
# A leg's path has a point every 3 degrees of arc, at most 17 points: short legs (most of a big atlas)
# then deviate less from the true great circle than the longest legs always did.
PATH_STEP_DEGREES = 3
PATH_MAX_STEPS = 16


@dataclass(frozen=True)
class Point:
    """A named place on the globe; every route starts at home."""

    name: str
    country_code: str
    lat: float
    lon: float

    @property
    def position(self) -> tuple[float, float]:
        """(lat, lon), as the functions here take points."""
        return (self.lat, self.lon)


HOME = Point("Rotterdam", "NL", 51.9225, 4.47917)  # GeoNames 2747891


def _central_angle(lat1, lon1, lat2, lon2, xp=math):
    """The angle between two points in radians (arguments in radians), by geopy's great-circle
    formula; ``xp`` is ``math`` for single points or ``numpy`` for arrays of them."""
    atan2 = math.atan2 if xp is math else xp.arctan2
    delta = lon2 - lon1
    return atan2(
        xp.sqrt((xp.cos(lat2) * xp.sin(delta)) ** 2 + (xp.cos(lat1) * xp.sin(lat2) - xp.sin(lat1) * xp.cos(lat2) * xp.cos(delta)) ** 2),
        xp.sin(lat1) * xp.sin(lat2) + xp.cos(lat1) * xp.cos(lat2) * xp.cos(delta),
    )


def central_angle(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The angle (radians) between two (lat, lon) points seen from the earth's centre.

    >>> round(math.degrees(central_angle((0, 0), (0, 90))), 6)
    90.0
    """
    return _central_angle(*map(math.radians, (*a, *b)))


def distance_km(a: tuple[float, float], b: tuple[float, float] = HOME.position) -> float:
    """Great-circle distance in km, as geopy's ``great_circle(a, b).km``; from home unless ``b`` is given.

    >>> round(distance_km((35.6895, 139.69171)))  # Rotterdam - Tokio
    9345
    """
    return EARTH_RADIUS * central_angle(a, b)


def route_kilometres(stops: pd.DataFrame, home: Point = HOME) -> float:
    """Great-circle length of each trip's route as drawn (home → first stop → … → last stop), summed.

    ``stops`` has the columns trip_id, order, lat and lon; unplaced stops are skipped. Every leg at once.
    """
    import numpy as np

    placed = stops.dropna(subset=["lat", "lon"]).sort_values(["trip_id", "order"])
    if placed.empty:
        return 0.0
    lat2 = np.radians(placed["lat"].to_numpy(dtype=float))
    lon2 = np.radians(placed["lon"].to_numpy(dtype=float))
    # A leg ends at each stop and starts at the trip's previous stop, or at home.
    starts_trip = placed["trip_id"].ne(placed["trip_id"].shift()).to_numpy()
    # Stops that carry their trip's home (home_lat, home_lon) start there; else every trip starts at ``home``.
    home_lat = np.radians(placed["home_lat"].to_numpy(dtype=float)) if "home_lat" in placed else math.radians(home.lat)
    home_lon = np.radians(placed["home_lon"].to_numpy(dtype=float)) if "home_lon" in placed else math.radians(home.lon)
    lat1 = np.where(starts_trip, home_lat, np.roll(lat2, 1))
    lon1 = np.where(starts_trip, home_lon, np.roll(lon2, 1))
    return float((EARTH_RADIUS * _central_angle(lat1, lon1, lat2, lon2, np)).sum())


def path_steps(a: tuple[float, float], b: tuple[float, float]) -> int:
    """Segments for a leg's path: one per PATH_STEP_DEGREES of arc, at most PATH_MAX_STEPS.

    A short leg drawn as one straight segment looks as a sixteen-point path does, so the map's spec
    carries points only where the arc bends.

    >>> path_steps((51.92, 4.48), (50.85, 4.35)), path_steps((51.92, 4.48), (59.33, 18.07)), path_steps((51.92, 4.48), (35.69, 139.69))
    (1, 4, 16)
    """
    return max(1, min(PATH_MAX_STEPS, math.ceil(math.degrees(central_angle(a, b)) / PATH_STEP_DEGREES)))


def great_circle_points(a: tuple[float, float], b: tuple[float, float], steps: int = 16) -> list[tuple[float, float]]:
    """(lat, lon) points along the great circle from a to b, ends included — the path an arc takes.

    The same point twice, or two antipodes (no single great circle joins them), give just the ends.

    >>> [tuple(round(v) for v in p) for p in great_circle_points((0, 0), (0, 90), 2)]
    [(0, 0), (0, 45), (0, 90)]
    """
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    d = central_angle(a, b)
    if d == 0 or math.pi - d < 1e-6:
        return [a, b]
    points = []
    for i in range(steps + 1):
        f = i / steps
        p, q = math.sin((1 - f) * d) / math.sin(d), math.sin(f * d) / math.sin(d)
        x = p * math.cos(lat1) * math.cos(lon1) + q * math.cos(lat2) * math.cos(lon2)
        y = p * math.cos(lat1) * math.sin(lon1) + q * math.cos(lat2) * math.sin(lon2)
        z = p * math.sin(lat1) + q * math.sin(lat2)
        points.append((math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))))
    return points


def mercator_y(lat: float) -> float:
    """Web Mercator's y of a latitude, in radians of the projected sphere (0 at the equator).

    >>> round(mercator_y(45.0), 4), round(mercator_y(85.0), 3)
    (0.8814, 3.131)
    """
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
