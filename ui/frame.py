"""The frame app.py draws around every page: the language, the atlas, the sidebar and the view."""

from __future__ import annotations

import streamlit as st

from reisatlas.errors import ReisatlasError
from reisatlas.i18n import t

from . import links
from .atlas import documents_folder, shown_atlas
from .client import client
from .parts import literal
from .shared import selected_trips
from .sidebar import filters, language_choice, online_setting
from .view import View, set_view


def frame() -> tuple[str, View | None]:
    """The language and the view of this run; no view (after an explanation) when there is nothing to show."""
    links.arrive()
    lang = language_choice()
    client(lang)
    return lang, public_view(lang)


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
