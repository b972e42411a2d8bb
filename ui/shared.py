"""What sessions share beyond the atlas: the work of one selection, done once for every session that shows it.

A surge of residents after a news article looks at a few views: the whole period, the link in the article, one
alderman, one month. Every one of their reruns summed up the selected trips and wrote the map afresh: at the seed
about a third of the script's time, at 10,000 trips more than half of it (the map's records and its JSON,
100-300 ms a rerun). Now the map as sent, the summary and the legend's entries are made once per atlas revision
and selection, and the filters' options once per atlas and language (``st.cache_resource``: one object for every
session, never copied; read it, never change it).

The key is the atlas's ``revision`` (``ui.atlas.Shown``: the documents' contents, online lookups, the store's
revision) and the ``Selection`` itself, so a new document, a publication or a correction in Beheer makes a new
key and nothing made from an older atlas is shown again. The selected trips themselves are not kept: at 10,000
trips one selection's table is up to 20 MB, and filtering it again costs half a millisecond.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Mapping

import pandas as pd
import pydeck as pdk
import streamlit as st

from reisatlas.countries import country_name
from reisatlas.i18n import month_label, official
from reisatlas.layers import build_deck, fitted_view
from reisatlas.selection import Selection
from reisatlas.summary import Summary, summarise
from reisatlas.themes import theme_labels

from .atlas import Shown

# How each argument is told apart: an atlas by what it was made from, a selection by its fields (a frozen
# dataclass of tuples and strings; its repr is the same for equal selections).
_KEYS = {Shown: lambda shown: shown.revision, Selection: repr}

# At 10,000 trips a map's spec is up to 2 MB (less for narrower selections): 32 maps are at most ~64 MB a process.
MAPS = 32


class WrittenMap(pdk.Deck):
    """A map already written: the spec's text and its tooltip, which is all ``st.pydeck_chart`` reads of a
    Deck. The layers' records are let go once written (at 10,000 trips several times the text's size)."""

    def __init__(self, deck: pdk.Deck):
        super().__init__(layers=[], tooltip=deck._tooltip, map_provider=None)
        self.text = deck.to_json()

    def to_json(self) -> str:
        return self.text


@st.cache_resource(max_entries=MAPS, show_spinner=False, hash_funcs=_KEYS)
def _map(shown: Shown, selection: Selection, _trips: pd.DataFrame, by: str, lang: str, carry_world_outlines: bool, playing: bool) -> WrittenMap:
    stops = shown.atlas.stops
    # While the period plays, the camera is fitted once over the whole selection's months, so it holds still.
    camera = fitted_view(replace(selection, months=None).apply(shown.atlas.trips), stops) if playing else None
    paint = shown.paints[(by, lang)]
    deck = build_deck(_trips, stops, paint, lang, served_outlines=True, carry_world_outlines=carry_world_outlines, view=camera)
    return WrittenMap(deck)


def map_of(view, by: str, *, carry_world_outlines: bool, playing: bool) -> WrittenMap:
    """The map page's map of the view's selection, coloured ``by`` official or theme (``ui.view.View``)."""
    return _map(view.shown, view.selection, view.trips, by, view.lang, carry_world_outlines, playing)


@st.cache_resource(max_entries=256, show_spinner=False, hash_funcs=_KEYS)
def _summary(shown: Shown, selection: Selection, _trips: pd.DataFrame, asked: tuple[str, ...]) -> Summary:
    return summarise(_trips, shown.atlas.stops, asked)


def summary_of(view, *, name_period: bool = True) -> Summary:
    """The numbers of the view's selection; ``name_period``: the sentence names the chosen period when no
    trip falls in it (the map page), else says there are no trips."""
    asked = tuple(view.selection.months or ()) if name_period else ()
    return _summary(view.shown, view.selection, view.trips, asked)


@st.cache_resource(max_entries=256, show_spinner=False, hash_funcs=_KEYS)
def _legend(shown: Shown, selection: Selection, _trips: pd.DataFrame, by: str, lang: str) -> tuple[tuple[str, str, str], ...]:
    return tuple(shown.paints[(by, lang)].entries(_trips))


def legend_entries(view, by: str) -> tuple[tuple[str, str, str], ...]:
    """(key, label, "#rrggbb") for each colour the view's trips use (``Colouring.entries``)."""
    return _legend(view.shown, view.selection, view.trips, by, view.lang)


@dataclass(frozen=True)
class Choices:
    """The filters' options for one atlas in one language, in the order the sidebar shows them, with their
    labels: what every rerun of every session would otherwise sort and name again (Babel for each month and
    country, and every trip's themes and municipality read at 10,000 trips)."""

    officials: Mapping[str, str]  # name -> "wethouder Kasmi" in the language
    themes: Mapping[str, str]  # the themes some trip has -> label
    countries: Mapping[str, str]  # code -> name, by name
    municipalities: tuple[str, ...]
    months: Mapping[str, str]  # "2025-06" -> "jun 2025", every month of the atlas


@st.cache_resource(max_entries=16, show_spinner=False, hash_funcs=_KEYS)
def choices(shown: Shown, lang: str) -> Choices:
    atlas = shown.atlas
    names = sorted(atlas.officials, key=lambda name: atlas.officials[name].split()[-1])
    used = {theme for themes in atlas.trips["themes"] for theme in themes}
    labels = theme_labels(lang)
    codes = sorted(atlas.countries, key=lambda code: country_name(code, lang))
    municipalities = sorted(set(atlas.trips["municipality"]) - {""}) if "municipality" in atlas.trips else []
    return Choices(
        officials=MappingProxyType({name: official(atlas.officials[name], lang) for name in names}),
        themes=MappingProxyType({theme: labels[theme] for theme in theme_labels() if theme in used}),
        countries=MappingProxyType({code: country_name(code, lang) for code in codes}),
        municipalities=tuple(municipalities),
        months=MappingProxyType({month: month_label(month, lang) for month in atlas.months}),
    )
