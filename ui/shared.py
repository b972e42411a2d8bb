"""What sessions share beyond the atlas: the work of one selection, done once for every session that shows it.

A surge of residents after a news article looks at a few views: the whole period, the link in the article, one
alderman, one month. Every one of their reruns filtered the trips, summed them up and wrote the map afresh: at the
seed about a third of the script's time, at 10,000 trips more than half of it (the map's records and its JSON,
100-300 ms a rerun). Now the selected trips, the map as sent, the summary and the legend's entries are made once
per atlas revision and selection (and the places not on the map, the downloads' names), and the filters' options once per atlas and language: one object for every
session, never copied (read it, never change it).

The key is the atlas's ``revision`` (``ui.atlas.Shown``: the documents' contents, online lookups, the store's
revision) and the ``Selection`` itself (a frozen dataclass), so a new document, a publication or a correction in
Beheer makes a new key and nothing made from an older atlas is shown again.

The tables and maps are kept up to a number of **bytes**, not of entries (cachetools' ``LRUCache`` with
``getsizeof``): a map is 20 KB at the seed and up to 2 MB at 10,000 trips, a selection's table 10 KB or 20 MB,
so a count that keeps every view of the seed would hold gigabytes at 10,000 trips. The least recently shown
go first. A view asked by several sessions at once is made by one of them while the others wait for it
(``condition``), not made by each.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, replace
from threading import Condition
from types import MappingProxyType
from typing import Mapping

import pandas as pd
from cachetools import LRUCache, cached

from reisatlas.exports import FORMATS, PLAYBACKS, suggested_name
from reisatlas.facets import FACETS
from reisatlas.i18n import month_label
from reisatlas.map import OUTLINES_URL, Deck, build_deck, fitted_view, world_outlines_json
from reisatlas.selection import Selection, stops_of
from reisatlas.story import story_order
from reisatlas.summary import Summary, summarise

from .atlas import Shown
from .streamlit_internals import WrittenChart, fresh_selection, tooltip_of

MiB = 2**20
TABLE_BYTES = 32 * MiB  # the selected trips: every view of the seed; a few of the widest at 10,000 trips
MAP_BYTES = 32 * MiB  # the maps as sent: every view of the seed; 15-30 at 10,000 trips
SMALL_ENTRIES = 4096  # summaries and legends, a few hundred bytes each


class WrittenMap(WrittenChart):
    """A map already written: the spec's text and its tooltip, which is all ``st.pydeck_chart`` reads of a
    Deck, and what a click on it picks (``Deck.picks``). The layers' records are let go once written (at 10,000
    trips several times the text's size)."""

    def __init__(self, deck: Deck):
        super().__init__(deck.to_json(), tooltip_of(deck))
        self.picks = deck.picks
        self.key = deck.key

    def carrying_world_outlines(self) -> WrittenMap:
        """This map with the world's 1:110m outlines in it instead of their address, as ``build_deck(...,
        carry_world_outlines=True)`` writes it (a session's first map: a fetched file reaches deck.gl only after
        its first frame), without building the map again. A zoomed-in map fetches its 1:50m outlines either way."""
        address = json.dumps(OUTLINES_URL)
        if address not in self.text:
            return self
        carried = copy.copy(self)
        carried.text = self.text.replace(address, world_outlines_json(), 1)
        return carried


TRIP_BYTES = (
    3_000  # one row of the trips table, its description included (3.1 KB at the seed, 2.2 KB at 10,000 generated trips)
)


def _bytes_of_table(trips: pd.DataFrame) -> int:
    """A selection's table's size, estimated: pandas' deep count reads every string and cost as much as
    filtering again."""
    return 1 + len(trips) * TRIP_BYTES


def _of_selection(shown: Shown, selection: Selection, *rest) -> tuple:
    return (shown.revision, selection, *rest)


@cached(LRUCache(TABLE_BYTES, getsizeof=_bytes_of_table), key=_of_selection, condition=Condition(), info=True)
def selected_trips(shown: Shown, selection: Selection, lang: str) -> pd.DataFrame:
    """The trips of ``selection`` in this atlas, their places named in ``lang``."""
    return selection.apply(shown.tables[lang][0])


@cached(
    LRUCache(MAP_BYTES, getsizeof=lambda written: len(written.text)),
    key=_of_selection,
    condition=Condition(),
    info=True,
)
def _map(
    shown: Shown,
    selection: Selection,
    by: str,
    lang: str,
    carry_world_outlines: bool,
    playing: bool,
    fit: tuple[int, int],
    chosen: tuple[str, ...] = (),
    turn: int = 0,
) -> WrittenMap:
    if carry_world_outlines:  # the same map as every later one, the outlines written in: built once for both
        return _map(shown, selection, by, lang, False, playing, fit, chosen, turn).carrying_world_outlines()
    stops = shown.tables[lang][1]
    # While the period plays, the camera is fitted once over the whole selection's months, so it holds still.
    camera = fitted_view(selected_trips(shown, replace(selection, months=None), lang), stops, fit) if playing else None
    trips = selected_trips(shown, selection, lang)
    deck = build_deck(
        trips,
        stops,
        shown.paints[(by, lang)].following(selection.themes),
        lang,
        served_outlines=True,
        view=camera,
        fit=fit,
        table=shown.tables[lang][0],
        chosen=chosen,
    )
    written = WrittenMap(deck)
    if chosen:  # a new name for the picked layers each pick, so Streamlit's own fading does not hide the lit trip
        written.text = fresh_selection(written.text, turn)
    return written


def map_of(
    view,
    by: str,
    *,
    carry_world_outlines: bool,
    playing: bool,
    fit: tuple[int, int],
    chosen: tuple[str, ...] = (),
    turn: int = 0,
) -> WrittenMap:
    """The map page's map of the view's selection (``ui.view.View``), coloured ``by`` official or theme and
    fitted to a map of ``fit`` (width, height) pixels; the ``chosen`` trips lit (``build_deck``; ``turn``: how
    many times the reader picked on the map, by which the picked layers are named anew: ``fresh_selection``)."""
    chosen = tuple(sorted(chosen))
    return _map(
        view.shown, view.selection, by, view.lang, carry_world_outlines, playing, fit, chosen, turn % 2 if chosen else 0
    )


@cached(LRUCache(TABLE_BYTES, getsizeof=_bytes_of_table), key=_of_selection, condition=Condition(), info=True)
def _story(shown: Shown, selection: Selection, lang: str) -> pd.DataFrame:
    return story_order(selected_trips(shown, selection, lang))


def story_of(view) -> pd.DataFrame:
    """The view's trips in presentation order (``reisatlas.story.story_order``)."""
    return _story(view.shown, view.selection, view.lang)


@cached(LRUCache(SMALL_ENTRIES), key=_of_selection, condition=Condition(), info=True)
def _summary(shown: Shown, selection: Selection, lang: str, asked: tuple[str, ...]) -> Summary:
    return summarise(selected_trips(shown, selection, lang), shown.tables[lang][1], asked)


def summary_of(view, *, name_period: bool = True) -> Summary:
    """The numbers of the view's selection; ``name_period``: the sentence names the chosen period when no
    trip falls in it (the map page), else says there are no trips."""
    return _summary(view.shown, view.selection, view.lang, tuple(view.selection.months or ()) if name_period else ())


@cached(LRUCache(SMALL_ENTRIES), key=_of_selection, condition=Condition(), info=True)
def _legend(shown: Shown, selection: Selection, by: str, lang: str) -> tuple[tuple[str, str, str], ...]:
    paint = shown.paints[(by, lang)].following(selection.themes)
    return tuple(paint.entries(selected_trips(shown, selection, lang)))


def legend_entries(view, by: str) -> tuple[tuple[str, str, str], ...]:
    """(key, label, "#rrggbb") for each colour the view's trips use (``Colouring.entries``)."""
    return _legend(view.shown, view.selection, by, view.lang)


@cached(LRUCache(SMALL_ENTRIES), key=_of_selection, condition=Condition(), info=True)
def _unplaced(shown: Shown, selection: Selection, lang: str) -> tuple[tuple[str, str | None, str], ...]:
    stops = stops_of(selected_trips(shown, selection, lang), shown.tables[lang][1])
    missing = stops[stops["lat"].isna()].drop_duplicates(["name", "country"])
    # A country code is None or NaN when no source knows the country (NaN is truthy): None for both.
    codes = [code if isinstance(code, str) and code else None for code in missing["country_code"]]
    return tuple(zip(missing["name"], codes, missing["country"]))


def unplaced(view) -> tuple[tuple[str, str | None, str], ...]:
    """(name, country code or None, country as written) of each of the view's places no source could place."""
    return _unplaced(view.shown, view.selection, view.lang)


@cached(LRUCache(SMALL_ENTRIES), key=_of_selection, condition=Condition(), info=True)
def _downloads(shown: Shown, selection: Selection, lang: str) -> tuple[tuple[str, ...], str]:
    trips = selected_trips(shown, selection, lang)
    dated = (trips["first_month"] != "").any()
    formats = tuple(name for name in FORMATS if dated or name not in ("ics", *PLAYBACKS))  # a calendar, a video: months
    return formats, suggested_name("csv", selection, trips).removesuffix(".csv")


def downloads(view) -> tuple[tuple[str, ...], str]:
    """The export formats the view's trips can be downloaded in, and the files' name without its suffix."""
    return _downloads(view.shown, view.selection, view.lang)


@dataclass(frozen=True)
class Choices:
    """The filters' options for one atlas in one language, in the order the sidebar shows them, with their
    labels: what every rerun of every session would otherwise sort and name again (Babel for each month and
    country, and every trip's themes and municipality read at 10,000 trips)."""

    facets: Mapping[str, Mapping[str, str]]  # facet name -> the options some trip has (id -> label), in order
    months: Mapping[str, str]  # "2025-06" -> "jun 2025", every month of the atlas


@cached(LRUCache(64), key=lambda shown, lang: (shown.revision, lang), condition=Condition(), info=True)
def choices(shown: Shown, lang: str) -> Choices:
    trips = shown.atlas.trips
    return Choices(
        facets=MappingProxyType({facet.name: MappingProxyType(facet.options(trips, lang)) for facet in FACETS}),
        months=MappingProxyType({month: month_label(month, lang) for month in shown.atlas.months}),
    )
