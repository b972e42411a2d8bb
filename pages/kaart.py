"""Kaart: where the selected trips go, with the numbers above and the details of a clicked place."""

import streamlit as st

from reisatlas.i18n import number, t
from reisatlas.layers import build_deck
from reisatlas.summary import summarise
from ui.parts import (
    OUTLINES_URL, colour_choice, download_buttons, legend, reading_notices, selected_trip_ids, trip_details,
    unresolved_places,
)
from ui import links
from ui.client import main_width, narrow
from ui.view import current_view

view = current_view()
lang = view.lang
summary = summarise(view.trips, view.stops)

st.title(t("app_title", lang))
st.caption(t("tagline", lang))
st.markdown(f"**{summary.sentence(lang)}**")

numbers = [
    (t("trips", lang), number(summary.trips, lang)),
    (t("places", lang), number(summary.places, lang)),
    (t("countries", lang), number(summary.countries, lang)),
    (t("officials", lang), number(summary.officials, lang)),
    (t("km", lang), number(summary.kilometres, lang)),
]
if narrow():  # a phone: the numbers on one line, the map right under them, the colouring below it
    st.markdown(" · ".join(f"{label}: **{value}**" for label, value in numbers), help=t("km_help", lang))
    map_place, controls = st.container(), st.container()
else:
    for column, (label, value) in zip(st.columns(5), numbers):
        column.metric(label, value, help=t("km_help", lang) if label == t("km", lang) else None)
    controls, map_place = st.container(), st.container()

if view.trips.empty:
    st.info(t("no_trips", lang))

with controls:
    paint = colour_choice(view)
    legend(paint.legend(view.trips), lang)

# A phone's map is about as tall as it is wide: a taller one would be taller than the whole world at the
# zoom that fits its width, and deck.gl then moves the centre to keep the poles inside.
height = max(300, round(main_width() * 0.9)) if narrow() else 560
with map_place:
    st.pydeck_chart(
        build_deck(view.trips, view.stops, paint, lang, outlines=OUTLINES_URL, width=main_width(), height=height),
        on_select=lambda: links.select_trips(selected_trip_ids(st.session_state.get("map"))),
        selection_mode="single-object",
        key="map",
        height=height,
        alt=t("map_alt", lang),
    )

clicked = [trip for trip in links.selected_trips() if trip in set(view.trips["trip_id"])]
if clicked:
    st.subheader(t("details", lang))
    for _, trip in view.trips[view.trips["trip_id"].isin(clicked)].iterrows():
        trip_details(trip, lang)
else:
    st.caption(t("click_hint", lang))

unresolved_places(view)
download_buttons(view, paint)
reading_notices(view)
