"""The land borders of data/outlines/countries-50m.geojson, as lines: data/outlines/countries-50m-borders.geojson.

A border between two countries is a stretch both their rings share, point for point (the 1:50m come from one
topology, so a shared border has the same coordinates in both); a coast belongs to one ring only. The map draws
the 1:50m outlines filled, the coasts shown by land against sea, and strokes only these borders: stroking every
ring (some 98,000 segments, most of them coasts: Norway's fjords, the Arctic islands) made each frame of a
zoomed-in map take 1-2 s in software WebGL (a presentation's step, docs/performance.md); the borders are 19,000.

    python3 tools/outline_borders.py data/outlines/countries-50m.geojson data/outlines/countries-50m-borders.geojson

Output: an RFC 7946 FeatureCollection of one Feature, a MultiLineString of every border once, in chains as the
rings run; compact JSON. Standard library only.
"""

import argparse
import json
from collections import defaultdict
from pathlib import Path


def rings(geometry: dict):
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        yield from polygon


def segment(a: list[float], b: list[float]) -> tuple:
    """A segment the same whichever way a ring runs along it."""
    return (tuple(a), tuple(b)) if tuple(a) <= tuple(b) else (tuple(b), tuple(a))


def borders(outlines: dict) -> list[list[list[float]]]:
    """Every stretch two countries' rings share, once, as chains of points."""
    owners: dict[tuple, set[int]] = defaultdict(set)
    for country, feature in enumerate(outlines["features"]):
        for ring in rings(feature["geometry"]):
            for a, b in zip(ring, ring[1:]):
                owners[segment(a, b)].add(country)
    used = {key: len(countries) for key, countries in owners.items()}
    drawn, lines = set(), []
    for ring in (ring for feature in outlines["features"] for ring in rings(feature["geometry"])):
        line: list[list[float]] = []
        for a, b in zip(ring, ring[1:]):
            key = segment(a, b)
            if used[key] > 1 and key not in drawn:
                drawn.add(key)
                if not line:
                    line = [a]
                line.append(b)
            elif line:
                lines.append(line)
                line = []
        if line:
            lines.append(line)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args()
    lines = borders(json.loads(args.source.read_text(encoding="utf-8")))
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "borders"},
                "geometry": {"type": "MultiLineString", "coordinates": lines},
            }
        ],
    }
    args.target.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"{len(lines)} lines, {sum(len(line) - 1 for line in lines)} segments, {args.target.stat().st_size} bytes")


if __name__ == "__main__":
    main()
