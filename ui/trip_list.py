"""The map page's trip list: each shown trip's why, where, who and when without a click, in the map's colours.

Beside the map on a desktop, under it on a phone (Streamlit stacks the page's columns on a narrow screen, by CSS
alone: the list does not wait for the browser to report its width). Each trip is a button whose left edge has the
trip's colour on the map; a click selects the trip as a click on the map does (the same selection, in the
address), and a click on the selected trip lets it go. A list longer than ``LISTED`` shows its first trips in time
order and points to the Reizen page for the rest: a page of buttons would cost every rerun at 10,000 trips.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from reisatlas.colours import Colouring
from reisatlas.i18n import number, t
from reisatlas.story import story_head
from reisatlas.text import markdown_literal as literal

from . import links
from .parts import officials_of, trip_period
from .streamlit_internals import keyed
from .view import View

LISTED = 25  # trips in the list; more: the first ones and a pointer to the Reizen page
KEY = "trip_list"


def trip_label(trip: pd.Series, lang: str) -> str:
    """ "**Kennisuitwisseling voorschoolse educatie** · Malmö, Botkyrka, Stockholm · wethouder Kasmi · juni
    2025": why first (the trip's title when the document gives no purpose), then where, who and when; document
    text as literal text (a button's label renders Markdown)."""
    why = trip["subtitle"] or trip["title"]
    where = ", ".join(trip["places"])
    parts = [f"**{literal(why)}**", literal(where), literal(officials_of(trip, lang)), trip_period(trip, lang)]
    return " · ".join(part for part in parts if part)


def _picked(trip_id: str) -> None:
    """A click on a trip selects it alone; a click on the one selected lets it go."""
    links.select_trips([] if links.selected_trips() == (trip_id,) else [trip_id])


def trip_list(view: View, paint: Colouring) -> None:
    """The list of the view's trips (nothing when none is shown)."""
    if view.trips.empty:
        return
    lang = view.lang
    trips = view.trips
    listed = story_head(trips, LISTED)  # the first in time order (not all of 10,000 ordered at each month change)
    selected = set(links.selected_trips())
    # Each trip's colour on its button's left edge (the list's layout is the page's style, PAGE_CSS: there from the
    # first paint, so the list does not change its height when this style arrives).
    colours = "\n".join(
        f"{keyed('pick_' + trip_id)} button {{border-left-color:#{r:02x}{g:02x}{b:02x}}}"
        for trip_id, (r, g, b) in zip(listed["trip_id"], (paint.colour(trip) for _, trip in listed.iterrows()))
    )
    st.html(f"<style>{colours}</style>")
    with st.container(key=KEY, gap="xsmall"):
        st.markdown(f"**{t('trip_list', lang)}**", help=t("trip_list_help", lang))
        for _, trip in listed.iterrows():
            trip_id = trip["trip_id"]
            st.button(
                trip_label(trip, lang),
                key=f"pick_{trip_id}",
                on_click=_picked,
                args=(trip_id,),
                type="primary" if trip_id in selected else "secondary",
                width="stretch",
                wrap=True,
            )
    if len(trips) > len(listed):
        st.caption(t("trip_list_more", lang, listed=number(len(listed), lang), total=number(len(trips), lang)))
        st.page_link(
            "pages/reizen.py", label=t("page_trips", lang), query_params=links.address_of(view, "reizen") or None
        )
