"""Trips as JSON: one object per trip with its stops, for scripts and journalists' tools. Text stays exactly as
the document wrote it (JSON has no formulas to fear)."""

from __future__ import annotations

import json

import pandas as pd

from .common import Export, name_as_written
from .geojson import trip_properties


def json_bytes(export: Export) -> bytes:
    """An array of trips in the selection's order: the GeoJSON properties of a trip plus its ``stops`` in route
    order (``lat``/``lon`` null for a place no geocoder placed).

    >>> json_bytes(Export(pd.DataFrame(columns=["trip_id"]), pd.DataFrame(columns=["trip_id"]), "nl", (), None, ""))
    b'[]\\n'
    """
    trips, stops = export.trips, export.stops
    by_trip = {trip_id: group for trip_id, group in stops.groupby("trip_id", sort=False)} if len(stops) else {}
    records = []
    for _, trip in trips.iterrows():
        mine = by_trip.get(trip["trip_id"], stops.iloc[0:0]).sort_values("order")
        records.append(
            {
                **trip_properties(trip),
                "stops": [
                    {
                        "name": stop.name,
                        "name_as_written": name_as_written(stop),
                        "country": stop.country,
                        "country_code": stop.country_code if isinstance(stop.country_code, str) else None,
                        "lat": None if pd.isna(stop.lat) else round(float(stop.lat), 6),
                        "lon": None if pd.isna(stop.lon) else round(float(stop.lon), 6),
                        "placed_by": stop.source,
                        "kind": getattr(stop, "kind", "city"),
                    }
                    for stop in mine.itertuples(index=False)
                ],
            }
        )
    return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
