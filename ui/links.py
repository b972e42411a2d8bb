"""The URL state: link parameters into widget state, so a link reproduces a view.

A widget bound to the URL (``bind="query-params"``) writes its options' labels there in the page's
language; a link may also name options by their id (``?official=Schouten&theme=klimaat``) or by their label
in the other language (a link copied from the Dutch page, opened with ``?lang=en``).
"""

from __future__ import annotations

from typing import Callable, Sequence

import streamlit as st

from reisatlas.i18n import LANGUAGES


def accept_ids_from_link(key: str, options: Sequence, label_in: Callable[[object, str], str], lang: str) -> None:
    """On a widget's first run, translate the link's other forms of its values into the widget's state.

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


def one_value(key: str) -> None:
    """A single-choice widget's state when a link gave a list."""
    if isinstance(st.session_state.get(key), list):
        st.session_state[key] = st.session_state[key][0]
