"""Spherical maths in one place: the home point, distances, the great-circle arcs routes follow, and Web
Mercator's pixels (the map's screen geometry works in them, as deck.gl draws).

Points are (lat, lon) in degrees. Distances use geopy's great-circle formula and earth radius,
written out here so that the map page does not import geopy (0.1 s of a first run).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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


def _central_angle(lat1, lon1, lat2, lon2):
    """The angle between two points in radians (arguments in radians), by geopy's great-circle formula."""
    delta = lon2 - lon1
    return math.atan2(
        math.sqrt(
            (math.cos(lat2) * math.sin(delta)) ** 2
            + (math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(delta)) ** 2
        ),
        math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(delta),
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


def world_px(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    """A point's pixel in deck.gl's Web Mercator world at ``zoom`` (512 px wide at zoom 0)."""
    scale = 512 * 2**zoom
    return scale * (lon + 180) / 360, scale * (1 - mercator_y(max(min(lat, 85), -85)) / math.pi) / 2


def world_lat_lon(x: float, y: float, zoom: float) -> tuple[float, float]:
    """The point at world pixel (x, y) at ``zoom``: ``world_px`` turned round.

    >>> [round(v, 6) for v in world_lat_lon(*world_px(59.3293, 18.0686, 3.5), 3.5)]
    [59.3293, 18.0686]
    """
    scale = 512 * 2**zoom
    return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / scale)))), 360 * x / scale - 180
