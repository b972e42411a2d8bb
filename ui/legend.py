"""The legend that filters: a chip per colour the shown trips use; clicking chips filters on them.

Colouring by theme, a chip filters the theme; by official, the official. The chips are Streamlit pills,
each given its colour's dot by CSS (the pills' order is the legend's), so the legend is a real control:
reachable by keyboard, named to a screen reader, and the filter it sets is the sidebar's (and the link's).
"""

from __future__ import annotations

import streamlit as st

from reisatlas.colours import Colouring
from reisatlas.i18n import t

from .shared import legend_entries
from .streamlit_internals import PILL, keyed
from .view import View

_FILTER = {"theme": "theme", "official": "official"}  # colouring -> the sidebar filter it sets


def _picked(by: str) -> None:
    st.session_state[_FILTER[by]] = list(st.session_state.get(f"legend_{by}") or [])


def legend(view: View, paint: Colouring) -> None:
    """The legend of the shown trips; nothing (no bare heading) when no trip is shown."""
    entries = legend_entries(view, paint.by)
    if not entries:
        return
    chosen = view.selection.themes if paint.by == "theme" else view.selection.officials
    key = f"legend_{paint.by}"
    st.session_state[key] = [k for k, _, _ in entries if k in chosen]
    dots = "\n".join(
        f"{keyed(key)} {PILL}:nth-of-type({i})::before "
        f"{{content:'';display:inline-block;width:0.8em;height:0.8em;border-radius:50%;"
        f"background:{colour};margin-right:0.4em;flex:none}}"
        for i, (_, _, colour) in enumerate(entries, start=1)
    )
    st.html(f"<style>{dots}</style>")
    labels = {k: label for k, label, _ in entries}
    st.pills(
        t("legend", view.lang),
        options=list(labels),
        format_func=labels.get,
        selection_mode="multi",
        key=key,
        on_change=_picked,
        args=(paint.by,),
        help=t("legend_help", view.lang),
    )
