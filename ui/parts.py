"""What several pages show: the page header, a trip in full, the legend, the map's colouring toggle,
the places not on the map, the reading notices and the downloads."""

from __future__ import annotations

import html
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from reisatlas.countries import country_name
from reisatlas.exports import FORMATS, render, suggested_name
from reisatlas.i18n import official, period_text, t
from reisatlas.layers import Colouring
from reisatlas.selection import stops_of
from reisatlas.summary import summarise
from reisatlas.text import markdown_literal as literal
from reisatlas.themes import theme_names

from . import links
from .view import View

# The app serves data/ as static files (the static -> data link and .streamlit/config.toml), so the browser
# fetches the country outlines once instead of receiving them in every map spec.
OUTLINES_URL = "app/static/countries.geojson"

__all__ = ["literal"]


def page_header(view: View, title_key: str) -> None:
    """A page's title and the selection in one sentence; the page ends here when nothing is selected."""
    st.title(t(title_key, view.lang))
    st.markdown(f"**{summarise(view.trips, view.stops).sentence(view.lang)}**")
    if view.trips.empty:
        st.info(t("no_trips", view.lang))
        st.stop()


def officials_of(trip: pd.Series, lang: str) -> str:
    return ", ".join(official(label, lang) for label in trip["official_labels"]) or t("no_official", lang)


def trip_period(trip: pd.Series, lang: str) -> str:
    return period_text(trip["start"], trip["end"], trip["months"], lang)


def trip_details(trip: pd.Series, lang: str) -> None:
    """One trip in full: the accessible text of what the map shows."""
    st.markdown(f"#### {literal(trip['title'])}")
    rows = [
        (t("subtitle", lang), trip["subtitle"]),
        (t("officials", lang), officials_of(trip, lang)),
        (t("period", lang), trip_period(trip, lang)),
        (t("places", lang), _places(trip)),
        (t("themes", lang), theme_names(trip["themes"], lang)),
        (t("source", lang), t("source_line", lang, file=Path(trip["file"]).name, line=trip["line"])),
    ]
    st.markdown("\n".join(f"- **{label}:** {literal(str(value))}" for label, value in rows))
    if trip["description"]:
        for paragraph in trip["description"].split("\n\n"):
            st.markdown(literal(paragraph))


def _places(trip: pd.Series) -> str:
    """The trip's places in the reader's language, with the document's own names when they differ."""
    shown = ", ".join(trip["places"])
    written = ", ".join(trip.get("document_places", trip["places"]))
    return shown if written == shown else f"{shown} ({written})"


def legend(entries: list[tuple[str, str]], lang: str) -> None:
    """Colour chips with their names; names come from documents, so they are escaped."""
    chips = " ".join(
        f'<span style="white-space:nowrap;margin-right:1em"><span aria-hidden="true" style="display:inline-block;'
        f'width:0.9em;height:0.9em;border-radius:50%;background:{colour};margin-right:0.3em;vertical-align:-0.1em">'
        f"</span>{html.escape(label)}</span>"
        for label, colour in entries
    )
    st.markdown(f"**{t('legend', lang)}:** {chips}", unsafe_allow_html=True)


def colour_choice(view: View) -> Colouring:
    """The toggle between colouring by official and by theme; the choice is part of the address."""
    if "colour" not in st.session_state:
        st.session_state["colour"] = links.colouring()
    by = st.segmented_control(
        t("colour_by", view.lang),
        options=["official", "theme"],
        format_func=lambda option: t(option, view.lang),
        required=True,
        key="colour",
    )
    links.set_colouring(by or links.DEFAULT_COLOUR)
    return view.paint(links.colouring())


def selected_trip_ids(event) -> list[str]:
    """Trip ids of the place or route clicked on the map (empty when nothing is selected)."""
    try:
        selection = event["selection"] if isinstance(event, dict) else event.selection
        objects = selection["objects"]
    except (AttributeError, KeyError, TypeError):
        return []
    ids: list[str] = []
    for layer in ("stops", "routes"):
        for obj in objects.get(layer, []) or []:
            ids.extend(i for i in obj.get("trip_ids", []) if i not in ids)
    return ids


def unresolved_places(view: View) -> None:
    """The selected trips' places no source knows: listed, never drawn at a guess."""
    missing = stops_of(view.trips, view.stops)
    missing = missing[missing["lat"].isna()]
    if missing.empty:
        return
    st.subheader(t("unresolved", view.lang))
    for _, stop in missing.drop_duplicates(["name", "country"]).iterrows():
        code = stop["country_code"]  # None or NaN when no source knows the country (NaN is truthy)
        known = isinstance(code, str) and code
        country = country_name(code, view.lang) if known else f"{stop['country']}, {t('unknown_country', view.lang)}"
        st.markdown("- " + literal(t("unresolved_reason", view.lang, place=stop["name"], country=country)))


def reading_notices(view: View) -> None:
    if view.atlas.notices:
        with st.expander(t("notices", view.lang)):
            for notice in view.atlas.notices:
                st.markdown("- " + literal(notice.text(view.lang)))


def download_buttons(view: View, paint: Colouring) -> None:
    """One button per export format, rendering the selected trips only when clicked."""
    if view.trips.empty:
        return
    formats = [name for name in FORMATS if name != "ics" or (view.trips["first_month"] != "").any()]
    # The names need only the months: gathered once, not once per format.
    months = pd.DataFrame({"months": [sorted({m for ms in view.trips["months"] for m in ms})]})
    st.markdown(f"**{t('download', view.lang)}**")
    for column, name in zip(st.columns(len(formats)), formats):
        column.download_button(
            t(f"format_{name}", view.lang),
            data=partial(render, name, view.trips, view.stops, lang=view.lang, paint=paint),
            file_name=suggested_name(name, months),
            mime=FORMATS[name].media_type,
            on_click="ignore",
            key=f"download_{name}",
            width="stretch",
        )
