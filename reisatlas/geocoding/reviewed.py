"""Places reviewed by hand (data/places.csv), for what no gazetteer knows well."""

from __future__ import annotations

import csv
from pathlib import Path

from ..errors import DocumentError
from ..paths import DATA
from .base import Location, place_key

REVIEWED_PLACES = DATA / "places.csv"


class ReviewedPlaces:
    """Places reviewed by hand, for what no gazetteer knows well (Botkyrka → Tumba)."""

    name = "reviewed"

    def __init__(self, path: Path = REVIEWED_PLACES):
        self.places: dict[str, Location] = {}
        if not path.exists():
            return
        with path.open(encoding="utf-8", newline="") as handle:
            numbered = [(n, line) for n, line in enumerate(handle, start=1) if not line.startswith("#")]
        rows = csv.DictReader(line for _, line in numbered)
        for (number, _), row in zip(numbered[1:], rows):
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
                if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not row["name"] or not row["country_code"]:
                    raise ValueError("coordinates off the globe or name/country missing")
            except (TypeError, ValueError, KeyError) as err:
                raise DocumentError(str(path), f"reviewed place unreadable ({err})", number) from err
            self.places[place_key(row["name"], row["country_code"])] = Location(lat, lon, self.name)

    def lookup(self, name: str, country_code: str) -> Location | None:
        return self.places.get(place_key(name, country_code))
