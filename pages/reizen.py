"""Reizen: the selected trips as a table, each description readable — the text alternative to the map."""

import pandas as pd
import streamlit as st

from reisatlas.i18n import euros, number, official, t
from reisatlas.map import mode_label
from reisatlas.summary import costs_per_official
from reisatlas.themes import theme_names
from ui import links
from ui.client import narrow
from ui.parts import costs_text, download_buttons, literal, officials_of, page_header, trip_details, trip_period
from ui.view import current_view

WHOLE_TABLE_ROWS = 200
# (column, field) of the numbers: none for a trip with no placed stop
NUMBERS = (
    ("column_km_short", "km"),
    ("column_co2_short", "co2_kg"),
    ("column_non_co2_short", "non_co2_kg"),
    ("column_total_short", "total_kg"),
)

view = current_view()
lang = view.lang

page_header(view, "page_trips")

trips = [trip for _, trip in view.trips.iterrows()]
table = pd.DataFrame(
    {
        t("title", lang): [trip["title"] for trip in trips],
        t("subtitle", lang): [trip["subtitle"] for trip in trips],
        t("themes", lang): [theme_names(trip["themes"], lang) for trip in trips],
        t("officials", lang): [officials_of(trip, lang) for trip in trips],
        t("period", lang): [trip_period(trip, lang) for trip in trips],
        t("places", lang): [", ".join(trip["places"]) for trip in trips],
        **{t(column, lang): [trip[field] if trip["km"] > 0 else None for trip in trips] for column, field in NUMBERS},
        t("column_mode_short", lang): [mode_label(trip, lang) for trip in trips],
    }
)
if view.trips["costs"].notna().any() or view.trips["paid_by"].notna().any():  # only documents that give costs
    table[t("costs", lang)] = [costs_text(trip, lang) for trip in trips]
if view.trips["municipality"].nunique() > 1:
    table.insert(0, t("municipality", lang), [trip["municipality"] for trip in trips])
# The purpose ("why") and the themes are read whole: a plain table wraps every cell (and is a real HTML
# table for a screen reader). Streamlit's data grid cannot wrap, so it is kept for lists too long to read
# as a page, where sorting and scrolling matter more.
if len(table) <= WHOLE_TABLE_ROWS:
    if narrow():  # a phone: the table scrolls sideways inside its own box (ui.client makes it a region)
        st.caption(t("table_sideways_hint", lang))
    # st.table renders Markdown (and HTML) in its cells: document text goes in as literal text. Its numbers are
    # written as the summary writes them ("15.466" in Dutch, "15,466" in English); none for a trip not placed.
    for column, _ in NUMBERS:
        table[t(column, lang)] = [number(value, lang) if pd.notna(value) else "" for value in table[t(column, lang)]]
    st.table(table.map(lambda value: literal(value) if isinstance(value, str) else value), hide_index=True)
else:  # a grid that sorts: numbers stay numbers (whole ones), the grid writes them in the reader's language
    for column, _ in NUMBERS:  # ("localized": ui.client gives the grid the reader's language, not the browser's)
        table[t(column, lang)] = [round(value) if pd.notna(value) else None for value in table[t(column, lang)]]
    numbers = {t(column, lang): st.column_config.NumberColumn(format="localized") for column, _ in NUMBERS}
    st.dataframe(table, hide_index=True, width="stretch", column_config=numbers)
st.caption(t("table_numbers_caption", lang))  # what the short number headers count
if totals := costs_per_official(view.trips):
    st.markdown(f"**{t('costs_per_official', lang)}**")
    st.dataframe(
        pd.DataFrame(
            {
                t("officials", lang): [official(label, lang) for label, _, _ in totals],
                t("costs", lang): [euros(total, lang) for _, total, _ in totals],
                t("trips", lang): [n for _, _, n in totals],
            }
        ),
        hide_index=True,
    )
download_buttons(view, view.paint(links.colouring()))

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
