"""Reizen: the selected trips as a table, each description readable — the text alternative to the map."""

import pandas as pd
import streamlit as st

from pages.common import current_view, download_buttons, literal, page_header, theme_names, trip_details, trip_period
from reisatlas.i18n import t
from reisatlas.layers import colouring

view = current_view()
lang = view.lang

page_header(view, "page_trips")

table = pd.DataFrame(
    {
        t("title", lang): view.trips["title"],
        t("officials", lang): view.trips["official_labels"].map(", ".join),
        t("period", lang): [trip_period(trip, lang) for _, trip in view.trips.iterrows()],
        t("places", lang): view.trips["places"].map(", ".join),
        t("themes", lang): view.trips["themes"].map(lambda ids: theme_names(ids, lang)),
    }
)
st.dataframe(table, hide_index=True, width="stretch")
download_buttons(view, colouring(view.atlas.trips, "official", lang))

for _, trip in view.trips.iterrows():
    # Labels render Markdown (images, links): a title from a document goes in as literal text.
    with st.expander(f"{literal(trip['title'])} — {trip_period(trip, lang)}"):
        trip_details(trip, lang)
