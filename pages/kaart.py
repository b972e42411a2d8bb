"""Kaart: who went where, when and why: the numbers in one line, the map, and beside it (under it on a phone) the
list of the trips with their purposes, in the map's colours; the details of a clicked trip or place below.

The first screen holds the map whole (at 1440×900 it starts within 300 px of the top) and every listed purpose.
The page is laid out the same before and after the browser has reported a phone's width (ui.client): the
columns stack and the map takes a phone's height by CSS, so nothing jumps while a phone loads the page.
"""

import streamlit as st

from reisatlas.i18n import co2_text, number, t
from reisatlas.map import key_text
from ui import links
from ui.client import DESKTOP_MAP, main_width, narrow
from ui.legend import legend
from ui.parts import (
    colour_choice,
    download_buttons,
    first_map,
    reading_notices,
    selected_trip_ids,
    trip_details,
    unresolved_places,
)
from ui.shared import map_of, summary_of
from ui.trip_list import trip_list
from ui.view import current_view

MAP_SHARE = (2.6, 1)  # the map beside the trip list, before the page's style sets the map's own width (PAGE_CSS)

view = current_view()
lang = view.lang
summary = summary_of(view)  # worked out once per selection, for every session that shows it (ui.shared)
# While the period plays, the page holds still: the map comes right under the sentence (no tagline, no
# numbers), and the camera is fitted once over the whole selection's months, so it never moves between months.
playing = bool(st.session_state.get("playing"))

with st.container(horizontal=True, vertical_alignment="bottom", gap="medium"):
    st.title(t("app_title", lang), anchor=False, width="content")
    if not playing:
        st.caption(t("tagline", lang), width="content")
st.markdown(f"**{summary.sentence(lang)}**")

if not playing:  # the numbers on one line (wrapping on a phone): the same on every screen, so nothing jumps
    numbers = [
        (t("trips", lang), number(summary.trips, lang)),
        (t("places", lang), number(summary.places, lang)),
        (t("countries", lang), number(summary.countries, lang)),
        (t("officials", lang), number(summary.officials, lang)),
        (t("km", lang), number(summary.kilometres, lang)),
        (t("co2_metric", lang), co2_text(summary.total_kg, lang)),
    ]
    st.markdown(
        " · ".join(f"{label}: **{value}**" for label, value in numbers),
        help=f"{t('km_help', lang)}\n\n{t('co2_metric_help', lang)}",
    )

if view.trips.empty and not playing:
    st.info(t("no_trips", lang))

with st.container(key="first_screen"):  # the map, and the trip list beside or under it (PAGE_CSS)
    map_place, beside = st.columns(MAP_SHARE, gap="medium")

# The map is exactly as wide as it is fitted for (ui.streamlit_internals.PAGE_CSS holds its column at that width):
# a desktop's (ui.client.DESKTOP_MAP) or, narrower, the main column's that the browser has reported (a phone's, a
# desktop's at 200 % zoom). A phone's map is about as tall as it is wide: a taller one would be taller than the whole
# world at the zoom that fits its width, and deck.gl then moves the centre to keep the poles inside.
width = min(DESKTOP_MAP[0], main_width())
height = max(300, round(main_width() * 0.9)) if narrow() else DESKTOP_MAP[1]
colouring = links.colouring()  # the toggle's choice, as the reader just set it (drawn under the map, after it)
# The map as sent is made once per selection, language, colouring, size and chosen trips, for every session
# (ui.shared).
options = dict(
    carry_world_outlines=first_map(),
    playing=playing,
    fit=(width, height),
)


def clicked_on_map() -> None:
    st.session_state["_map_clicked"] = True


if st.session_state.pop("_map_clicked", False):
    # A click selects its place's trips (records are named by key: any map of this selection picks alike,
    # Deck.picks); the address, written before the page ran, follows. No pick is no change: the map lets go of
    # Streamlit's own selection once it has lit the chosen trip (below), and that letting go is no click.
    picked = selected_trip_ids(st.session_state.get("map"), map_of(view, colouring, **options))
    if picked:
        links.select_trips(picked)
        st.session_state["_map_turn"] = st.session_state.get("_map_turn", 0) + 1
        links.show(view, "")

# The selected trips (a clicked place, a listed trip, or the address's trip); those the filters have since taken
# away go with them: no empty "Details". The map lights their routes and stops and fades the rest.
clicked = view.trips[view.trips["trip_id"].isin(links.selected_trips())]
deck = map_of(view, colouring, chosen=tuple(clicked["trip_id"]), turn=st.session_state.get("_map_turn", 0), **options)
with map_place, st.container(key="map_frame"):  # its height held from the first paint (ui.streamlit_internals.PAGE_CSS)
    st.pydeck_chart(
        deck, on_select=clicked_on_map, selection_mode="single-object", key="map", height=height, alt=t("map_alt", lang)
    )
with map_place:
    if deck.key:  # the places whose names had no room beside their markers, which show a number instead
        st.caption(key_text(deck.key, lang))
with map_place, st.container(horizontal=True, gap="medium"):  # the colouring and its legend, under the map
    paint = colour_choice(view)
    legend(view, paint)
with beside:  # after the map: a trip just clicked on the map is the list's selected one
    trip_list(view, paint)

if not clicked.empty:
    st.subheader(t("details", lang))
    st.button(t("clear_choice", lang), key="clear_choice", on_click=links.select_trips, args=((),))
    for _, trip in clicked.iterrows():
        trip_details(trip, lang)
else:
    st.caption(t("click_hint", lang))

unresolved_places(view)
download_buttons(view, paint)
reading_notices(view)
