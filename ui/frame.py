"""The view app.py makes for the public pages: the atlas, the sidebar's filters and what they select."""

from __future__ import annotations

import os

import streamlit as st

from reisatlas.errors import ReisatlasError
from reisatlas.i18n import t

from .atlas import atlas_now, documents_folder, shown_atlas
from .parts import literal
from .shared import selected_trips
from .sidebar import filters, online_setting
from .timer import watch
from .view import View, set_view

# How often an open tab looks for changes (a fragment rerun on its own timer, ui/timer.watch); 0 is never. A click
# that reaches the server is never lost to a look (tests/test_browser_watch.py), but each look redraws the page's
# tree in the browser, and deck.gl takes no click whose press and release are more than 250 ms apart: a press held
# through such a redraw on a slow phone is dropped (see docs/performance.md, "The open tab's look and map clicks").
WATCH_SECONDS = float(os.environ.get("REISATLAS_WATCH_SECONDS") or 5)


def public_view(lang: str) -> View | None:
    """The atlas, the sidebar's filters and the view of the public pages (the Beheer pages draw none of it).
    A tab left open is drawn again when the atlas changes: a publication, correction or undo through any process
    sharing the store, or a new document in the folder, shows within ``REISATLAS_WATCH_SECONDS`` (default 5 s)."""
    made_of = atlas_now()
    view = _view(lang, made_of)
    online_setting(lang)
    if WATCH_SECONDS > 0:
        with st.sidebar:
            watch(WATCH_SECONDS, atlas_now, made_of)
    if view is not None:
        set_view(view)
    return view


def _view(lang: str, made_of) -> View | None:
    try:
        shown = shown_atlas(made_of)
    except ReisatlasError as err:  # e.g. a broken row in data/places.csv: say which, show no traceback
        st.error(literal(err.text(lang)))
        return None
    atlas = shown.atlas
    if atlas.trips.empty:
        st.error(t("documents_error", lang, folder=documents_folder()))
        for notice in atlas.notices:
            st.caption(literal(notice.text(lang)))
        return None
    selection = filters(shown, lang)
    return View(lang, shown, selection, selected_trips(shown, selection, lang))
