"""Tijdlijn: when each official travels — a row per official, a bar per trip over its period."""

import streamlit as st

from reisatlas.i18n import t
from reisatlas.timeline import build_timeline, timeline_chart
from ui.client import narrow
from ui.legend import legend
from ui.parts import colour_choice, literal, officials_of, page_header, trip_period
from ui.view import current_view

view = current_view()
lang = view.lang

page_header(view, "page_timeline")

everything = (view.atlas.months[0], view.atlas.months[-1]) if view.atlas.months else None
paint = colour_choice(view)  # the map's colouring: a trip keeps its colour from page to page
legend(view, paint)
timeline = build_timeline(view.trips, lang, view.selection.months or everything, paint)
if timeline.rows and narrow():
    # A phone: a month axis over 360 px cuts every name short, so the same rows as a list.
    for row in timeline.rows:
        st.markdown(f"**{literal(row.label)}**")
        bars = timeline.bars[timeline.bars["official"] == row.label].sort_values("start")
        st.markdown(
            "\n".join(
                f"- {literal(bar['period'])}: {literal(bar['title'])}"
                + (f" ({literal(bar['themes'])})" if bar["themes"] else "")
                for _, bar in bars.iterrows()
            )
        )
elif timeline.rows:
    st.caption(t("timeline_caption", lang))
    st.altair_chart(timeline_chart(timeline, lang), alt=t("timeline_alt", lang))

if not timeline.undated.empty:
    st.subheader(t("no_period", lang).capitalize())
    for _, trip in timeline.undated.iterrows():
        st.markdown(
            f"- **{literal(trip['title'])}** — {literal(officials_of(trip, lang))} — {literal(trip_period(trip, lang))}"
        )
