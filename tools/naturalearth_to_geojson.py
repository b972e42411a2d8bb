"""Convert the Natural Earth 1:110m countries shapefile to data/outlines/countries.geojson.

Source data
-----------
Natural Earth 1:110m "Admin 0 - Countries" (public domain,
https://www.naturalearthdata.com/), in the copy that geopandas ships as the
``naturalearth_lowres`` dataset inside the geopandas 0.14.4 wheel on PyPI.
(geopandas' packaging keeps only a few columns, fills in iso_a3 for France and
Norway, and assigns Crimea to Ukraine.)

Output
------
An RFC 7946 GeoJSON FeatureCollection, one Feature per country, with
Polygon/MultiPolygon geometry in [lon, lat] rounded to 3 decimals, exterior
rings counter-clockwise and holes clockwise, and only the properties
``name``, ``iso_a3`` and ``continent``. Written as compact JSON.

How to re-run (needs only PyPI access; keep pyshp out of the app's .venv)
-------------
    pip download geopandas==0.14.4 --no-deps -d /tmp/gpd
    python3 -m zipfile -e /tmp/gpd/geopandas-0.14.4-py3-none-any.whl /tmp/gpdx
    python3 -m venv /tmp/nevenv && /tmp/nevenv/bin/pip install "pyshp>=3"
    /tmp/nevenv/bin/python tools/naturalearth_to_geojson.py \\
        /tmp/gpdx/geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp \\
        data/outlines/countries.geojson
"""

import argparse
import json
from pathlib import Path

DECIMALS = 3
KEEP_PROPERTIES = ("name", "iso_a3", "continent")


def signed_area(ring):
    """Shoelace formula: positive for counter-clockwise rings."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2.0


def clean_ring(ring, exterior):
    """Round a ring, drop repeated points and orient it per RFC 7946.

    Returns None if the ring collapses to nothing after rounding.
    """
    out = []
    for x, y in ring:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not out or point != out[-1]:
            out.append(point)
    if out[0] != out[-1]:
        out.append(out[0])
    area = signed_area(out)
    if len(out) < 4 or area == 0:
        return None
    if (area > 0) != exterior:  # exterior must be CCW, holes CW
        out.reverse()
    return out


def clean_polygon(rings):
    """rings[0] is the exterior, the rest are holes (GeoJSON order)."""
    exterior = clean_ring(rings[0], exterior=True)
    if exterior is None:
        return None
    holes = [clean_ring(r, exterior=False) for r in rings[1:]]
    return [exterior] + [h for h in holes if h is not None]


def convert_geometry(shape):
    # pyshp's __geo_interface__ already groups shapefile rings into
    # polygons (exterior + holes); we only round and re-orient them.
    geo = shape.__geo_interface__
    if geo["type"] == "Polygon":
        polygons = [geo["coordinates"]]
    elif geo["type"] == "MultiPolygon":
        polygons = geo["coordinates"]
    else:
        raise ValueError(f"unexpected geometry type {geo['type']}")
    return clean_geometry(polygons)


def clean_geometry(polygons):
    """A Polygon or MultiPolygon of the polygons (each a list of rings) that survive rounding; None if none does."""
    polygons = [p for p in map(clean_polygon, polygons) if p is not None]
    if not polygons:
        return None
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shapefile", help="path to naturalearth_lowres.shp")
    parser.add_argument("output", help="GeoJSON file to write")
    args = parser.parse_args()
    import shapefile  # pyshp; imported here so tools/topojson_to_geojson.py can share the ring helpers without it

    # The .cpg next to the shapefile says ISO-8859-1 (e.g. "Côte d'Ivoire").
    reader = shapefile.Reader(args.shapefile, encoding="iso_8859_1")
    features = []
    for shape_record in reader.iterShapeRecords():
        record = shape_record.record.as_dict()
        features.append(
            {
                "type": "Feature",
                "properties": {key: record[key] for key in KEEP_PROPERTIES},
                "geometry": convert_geometry(shape_record.shape),
            }
        )

    collection = {"type": "FeatureCollection", "features": features}
    output = Path(args.output)
    output.write_text(
        json.dumps(collection, separators=(",", ":"), ensure_ascii=False),
        encoding="utf-8",
    )
    print(f"wrote {len(features)} features to {output}")


if __name__ == "__main__":
    main()
