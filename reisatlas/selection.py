"""Trips and stops as tables, and the selection people make: the facets (reisatlas.facets), months and text.

The map, the trip list, the timeline and every export read the same ``Selection``; the filtering is
vectorised with pandas so a month change over thousands of trips stays instant.
"""

from __future__ import annotations

import hashlib
import re
import weakref
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from .emissions import FOOTPRINT_COLUMNS, footprint_columns
from .errors import SelectionError
from .facets import FACETS, key, official_labels  # noqa: F401 (official_labels: read from here too)
from .i18n import month_label, t
from .model import Trip
from .text import fold
from .themes import main_theme

if TYPE_CHECKING:  # pandas when a table is made or filtered: the command line's parse starts without it
    import pandas as pd

TRIP_COLUMNS = [
    "trip_id",
    "title",
    "kind",
    "subtitle",
    "description",
    "officials",
    "official_labels",
    "months",
    "first_month",
    "last_month",
    "start",
    "end",
    "places",
    "countries",
    "themes",
    "main_theme",
    "file",
    "line",
    *FOOTPRINT_COLUMNS,
    "municipality",
    "costs",
    "paid_by",
    "layout",
    "confidence",
]
# Each stop carries its trip's home (the municipality's seat), where the trip's route starts.
STOP_COLUMNS = [
    "trip_id",
    "order",
    "name",
    "country",
    "country_code",
    "lat",
    "lon",
    "source",
    "kind",
    "home",
    "home_lat",
    "home_lon",
]


def trip_ids(trips: Sequence[Trip]) -> list[str]:
    """A stable id per trip, in order: the same document line-up gives the same ids on every run and machine.

    The id is a hash of the file, title, months and subtitle. Two trips may share all four (a trip split in
    Beheer, a trip added twice, a document that lists one trip twice): the second then hashes its place among
    those alike, so each id names one trip (the map's routes, the trip list's expanders and the calendar's
    UIDs join on it), and the first keeps the id it always had (links made before stay valid).

    >>> from reisatlas.model import Source, Trip
    >>> a = Trip("Werkbezoek Gent", "Werkbezoek", "", (), ("2025-06",), None, None, "", (), Source("a.txt", 1))
    >>> first, second = trip_ids([a, a])
    >>> first == trip_ids([a])[0] and first != second and len(second) == 12
    True
    """
    ids, seen = [], Counter()
    for trip in trips:
        key = "|".join([_file_name(trip.source.file), trip.title, ",".join(trip.months), trip.subtitle])
        seen[key] += 1
        if seen[key] > 1:
            key += f"|{seen[key]}"
        ids.append(hashlib.sha1(key.encode("utf-8")).hexdigest()[:12])
    return ids


@lru_cache(maxsize=1024)
def _file_name(file: str) -> str:
    return PurePath(file).name  # a document's trips share one file: parse its path once


def trips_frame(trips: Sequence[Trip]) -> pd.DataFrame:
    """One row per trip, in document order."""
    import pandas as pd

    rows = []
    for trip, the_id in zip(trips, trip_ids(trips)):
        rows.append(
            {
                "trip_id": the_id,
                "title": trip.title,
                "kind": trip.kind,
                "subtitle": trip.subtitle,
                "description": trip.description,
                "officials": [o.name for o in trip.officials],
                "official_labels": [str(o) for o in trip.officials],
                "months": list(trip.months),
                "first_month": trip.months[0] if trip.months else "",
                "last_month": trip.months[-1] if trip.months else "",
                "start": trip.start,
                "end": trip.end,
                "places": [s.name for s in trip.stops],
                "countries": list(dict.fromkeys(s.country_code for s in trip.stops if s.country_code)),
                "themes": list(trip.themes),
                # The theme the trip is mostly about (its purpose line first): what colouring by theme shows.
                "main_theme": (main_theme(trip.subtitle, trip.description, trip.title) or trip.themes[0])
                if trip.themes
                else None,
                "file": trip.source.file,
                "line": trip.source.line,
                **footprint_columns(trip),
                "municipality": trip.municipality,
                "costs": trip.costs.amount if trip.costs else None,
                "paid_by": trip.costs.paid_by if trip.costs else None,
                "layout": trip.layout,
                "confidence": trip.confidence,
            }
        )
    frame = pd.DataFrame(rows, columns=TRIP_COLUMNS)
    # Precomputed keys for vectorised filtering.
    for facet in FACETS:
        if facet.lists:
            frame[f"_{facet.column}"] = frame[facet.column].map(key)
    # Search finds a trip by its places and countries in either language (Tokio or Tokyo, Zweden or Sweden).
    frame["_text"] = [
        fold(" ".join([t.title, t.subtitle, t.description, *map(" ".join, map(_names, t.stops))])) for t in trips
    ]
    return frame


def _names(stop) -> list[str]:
    """A stop's place and country as the document writes them and in every language."""
    from .countries import country_name
    from .i18n import LANGUAGES
    from .places import place_name

    names = [stop.name, stop.country]
    for lang in LANGUAGES:
        names.append(place_name(stop.name, stop.country_code, lang))
        if stop.country_code:
            names.append(country_name(stop.country_code, lang))
    return list(dict.fromkeys(names))


def stops_frame(trips: Sequence[Trip]) -> pd.DataFrame:
    """One row per stop of each trip, in route order, with the trip's home."""
    import pandas as pd

    from .municipalities import home_of

    rows = [
        {
            "trip_id": the_id,
            "order": order,
            "name": stop.name,
            "country": stop.country,
            "country_code": stop.country_code,
            "lat": stop.lat,
            "lon": stop.lon,
            "source": stop.source,
            "kind": stop.kind,
            "home": home.name,
            "home_lat": home.lat,
            "home_lon": home.lon,
        }
        for trip, the_id in zip(trips, trip_ids(trips))  # one id per trip, not per stop
        for home in (home_of(trip.municipality),)
        for order, stop in enumerate(trip.stops)
    ]
    return pd.DataFrame(rows, columns=STOP_COLUMNS)


def stops_of(trips: pd.DataFrame, stops: pd.DataFrame) -> pd.DataFrame:
    """The stops of these trips, by a set lookup of each stop's trip id in Arrow (pandas' ``isin``
    on Arrow strings tests them one by one in Python: 33 ms instead of 0.5 ms at 10,000 trips).

    A page asks this three times a rerun for the same two frames (the summary, the map, the places not on
    it): the last answer is kept for the very same frames, so it is worked out once. Read the answer,
    never change it.
    """
    global _last_stops_of
    last = _last_stops_of  # one read: another session's thread may replace it meanwhile
    if last is not None and last[0]() is trips and last[1]() is stops:
        return last[2]
    import pyarrow as pa
    import pyarrow.compute as pc

    ids, of_stops = pa.array(trips["trip_id"].array), pa.array(stops["trip_id"].array)
    found = stops[pc.is_in(of_stops, value_set=ids).to_numpy(zero_copy_only=False)]
    _last_stops_of = (weakref.ref(trips), weakref.ref(stops), found)
    return found


_last_stops_of: tuple | None = None


MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
# The link parameters a selection reads and writes, in the address's order: the facets (reisatlas.facets), the
# search text and the period. Every other parameter (lang, colour, page) is the view's.
PARAMETERS = (*(facet.name for facet in FACETS), "q", "months")
_BY_FIELD = {facet.field: facet for facet in FACETS}


@dataclass(frozen=True, init=False)
class Selection:
    """What the reader asked for; empty means "all". The same object filters the map, the trip list,
    the timeline, the exports, the feeds and the command line, and turns into the link that shows it.

    Each facet's ids (``reisatlas.facets``) are given by its field, ``Selection(officials=("Kasmi",))``, or
    by its name, ``Selection({"official": ("Kasmi",)})``, and read the same way: ``selection.officials``.

    >>> selection = Selection.from_params({"official": ["Schouten"], "months": ["2025-09", "2025-06"]})
    >>> selection.months, selection.to_params()
    (('2025-06', '2025-09'), {'official': ['Schouten'], 'months': ['2025-06', '2025-09']})
    >>> selection.describe("en")
    'official Schouten; June – September 2025'
    """

    chosen: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (facet name, ids) of each facet set, in FACETS order
    months: tuple[str, str] | None = None  # (first, last) "YYYY-MM", inclusive
    text: str = ""

    def __init__(
        self,
        chosen: Mapping[str, Sequence[str]] | Iterable[tuple[str, Sequence[str]]] = (),
        months: tuple[str, str] | None = None,
        text: str = "",
        **by_field: Sequence[str],
    ):
        given = dict(chosen)
        for name, ids in by_field.items():
            if name not in _BY_FIELD:
                raise TypeError(f"Selection has no filter {name!r}")
            given[_BY_FIELD[name].name] = ids
        unknown = set(given) - {facet.name for facet in FACETS}
        if unknown:
            raise TypeError(f"Selection has no filter {sorted(unknown)}")
        object.__setattr__(self, "chosen", tuple((f.name, tuple(given[f.name])) for f in FACETS if given.get(f.name)))
        object.__setattr__(self, "months", months)
        object.__setattr__(self, "text", text)

    def __getattr__(self, name: str) -> tuple[str, ...]:
        facet = _BY_FIELD.get(name)
        if facet is None:
            raise AttributeError(name)
        return self.of(facet.name)

    def of(self, name: str) -> tuple[str, ...]:
        """The ids chosen for the facet ``name`` ("official"); () for all."""
        return next((ids for facet, ids in self.chosen if facet == name), ())

    @classmethod
    def from_params(
        cls,
        params: Mapping[str, Sequence[str] | str] | Iterable[tuple[str, str]],
        trips: pd.DataFrame | None = None,
        *,
        strict: bool = True,
    ) -> Selection:
        """The selection a link's query parameters describe (``?official=Schouten&theme=klimaat&months=2025-06``),
        as a mapping or as (name, value) pairs.

        ``months`` takes one month or a first and last; ``from`` and ``to`` bound the period on either side.
        Raises SelectionError for a month that is not YYYY-MM or a period that ends before it starts. With the
        ``trips`` table, each facet reads its values as ids or labels in either language (``Facet.resolve``):
        one no option knows raises SelectionError (``strict``: feeds, command line) or is left out (a link).
        """
        if not isinstance(params, Mapping):
            grouped: dict[str, list[str]] = {}
            for name, value in params:
                grouped.setdefault(name, []).append(value)
            params = grouped

        def values(key: str) -> tuple[str, ...]:
            given = params.get(key) or ()
            given = [given] if isinstance(given, str) else given
            return tuple(dict.fromkeys(value.strip() for value in given if value and value.strip()))

        months = [_month(value, "months") for value in values("months")]
        first, last = (min(months), max(months)) if months else (None, None)
        given_from, given_to = (values(key) for key in ("from", "to"))
        if given_from:
            first = _month(given_from[0], "--from")
        if given_to:
            last = _month(given_to[0], "--to")
        if first and last and first > last:
            raise SelectionError.said("error_from_after_to", first=first, last=last)
        period = (first or "0000-01", last or "9999-12") if (first or last) else None
        chosen = {facet.name: values(facet.name) for facet in FACETS}
        if trips is not None:
            chosen = {
                facet.name: facet.resolve(chosen[facet.name], trips, strict=strict)
                for facet in FACETS
                if chosen[facet.name]
            }
        return cls(chosen, period, " ".join(values("q")))

    def to_params(self) -> dict[str, list[str]]:
        """The query parameters of a link to this selection, ids only, empty filters left out."""
        params = {name: list(ids) for name, ids in self.chosen}
        if self.text.strip():
            params["q"] = [self.text.strip()]
        if self.months:
            params["months"] = list(dict.fromkeys(self.months))
        return {key: value for key, value in params.items() if value}

    def describe(self, lang: str = "nl", officials: Mapping[str, str] | None = None) -> str:
        """The selection in words: "bewindspersoon Schouten; thema Klimaat; juni – september 2025".

        ``officials`` gives an official's label ("burgemeester Schouten") by name, when known.
        """
        from .i18n import period_label
        from .periods import month_span

        parts = []
        for facet in FACETS:
            chosen = self.of(facet.name)
            if chosen:
                words = t("or", lang).join(facet.word(value, lang, officials) for value in chosen)
                parts.append(f"{t(facet.name, lang).lower()} {words}")
        if self.text.strip():
            parts.append(t("describe_text", lang, text=self.text.strip()))
        if self.months:
            first, last = self.months
            if first == "0000-01" or last == "9999-12":
                parts.append(
                    t(
                        "describe_from" if last == "9999-12" else "describe_to",
                        lang,
                        month=month_label(last if first == "0000-01" else first, lang, wide=True),
                    )
                )
            else:
                parts.append(period_label(month_span(first, last), lang))
        return "; ".join(parts) or t("describe_all", lang)

    def slug(self) -> str:
        """The selection as a short file-name part: "kasmi_onderwijs_se_2025-06"; "" when all is selected.

        Each facet's ids (official, theme, country, …), the search text, then the period (open ends left out).

        >>> Selection(officials=("Kasmi",), months=("2025-06", "2025-06")).slug()
        'kasmi_2025-06'
        >>> Selection(themes=("haven", "klimaat"), countries=("JP",), text="Tokyo Bay", months=("2025-06", "2025-09")).slug()
        'haven-klimaat_jp_tokyo-bay_2025-06_2025-09'
        """
        parts = [
            "-".join(_slug(value) for value in values)
            for values in (*(ids for _, ids in self.chosen), (self.text,) if self.text.strip() else ())
            if values
        ]
        if self.months:
            parts.extend(month for month in dict.fromkeys(self.months) if month not in ("0000-01", "9999-12"))
        return "_".join(part for part in parts if part)[:120]

    def mask(self, trips: pd.DataFrame) -> pd.Series:
        """True for each trip the selection keeps."""
        import pandas as pd

        keep = pd.Series(True, index=trips.index)
        for part in self._masks(trips).values():
            keep &= part
        return keep

    def _masks(self, trips: pd.DataFrame) -> dict[str, pd.Series]:
        """Per filter that is set (by its link parameter), True for each trip it keeps."""
        masks = {facet.name: facet.mask(trips, self.of(facet.name)) for facet in FACETS if self.of(facet.name)}
        if self.months:
            first, last = self.months
            masks["months"] = (
                (trips["first_month"] <= last) & (trips["last_month"] >= first) & (trips["first_month"] != "")
            )
        if self.text.strip():
            masks["q"] = trips["_text"].str.contains(fold(self.text), regex=False)
        return masks

    def option_counts(self, trips: pd.DataFrame) -> dict[str, Counter]:
        """For each facet (official, theme, country, …), how many of ``trips`` each of its options would show
        with the rest of the selection as it is: the number beside an option in the sidebar ("wethouder Kasmi
        (3)"). A filter does not count against its own options, so with one official chosen the others still
        say how many trips they add.

        >>> trips = trips_frame([])
        >>> Selection(officials=("Kasmi",)).option_counts(trips)["theme"]
        Counter()
        """
        import numpy as np

        masks = self._masks(trips)
        counts = {}
        for facet in FACETS:
            keep = np.ones(len(trips), dtype=bool)
            for other, part in masks.items():
                if other != facet.name:
                    keep &= part.to_numpy()
            counts[facet.name] = facet.counts(trips, keep)
        return counts

    def apply(self, trips: pd.DataFrame) -> pd.DataFrame:
        return trips[self.mask(trips)]


def next_months(
    all_months: Sequence[str], current: tuple[str, str] | None, mode: str = "window"
) -> tuple[str, str] | None:
    """The next step of the timeline's play control, or None at the end.

    ``window`` shows one month at a time; ``grow`` keeps the start and adds a month.

    >>> months = ["2025-06", "2025-07", "2025-08"]
    >>> next_months(months, None), next_months(months, ("2025-06", "2025-06")), next_months(months, ("2025-08", "2025-08"))
    (('2025-06', '2025-06'), ('2025-07', '2025-07'), None)
    >>> next_months(months, ("2025-06", "2025-07"), "grow")
    ('2025-06', '2025-08')
    """
    if not all_months:
        return None
    if current is None:
        return (all_months[0], all_months[0])
    last = current[1]
    if last not in all_months or last == all_months[-1]:
        return None
    following = all_months[all_months.index(last) + 1]
    return (all_months[0], following) if mode == "grow" else (following, following)


def _slug(value: str) -> str:
    """A value as a file-name part: ASCII letters, digits and hyphens only ("Malmö Zuid" -> "malmo-zuid")."""
    return re.sub(r"[^a-z0-9]+", "-", fold(value)).strip("-")


def _month(value: str, option: str) -> str:
    if not MONTH.match(value):
        raise SelectionError.said("error_month", option=option, value=value)
    return value
