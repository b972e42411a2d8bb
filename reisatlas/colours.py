"""The colour scheme every output shares: a trip's colour by its official or its main theme, fixed over the
whole atlas so that filtering never changes a colour. The app's map and legend, the exports and the story
all paint with it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .i18n import official
from .selection import official_labels
from .themes import load_themes

# Okabe–Ito's hues, then Paul Tol's muted ones: distinguishable for colour-blind readers, in a fixed order
# in which neighbours differ in lightness as well as hue (blue, orange, green, vermillion, ...).
PALETTE = [
    (0, 114, 178),
    (230, 159, 0),
    (0, 158, 115),
    (213, 94, 0),
    (86, 180, 233),
    (204, 121, 167),
    (136, 34, 85),
    (153, 153, 51),
    (51, 34, 136),
    (68, 170, 153),
]
NO_COLOUR = (120, 120, 120)
HOME_COLOUR = (20, 20, 20)
COUNTRY_AREA_COLOUR = (150, 120, 200, 90)  # a country that is a destination on its own


@dataclass(frozen=True)
class Colouring:
    """Which colour a trip gets: by its (first) official or by its main theme (see ``themes.main_theme``)."""

    by: str  # "official" or "theme"
    colours: dict[str, tuple[int, int, int]]
    labels: dict[str, str]

    def key(self, trip: pd.Series) -> str | None:
        if self.by == "theme":
            return trip["main_theme"]
        return trip["officials"][0] if len(trip["officials"]) else None

    def keys(self, trips: pd.DataFrame) -> list[str | None]:
        """``key`` of every trip, in order, without building a row per trip."""
        if self.by == "theme":
            return trips["main_theme"].tolist()
        return [values[0] if len(values) else None for values in trips["officials"]]

    def colour(self, trip: pd.Series) -> tuple[int, int, int]:
        return self.colours.get(self.key(trip), NO_COLOUR)

    def legend(self, trips: pd.DataFrame) -> list[tuple[str, str]]:
        """(label, "#rrggbb") for each colour the trips use, in a stable order."""
        return [(label, colour) for _, label, colour in self.entries(trips)]

    def entries(self, trips: pd.DataFrame) -> list[tuple[str, str, str]]:
        """(key, label, "#rrggbb") for each colour the trips use, in a stable order: a legend that filters."""
        used = set(self.keys(trips))
        return [(k, self.labels[k], "#%02x%02x%02x" % self.colours[k]) for k in self.colours if k in used]


def colouring(all_trips: pd.DataFrame, by: str = "official", lang: str = "nl") -> Colouring:
    """Colours fixed over the whole atlas, so filtering never changes a colour."""
    if by == "theme":
        themes = load_themes()
        return Colouring("theme", {th.id: th.rgb for th in themes}, {th.id: th.label(lang) for th in themes})
    labels = official_labels(all_trips)
    ordered = sorted(labels)
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(ordered)}
    return Colouring("official", colours, {name: official(labels[name], lang) for name in ordered})
