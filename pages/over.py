"""Over: what the data is, where it comes from, how each place was placed, and the themes."""

from pathlib import Path

import pandas as pd
import streamlit as st

from reisatlas.countries import country_name
from reisatlas.emission_notes import comparison_notes, factor_table, method_notes
from reisatlas.emissions import load_factors, load_train_rule
from reisatlas.feeds import FEEDS
from reisatlas.i18n import count, number, t
from reisatlas.model import placed_by
from reisatlas.themes import load_themes
from ui.feeds import feed_address
from ui.parts import literal
from ui.view import current_view

view = current_view()
lang = view.lang

st.title(t("page_about", lang))
st.markdown(t("about_text", lang))

st.subheader(t("documents", lang))
for document in view.atlas.documents:
    trips = count(int((view.atlas.trips["file"] == document).sum()), "trip", lang)
    st.markdown("- " + literal(t("document_trips", lang, file=Path(document).name, trips=trips)))

st.subheader(t("geocoded_by", lang))
stops = view.stops
st.dataframe(
    pd.DataFrame(
        {
            t("places", lang): stops["name"],
            # A country no source knows has no code: None, or NaN in pandas' string columns (truthy).
            t("country", lang): [
                country_name(c, lang) if isinstance(c, str) and c else raw
                for c, raw in zip(stops["country_code"], stops["country"])
            ],
            "lat": stops["lat"],
            "lon": stops["lon"],
            t("geocoded_by", lang): [placed_by(source, lang) for source in stops["source"]],
        }
    ).drop_duplicates(),
    hide_index=True,
    width="stretch",
)

st.subheader(t("themes", lang))
for theme in load_themes():
    st.markdown(
        f'<span aria-hidden="true" style="display:inline-block;width:0.9em;height:0.9em;border-radius:50%;'
        f'background:{theme.colour};margin-right:0.4em"></span>**{theme.label(lang)}** · `{theme.id}` · '
        f"{literal(', '.join(theme.keywords[:8]))}…",  # keywords hold * wildcards, not emphasis
        unsafe_allow_html=True,
    )

st.subheader(t("about_footprint_title", lang))
rule = load_train_rule()
st.markdown(
    t(
        "about_footprint",
        lang,
        train_km=number(rule.train_max_leg_km, lang),
        possible_km=number(rule.possible_max_leg_km, lang),
        countries=", ".join(sorted(country_name(code, lang) for code in rule.rail_countries)),
    )
)
# Every sentence on the factors and every number in the tables come from data/emission_factors.csv (and the
# comparison from data/emission_factors_comparison.csv).
factors = load_factors()
for paragraph in method_notes(factors, lang):
    st.markdown(paragraph)
# A Markdown table, not a data grid: four rows read at a glance and wrap on a phone instead of scrolling sideways.
st.markdown(factor_table(factors, lang))
st.markdown(t("about_footprint_limits", lang))
if comparison := comparison_notes(factors, lang=lang):
    st.markdown(f"**{t('about_compare_title', lang)}**")
    st.markdown(comparison)

st.subheader(t("about_feeds_title", lang))
st.markdown(t("about_feeds", lang))
for format in FEEDS.values():
    st.markdown(f"**{t(f'format_{format}', lang)}** — {t(f'feed_for_{format}', lang)}")
    st.code(feed_address(format, {}, lang), language=None, wrap_lines=True)  # the whole address, also on a phone
