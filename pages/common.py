"""What every page shares: the language, the atlas loaded from the documents folder, and the
filters in the sidebar, all bound to the URL so a copied link reproduces the view.

This is the only Streamlit glue outside the pages themselves; the work is done by the library.
"""

from __future__ import annotations

import hashlib
import sys
from functools import partial
import html
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from reisatlas.atlas import DocumentCache, build_tables, document_paths
from reisatlas.countries import country_name
from reisatlas.errors import ReisatlasError
from reisatlas.exports import FORMATS, render, suggested_name
from reisatlas.geocoding import Gazetteer, default_geocoder
from reisatlas.i18n import LANGUAGES, month_label, t
from reisatlas.layers import Colouring, colouring
from reisatlas.paths import PROJECT, offline_forced
from reisatlas.periods import month_span
from reisatlas.selection import Selection, next_months
from reisatlas.store import Store
from reisatlas.summary import summarise
from reisatlas.text import markdown_literal
from reisatlas.themes import load_themes
from reisatlas.timeline import period_text

PLAY_SECONDS = 1.5
FILTER_KEYS = ("official", "theme", "country", "q", "months")


@dataclass(frozen=True)
class LoadedAtlas:
    """Every trip and stop of the documents, shared by every session and rerun: read it, never change it."""

    trips: pd.DataFrame  # every trip, one row each
    stops: pd.DataFrame  # every stop of every trip
    notices: tuple[str, ...]
    documents: tuple[str, ...]
    months: tuple[str, ...]  # every month from the first to the last trip, empty months included
    # What the sidebar and the colours need of all trips, worked out once instead of on every rerun.
    officials: dict[str, str] = field(default_factory=dict)  # name -> "wethouder Kasmi", as first met
    countries: frozenset[str] = frozenset()  # the codes of every country a trip goes to
    paints: dict[tuple[str, str], Colouring] = field(default_factory=dict, repr=False)  # (by, lang) -> colouring

    def paint(self, by: str, lang: str) -> Colouring:
        """The colouring of this atlas by official or theme, made once per language."""
        if (by, lang) not in self.paints:
            self.paints[(by, lang)] = colouring(self.trips, by, lang)
        return self.paints[(by, lang)]


@dataclass(frozen=True)
class View:
    """What the reader is looking at: the language, the atlas and the filtered trips."""

    lang: str
    atlas: LoadedAtlas
    selection: Selection
    trips: pd.DataFrame  # the filtered trips


def documents_folder() -> Path:
    folder = Path(os.environ.get("REISATLAS_DOCUMENTS") or "seeds")
    return folder if folder.is_absolute() else PROJECT / folder


def fingerprint(folder: Path) -> tuple[tuple[str, str], ...]:
    """(path, content hash) of every document, so a new or changed file reloads the atlas."""
    if not folder.is_dir():
        return ()
    return tuple((str(p), hashlib.sha256(p.read_bytes()).hexdigest()) for p in document_paths(folder))


@st.cache_resource(show_spinner=False)
def shared_store() -> Store:
    """The store of Beheer (REISATLAS_STORE), one connection for every session."""
    return Store()


@st.cache_resource(show_spinner=False)
def _gazetteer() -> Gazetteer:
    return Gazetteer()


# A resource, not data: st.cache_data would hand every rerun its own unpickled copy of the atlas
# (at 10,000 trips 0.15 s, and the garbage collector then sweeping 200,000 new objects). The atlas
# is read-only, keyed by the documents' content hashes, and the same for every session.
@st.cache_resource(show_spinner=False, max_entries=8)
def _load(documents: tuple[tuple[str, str], ...], online: bool, revision: int = 0) -> LoadedAtlas:
    """``revision`` is the store's (Beheer): a publication or correction loads the atlas anew."""
    geocoder = default_geocoder(online=online, gazetteer=_gazetteer())
    store = shared_store()
    sources = [path for path, _ in documents] + store.sources("published")
    atlas = build_tables(sources, geocoder, DocumentCache(), fixes=store.fixes_for)
    trips = atlas.trips
    months = sorted({m for ms in trips["months"] for m in ms})
    officials: dict[str, str] = {}
    for names, labels in zip(trips["officials"], trips["official_labels"]):
        for name, label in zip(names, labels):
            officials.setdefault(name, label)
    return LoadedAtlas(
        trips=trips,
        stops=atlas.stops,
        notices=tuple(str(notice) for notice in atlas.notices),
        documents=tuple(atlas.documents),
        months=tuple(month_span(months[0], months[-1])) if months else (),
        officials=officials,
        countries=frozenset(c for cs in trips["countries"] for c in cs),
    )


def load_atlas(lang: str) -> LoadedAtlas:
    online = bool(st.session_state.get("online")) and not offline_forced()
    with st.spinner("Documenten inlezen…" if lang == "nl" else "Reading documents…"):
        return _load(fingerprint(documents_folder()), online, shared_store().revision())


def accept_ids_from_link(key: str, options, label_in, lang: str) -> None:
    """Let a link name options by their value (?official=Schouten, ?theme=klimaat, ?months=2025-06) or by
    their label in either language (a link copied from the Dutch page, opened with ?lang=en).

    A widget bound to the URL writes its options' labels there in the page's language ("burgemeester
    Schouten"); on a page's first run, other forms are translated into the widget's own state.
    ``label_in(option, lang)`` gives an option's label.
    """
    if key in st.session_state:
        return
    given = st.query_params.get_all(key)
    if not given:
        return
    if all(value in {str(label_in(option, lang)) for option in options} for value in given):
        return  # the widget's own form: Streamlit seeds it from the URL
    known = {str(label_in(option, language)): option for language in LANGUAGES for option in options}
    values = [known.get(value, value) for value in given]
    values = [value for value in dict.fromkeys(values) if value in options]
    if values:
        st.session_state[key] = values


def language_choice() -> str:
    accept_ids_from_link("lang", list(LANGUAGES), lambda option, _: LANGUAGES[option], "nl")
    if isinstance(st.session_state.get("lang"), list):
        st.session_state["lang"] = st.session_state["lang"][0]
    lang = st.sidebar.segmented_control(
        "Taal / Language",
        options=list(LANGUAGES),
        format_func=LANGUAGES.get,
        default=None if "lang" in st.session_state else "nl",
        required=True,
        key="lang",
        bind="query-params",
    )
    return lang or "nl"


def _reset_filters(all_months: tuple[str, ...]) -> None:
    """Every filter back to "all". The widgets are bound to the URL, so they are set to their defaults
    (which clears the link) instead of being forgotten: a forgotten widget takes its value from the link again."""
    for key in ("official", "theme", "country"):
        st.session_state[key] = []
    st.session_state["q"] = ""
    if len(all_months) > 1:
        st.session_state["months"] = (all_months[0], all_months[-1])
    st.session_state["playing"] = False


def filters(atlas: LoadedAtlas, lang: str) -> Selection:
    """The sidebar: official, theme, country, search, period and its play control."""
    sidebar = st.sidebar
    sidebar.header(t("filters", lang))
    official_labels = atlas.officials
    official_options = sorted(official_labels, key=lambda n: official_labels[n].split()[-1])
    accept_ids_from_link("official", official_options, lambda name, _: official_labels[name], lang)
    officials = sidebar.multiselect(
        t("official", lang),
        options=official_options,
        format_func=official_labels.get,
        key="official",
        bind="query-params",
        placeholder=t("all", lang),
    )
    theme_labels = {theme.id: theme.label(lang) for theme in load_themes()}
    accept_ids_from_link("theme", list(theme_labels), theme_label, lang)
    themes = sidebar.multiselect(
        t("theme", lang),
        options=list(theme_labels),
        format_func=theme_labels.get,
        key="theme",
        bind="query-params",
        placeholder=t("all", lang),
    )
    codes = sorted(atlas.countries, key=lambda c: country_name(c, lang))
    accept_ids_from_link("country", codes, country_name, lang)
    countries = sidebar.multiselect(
        t("country", lang),
        options=codes,
        format_func=lambda code: country_name(code, lang),
        key="country",
        bind="query-params",
        placeholder=t("all", lang),
    )
    text = sidebar.text_input(t("search", lang), key="q", bind="query-params", help=t("search_help", lang))
    months = _month_range(atlas.months, lang)
    sidebar.button(t("reset", lang), on_click=_reset_filters, args=(atlas.months,), width="stretch")
    return Selection(tuple(officials), tuple(themes), tuple(countries), months, text or "")


def _month_range(all_months: tuple[str, ...], lang: str) -> tuple[str, str] | None:
    """The period slider with its play control; None when it spans every month (then trips without
    a period are shown too)."""
    if not all_months:
        return None
    pending = st.session_state.pop("_next_months", None)
    if pending:
        st.session_state["months"] = pending
    if len(all_months) == 1:
        st.sidebar.caption(f"{t('months', lang)}: {month_label(all_months[0], lang)}")
        return None
    accept_ids_from_link("months", all_months, month_label, lang)
    if isinstance(st.session_state.get("months"), list):
        chosen = st.session_state["months"]
        st.session_state["months"] = (min(chosen), max(chosen))
    # The default is always a range: with value=None Streamlit makes a single-value slider, which on the
    # next rerun reads the two-month state back as one month (ValueError on unpacking).
    first, last = st.sidebar.select_slider(
        t("months", lang),
        options=list(all_months),
        value=(all_months[0], all_months[-1]),
        format_func=lambda m: month_label(m, lang),
        key="months",
        bind="query-params",
    )
    _play_control(all_months, lang)
    return None if (first, last) == (all_months[0], all_months[-1]) else (first, last)


def _play_control(all_months: tuple[str, ...], lang: str) -> None:
    mode = st.sidebar.radio(
        t("play_mode", lang),
        options=["window", "grow"],
        format_func=lambda m: t(f"play_{m}", lang),
        key="play_mode",
        horizontal=True,
    )
    if st.session_state.get("playing"):
        if st.sidebar.button("⏹ " + t("stop", lang), key="stop", width="stretch"):
            st.session_state["playing"] = False
            st.rerun()
        st.session_state["_play_fresh"] = True
        _play_step(all_months, mode)
    elif st.sidebar.button("▶ " + t("play", lang), key="play", width="stretch"):
        st.session_state["playing"] = True
        st.session_state["_next_months"] = next_months(all_months, None, mode)
        st.rerun()


@st.fragment(run_every=PLAY_SECONDS)
def _play_step(all_months: tuple[str, ...], mode: str) -> None:
    """Every few seconds while playing: the next month, then a full rerun; stops at the end."""
    if st.session_state.pop("_play_fresh", False):
        return  # this run has just drawn the current step
    if not st.session_state.get("playing"):
        return
    step = next_months(all_months, tuple(st.session_state.get("months", ())) or None, mode)
    if step is None:
        st.session_state["playing"] = False
    else:
        st.session_state["_next_months"] = step
    st.rerun()


def current_view() -> View:
    """The view app.py set up for this run.

    Streamlit runs a page file on its own when a deep link (/tijdlijn) reaches a server on which app.py
    has not yet declared its navigation; then the page hands over to app.py, which opens it again.
    """
    if "_view" not in st.session_state:
        st.session_state["_open_page"] = sys._getframe(1).f_globals.get("__file__")
        st.switch_page(str(PROJECT / "app.py"), query_params=link_parameters())
    return st.session_state["_view"]


def link_parameters() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def open_requested_page() -> None:
    """After a hand-over from a page opened by a deep link, go back to that page."""
    wanted = st.session_state.pop("_open_page", None)
    if wanted:
        st.switch_page(wanted, query_params=link_parameters())


def set_view(view: View) -> None:
    st.session_state["_view"] = view


def literal(text: str) -> str:
    """Document text for st.markdown: shown as written, never interpreted."""
    return markdown_literal(text)


def theme_label(theme_id: str, lang: str) -> str:
    return next((theme.label(lang) for theme in load_themes() if theme.id == theme_id), theme_id)


def theme_names(theme_ids, lang: str) -> str:
    labels = {theme.id: theme.label(lang) for theme in load_themes()}
    return ", ".join(labels.get(i, i) for i in theme_ids)


def trip_period(trip: pd.Series, lang: str) -> str:
    return period_text(trip["start"], trip["end"], trip["months"], lang)


def trip_details(trip: pd.Series, lang: str) -> None:
    """One trip in full: the accessible text of what the map shows."""
    st.markdown(f"#### {literal(trip['title'])}")
    rows = [
        (t("subtitle", lang), trip["subtitle"]),
        (t("officials", lang), ", ".join(trip["official_labels"])),
        (t("period", lang), trip_period(trip, lang)),
        (t("themes", lang), theme_names(trip["themes"], lang)),
        (t("source", lang), t("source_line", lang, file=Path(trip["file"]).name, line=trip["line"])),
    ]
    st.markdown("\n".join(f"- **{label}:** {literal(str(value))}" for label, value in rows))
    if trip["description"]:
        for paragraph in trip["description"].split("\n\n"):
            st.markdown(literal(paragraph))


def legend(entries: list[tuple[str, str]], lang: str) -> None:
    """Colour chips with their names; names come from documents, so they are escaped."""
    chips = " ".join(
        f'<span style="white-space:nowrap;margin-right:1em"><span aria-hidden="true" style="display:inline-block;'
        f'width:0.9em;height:0.9em;border-radius:50%;background:{colour};margin-right:0.3em;vertical-align:-0.1em">'
        f"</span>{html.escape(label)}</span>"
        for label, colour in entries
    )
    st.markdown(f"**{t('legend', lang)}:** {chips}", unsafe_allow_html=True)


def selected_trip_ids(event) -> list[str]:
    """Trip ids of the place or route clicked on the map (empty when nothing is selected)."""
    try:
        objects = event.selection["objects"]
    except (AttributeError, KeyError, TypeError):
        return []
    ids: list[str] = []
    for layer in ("stops", "routes"):
        for obj in objects.get(layer, []) or []:
            ids.extend(i for i in obj.get("trip_ids", []) if i not in ids)
    return ids


def build_view(lang: str) -> View | None:
    """Load the atlas and read the filters; None (after an explanation) when there is nothing to show."""
    try:
        atlas = load_atlas(lang)
    except ReisatlasError as err:  # e.g. a broken row in data/places.csv: say which, show no traceback
        st.error(literal(str(err)))
        return None
    if atlas.trips.empty:
        st.error(t("documents_error", lang, folder=documents_folder()))
        for notice in atlas.notices:
            st.caption(literal(notice))
        return None
    selection = filters(atlas, lang)
    return View(lang, atlas, selection, selection.apply(atlas.trips))


def colour_choice(view: View) -> Colouring:
    """The toggle between colouring by official and by theme, bound to the URL."""
    accept_ids_from_link("colour", ["official", "theme"], t, view.lang)
    if isinstance(st.session_state.get("colour"), list):
        st.session_state["colour"] = st.session_state["colour"][0]
    by = st.segmented_control(
        t("colour_by", view.lang),
        options=["official", "theme"],
        format_func=lambda option: t(option, view.lang),
        default=None if "colour" in st.session_state else "official",
        required=True,
        key="colour",
        bind="query-params",
    )
    return view.atlas.paint(by or "official", view.lang)


def online_setting(lang: str) -> None:
    """Nominatim for places the offline layers do not know: off by default, never when forbidden."""
    st.sidebar.toggle(
        t("online_geocoding", lang),
        key="online",
        disabled=offline_forced(),
        help=t("online_forbidden", lang) if offline_forced() else None,
    )


def download_buttons(view: View, paint: Colouring) -> None:
    """One button per export format, rendering the filtered trips only when clicked."""
    if view.trips.empty:
        return
    formats = [name for name in FORMATS if name != "ics" or (view.trips["first_month"] != "").any()]
    # The names need only the months: gathered once, not once per format.
    months = pd.DataFrame({"months": [sorted({m for ms in view.trips["months"] for m in ms})]})
    st.markdown(f"**{t('download', view.lang)}**")
    for column, name in zip(st.columns(len(formats)), formats):
        column.download_button(
            t(f"format_{name}", view.lang),
            data=partial(render, name, view.trips, view.atlas.stops, lang=view.lang, paint=paint),
            file_name=suggested_name(name, months),
            mime=FORMATS[name].media_type,
            on_click="ignore",
            key=f"download_{name}",
            width="stretch",
        )


def page_header(view: View, title_key: str) -> None:
    """A page's title and the selection in one sentence; the page ends here when nothing is selected."""
    st.title(t(title_key, view.lang))
    st.markdown(f"**{summarise(view.trips, view.atlas.stops).sentence(view.lang)}**")
    if view.trips.empty:
        st.info(t("no_trips", view.lang))
        st.stop()
