"""The view app.py makes for the public pages: the atlas, the sidebar's filters and what they select."""

from __future__ import annotations

import streamlit as st

from reisatlas.errors import ReisatlasError
from reisatlas.i18n import t

from .atlas import documents_folder, shown_atlas
from .parts import literal
from .shared import selected_trips
from .sidebar import filters, online_setting
from .view import View, set_view


def public_view(lang: str) -> View | None:
    """The atlas, the sidebar's filters and the view of the public pages (the Beheer pages draw none of it)."""
    view = _view(lang)
    online_setting(lang)
    if view is not None:
        set_view(view)
    return view


def _view(lang: str) -> View | None:
    try:
        shown = shown_atlas()
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
