"""Tijdlijn: when each official travels — a row per official, a bar per trip over its period."""

import streamlit as st

from pages.common import current_view, literal, page_header, trip_period
from reisatlas.i18n import t
from reisatlas.timeline import build_timeline, timeline_chart

view = current_view()
lang = view.lang

page_header(view, "page_timeline")

everything = (view.atlas.months[0], view.atlas.months[-1]) if view.atlas.months else None
months = view.selection.months or everything
timeline = build_timeline(view.trips, lang, months)
if timeline.rows:
    st.caption(t("timeline_caption", lang))
    st.altair_chart(timeline_chart(timeline, lang), alt=t("timeline_alt", lang))

if not timeline.undated.empty:
    st.subheader(t("no_period", lang).capitalize())
    for _, trip in timeline.undated.iterrows():
        who = ", ".join(trip["official_labels"]) or t("no_official", lang)
        st.markdown(f"- **{literal(trip['title'])}** — {literal(who)} — {literal(trip_period(trip, lang))}")
