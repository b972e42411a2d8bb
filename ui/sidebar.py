"""The sidebar every page shares: language, filters, the period with its play control, online lookups.

Every choice here is part of the address (see ``ui.links``), so a copied link reproduces the view.
"""

from __future__ import annotations

import os
from typing import Mapping

import streamlit as st

from reisatlas.facets import FACETS
from reisatlas.i18n import LANGUAGES, month_label, number, t
from reisatlas.paths import offline_forced
from reisatlas.selection import Selection, next_months

from . import links
from .atlas import Shown
from .shared import choices
from .timer import play

_EVERY_MONTH = "_every_month"  # the whole period as it was when the reader last saw every month
PLAY_SECONDS = float(os.environ.get("REISATLAS_PLAY_SECONDS") or 1.5)  # each month's time while the period plays


def language_choice() -> str:
    links.seed_language()
    lang = st.sidebar.segmented_control(
        t("language_choice"),
        options=list(LANGUAGES),
        format_func=LANGUAGES.get,
        default=None if "lang" in st.session_state else "nl",
        required=True,
        key="lang",
    )
    return lang or "nl"


def switch_language(to: str) -> None:
    st.session_state["lang"] = to  # before the sidebar's control is drawn: it shows the new language


def language_button(lang: str) -> None:
    """The other language as one labelled button ("English", "Nederlands"): on a phone the sidebar's control is
    behind the sidebar's own button, so the page offers the switch itself, one tap away."""
    other = next(code for code in LANGUAGES if code != lang)
    st.button(
        LANGUAGES[other],
        key="language_button",
        icon=":material/translate:",
        on_click=switch_language,
        args=(other,),
        help=t("language_choice"),
    )


def online_setting(lang: str) -> None:
    """Nominatim for places the offline layers do not know: off by default, never when forbidden."""
    st.sidebar.toggle(
        t("online_geocoding", lang),
        key="online",
        on_change=_kept("online", False),  # kept over a language switch, as "Afspelen als"
        disabled=offline_forced(),
        help=t("online_forbidden", lang) if offline_forced() else None,
    )


def filters(shown: Shown, lang: str) -> Selection:
    """A list per facet (official, theme, country, …: ``reisatlas.facets``), search, period and its play
    control. Each list's options say how many trips they show in the current selection ("wethouder Kasmi (3)")
    and those that would show none are left out; the address keeps the ids."""
    st.sidebar.header(t("filters", lang))
    atlas = shown.atlas
    options = choices(shown, lang)  # sorted and named once per atlas and language, for every session
    # A facet is offered from its number of options on (municipalities: only for documents of several).
    lists = {
        facet.name: (facet, options.facets[facet.name])
        for facet in FACETS
        if len(options.facets[facet.name]) >= facet.min_options
    }
    places = {name: st.sidebar.container() for name in lists}  # the lists first on screen, drawn last
    search, period = st.sidebar.container(), st.sidebar.container()
    text = _search(search, lang)
    months = _month_range(period, atlas.months, options.months, lang)
    st.sidebar.button(t("reset", lang), on_click=_reset_filters, args=(atlas.months,), width="stretch")
    for name, (facet, labels) in lists.items():
        links.seed_facet(facet, atlas.trips)
        _resend(name, list(labels))
    now = {name: tuple(sorted(st.session_state.get(name) or ())) for name in lists}
    counts = Selection(now, months, text).option_counts(atlas.trips)
    chosen = {name: _choose(places[name], name, labels, lang, counts[name]) for name, (_, labels) in lists.items()}
    return Selection(chosen, months, text)


def _resend(key: str, options: list[str]) -> None:
    """The list's choice set again (as ids) before it is drawn, so the browser is sent this run's labels.

    The browser keeps a choice as the labels it was last sent and sends them back with every run; a count
    that changed since would make such a label unknown and the choice silently lost (Streamlit sends a
    widget's value only when the script set it)."""
    if key in st.session_state:
        st.session_state[key] = [value for value in st.session_state[key] or () if value in options]


def _choose(place, key: str, labels: Mapping[str, str], lang: str, counts) -> tuple[str, ...]:
    """A multiselect of the options (``labels``: id -> label in ``lang``) with trips (and those chosen), each
    with its number of trips. The chosen ids come back sorted: the order of clicking changes neither the view
    nor its address."""
    chosen = set(st.session_state.get(key) or ())
    shown = [option for option in labels if counts.get(option) or option in chosen]
    picked = place.multiselect(
        t(key, lang),
        options=shown,
        format_func=lambda option: f"{labels[option]} ({number(counts.get(option, 0), lang)})",
        key=key,
        placeholder=t("all", lang),
    )
    return tuple(sorted(picked))


def _search(place, lang: str) -> str:
    links.seed_text("_q")
    # No key: the text is the widget's value, so a new text from an address makes a new widget. A text
    # input whose state is set through st.session_state came back empty after the reruns ui.client asks for.
    text = place.text_input(t("search", lang), value=st.session_state.get("_q", ""), help=t("search_help", lang))
    st.session_state["_q"] = text
    return (text or "").strip()


def _reset_filters(all_months: tuple[str, ...]) -> None:
    """Every filter back to "all" (the address follows at the end of the run)."""
    for facet in FACETS:
        st.session_state[facet.name] = []
    st.session_state["_q"] = ""
    if len(all_months) > 1:
        st.session_state["months"] = (all_months[0], all_months[-1])
    st.session_state["playing"] = False


def _month_range(place, all_months: tuple[str, ...], labels: Mapping[str, str], lang: str) -> tuple[str, str] | None:
    """The period slider (``labels``: each month's label in ``lang``) with its play control; None when it
    spans every month (then trips without a period are shown too)."""
    if not all_months:
        return None
    pending = st.session_state.pop("_next_months", None)
    if pending:
        st.session_state["months"] = pending
    if len(all_months) == 1:
        place.caption(f"{t('months', lang)}: {labels[all_months[0]]}")
        return None
    links.seed("months", all_months, month_label, None)
    chosen = st.session_state.get("months")
    every = (all_months[0], all_months[-1])
    if isinstance(chosen, list):  # one month or a first and last from an address
        st.session_state["months"] = (min(chosen), max(chosen))
    elif chosen is None and "months" in st.session_state:  # an address without months: all of them
        st.session_state["months"] = every
    elif chosen is not None and (chosen == st.session_state.get(_EVERY_MONTH) or not set(chosen) <= set(all_months)):
        # "Every month" is kept as that, not as the months there were: a publication that adds months (on any
        # process) grows the period of a tab that showed them all. A month that is gone shows every month too.
        st.session_state["months"] = every
    # The default is always a range: with value=None Streamlit makes a single-value slider, which on the
    # next rerun reads the two-month state back as one month (ValueError on unpacking).
    first, last = place.select_slider(
        t("months", lang),
        options=list(all_months),
        value=(all_months[0], all_months[-1]),
        format_func=lambda month: labels.get(month, month),
        key="months",
    )
    _play_control(place, all_months, lang)
    if (first, last) == every:
        st.session_state[_EVERY_MONTH] = every  # the reader sees every month; see above
        return None
    st.session_state.pop(_EVERY_MONTH, None)
    return first, last


def _kept(key: str, default):
    """A widget's choice kept over a language switch: the browser sends a widget whose label changed as a new
    one, at its default (the choice lost); the last choice, kept apart, is set again before it is drawn. The
    widget's ``on_change``, returned, keeps each new choice."""
    shadow = f"_kept_{key}"
    st.session_state[key] = st.session_state.get(shadow, default)

    def keep() -> None:
        st.session_state[shadow] = st.session_state[key]

    return keep


def _play_control(place, all_months: tuple[str, ...], lang: str) -> None:
    mode = place.radio(
        t("play_mode", lang),
        options=["window", "grow"],
        format_func=lambda m: t(f"play_{m}", lang),
        key="play_mode",
        horizontal=True,
        on_change=_kept("play_mode", "window"),
    )
    if st.session_state.get("playing"):
        if place.button(t("stop", lang), icon=":material/stop:", key="stop", width="stretch"):
            st.session_state["playing"] = False
            st.rerun()
        play("months", PLAY_SECONDS, lambda: _next_step(all_months, mode))
    elif place.button(t("play", lang), icon=":material/play_arrow:", key="play", width="stretch"):
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
