"""Convert world-atlas's Natural Earth 1:50m countries (TopoJSON) to data/outlines/countries-50m.geojson, once.

Source data
-----------
Natural Earth 1:50m "Admin 0 - Countries" (public domain, https://www.naturalearthdata.com/), as TopoJSON in
the npm package ``world-atlas`` 2.0.2 (``countries-50m.json``; ISC licence for the packaging). npm's registry
is the only network this needs:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python3 tools/topojson_to_geojson.py /tmp/package/countries-50m.json data/outlines/countries-50m.geojson

Output
------
An RFC 7946 FeatureCollection, one Feature per country with the property ``name``; coordinates [lon, lat]
rounded to DECIMALS (2 decimals: at most ~0.6 km off, under a pixel up to zoom 7, where the map stops
zooming), repeated points dropped, exterior rings counter-clockwise and holes clockwise. Compact JSON.
Standard library only; the TopoJSON decoding follows the specification
(https://github.com/topojson/topojson-specification): quantised, delta-encoded arcs; a negative arc index
~i means arc i reversed; consecutive arcs of a ring share their joining point.
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import naturalearth_to_geojson as ne  # noqa: E402  clean_geometry: rounding and RFC 7946 orientation

DECIMALS = 2


def decode_arcs(topology):
    """Every arc as a list of [lon, lat], undoing the quantisation and the delta encoding."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append([x * sx + tx, y * sy + ty])
        else:
            points = [list(p[:2]) for p in arc]
        arcs.append(points)
    return arcs


def ring(arc_indexes, arcs):
    points = []
    for index in arc_indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def geometry(item, arcs):
    """A country's Polygon or MultiPolygon from its arcs, rounded and oriented; None when nothing survives."""
    if item["type"] == "Polygon":
        polygons = [item["arcs"]]
    elif item["type"] == "MultiPolygon":
        polygons = item["arcs"]
    else:
        return None
    return ne.clean_geometry([[ring(r, arcs) for r in rings] for rings in polygons])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", help="path to world-atlas's countries-50m.json")
    parser.add_argument("output", help="GeoJSON file to write")
    args = parser.parse_args()

    ne.DECIMALS = DECIMALS
    topology = json.loads(Path(args.topojson).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    features = []
    for item in topology["objects"]["countries"]["geometries"]:
        shape = geometry(item, arcs)
        if shape is None:
            continue  # a geometry that collapses at this precision (a speck of an island)
        features.append(
            {"type": "Feature", "properties": {"name": item.get("properties", {}).get("name", "")}, "geometry": shape}
        )
    collection = {"type": "FeatureCollection", "features": features}
    output = Path(args.output)
    output.write_text(json.dumps(collection, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")
    print(f"wrote {len(features)} features, {output.stat().st_size:,} bytes, to {output}")


if __name__ == "__main__":
    main()
