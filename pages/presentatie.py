"""Presentatie: the selected trips one by one in time order, each on a full-width map — for a projector.

The filters in the sidebar still apply, so one alderman's trips can be presented on their own.
"""

import streamlit as st

from pages.common import current_view, theme_names, trip_period
from reisatlas.i18n import t
from reisatlas.layers import colouring
from reisatlas.story import STORY_MAP_PX, next_step, resolve_step, step_html, story_deck, story_order

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
paint = colouring(view.atlas.trips, "official", lang)


def _go(trip_ids: list[str], to: int) -> None:
    to = resolve_step(trip_ids, to)
    st.session_state["story_step"] = to
    st.session_state["story_trip"] = trip_ids[to]


def _autoplay_switched(trip_ids: list[str]) -> None:
    # Switching autoplay on at the last trip starts the story over.
    if st.session_state.get("story_autoplay") and st.session_state.get("story_step", 0) >= len(trip_ids) - 1:
        _go(trip_ids, 0)


@st.fragment(run_every=STEP_SECONDS)
def _autoplay(trip_ids: list[str]) -> None:
    """Every few seconds while autoplay is on: the next trip, then a full rerun; off at the last one."""
    if st.session_state.pop("_story_fresh", False):
        return  # this run has just drawn the current step
    if not st.session_state.get("story_autoplay"):
        return
    following = next_step(st.session_state.get("story_step", 0), len(trip_ids))
    if following is None:
        st.session_state["_story_stop"] = True  # the toggle's own state can only change before it is drawn
    else:
        _go(trip_ids, following)
    st.rerun()


if st.session_state.pop("_story_stop", False):
    st.session_state["story_autoplay"] = False

controls = st.columns([1, 1, 1.6, 2.4], vertical_alignment="center")
controls[0].button(
    "◀ " + t("story_previous", lang), key="story_previous", on_click=_go, args=(ids, step - 1),
    disabled=step == 0, width="stretch",
)
controls[1].button(
    t("story_next", lang) + " ▶", key="story_next", on_click=_go, args=(ids, step + 1),
    disabled=step == len(ids) - 1, width="stretch", type="primary",
)
controls[2].toggle(
    t("story_autoplay", lang), key="story_autoplay", on_change=_autoplay_switched, args=(ids,),
    help=t("story_autoplay_help", lang, seconds=STEP_SECONDS),
)
controls[3].progress((step + 1) / len(ids))

who = ", ".join(trip["official_labels"]) or t("no_official", lang)
themes = theme_names(trip["themes"], lang)
st.html(
    step_html(
        progress=t("story_progress", lang, n=step + 1, total=len(ids)),
        title=trip["title"],
        subtitle=trip["subtitle"],
        who=who,
        period=trip_period(trip, lang),
        themes=f"{t('themes', lang)}: {themes}" if themes else "",
        colour="#%02x%02x%02x" % paint.colour(trip),
    )
)

st.pydeck_chart(
    story_deck(trips.iloc[[step]], view.atlas.stops, paint, lang),
    height=STORY_MAP_PX,
    key="story_map",
    alt=t("story_map_alt", lang, places=", ".join(trip["places"])),
)

if st.session_state.get("story_autoplay"):
    st.session_state["_story_fresh"] = True
    _autoplay(ids)
