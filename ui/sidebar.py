"""The sidebar every page shares: language, filters, the period with its play control, online lookups.

Every filter is bound to the URL, so a copied link reproduces the view.
"""

from __future__ import annotations

from typing import Mapping

import streamlit as st

from reisatlas.countries import country_name
from reisatlas.i18n import LANGUAGES, month_label, official, t
from reisatlas.paths import offline_forced
from reisatlas.selection import Selection, next_months
from reisatlas.themes import theme_labels

from .atlas import Shown
from .links import accept_ids_from_link, one_value
from .shared import choices
from .timer import play

PLAY_SECONDS = 1.5


def language_choice() -> str:
    accept_ids_from_link("lang", list(LANGUAGES), lambda option, _: LANGUAGES[option], "nl")
    one_value("lang")
    lang = st.sidebar.segmented_control(
        t("language_choice"),
        options=list(LANGUAGES),
        format_func=LANGUAGES.get,
        default=None if "lang" in st.session_state else "nl",
        required=True,
        key="lang",
        bind="query-params",
    )
    return lang or "nl"


def online_setting(lang: str) -> None:
    """Nominatim for places the offline layers do not know: off by default, never when forbidden."""
    st.sidebar.toggle(
        t("online_geocoding", lang),
        key="online",
        disabled=offline_forced(),
        help=t("online_forbidden", lang) if offline_forced() else None,
    )


def _choose(key: str, shown: Mapping[str, str], label, lang: str) -> list[str]:
    """A multiselect bound to the URL over ``shown`` (option -> its label in ``lang``); ``label(option,
    language)`` names an option in either language, for a link written in the other one."""
    accept_ids_from_link(key, list(shown), label, lang)
    return st.sidebar.multiselect(
        t(key, lang),
        options=list(shown),
        format_func=lambda option: shown.get(option, option),
        key=key,
        bind="query-params",
        placeholder=t("all", lang),
    )


def filters(shown: Shown, lang: str) -> Selection:
    """Official, theme, country, search, period and its play control."""
    st.sidebar.header(t("filters", lang))
    atlas = shown.atlas
    options = choices(shown, lang)  # sorted and named once per atlas and language, for every session
    officials = _choose("official", options.officials, lambda name, language: official(atlas.officials[name], language), lang)
    # Only the themes some trip has: a theme no trip has can only empty the map.
    themes = _choose("theme", options.themes, lambda theme, language: theme_labels(language)[theme], lang)
    countries = _choose("country", options.countries, country_name, lang)
    # Documents of several municipalities: compare them side by side (link parameter ``municipality``).
    municipalities = {name: name for name in options.municipalities}
    chosen = _choose("municipality", municipalities, lambda name, _: name, lang) if len(municipalities) > 1 else []
    text = st.sidebar.text_input(t("search", lang), key="q", bind="query-params", help=t("search_help", lang))
    months = _month_range(atlas.months, options.months, lang)
    st.sidebar.button(t("reset", lang), on_click=_reset_filters, args=(atlas.months,), width="stretch")
    return Selection(tuple(officials), tuple(themes), tuple(countries), months, text or "", tuple(chosen))


def _reset_filters(all_months: tuple[str, ...]) -> None:
    """Every filter back to "all". The widgets are bound to the URL, so they are set to their defaults
    (which clears the link) instead of being forgotten: a forgotten widget takes its value from the link again."""
    for key in ("official", "theme", "country", "municipality"):
        if key in st.session_state or key != "municipality":
            st.session_state[key] = []
    st.session_state["q"] = ""
    if len(all_months) > 1:
        st.session_state["months"] = (all_months[0], all_months[-1])
    st.session_state["playing"] = False


def _month_range(all_months: tuple[str, ...], labels: Mapping[str, str], lang: str) -> tuple[str, str] | None:
    """The period slider (``labels``: each month's label in ``lang``) with its play control; None when it
    spans every month (then trips without a period are shown too)."""
    if not all_months:
        return None
    pending = st.session_state.pop("_next_months", None)
    if pending:
        st.session_state["months"] = pending
    if len(all_months) == 1:
        st.sidebar.caption(f"{t('months', lang)}: {labels[all_months[0]]}")
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
        format_func=lambda month: labels.get(month, month),
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
        if st.sidebar.button(t("stop", lang), icon=":material/stop:", key="stop", width="stretch"):
            st.session_state["playing"] = False
            st.rerun()
        play("months", PLAY_SECONDS, lambda: _next_step(all_months, mode))
    elif st.sidebar.button(t("play", lang), icon=":material/play_arrow:", key="play", width="stretch"):
        st.session_state["playing"] = True
        st.session_state["_next_months"] = next_months(all_months, None, mode)
        st.rerun()


def _next_step(all_months: tuple[str, ...], mode: str) -> None:
    """The next month, applied on the next run; the end stops the play."""
    if not st.session_state.get("playing"):
        return
    step = next_months(all_months, tuple(st.session_state.get("months", ())) or None, mode)
    if step is None:
        st.session_state["playing"] = False
    else:
        st.session_state["_next_months"] = step
