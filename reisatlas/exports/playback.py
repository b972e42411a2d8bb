"""The month playback as pictures: one frame per step of the app's play control (a month at a time, or growing
from the start: ``selection.next_months``), each with the month large, its summary sentence, and that month's
routes and stops drawn as the PNG slide draws them (``static_map``); then, a month at a time, a closing frame with
the whole selection and its sentence. The map holds still: its limits and inset are worked out once, from every
trip, as the app fits its camera once while the period plays. ``video`` encodes the frames as MP4 or GIF.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..errors import SelectionError
from ..i18n import count, month_label, period_label, t
from ..periods import month_span
from ..selection import Selection, next_months
from ..summary import summarise
from .common import Export
from .lettering import MARGIN, footer, legend_rows, wrapped_title
from .static_map import DPI, FOOTER, canvas, draw_map, map_layout, map_marks

SIZES = {"1920x1080": (1920, 1080), "1080x1080": (1080, 1080), "1080x1920": (1080, 1920)}  # slides, feeds, stories
DEFAULT_SIZE = "1920x1080"
MODES = ("window", "grow")  # the app's play modes (ui.sidebar)
STEP_SECONDS = 1.5  # each month's time, as the app plays it (ui.sidebar.PLAY_SECONDS)
END_SECONDS = 4.0  # the last frame's, to read the sentence
HEADING_SIZES = (72, 60, 48, 36)  # points: the month, largest first, on one line at the largest that fits
SENTENCE_SIZES = (26, 23, 20)  # points: the sentence under it, over two lines at most at the smallest
SENTENCE_LINES = 2  # lines kept for the sentence on every frame (3 in larger type), so the map never moves
LEGEND_SIZES, LABEL_SIZE, SOURCE_SIZE = (17, 15, 13), 16, 13  # as on the slide, for a 1920-pixel-wide picture
READ_WIDTH = 1500  # a narrower picture (a feed's or a story's, 1080) is seen on a phone: its small type grows
PX = DPI / 72  # pixels a point
HEADING_TOP = 84  # pixels from the top to the middle of the month


@dataclass(frozen=True)
class Step:
    """One frame: its heading ("juni 2025"), the months it shows (first, last) and how long it stays."""

    heading: str
    months: tuple[str, str]
    seconds: float
    closing: bool = False  # the whole selection, after the last month


def playback_months(export: Export) -> list[str]:
    """Every month the playback shows: from the selected trips' first month to their last, within the chosen
    period (``export.period``, whose ends may be open: "0000-01", "9999-12")."""
    months = sorted({m for ms in export.trips["months"] for m in ms})
    if not months:
        raise SelectionError.said("error_playback_no_period")
    first, last = months[0], months[-1]
    if export.period:
        first, last = max(first, export.period[0]), min(last, export.period[1])
    return month_span(first, last) if first <= last else [first]


def steps(export: Export) -> list[Step]:
    """The frames' steps, as the app's play control steps (``next_months``) in ``export.playback``'s mode.

    A month at a time ends with the whole selection; growing, the last step is the whole selection already."""
    if export.trips.empty:
        raise SelectionError(t("error_nothing_to_export", export.lang))
    if export.playback not in MODES:
        raise SelectionError.said("error_unknown_playback", mode=export.playback, known=", ".join(MODES))
    months, lang = playback_months(export), export.lang
    found, current = [], next_months(months, None, export.playback)
    while current is not None:
        first, last = current
        heading = month_label(last, lang, wide=True) if first == last else period_label((first, last), lang)
        found.append(Step(heading, current, STEP_SECONDS))
        current = next_months(months, current, export.playback)
    if export.playback == "window" and len(months) > 1:
        found.append(Step(period_label((months[0], months[-1]), lang), (months[0], months[-1]), END_SECONDS, True))
    else:
        found[-1] = replace(found[-1], seconds=END_SECONDS, closing=True)
    return found


def _step_trips(export: Export, step: Step) -> pd.DataFrame:
    return export.trips if step.closing else Selection(months=step.months).apply(export.trips)


def _sentence(export: Export, step: Step, trips: pd.DataFrame) -> str:
    """The step's summary sentence; the closing frame's is the selection's own (the export's title)."""
    if step.closing:
        return export.title
    return summarise(trips, export.stops, asked=step.months).sentence(export.lang)


def text_scale(size: tuple[int, int]) -> float:
    """How much larger than the slide's the small type is: 1 at 1920 pixels wide, about 1.4 at 1080.

    >>> text_scale((1920, 1080)), text_scale((1080, 1920))
    (1.0, 1.39)
    """
    return round(max(1.0, READ_WIDTH / size[0]), 2)


def _words(figure, renderer, export: Export, heading: str, sentence: str, scale: float) -> float:
    """The month, its sentence and the legend of the whole selection; how far down they reach (pixels), the same
    for every frame as long as the heading and sentence fit their lines."""
    sentence_sizes = tuple(round(size * scale) for size in SENTENCE_SIZES)
    sentence_top = HEADING_TOP + HEADING_SIZES[0] * PX * 0.55 + sentence_sizes[0] * PX * 0.7
    # Room for the sentence's lines (one more where the type is larger), so the legend stays where it is.
    room = (SENTENCE_LINES - (1 if scale == 1 else 0)) * sentence_sizes[-1] * 1.35
    legend_top = sentence_top + room + sentence_sizes[0] * PX * 0.5 + 16
    below = wrapped_title(figure, renderer, heading, top=HEADING_TOP, sizes=HEADING_SIZES)
    below += wrapped_title(figure, renderer, sentence, top=sentence_top + below, sizes=sentence_sizes, weight="normal")
    legend = export.paint.legend(export.trips)
    sizes = tuple(round(size * scale) for size in LEGEND_SIZES)
    return legend_rows(figure, renderer, legend, legend_top + max(0.0, below - room), sizes=sizes)


def frames(export: Export) -> list[tuple[np.ndarray, float]]:
    """Every frame as RGB pixels (height × width × 3) with the seconds it stays."""
    size = export.size or SIZES[DEFAULT_SIZE]
    scale = text_scale(size)
    playback = steps(export)
    # The layout from the closing frame: every trip, the longest sentence.
    figure, renderer = canvas(size)
    top = _words(figure, renderer, export, playback[-1].heading, export.title, scale)
    bottom = FOOTER + (SOURCE_SIZE * (scale - 1)) * PX
    layout = map_layout(size, top, bottom, *map_marks(export.trips, export.stops, export.paint, export.lang))
    drawn = []
    for step in playback:
        trips = _step_trips(export, step)
        figure, renderer = canvas(size)
        _words(figure, renderer, export, step.heading, _sentence(export, step, trips), scale)
        marks = map_marks(trips, export.stops, export.paint, export.lang)
        draw_map(figure, renderer, layout, *marks, label_size=LABEL_SIZE * scale)
        footer(figure, export, size=SOURCE_SIZE * scale, middle=bottom / 2 - 8)
        figure.canvas.draw()
        drawn.append((np.asarray(figure.canvas.buffer_rgba())[:, :, :3].copy(), step.seconds))
    return drawn


def heading_box(size: tuple[int, int]) -> tuple[int, int, int, int]:
    """Where the heading is drawn: (left, top, right, bottom) in pixels, for a reader that looks for it."""
    half = round(HEADING_SIZES[0] * PX * 0.5) + 8
    return (MARGIN - 8, HEADING_TOP - half, size[0] - MARGIN, HEADING_TOP + half)


def playback_opening(export: Export) -> str:
    """The first line of the playback's text alternative: an animation, in how many steps, which months."""
    months, lang = playback_months(export), export.lang
    return t("alt_playback", lang, steps=count(len(steps(export)), "step", lang), period=period_label(months, lang))
