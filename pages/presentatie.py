"""Presentatie: the selected trips one by one in time order, each on a full-width map — for a projector.

The filters in the sidebar still apply, so one alderman's trips can be presented on their own. Projector
mode (``?present=1``) hides the sidebar and the navigation and gives the map the rest of the screen's height,
with a button that asks the browser for full screen. A presenter's clicker steps through the trips: → / PageDown /
space forward, ← / PageUp back (ui.presenter_keys).
"""

import html

import streamlit as st
import streamlit.components.v1 as components

from reisatlas.i18n import t
from reisatlas.map import key_text
from reisatlas.story import STORY_MAP_PX, next_step, resolve_step, step_html, story_deck
from reisatlas.themes import theme_names
from ui.client import map_width, narrow
from ui.parts import colour_choice, officials_of, trip_period
from ui.presenter_keys import presenter_keys
from ui.shared import story_of
from ui.streamlit_internals import PROJECTOR_CSS
from ui.timer import play
from ui.view import current_view

STEP_SECONDS = 6
# The browser allows full screen only from a click, in the page itself: a small same-origin frame asks for it.
FULL_SCREEN = """<button onclick="parent.document.documentElement.requestFullscreen()" style="font:14px sans-serif;
 padding:0.45rem 0.8rem;border:1px solid #bbb;border-radius:0.5rem;background:#fff;cursor:pointer;width:100%">{label}</button>"""

view = current_view()
lang = view.lang
trips = story_of(view)  # made once per selection, for every session (ui.shared)
present = st.query_params.get("present") == "1"
if present:
    st.html(PROJECTOR_CSS)


def _link_colour() -> str:
    colour = st.query_params.get("colour")
    return colour if colour in ("official", "theme") else "official"


def set_present(on: bool) -> None:
    if on:
        st.query_params["present"] = "1"
    else:
        st.query_params.pop("present", None)


if trips.empty:
    st.title(t("page_story", lang))
    st.info(t("no_trips", lang))
    st.stop()

ids = trips["trip_id"].tolist()
step = resolve_step(ids, st.session_state.get("story_step", 0), st.session_state.get("story_trip"))
st.session_state["story_step"] = step
st.session_state["story_trip"] = ids[step]
trip = trips.iloc[step]
# A desktop: the colouring, the controls, the trip, its map. A phone: the two steps in one row, the trip and its
# map right under them, the rest below the map (stacked, they pushed the map below 700 px).
phone = narrow() and not present
top = (
    st.container(horizontal=True) if phone else st.container()
)  # a phone: the two steps; a desktop: colouring and controls
card, map_place = st.container(), st.container()
rest = st.container() if phone else top
# The map's colouring: a trip keeps its colour from page to page (projector mode shows no toggle, only its choice).
with rest:
    paint = view.paint(_link_colour()) if present else colour_choice(view)


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

# Where each control goes: a desktop's five columns above the trip; a phone's steps above it, the rest below the map.
if phone:
    previous_at = next_at = top
    autoplay_at = progress_at = mode_at = rest
else:
    with top:
        previous_at, next_at, autoplay_at, progress_at, mode_at = st.columns(
            [1, 1, 1.5, 1.3, 1.2], vertical_alignment="center"
        )
previous_at.button(
    "◀ " + t("story_previous", lang),
    key="story_previous",
    on_click=go,
    args=(step - 1,),
    disabled=step == 0,
    width="stretch",
)
next_at.button(
    t("story_next", lang) + " ▶",
    key="story_next",
    on_click=go,
    args=(step + 1,),
    disabled=step == len(ids) - 1,
    width="stretch",
    type="primary",
)
with st.sidebar:  # no room taken in the page; drawn in projector mode too (the sidebar is only hidden there)
    presenter_keys("story_previous", "story_next")  # a clicker's keys press these two buttons
autoplay_at.toggle(
    t("story_autoplay", lang),
    key="story_autoplay",
    on_change=autoplay_switched,
    help=t("story_autoplay_help", lang, seconds=STEP_SECONDS),
)
if present:  # the progress bar's place holds the full-screen button
    with progress_at:
        components.html(FULL_SCREEN.format(label=html.escape(t("story_full_screen", lang))), height=42)
    mode_at.button(
        t("story_present_exit", lang), icon=":material/close:", on_click=set_present, args=(False,), width="stretch"
    )
else:
    progress_at.progress((step + 1) / len(ids))
    mode_at.button(
        t("story_present", lang),
        icon=":material/slideshow:",
        on_click=set_present,
        args=(True,),
        help=t("story_present_help", lang),
        width="stretch",
    )

themes = theme_names(trip["themes"], lang)
card.html(
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

# The map flies from trip to trip. Drawn first, or run again on the same trip (the phone's width reported, a
# colour toggled), it is set in place: deck.gl's fly towards a view that differs only in its zoom never landed
# (a phone kept the desktop's fit, Stockholm off its right edge). A new fit (the phone's width reported, projector
# mode) is a new map in a container of its own, which starts at its view: the one map, handed the phone's view
# while deck.gl still started it on the first run's desktop fit, once kept the desktop's zoom (only Malmö shown).
fit = (map_width(), 384 if present else 560)  # a narrow map (a phone's, a tablet's): fitted to its width
drawn = st.session_state.get("_story_drawn")
fly = drawn is not None and drawn != trip["trip_id"]
st.session_state["_story_drawn"] = trip["trip_id"]
story_map = story_deck(
    trips.iloc[[step]],
    view.stops,
    paint,
    lang,
    served_outlines=True,
    fit=fit,
    fly=fly,
)
map_place.container(key="story_map_%dx%d" % fit).pydeck_chart(
    story_map, height=STORY_MAP_PX, key="story_map", alt=t("story_map_alt", lang, places=", ".join(trip["places"]))
)
if story_map.key:  # the places whose names had no room beside their markers, which show a number instead
    map_place.caption(key_text(story_map.key, lang))

if st.session_state.get("story_autoplay"):
    play("story", STEP_SECONDS, next_trip)
