"""What a selection amounts to: trips, places, countries, officials, kilometres, and one sentence."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .geo import HOME, route_kilometres
from .i18n import count, period_label, t
from .selection import stops_of


@dataclass(frozen=True)
class Summary:
    trips: int
    places: int
    countries: int
    officials: int
    kilometres: float
    months: tuple[str, ...]
    municipalities: tuple[str, ...] = ()  # whose trips; the sentence names them unless only Rotterdam

    def sentence(self, lang: str = "nl") -> str:
        """ "7 reizen naar 11 plaatsen in 7 landen, juni – september 2025"; "Almere: 2 reizen naar …" for
        another municipality's (or several municipalities') trips."""
        text = t(
            "summary",
            lang,
            trips=count(self.trips, "trip", lang),
            places=count(self.places, "place", lang),
            countries=count(self.countries, "country", lang),
            period=period_label(self.months, lang),
        )
        if self.municipalities and self.municipalities != (HOME.name,):
            return f"{', '.join(self.municipalities)}: {text}"
        return text


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
        municipalities=tuple(sorted({m for m in trips["municipality"] if m})) if "municipality" in trips else (),
    )
