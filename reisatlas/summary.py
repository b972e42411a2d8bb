"""What a selection amounts to: trips, places, countries, officials, kilometres, and one sentence."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .geo import HOME
from .i18n import co2_text, count, number, period_label, t
from .selection import stops_of


@dataclass(frozen=True)
class Summary:
    trips: int
    places: int
    countries: int
    officials: int
    kilometres: float  # home → stops → home, every trip with a placed stop, as the crow flies (reisatlas.emissions)
    months: tuple[str, ...]
    co2_kg: float = 0.0  # kg CO₂ per traveller from fuel and construction, the same trips
    non_co2_kg: float = 0.0  # the flights' extra warming at altitude, kg CO₂-equivalent
    asked: tuple[str, ...] = ()  # the period the reader chose (first, last), if any: named when it has no trips
    municipalities: tuple[str, ...] = ()  # whose trips; the sentence names them unless only Rotterdam

    @property
    def total_kg(self) -> float:
        """The CO₂ with the flights' extra warming included."""
        return self.co2_kg + self.non_co2_kg

    def sentence(self, lang: str = "nl") -> str:
        """ "7 reizen naar 11 plaatsen in 7 landen, juni – september 2025, 58.002 km, ca. 9 t CO₂-eq. incl. extra
        opwarming door vliegen" (the total, saying so; only "CO₂" when no trip is flown); "augustus 2025: geen
        reizen"; "Almere: 1 reis naar …" for another municipality's (or several municipalities') trips."""
        if not self.trips:
            return (
                t("summary_none", lang, period=period_label(self.asked, lang))
                if self.asked
                else t("summary_nothing", lang)
            )
        text = t(
            "summary",
            lang,
            trips=count(self.trips, "trip", lang),
            places=count(self.places, "place", lang),
            countries=count(self.countries, "country", lang),
            period=period_label(self.months, lang),
        )
        if self.kilometres > 0:
            which = "summary_footprint_total" if self.non_co2_kg > 0 else "summary_footprint"
            text += t(which, lang, km=number(self.kilometres, lang), co2=co2_text(self.total_kg, lang))
        if self.municipalities and self.municipalities != (HOME.name,):
            return f"{', '.join(self.municipalities)}: {text}"
        return text


def summarise(trips: pd.DataFrame, stops: pd.DataFrame, asked: tuple[str, ...] | None = None) -> Summary:
    """Numbers for the selected trips (``stops`` may hold more; only the trips' stops count); ``asked`` is
    the chosen period (first, last month), which the sentence names when no trip falls in it."""
    mine = stops_of(trips, stops)
    # Columns as lists, sets joined in C: iterating a column value by value took a third of the summary.
    months = sorted(set().union(*trips["months"].tolist()))
    return Summary(
        trips=len(trips),
        places=len(mine.drop_duplicates(["name", "country_code"])),
        countries=mine["country_code"].dropna().nunique(),
        officials=len(set().union(*trips["officials"].tolist())),
        kilometres=float(trips["km"].sum()),  # NaN (no placed stop) counts as nothing
        months=tuple(months),
        co2_kg=float(trips["co2_kg"].sum()),
        non_co2_kg=float(trips["non_co2_kg"].sum()),
        asked=tuple(asked or ()),
        municipalities=tuple(sorted({m for m in trips["municipality"].tolist() if m}))
        if "municipality" in trips
        else (),
    )


def costs_per_official(trips: pd.DataFrame) -> list[tuple[str, float, int]]:
    """(official's label, total euros, trips with known costs) for every official whose trips give costs,
    most expensive first; a trip of two officials counts for both (the document does not split it).

    >>> frame = pd.DataFrame({"official_labels": [["wethouder Kool"], ["wethouder Kool", "burgemeester Dijk"], ["wethouder Kool"]],
    ...                       "costs": [3563.0, 1000.0, None]})
    >>> costs_per_official(frame)
    [('wethouder Kool', 4563.0, 2), ('burgemeester Dijk', 1000.0, 1)]
    """
    totals: dict[str, list] = {}
    if "costs" not in trips:
        return []
    for labels, amount in zip(trips["official_labels"], trips["costs"]):
        if amount is None or pd.isna(amount):
            continue
        for label in labels:
            total = totals.setdefault(label, [0.0, 0])
            total[0] += float(amount)
            total[1] += 1
    return sorted(((label, total, n) for label, (total, n) in totals.items()), key=lambda item: -item[1])
