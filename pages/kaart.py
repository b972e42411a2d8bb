"""Kaart: where the selected trips go, with the numbers above and the details of a clicked place.

On a phone (ui.client) the numbers are one line and the map comes right under them, fitted to its width.
"""

import streamlit as st

from reisatlas.i18n import co2_text, number, t
from reisatlas.map import key_text
from ui import links
from ui.client import main_width, map_width, narrow
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
from ui.streamlit_internals import METRIC_TILES_CSS
from ui.view import current_view

view = current_view()
lang = view.lang
summary = summary_of(view)  # worked out once per selection, for every session that shows it (ui.shared)
# While the period plays, the page holds still: the map comes right under the sentence (no tagline, no
# tiles), and the camera is fitted once over the whole selection's months, so it never moves between months.
playing = bool(st.session_state.get("playing"))

st.title(t("app_title", lang))
if not playing:
    st.caption(t("tagline", lang))
st.markdown(f"**{summary.sentence(lang)}**")

numbers = [
    (t("trips", lang), number(summary.trips, lang), None),
    (t("places", lang), number(summary.places, lang), None),
    (t("countries", lang), number(summary.countries, lang), None),
    (t("officials", lang), number(summary.officials, lang), None),
    (t("km", lang), number(summary.kilometres, lang), t("km_help", lang)),
    (t("co2_metric", lang), co2_text(summary.total_kg, lang), t("co2_metric_help", lang)),
]
if narrow():  # a phone: the numbers on one line, the map right under them, the colouring below it
    if not playing:
        st.markdown(" · ".join(f"{label}: **{value}**" for label, value, _ in numbers), help=t("co2_metric_help", lang))
    map_place, controls = st.container(), st.container()
else:
    if not playing:
        st.html(METRIC_TILES_CSS)  # six tiles in one row: each value whole, never cut off
        for column, (label, value, help) in zip(st.columns(len(numbers)), numbers):
            column.metric(label, value, help=help)
    controls, map_place = st.container(), st.container()

if view.trips.empty and not playing:
    st.info(t("no_trips", lang))

with controls:
    paint = colour_choice(view)
    legend(view, paint)

# A phone's map is about as tall as it is wide: a taller one would be taller than the whole world at the
# zoom that fits its width, and deck.gl then moves the centre to keep the poles inside.
height = max(300, round(main_width() * 0.9)) if narrow() else 560
# The map as sent is made once per selection, language, colouring, size and chosen trips, for every session
# (ui.shared).
options = dict(
    carry_world_outlines=first_map(),
    playing=playing,
    fit=(map_width(), height),
)


def clicked_on_map() -> None:
    st.session_state["_map_clicked"] = True


if st.session_state.pop("_map_clicked", False):
    # A click selects its place's trips (records are named by key: any map of this selection picks alike,
    # Deck.picks); the address, written before the page ran, follows. No pick is no change: the map lets go of
    # Streamlit's own selection once it has lit the chosen trip (below), and that letting go is no click.
    picked = selected_trip_ids(st.session_state.get("map"), map_of(view, paint.by, **options))
    if picked:
        links.select_trips(picked)
        st.session_state["_map_turn"] = st.session_state.get("_map_turn", 0) + 1
        links.show(view, "")

# The selected trips (a clicked place, or the address's trip); those the filters have since taken away go
# with them: no empty "Details". The map lights their routes and stops and fades the rest.
clicked = view.trips[view.trips["trip_id"].isin(links.selected_trips())]
deck = map_of(
    view,
    paint.by,
    chosen=tuple(clicked["trip_id"]),
    turn=st.session_state.get("_map_turn", 0),
    **options,
)
with map_place:
    st.pydeck_chart(
        deck, on_select=clicked_on_map, selection_mode="single-object", key="map", height=height, alt=t("map_alt", lang)
    )
    if deck.key:  # the places whose names had no room beside their markers, which show a number instead
        st.caption(key_text(deck.key, lang))

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
