"""What a selection amounts to: trips, places, countries, officials, kilometres, and one sentence."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .i18n import co2_text, count, number, period_label, t
from .selection import stops_of

HOME = ("Rotterdam", "NL", 51.9225, 4.47917)  # GeoNames 2747891
EARTH_RADIUS = 6371.009  # km, geopy.distance.EARTH_RADIUS (importing geopy here costs the app 0.1 s at start)


@dataclass(frozen=True)
class Summary:
    trips: int
    places: int
    countries: int
    officials: int
    kilometres: float  # one way along the drawn routes (home → stops), for the map's metric
    months: tuple[str, ...]
    round_trip_km: float = 0.0  # home → stops → home, every trip (reisatlas.emissions)
    co2_kg: float = 0.0  # kg CO₂ per traveller, every trip with a placed stop

    def sentence(self, lang: str = "nl") -> str:
        """ "7 reizen naar 11 plaatsen in 7 landen, juni – september 2025, 58.002 km, ca. 9 t CO₂"."""
        text = t(
            "summary",
            lang,
            trips=count(self.trips, "trip", lang),
            places=count(self.places, "place", lang),
            countries=count(self.countries, "country", lang),
            period=period_label(self.months, lang),
        )
        if self.round_trip_km > 0:
            text += t("summary_footprint", lang, km=number(self.round_trip_km, lang), co2=co2_text(self.co2_kg, lang))
        return text


def route_kilometres(stops: pd.DataFrame) -> float:
    """Great-circle length of each trip's route as drawn (home → first stop → … → last stop), summed.

    geopy's great-circle formula and earth radius, worked out for every leg at once.
    """
    placed = stops.dropna(subset=["lat", "lon"]).sort_values(["trip_id", "order"])
    if placed.empty:
        return 0.0
    lat2 = np.radians(placed["lat"].to_numpy(dtype=float))
    lng2 = np.radians(placed["lon"].to_numpy(dtype=float))
    # A leg ends at each stop and starts at the trip's previous stop, or at home.
    starts_trip = placed["trip_id"].ne(placed["trip_id"].shift()).to_numpy()
    lat1 = np.where(starts_trip, math.radians(HOME[2]), np.roll(lat2, 1))
    lng1 = np.where(starts_trip, math.radians(HOME[3]), np.roll(lng2, 1))
    delta_lng = lng2 - lng1
    d = np.arctan2(
        np.sqrt((np.cos(lat2) * np.sin(delta_lng)) ** 2 + (np.cos(lat1) * np.sin(lat2) - np.sin(lat1) * np.cos(lat2) * np.cos(delta_lng)) ** 2),
        np.sin(lat1) * np.sin(lat2) + np.cos(lat1) * np.cos(lat2) * np.cos(delta_lng),
    )
    return float((EARTH_RADIUS * d).sum())


def summarise(trips: pd.DataFrame, stops: pd.DataFrame) -> Summary:
    """Numbers for the selected trips (``stops`` may hold more; only the trips' stops count)."""
    mine = stops_of(trips, stops)
    months = sorted({m for ms in trips["months"] for m in ms})
    return Summary(
        trips=len(trips),
        places=len(mine.drop_duplicates(["name", "country_code"])),
        countries=mine["country_code"].dropna().nunique(),
        officials=len({name for names in trips["officials"] for name in names}),
        kilometres=route_kilometres(mine),
        months=tuple(months),
        round_trip_km=float(trips["km"].sum()),  # NaN (no placed stop) counts as nothing
        co2_kg=float(trips["co2_kg"].sum()),
    )
