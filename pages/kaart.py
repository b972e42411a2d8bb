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
from ui.view import current_view

view = current_view()
lang = view.lang
summary = summarise(view.trips, view.atlas.stops)

st.title(t("app_title", lang))
st.caption(t("tagline", lang))
st.markdown(f"**{summary.sentence(lang)}**")

columns = st.columns(5)
columns[0].metric(t("trips", lang), summary.trips)
columns[1].metric(t("places", lang), summary.places)
columns[2].metric(t("countries", lang), summary.countries)
columns[3].metric(t("officials", lang), summary.officials)
columns[4].metric(t("km", lang), number(summary.kilometres, lang), help=t("km_help", lang))

if view.trips.empty:
    st.info(t("no_trips", lang))

paint = colour_choice(view)
legend(paint.legend(view.trips), lang)

st.pydeck_chart(
    build_deck(view.trips, view.atlas.stops, paint, lang, outlines=OUTLINES_URL),
    on_select=lambda: links.select_trips(selected_trip_ids(st.session_state.get("map"))),
    selection_mode="single-object",
    key="map",
    height=560,
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
