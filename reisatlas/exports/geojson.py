"""Placed stops as an RFC 7946 GeoJSON FeatureCollection, for GIS tools and web maps."""

from __future__ import annotations

import json

import pandas as pd

from .common import Export, as_date, file_name, kilograms


def trip_properties(trip: pd.Series) -> dict:
    start, end = as_date(trip["start"]), as_date(trip["end"])
    return {
        "trip_id": trip["trip_id"],
        "title": trip["title"],
        "kind": trip["kind"],
        "subtitle": trip["subtitle"],
        "officials": list(trip["official_labels"]),
        "months": list(trip["months"]),
        "start": start.isoformat() if start else None,
        "end": end.isoformat() if end else None,
        "countries": list(trip["countries"]),
        "themes": list(trip["themes"]),
        **_footprint(trip),
        "description": trip["description"],
        "file": file_name(trip["file"]),
        "line": int(trip["line"]),
        "municipality": trip.get("municipality") or None,
        "costs": _costs(trip),
    }


def _costs(trip: pd.Series) -> dict | None:
    """The costs as the document gives them: euros (null when only the payer is named) and who paid."""
    amount, paid_by = trip.get("costs"), trip.get("paid_by")
    known = amount is not None and not pd.isna(amount)
    return {"amount": float(amount) if known else None, "paid_by": paid_by or None} if known or paid_by else None


def _footprint(trip: pd.Series) -> dict:
    """Distance and CO₂ as numbers and ids ("train"/"flight"): ``co2_kg`` from fuel and construction, ``non_co2_kg``
    a flight's extra warming at altitude on its own (0 for a train), ``total_kg`` both; null when no stop is placed."""
    placed = trip["km"] > 0
    return {
        "km": round(float(trip["km"]), 1) if placed else None,
        "mode": trip["mode"] or None,
        **kilograms(trip),
        "could_train": bool(trip["could_train"]),
    }


def geojson_bytes(export: Export) -> bytes:
    """One Point feature per placed stop, [longitude, latitude], with its trip's fields as properties.

    A stop no geocoding layer could place is left out: a feature without a position would only
    trouble the tools that read the file (``left_out`` names those stops).
    """
    trips, stops = export.trips, export.stops
    by_id = {trip["trip_id"]: trip_properties(trip) for _, trip in trips.iterrows()}
    features = []
    for stop in stops.dropna(subset=["lat", "lon"]).itertuples(index=False):
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(float(stop.lon), 6), round(float(stop.lat), 6)]},
                "properties": {
                    "place": stop.name,
                    "country": stop.country,
                    "country_code": stop.country_code if isinstance(stop.country_code, str) else None,
                    "stop": int(stop.order) + 1,
                    "placed_by": stop.source,
                    **by_id[stop.trip_id],
                },
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return (json.dumps(collection, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
