"""Kaart: where the selected trips go, with the numbers above and the details of a clicked place."""

import streamlit as st

from pages.common import colour_choice, current_view, download_buttons, legend, literal, selected_trip_ids, trip_details
from reisatlas.countries import country_name
from reisatlas.i18n import number, t
from reisatlas.layers import build_deck
from reisatlas.selection import stops_of
from reisatlas.summary import summarise

view = current_view()
lang = view.lang
stops = view.atlas.stops
summary = summarise(view.trips, stops)

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

event = st.pydeck_chart(
    build_deck(view.trips, stops, paint, lang),
    on_select="rerun",
    selection_mode="single-object",
    key="map",
    height=560,
    alt=t("map_alt", lang),
)

clicked = selected_trip_ids(event)
if clicked:
    st.subheader(t("details", lang))
    for _, trip in view.trips[view.trips["trip_id"].isin(clicked)].iterrows():
        trip_details(trip, lang)
else:
    st.caption(t("click_hint", lang))

missing = stops_of(view.trips, stops)
missing = missing[missing["lat"].isna()]
if not missing.empty:
    st.subheader(t("unresolved", lang))
    for _, stop in missing.drop_duplicates(["name", "country"]).iterrows():
        code = stop["country_code"]  # None or NaN when no source knows the country (NaN is truthy)
        country = country_name(code, lang) if isinstance(code, str) and code else f"{stop['country']}, {t('unknown_country', lang)}"
        st.markdown("- " + literal(t("unresolved_reason", lang, place=stop["name"], country=country)))

download_buttons(view, paint)

if view.atlas.notices:
    with st.expander(t("notices", lang)):
        for notice in view.atlas.notices:
            st.markdown("- " + literal(notice))
