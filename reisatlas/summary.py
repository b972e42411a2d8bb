"""What a selection amounts to: trips, places, countries, officials, kilometres, and one sentence."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from geopy.distance import great_circle

from .i18n import count, period_label, t

HOME = ("Rotterdam", "NL", 51.9225, 4.47917)  # GeoNames 2747891


@dataclass(frozen=True)
class Summary:
    trips: int
    places: int
    countries: int
    officials: int
    kilometres: float
    months: tuple[str, ...]

    def sentence(self, lang: str = "nl") -> str:
        """ "7 reizen naar 11 plaatsen in 7 landen, juni – september 2025"."""
        return t(
            "summary",
            lang,
            trips=count(self.trips, "trip", lang),
            places=count(self.places, "place", lang),
            countries=count(self.countries, "country", lang),
            period=period_label(self.months, lang),
        )


def route_kilometres(stops: pd.DataFrame) -> float:
    """Great-circle length of each trip's route as drawn (home → first stop → … → last stop), summed."""
    total = 0.0
    home = (HOME[2], HOME[3])
    placed = stops.dropna(subset=["lat", "lon"]).sort_values(["trip_id", "order"])
    for _, route in placed.groupby("trip_id", sort=False):
        points = [home, *zip(route["lat"], route["lon"])]
        total += sum(great_circle(a, b).km for a, b in zip(points, points[1:]))
    return total


def summarise(trips: pd.DataFrame, stops: pd.DataFrame) -> Summary:
    """Numbers for the selected trips (``stops`` may hold more; only the trips' stops count)."""
    mine = stops[stops["trip_id"].isin(trips["trip_id"])]
    months = sorted({m for ms in trips["months"] for m in ms})
    return Summary(
        trips=len(trips),
        places=len(mine.drop_duplicates(["name", "country_code"])),
        countries=mine["country_code"].dropna().nunique(),
        officials=len({name for names in trips["officials"] for name in names}),
        kilometres=route_kilometres(mine),
        months=tuple(months),
    )
