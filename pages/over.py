"""Over: what the data is, where it comes from, how each place was placed, and the themes."""

from pathlib import Path

import pandas as pd
import streamlit as st

from pages.common import current_view, literal
from reisatlas.countries import country_name
from reisatlas.i18n import t
from reisatlas.themes import load_themes

view = current_view()
lang = view.lang

st.title(t("page_about", lang))
if lang == "en":
    st.markdown(
        "Reisatlas shows the **planned foreign work visits** of Rotterdam's mayor and aldermen, as the city "
        "publishes them in its overviews. Every destination is placed on the map offline: first from places "
        "reviewed by hand (`data/places.csv`), then from earlier online answers, then from the GeoNames gazetteer "
        "(always within the country the document names). A place no source knows is listed as *not on the map*, "
        "never drawn at a guess. Themes come from the keywords in `data/themes.toml`. Country outlines: Natural "
        "Earth 1:110m (public domain)."
    )
else:
    st.markdown(
        "Reisatlas toont de **geplande buitenlandse werkbezoeken** van de Rotterdamse burgemeester en wethouders, "
        "zoals de gemeente die publiceert in haar overzichten. Elke bestemming wordt offline op de kaart gezet: eerst "
        "uit handmatig gecontroleerde plaatsen (`data/places.csv`), dan uit eerdere online antwoorden, dan uit de "
        "GeoNames-gazetteer (altijd binnen het land dat het document noemt). Een plaats die geen bron kent staat bij "
        "*niet op de kaart* en wordt nooit op een gok getekend. Thema's komen uit de trefwoorden in "
        "`data/themes.toml`. Landsgrenzen: Natural Earth 1:110m (publiek domein)."
    )

st.subheader("Documenten" if lang == "nl" else "Documents")
for document in view.atlas.documents:
    count = int((view.atlas.trips["file"] == document).sum())
    st.markdown(f"- {literal(Path(document).name)} — {count} {t('trips', lang).lower()}")

st.subheader(t("geocoded_by", lang))
stops = view.atlas.stops
st.dataframe(
    pd.DataFrame(
        {
            t("places", lang): stops["name"],
            # A country no source knows has no code: None, or NaN in pandas' string columns (truthy).
            t("country", lang): [
                country_name(c, lang) if isinstance(c, str) and c else raw for c, raw in zip(stops["country_code"], stops["country"])
            ],
            "lat": stops["lat"],
            "lon": stops["lon"],
            t("geocoded_by", lang): stops["source"].map(lambda s: t(f"source_{s}", lang)),
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
