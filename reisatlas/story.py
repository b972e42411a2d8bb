"""Story mode: the selected trips one at a time, in time order, each on a map fitted to its route.

A presentation steps by index through :func:`story_order`. When the filters change, the step follows
the trip being shown if it is still selected, else the old index is clamped to the new number of trips.
"""

from __future__ import annotations

import heapq
import html
from datetime import date
from typing import Sequence

import pandas as pd
import pydeck as pdk

from .colours import Colouring
from .map import build_deck
from .periods import month_start

FLY_MS = 1800  # how long the map takes to fly from one trip to the next
STORY_MAP_PX = 560


def _when(start, months: Sequence[str]) -> date | None:
    if start is not None and not pd.isna(start):
        return start
    return month_start(months[0]) if len(months) else None


def story_order(trips: pd.DataFrame) -> pd.DataFrame:
    """The trips in presentation order: by start date (a trip known only by its months starts on the
    first of the first month), then in document order (file, line); trips without a period come last."""
    whens = [_when(s, ms) for s, ms in zip(trips["start"], trips["months"])]
    places = list(zip(trips["file"], trips["line"]))
    order = sorted(range(len(trips)), key=lambda i: (whens[i] is None, whens[i] or date.min, places[i]))
    return trips.iloc[order]


def story_head(trips: pd.DataFrame, n: int) -> pd.DataFrame:
    """``story_order(trips).head(n)`` without ordering every trip: the map page lists the first few of 10,000, and
    the whole order cost a month change some 50 ms.

    >>> trips = pd.DataFrame({"start": [None, date(2025, 6, 9), None], "months": [["2025-07"], ["2025-06"], []],
    ...                       "file": ["a", "a", "a"], "line": [1, 2, 3]})
    >>> list(story_head(trips, 2).index), list(story_order(trips).head(2).index)
    ([1, 0], [1, 0])
    """
    whens = [_when(s, ms) for s, ms in zip(trips["start"], trips["months"])]
    places = list(zip(trips["file"], trips["line"]))
    first = heapq.nsmallest(n, range(len(trips)), key=lambda i: (whens[i] is None, whens[i] or date.min, places[i]))
    return trips.iloc[first]


def clamp_step(step: int, count: int) -> int:
    """A step index that exists: 0 … count − 1 (0 when there is nothing to show).

    >>> clamp_step(9, 2), clamp_step(-1, 7), clamp_step(3, 0)
    (1, 0, 0)
    """
    return max(0, min(int(step), count - 1)) if count > 0 else 0


def resolve_step(trip_ids: Sequence[str], step: int, trip_id: str | None = None) -> int:
    """The step to show now: that of ``trip_id`` when it is still among the trips, else ``step`` clamped.

    >>> resolve_step(["a", "b", "c"], 0, "c"), resolve_step(["a", "b"], 5, "gone")
    (2, 1)
    """
    ids = list(trip_ids)
    if trip_id in ids:
        return ids.index(trip_id)
    return clamp_step(step, len(ids))


def next_step(step: int, count: int) -> int | None:
    """The step autoplay goes to next, or None at the end (autoplay stops there).

    >>> next_step(0, 3), next_step(2, 3)
    (1, None)
    """
    return step + 1 if step + 1 < count else None


def story_deck(
    trip: pd.DataFrame,
    stops: pd.DataFrame,
    paint: Colouring,
    lang: str = "nl",
    *,
    height: int = STORY_MAP_PX,
    served_outlines: bool = False,
    fit: tuple[int, int] = (1000, STORY_MAP_PX),
    fly: bool = True,
) -> pdk.Deck:
    """The map of one trip (a one-row frame): its stops and route only, the view fitted to the route (with the
    1:50m outlines when it zooms in), and a transition so the map flies there from the previous step (``fly``;
    without it the view is set at once). ``served_outlines`` and ``fit`` as in ``build_deck``."""
    deck = build_deck(trip, stops, paint, lang, height=height, served_outlines=served_outlines, fit=fit)
    deck.initial_view_state.transition_duration = FLY_MS if fly else 0
    return deck


def step_html(*, progress: str, title: str, subtitle: str, who: str, period: str, themes: str, colour: str) -> str:
    """The step's words in large type for a projector; every text is escaped, so a document can never
    add markup. Sizes shrink with the window so the map stays in view on a 720p beamer.

    >>> "&lt;b&gt;" in step_html(progress="1/1", title="<b>", subtitle="", who="", period="", themes="", colour="#000000")
    True
    """
    e = html.escape
    lines = [
        f'<p style="font-size:clamp(1rem,1.2vw,1.3rem);font-weight:700;letter-spacing:0.06em;text-transform:uppercase;margin:0">{e(progress)}</p>',
        f'<h1 style="font-size:clamp(1.9rem,2.4vw + 0.7rem,3.1rem);font-weight:800;line-height:1.12;margin:0.15rem 0;padding:0">{e(title)}</h1>',
    ]
    if subtitle:
        lines.append(
            f'<p style="font-size:clamp(1.3rem,1.3vw + 0.5rem,1.8rem);line-height:1.25;margin:0 0 0.35rem 0">{e(subtitle)}</p>'
        )
    lines.append(
        f'<p style="font-size:clamp(1.3rem,1.3vw + 0.5rem,1.8rem);font-weight:700;margin:0">{e(who)} · {e(period)}</p>'
    )
    if themes:
        lines.append(f'<p style="font-size:clamp(1rem,1vw + 0.3rem,1.3rem);margin:0.2rem 0 0 0">{e(themes)}</p>')
    return (
        f'<section class="story-step" style="border-left:0.6rem solid {e(colour)};padding:0.1rem 0 0.2rem 1.1rem;color:inherit">'
        + "".join(lines)
        + "</section>"
    )
