"""What several pages show: the page header, a trip in full, the colouring toggle (one for every page),
the places not on the map, the reading notices and the downloads."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from reisatlas.colours import Colouring
from reisatlas.countries import country_name
from reisatlas.downloads import download_path
from reisatlas.emissions import describe as describe_footprint
from reisatlas.exports import FORMATS, PICTURES, SIDECAR_SUFFIX
from reisatlas.exports.playback import DEFAULT_SIZE, SIZES
from reisatlas.i18n import euros, official, period_text, t
from reisatlas.map import Deck, picked_trip_ids
from reisatlas.text import markdown_literal as literal
from reisatlas.themes import theme_names

from . import links
from .feeds import feed_address
from .shared import downloads, summary_of, unplaced
from .streamlit_internals import picked_objects
from .view import View


def first_map() -> bool:
    """Whether this is the session's first map: it carries the world's outlines (build_deck's
    ``carry_world_outlines``), later maps name the file the app serves.

    A fetched file reaches deck.gl after its first frame, and the frame that then draws the land waits for the
    browser to finish painting the rest of the page (seconds on a busy machine); carried in the map, the land
    is in the first frame, as on a bare pydeck page. Later reruns name the file, which the browser fetches in
    the background (deck.gl keeps drawing the carried outlines meanwhile) and caches, so a rerun's spec stays
    small and the land is not rebuilt on every rerun (bench/paint.py, docs/performance.md).
    """
    first = "_map_drawn" not in st.session_state
    st.session_state["_map_drawn"] = True
    return first


__all__ = ["literal"]


def page_header(view: View, title_key: str) -> None:
    """A page's title and the selection in one sentence; the page ends here when nothing is selected."""
    st.title(t(title_key, view.lang))
    st.markdown(f"**{summary_of(view, name_period=False).sentence(view.lang)}**")
    if view.trips.empty:
        st.info(t("no_trips", view.lang))
        st.stop()


def officials_of(trip: pd.Series, lang: str) -> str:
    return ", ".join(official(label, lang) for label in trip["official_labels"]) or t("no_official", lang)


def trip_period(trip: pd.Series, lang: str) -> str:
    return period_text(trip["start"], trip["end"], trip["months"], lang)


def costs_text(trip: pd.Series, lang: str) -> str:
    """ "€ 3.563 (betaald door de gemeente)"; "" when the document gives no costs."""
    amount, paid_by = trip.get("costs"), trip.get("paid_by")
    known = amount is not None and not pd.isna(amount)
    text = euros(float(amount), lang) if known else ""
    if paid_by:
        text = f"{text} ({t('paid_by', lang).lower()} {paid_by})".strip()
    return text


def trip_details(trip: pd.Series, lang: str) -> None:
    """One trip in full: the accessible text of what the map shows."""
    st.markdown(f"#### {literal(trip['title'])}")
    rows = [
        (t("subtitle", lang), trip["subtitle"]),
        (t("officials", lang), officials_of(trip, lang)),
        (t("period", lang), trip_period(trip, lang)),
        (t("places", lang), ", ".join(trip["places"])),
        (t("column_places_as_written", lang), _places_as_written(trip)),
        (t("themes", lang), theme_names(trip["themes"], lang)),
        (t("footprint", lang), describe_footprint(trip, lang)),
        (t("municipality", lang), trip.get("municipality") or ""),
        (t("costs", lang), costs_text(trip, lang)),
        (t("source", lang), t("source_line", lang, file=Path(trip["file"]).name, line=trip["line"])),
    ]
    rows = [(label, value) for label, value in rows if value != ""]  # a document that gives no costs: no line
    st.markdown("\n".join(f"- **{label}:** {literal(str(value))}" for label, value in rows))
    if trip["description"]:
        for paragraph in trip["description"].split("\n\n"):
            st.markdown(literal(paragraph))


def _places_as_written(trip: pd.Series) -> str:
    """The document's own names of the trip's places, on a line of their own; "" (no line) when they are the
    reader's (one language per line: "Tokyo, Osaka, Kobe", then the document's "Tokio, Osaka, Kobe")."""
    shown = ", ".join(trip["places"])
    written = ", ".join(trip.get("document_places", trip["places"]))
    return "" if written == shown else written


def colour_choice(view: View) -> Colouring:
    """The toggle between colouring by official and by theme; the choice is part of the address."""
    # Always from the colouring ui.links keeps (it has the reader's last click already): Streamlit gives
    # the toggle another identity on each page, so the one a page draws starts empty otherwise.
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


def selected_trip_ids(event, deck: Deck) -> list[str]:
    """Trip ids of the place or route clicked on ``deck``, the map just drawn (anything with its ``picks``;
    empty when nothing is selected). A place clicked before the filters changed shows its trips under them now."""
    return picked_trip_ids({"objects": picked_objects(event)}, deck.picks)


def unresolved_places(view: View) -> None:
    """The selected trips' places no source knows: listed, never drawn at a guess."""
    missing = unplaced(view)
    if not missing:
        return
    st.subheader(t("unresolved", view.lang))
    for name, code, written in missing:
        country = country_name(code, view.lang) if code else f"{written}, {t('unknown_country', view.lang)}"
        st.markdown("- " + literal(t("unresolved_reason", view.lang, place=name, country=country)))


def reading_notices(view: View) -> None:
    if view.atlas.notices:
        with st.expander(t("notices", view.lang)):
            for notice in view.atlas.notices:
                st.markdown("- " + literal(notice.text(view.lang)))


def download_buttons(view: View, paint: Colouring) -> None:
    """One button per export format, the pictures in the size chosen, the video and the animation in the play
    mode of the sidebar, and the pictures' text alternative. Each is a link to ``/downloads/<file name>?<the
    view's address>``, rendered when clicked by whichever process the balancer sends it to (``ui.feeds``), so a
    download works after a failover and on any machine; relative, so it holds under a proxy's base path."""
    if view.trips.empty:
        return
    formats, stem = downloads(view)  # once per selection, for every session (ui.shared)
    st.markdown(f"**{t('download', view.lang)}**")
    size = DEFAULT_SIZE
    if any(format in PICTURES for format in formats):
        chosen = st.segmented_control(
            t("picture_size", view.lang),
            options=list(SIZES),
            format_func=lambda name: t(f"size_{name}", view.lang),
            default=DEFAULT_SIZE,
            key="picture_size",
            help=t("picture_size_help", view.lang),
        )
        size = chosen or DEFAULT_SIZE
    params = [(key, value) for key, values in view.selection.to_params().items() for value in values]
    params += [("lang", view.lang), ("colour", paint.by)]
    pictures = [("size", size), ("play", st.session_state.get("play_mode") or "window")]
    files = [
        (
            t(f"format_{format}", view.lang),
            stem + FORMATS[format].suffix,
            params + (pictures if format in PICTURES else []),
        )
        for format in formats
    ]
    if any(format in PICTURES for format in formats):
        files.append((t("format_txt", view.lang), stem + ".png" + SIDECAR_SUFFIX, params))
    st.html(download_links(files))
    feed_list(view, formats)


DOWNLOAD_CSS = """<style>
.reisatlas-downloads { display: flex; flex-wrap: wrap; gap: 0.5rem; }
.reisatlas-downloads a {
  flex: 1 1 auto; display: inline-flex; align-items: center; justify-content: center; min-height: 2.5rem;
  padding: 0.25rem 0.75rem; border: 1px solid rgba(49, 51, 63, 0.2); border-radius: 0.5rem; background: #fff;
  color: inherit; text-decoration: none; white-space: nowrap;
}
.reisatlas-downloads a:hover, .reisatlas-downloads a:focus-visible { border-color: #006b1a; color: #006b1a; }
</style>"""


def download_links(files) -> str:
    """The download buttons as plain links with a ``download`` attribute (``files``: label, file name, query
    pairs): the browser saves the answer in place, with no tab of its own and nothing kept in the process."""
    from html import escape

    links = "".join(
        f'<a href="{escape("." + download_path(name, params))}" download="{escape(name)}">{escape(label)}</a>'
        for label, name, params in files
    )
    return f'{DOWNLOAD_CSS}<div class="reisatlas-downloads">{links}</div>'


def feed_list(view: View, formats) -> None:
    """The same selection's exports as addresses that stay current, each a link (a reader copies it with the
    link's own menu); the calendar's also as a webcal:// link, which a calendar app offers to subscribe to. A
    list of links, not code blocks: a code block loads Streamlit's syntax highlighter (1.5 MB of script and a
    font), which on the map page held back the map's first frame by some 0.9 s (docs/performance.md)."""
    lines = []
    for format in formats:
        address = feed_address(format, view.selection.to_params(), view.lang)
        if address:  # quoted already: no space or bracket can end the link early
            line = f"- {t(f'format_{format}', view.lang)}: [{literal(address)}]({address})"
            if format == "ics":
                line += f" · [{t('feeds_subscribe', view.lang)}](webcal{address[address.index(':') :]})"
            lines.append(line)
    if lines:
        with st.expander(t("feeds_title", view.lang), icon=":material/rss_feed:"):
            st.markdown("\n".join(lines))
            st.caption(t("feeds_hint", view.lang))
