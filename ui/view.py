"""What the reader is looking at in this run: made by the frame (app.py), read by the page it runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import pandas as pd
import streamlit as st

from reisatlas.atlas import Atlas
from reisatlas.colours import Colouring
from reisatlas.selection import Selection

from .atlas import Shown

_KEY = "_view"


@dataclass(frozen=True)
class View:
    lang: str
    shown: Shown  # the atlas and its colourings: shared by all sessions, read them, never change them
    selection: Selection
    trips: pd.DataFrame  # the selected trips, their places named in the reader's language

    @property
    def atlas(self) -> Atlas:
        """Every trip and stop."""
        return self.shown.atlas

    @property
    def stops(self) -> pd.DataFrame:
        """Every stop, named in the reader's language (the document's name in ``document_name``)."""
        return self.shown.tables[self.lang][1]

    @property
    def paints(self) -> Mapping[tuple[str, str], Colouring]:
        return self.shown.paints

    def paint(self, by: str = "official") -> Colouring:
        """The colours of the whole atlas by official or theme, so filtering never changes a colour."""
        return self.paints[(by, self.lang)]


def set_view(view: View) -> None:
    st.session_state[_KEY] = view


def forget_view() -> None:
    """At the end of a run: a session keeps no copy of its selected trips between reruns (at 10,000 trips
    about 8 MB a visitor; docs/performance.md)."""
    st.session_state.pop(_KEY, None)


def current_view() -> View:
    """The view app.py made for this run (every page runs after app.py: see ui.streamlit_internals.navigation_only)."""
    return st.session_state[_KEY]
