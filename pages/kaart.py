"""Kaart: where the selected trips go, with the numbers above and the details of a clicked place."""

import streamlit as st

from reisatlas.i18n import co2_text, number, t
from ui.legend import legend
from ui.parts import (
    colour_choice, download_buttons, first_map, reading_notices, selected_trip_ids, trip_details,
    unresolved_places,
)
from ui.shared import map_of, summary_of
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

if not playing:
    columns = st.columns(6)
    columns[0].metric(t("trips", lang), summary.trips)
    columns[1].metric(t("places", lang), summary.places)
    columns[2].metric(t("countries", lang), summary.countries)
    columns[3].metric(t("officials", lang), summary.officials)
    columns[4].metric(t("km", lang), number(summary.kilometres, lang), help=t("km_help", lang))
    columns[5].metric(t("co2_metric", lang), co2_text(summary.co2_kg, lang), help=t("co2_metric_help", lang))

if view.trips.empty and not playing:
    st.info(t("no_trips", lang))

paint = colour_choice(view)
legend(view, paint)

deck = map_of(view, paint.by, carry_world_outlines=first_map(), playing=playing)
event = st.pydeck_chart(
    deck,
    on_select="rerun",
    selection_mode="single-object",
    key="map",
    height=560,
    alt=t("map_alt", lang),
)

# A clicked place's trips that the filters have since taken away go with it: no empty "Details".
picked = selected_trip_ids(event, deck)
clicked = view.trips[view.trips["trip_id"].isin(picked)] if picked else view.trips.iloc[:0]
if not clicked.empty:
    st.subheader(t("details", lang))
    for _, trip in clicked.iterrows():
        trip_details(trip, lang)
else:
    st.caption(t("click_hint", lang))

unresolved_places(view)
download_buttons(view, paint)
reading_notices(view)
