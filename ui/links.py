"""The address is the view: the address bar always holds what is on screen, in one canonical form.

The page is the path (``/reizen``); the query holds the selection as ``Selection.to_params()`` writes it
(ids, not labels, values sorted), then the language, the colouring and the selected trip, each left out at
its default:

    /reizen?official=Schouten&theme=klimaat&months=2025-06&months=2025-09&lang=en&colour=theme

How it works, each run:

- ``arrive()`` (first thing in the frame) compares the address with the one this session last wrote. When
  they differ, the address was opened, typed, or reached with Back or Forward: the widgets' state is seeded
  from it (a value may also be an option's label in either language, as older links wrote them). Otherwise
  the widgets are the truth.
- ``show()`` (after the frame, before the page runs) writes the canonical address of what the page is
  about to draw, when it differs (before, not after: a page may end early with ``st.stop()``, after which
  no Streamlit call runs). Page links carry the same address (``navigation_bar``).

No widget is bound to the URL (``bind="query-params"``): bound widgets write their labels there, in the
page's language, with ``history.replaceState``. Writing ``st.query_params`` from Python makes Streamlit's
frontend call ``history.pushState`` instead, so each view is a history entry and Back steps through views;
on Back and Forward Streamlit reruns the app with the entry's address, which ``arrive`` then follows (and
Streamlit replaces rather than pushes the address written during that run).
"""

from __future__ import annotations

from typing import Callable, Mapping, Sequence

import streamlit as st

from reisatlas.facets import FACETS
from reisatlas.i18n import LANGUAGES
from reisatlas.selection import PARAMETERS

from .streamlit_internals import hidden

_WRITTEN = "_address"  # the address this session last wrote (or followed)
_FOLLOW = "_follow"  # the address this run follows, when it came from outside
_TRIPS = "_trips"  # the selected trips (ids), kept across pages
_COLOUR = "_colouring"  # the colouring, kept while the map page is not shown
_STORY_SEEN = "_story_seen"  # the presentation's trip when this session last wrote the address

DEFAULT_LANG = "nl"
DEFAULT_COLOUR = "official"
COLOURINGS = ("official", "theme")
# Pages that show a selected trip: the map (its details), the trip list (opened) and the presentation.
TRIP_PAGES = ("", "kaart", "reizen", "presentatie")  # "": the default page (the map) at the bare address
PUBLIC_PAGES = (*TRIP_PAGES, "tijdlijn", "over")
ORDER = (*PARAMETERS, "lang", "colour", "trip", "present")
FACET_NAMES = frozenset(facet.name for facet in FACETS)


def address_now() -> dict[str, list[str]]:
    """The address's query as lists of values."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def arrive() -> None:
    """First thing each run: follow the address when it came from outside this session's own writing."""
    now = address_now()
    if st.session_state.get(_WRITTEN) == now:
        st.session_state.pop(_FOLLOW, None)
        return
    st.session_state[_FOLLOW] = now
    st.session_state[_WRITTEN] = now
    st.session_state[_TRIPS] = tuple(now.get("trip", ()))
    st.session_state[_COLOUR] = _one(now.get("colour", ()), COLOURINGS, DEFAULT_COLOUR)
    st.session_state.pop("colour", None)  # the map page's toggle takes the colouring from _COLOUR
    if st.session_state[_TRIPS]:
        st.session_state["story_trip"] = st.session_state[_TRIPS][0]
        st.session_state[_STORY_SEEN] = st.session_state[_TRIPS][0]


def followed() -> dict[str, list[str]] | None:
    """The address this run follows, or None when the widgets are the truth."""
    return st.session_state.get(_FOLLOW)


def seed(key: str, options: Sequence, label_in: Callable[[object, str], str], empty) -> None:
    """When this run follows an address, a multiple-choice widget's state from it: ids, or labels in
    either language (``label_in(option, lang)``); values no option knows are dropped; ``empty`` when absent."""
    link = followed()
    if link is None:
        return
    known = {str(label_in(option, lang)): option for lang in LANGUAGES for option in options}
    known.update({str(option): option for option in options})
    values = [known[value] for value in link.get(key, ()) if value in known]
    st.session_state[key] = list(dict.fromkeys(values)) if values else empty


def seed_facet(facet, trips) -> None:
    """When this run follows an address, a facet's list (its widget's key is the facet's name) from it, read as
    the feeds and the command line read it (``Facet.resolve``), except that values no option knows are dropped."""
    link = followed()
    if link is not None:
        st.session_state[facet.name] = list(facet.resolve(link.get(facet.name, ()), trips, strict=False))


def seed_language() -> None:
    link = followed()
    if link is not None:
        labels = {label: code for code, label in LANGUAGES.items()}
        given = [labels.get(value, value) for value in link.get("lang", ())]
        st.session_state["lang"] = _one(given, tuple(LANGUAGES), DEFAULT_LANG)


def seed_text(key: str) -> None:
    """When this run follows an address, the search text (``q``) into ``key``."""
    link = followed()
    if link is not None:
        st.session_state[key] = " ".join(link.get("q", ()))


def colouring() -> str:
    """The colouring the reader chose (kept while a page without the toggle is shown)."""
    return st.session_state.get(_COLOUR, DEFAULT_COLOUR)


def set_colouring(by: str) -> None:
    st.session_state[_COLOUR] = by if by in COLOURINGS else DEFAULT_COLOUR


def selected_trips() -> tuple[str, ...]:
    """The ids of the trips the reader selected (a place clicked on the map, a trip presented)."""
    return tuple(st.session_state.get(_TRIPS, ()))


def select_trips(ids: Sequence[str]) -> None:
    st.session_state[_TRIPS] = tuple(dict.fromkeys(ids))


def _presented(view) -> str | None:
    """The trip the presentation is about to show: the selected one if it is among the trips, else the
    one its own buttons or autoplay moved to (as pages/presentatie.py resolves its step)."""
    from reisatlas.story import resolve_step, story_order

    ids = story_order(view.trips)["trip_id"].tolist()
    if not ids:
        return None
    story = st.session_state.get("story_trip")
    if story is not None and story != st.session_state.get(_STORY_SEEN):
        wanted = story  # moved on by the presentation since the address was last written
    else:
        wanted = selected_trips()[0] if selected_trips() else story
    return ids[resolve_step(ids, st.session_state.get("story_step", 0), wanted)]


def canonical(
    selection_params: Mapping[str, list[str]], lang: str, colour: str, trips: Sequence[str]
) -> dict[str, list[str]]:
    """The one address of a view: the selection's ids sorted, then language, colouring and trips, defaults left out."""
    params = {key: sorted(values) if key in FACET_NAMES else list(values) for key, values in selection_params.items()}
    if lang != DEFAULT_LANG:
        params["lang"] = [lang]
    if colour != DEFAULT_COLOUR:
        params["colour"] = [colour]
    if trips:
        params["trip"] = sorted(dict.fromkeys(trips))
    return {key: params[key] for key in ORDER if params.get(key)}


def address_of(view, url_path: str) -> dict[str, list[str]]:
    """The canonical address (its query) of ``view`` on the page at ``url_path``."""
    chosen = selected_trips() if url_path in TRIP_PAGES else []
    # Only the chosen trips are looked up among the shown ones (vectorised): every page link asks, and a set of
    # every shown trip's id was a tenth of a rerun at 10,000 trips.
    ids = view.trips["trip_id"]
    shown = set(ids[ids.isin(chosen)]) if chosen else set()
    trips = [trip for trip in chosen if trip in shown]
    address = canonical(view.selection.to_params(), view.lang, colouring(), trips)
    if url_path == "presentatie" and st.query_params.get("present") == "1":  # projector mode (pages/presentatie.py)
        address["present"] = ["1"]
    return address


def language_only(lang: str) -> dict[str, list[str]] | None:
    """The address of a page without a view (Beheer's): only the language, so that a link to it keeps the reader's
    language (a run that follows an address without ``lang`` is in Dutch)."""
    return {"lang": [lang]} if lang != DEFAULT_LANG else None


def navigation_bar(pages: Sequence, view, then: Callable[[], None] | None = None) -> None:
    """A link to every page that keeps the view: Streamlit's own navigation would drop the query
    (it keeps only parameters bound to widgets). Without a view (the Beheer pages) the links carry the language alone.
    ``then`` draws more under the bar (a phone's language button): on a row of its own, so the bar is one row
    from the first paint (Streamlit draws the links as placeholders first) and nothing under it moves."""
    lang = view.lang if view is not None else st.session_state.get("lang", DEFAULT_LANG)
    with st.container(horizontal=True, gap="small", key="navigation"):
        for page in pages:
            if hidden(page):  # Beheer, for a signed-in admin only
                continue
            public = view is not None and page.url_path in PUBLIC_PAGES
            st.page_link(
                page, query_params=(address_of(view, page.url_path) or None) if public else language_only(lang)
            )
    if then is not None:
        then()


def show(view, url_path: str) -> None:
    """Before the page runs (a page may end early with st.stop()): write the address of what it is about
    to draw when it differs from the one shown. Everything a reader does reaches the state before the run
    (widget values, callbacks), so the address is known here."""
    if view is None:
        return
    if "colour" in st.session_state:  # the map page's toggle, as the reader just set it
        set_colouring(st.session_state["colour"])
    if url_path == "presentatie":
        presented = _presented(view)
        if presented is not None:
            select_trips([presented])
            st.session_state["story_trip"] = st.session_state[_STORY_SEEN] = presented
    address = address_of(view, url_path)
    st.session_state[_WRITTEN] = address
    if list(address.items()) != list(address_now().items()):  # the same values in another order too
        st.query_params.from_dict(address)


def _one(given: Sequence[str], options: Sequence[str], default: str) -> str:
    return next((value for value in given if value in options), default)
