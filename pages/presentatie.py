"""Presentatie: the selected trips one by one in time order, each on a full-width map — for a projector.

The filters in the sidebar still apply, so one alderman's trips can be presented on their own.
"""

import streamlit as st

from reisatlas.i18n import t
from reisatlas.story import STORY_MAP_PX, next_step, resolve_step, step_html, story_deck, story_order
from reisatlas.themes import theme_names
from ui.client import main_width
from ui.parts import OUTLINES_URL, officials_of, trip_period
from ui.timer import play
from ui.view import current_view

STEP_SECONDS = 6

view = current_view()
lang = view.lang
trips = story_order(view.trips)

if trips.empty:
    st.title(t("page_story", lang))
    st.info(t("no_trips", lang))
    st.stop()

ids = trips["trip_id"].tolist()
step = resolve_step(ids, st.session_state.get("story_step", 0), st.session_state.get("story_trip"))
st.session_state["story_step"] = step
st.session_state["story_trip"] = ids[step]
trip = trips.iloc[step]
paint = view.paint("official")


def go(to: int) -> None:
    to = resolve_step(ids, to)
    st.session_state["story_step"] = to
    st.session_state["story_trip"] = ids[to]


def autoplay_switched() -> None:
    # Switching autoplay on at the last trip starts the story over.
    if st.session_state.get("story_autoplay") and st.session_state.get("story_step", 0) >= len(ids) - 1:
        go(0)


def next_trip() -> None:
    """Autoplay's step: the next trip; off after the last one."""
    following = next_step(st.session_state.get("story_step", 0), len(ids))
    if following is None:
        st.session_state["_story_stop"] = True  # the toggle's own state can only change before it is drawn
    else:
        go(following)


if st.session_state.pop("_story_stop", False):
    st.session_state["story_autoplay"] = False

controls = st.columns([1, 1, 1.6, 2.4], vertical_alignment="center")
controls[0].button(
    "◀ " + t("story_previous", lang), key="story_previous", on_click=go, args=(step - 1,), disabled=step == 0, width="stretch",
)
controls[1].button(
    t("story_next", lang) + " ▶", key="story_next", on_click=go, args=(step + 1,),
    disabled=step == len(ids) - 1, width="stretch", type="primary",
)
controls[2].toggle(
    t("story_autoplay", lang), key="story_autoplay", on_change=autoplay_switched,
    help=t("story_autoplay_help", lang, seconds=STEP_SECONDS),
)
controls[3].progress((step + 1) / len(ids))

themes = theme_names(trip["themes"], lang)
st.html(
    step_html(
        progress=t("story_progress", lang, n=step + 1, total=len(ids)),
        title=trip["title"],
        subtitle=trip["subtitle"],
        who=officials_of(trip, lang),
        period=trip_period(trip, lang),
        themes=f"{t('themes', lang)}: {themes}" if themes else "",
        colour="#%02x%02x%02x" % paint.colour(trip),
    )
)

st.pydeck_chart(
    story_deck(trips.iloc[[step]], view.stops, paint, lang, width=main_width(), outlines=OUTLINES_URL),
    height=STORY_MAP_PX,
    key="story_map",
    alt=t("story_map_alt", lang, places=", ".join(trip["places"])),
)

if st.session_state.get("story_autoplay"):
    play("story", STEP_SECONDS, next_trip)
