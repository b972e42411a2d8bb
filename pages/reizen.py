"""Reizen: the selected trips as a table, each description readable — the text alternative to the map."""

import pandas as pd
import streamlit as st

from reisatlas.i18n import t
from reisatlas.layers import mode_label
from reisatlas.themes import theme_names
from ui.parts import download_buttons, literal, officials_of, page_header, trip_details, trip_period
from ui import links
from ui.view import current_view

view = current_view()
lang = view.lang

page_header(view, "page_trips")

trips = [trip for _, trip in view.trips.iterrows()]
table = pd.DataFrame(
    {
        t("title", lang): [trip["title"] for trip in trips],
        t("subtitle", lang): [trip["subtitle"] for trip in trips],
        t("officials", lang): [officials_of(trip, lang) for trip in trips],
        t("period", lang): [trip_period(trip, lang) for trip in trips],
        t("places", lang): [", ".join(trip["places"]) for trip in trips],
        t("themes", lang): [theme_names(trip["themes"], lang) for trip in trips],
        t("km", lang): [round(trip["km"]) if trip["km"] > 0 else None for trip in trips],
        t("column_co2_short", lang): [round(trip["co2_kg"]) if trip["km"] > 0 else None for trip in trips],
        t("column_mode_short", lang): [mode_label(trip, lang) for trip in trips],
    }
)
# The themes and the purpose ("why") are read whole: wide columns, and the table wraps its rows.
wide = {t(key, lang): st.column_config.TextColumn(width="large") for key in ("subtitle", "themes")}
st.dataframe(table, hide_index=True, width="stretch", column_config=wide, row_height=56)
download_buttons(view, view.paint(st.session_state.get("colour") or "official"))

selected = links.selected_trips()


def opened_or_closed(trip_id: str) -> None:
    """An opened trip is selected (and in the address), a closed one no longer."""
    others = [trip for trip in links.selected_trips() if trip != trip_id]
    links.select_trips([*others, trip_id] if st.session_state.get(f"trip_{trip_id}") else others)


for trip in trips:
    # Labels render Markdown (images, links): a title from a document goes in as literal text.
    with st.expander(
        f"{literal(trip['title'])} — {trip_period(trip, lang)}",
        expanded=trip["trip_id"] in selected,
        key=f"trip_{trip['trip_id']}",
        on_change=opened_or_closed,
        args=(trip["trip_id"],),
    ):
        trip_details(trip, lang)
