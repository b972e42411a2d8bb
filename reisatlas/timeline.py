"""The timeline: one row per official, one bar per trip over its period, coloured as the map colours it
(by main theme or by official: the page's one colouring).

A bar covers its period half-open, from the first day to the day after the last: a trip known only as
"Juni 2025" fills June, "3 tot en met 7 november 2025" covers five days. Trips of one official that
overlap in time get lanes of their own within that official's row, so neither hides the other.

The rows are laid out here, on a quantitative y scale in lane units, rather than with Vega-Lite's
``yOffset``: a row is as tall as its official needs, and a lone trip gets a full-height bar.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Sequence

import altair as alt
import pandas as pd

from .colours import Colouring, colouring
from .i18n import month_label, official, period_text, t
from .periods import month_after, month_span, month_start, trip_span
from .selection import official_labels
from .themes import load_themes

LANE_PX = 38  # height of one lane on screen
BAR_FILL = 0.76  # share of a lane the bar fills; the rest keeps overlapping bars apart
MIN_LABEL_PX = 56  # a bar narrower than this carries its name after it, not on it
NO_THEME_COLOUR = "#9e9e9e"
DARK_TEXT, LIGHT_TEXT = "#111111", "#ffffff"
MAYOR = "burgemeester"
BAR_COLUMNS = [
    "trip_id",
    "official",
    "row",
    "lane",
    "y",
    "y2",
    "y_mid",
    "start",
    "end",
    "title",
    "label",
    "theme",
    "colour",
    "text_colour",
    "ink",
    "themes",
    "officials",
    "period",
    "places",
    "order",
]


@dataclass(frozen=True)
class Row:
    """One official's row: its label, the first lane unit it occupies and how many lanes it has."""

    label: str
    top: int
    lanes: int


@dataclass(frozen=True)
class Timeline:
    bars: pd.DataFrame  # one record per trip and official, BAR_COLUMNS
    rows: tuple[Row, ...]  # top to bottom
    months: tuple[str, ...]  # every month the x axis shows
    undated: pd.DataFrame  # the trips without a period, not drawn
    by: str = "theme"  # what the colours mean: "theme" or "official"


def bar_span(start, end, months: Sequence[str]) -> tuple[date, date] | None:
    """The half-open [from, to) a trip's bar covers (``periods.trip_span``); None for a trip without a period."""
    return trip_span(start, end, months)


def assign_lanes(spans: Sequence[tuple[date, date]]) -> list[int]:
    """A lane for each half-open span: the first lane free when it starts, so overlapping spans never
    share one and touching spans (one ends the day the next starts) do.

    >>> june, july = (date(2025, 6, 1), date(2025, 7, 1)), (date(2025, 7, 1), date(2025, 8, 1))
    >>> assign_lanes([june, june, july])
    [0, 1, 0]
    """
    lane_ends: list[date] = []
    lanes = [0] * len(spans)
    for i in sorted(range(len(spans)), key=lambda i: (spans[i][0], spans[i][1], i)):
        start, end = spans[i]
        free = next((lane for lane, busy_until in enumerate(lane_ends) if busy_until <= start), None)
        if free is None:
            free = len(lane_ends)
            lane_ends.append(end)
        else:
            lane_ends[free] = end
        lanes[i] = free
    return lanes


def official_rows(trips: pd.DataFrame, lang: str = "nl") -> list[tuple[str, str]]:
    """(name, label) of every official of the trips, the mayor first, then by name.

    A trip without an official gets a row of its own at the bottom, named by ``no_official``.
    """
    written = official_labels(trips)
    labels = {name: official(label, lang) for name, label in written.items()}
    if any(not len(names) for names in trips["officials"]):
        labels[""] = t("no_official", lang)
    return sorted(
        labels.items(), key=lambda item: (item[0] == "", not written.get(item[0], "").startswith(MAYOR), item[0])
    )


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background`` ("#rrggbb"), by WCAG contrast.

    >>> text_colour("#1f77b4"), text_colour("#bcbd22")
    ('#ffffff', '#111111')
    """
    luminance = _luminance(background)
    on_white = 1.05 / (luminance + 0.05)
    on_black = (luminance + 0.05) / (_luminance(DARK_TEXT) + 0.05)
    return LIGHT_TEXT if on_white >= on_black else DARK_TEXT


def ink(colour: str) -> str:
    """``colour`` darkened just enough to be read as text on white (WCAG contrast 4.5).

    >>> ink("#1f77b4"), ink("#17becf")
    ('#1f77b4', '#0f7c87')
    """
    r, g, b = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    for step in range(21):
        f = 1 - step / 20
        darker = "#%02x%02x%02x" % (round(r * f), round(g * f), round(b * f))
        if 1.05 / (_luminance(darker) + 0.05) >= 4.5:
            return darker
    return DARK_TEXT


def build_timeline(
    trips: pd.DataFrame, lang: str = "nl", months: tuple[str, str] | None = None, paint: Colouring | None = None
) -> Timeline:
    """The timeline of the trips: a bar per trip and official, lanes where trips overlap.

    ``months`` (first, last) is the span the x axis shows at least, e.g. the chosen period; it widens
    to every bar. ``paint`` colours the bars (default: by main theme), the same colouring the map uses;
    a bar's ``theme`` is then its legend entry (its main theme or its first official).
    """
    themes = {theme.id: theme for theme in load_themes()}
    paint = paint or colouring(trips, "theme", lang)
    order = {key: i for i, key in enumerate(paint.colours)}
    nothing = t("no_theme" if paint.by == "theme" else "no_official", lang)
    spans = [bar_span(s, e, ms) for s, e, ms in zip(trips["start"], trips["end"], trips["months"])]
    dated = [i for i, span in enumerate(spans) if span is not None]
    undated = trips.iloc[[i for i, span in enumerate(spans) if span is None]]

    rows: list[Row] = []
    bars: list[dict] = []
    top = 0
    for name, label in official_rows(trips.iloc[dated], lang):
        mine = [
            i
            for i in dated
            if name in trips.iloc[i]["officials"] or (name == "" and not len(trips.iloc[i]["officials"]))
        ]
        lanes = assign_lanes([spans[i] for i in mine])
        row = Row(label, top, max(lanes) + 1)
        for i, lane in zip(mine, lanes):
            trip = trips.iloc[i]
            key = paint.key(trip)
            colour = "#%02x%02x%02x" % paint.colours[key] if key in paint.colours else NO_THEME_COLOUR
            y = top + lane + (1 - BAR_FILL) / 2
            bars.append(
                {
                    "trip_id": trip["trip_id"],
                    "official": label,
                    "row": len(rows),
                    "lane": lane,
                    "y": y,
                    "y2": y + BAR_FILL,
                    "y_mid": top + lane + 0.5,
                    "start": spans[i][0].isoformat(),
                    "end": spans[i][1].isoformat(),
                    "title": trip["title"],
                    "label": ", ".join(trip["places"]) or trip["title"],
                    "theme": paint.labels[key] if key in paint.labels else nothing,
                    "colour": colour,
                    "text_colour": text_colour(colour),
                    "ink": ink(colour),
                    "themes": ", ".join(themes[i].label(lang) if i in themes else i for i in trip["themes"])
                    or t("no_theme", lang),
                    "officials": ", ".join(official(label, lang) for label in trip["official_labels"])
                    or t("no_official", lang),
                    "period": period_text(trip["start"], trip["end"], trip["months"], lang),
                    "places": ", ".join(trip["places"]),
                    "order": order.get(key, len(order)),
                }
            )
        rows.append(row)
        top += row.lanes

    bars_frame = pd.DataFrame(bars, columns=BAR_COLUMNS)
    ends = [m for m in (months or ()) if m]
    if bars:
        ends += [
            min(bars_frame["start"])[:7],
            (date.fromisoformat(max(bars_frame["end"])) - timedelta(days=1)).isoformat()[:7],
        ]
    shown = tuple(month_span(min(ends), max(ends))) if ends else ()
    return Timeline(bars_frame, tuple(rows), shown, undated, paint.by)


def _utc(day: date) -> alt.DateTime:
    return alt.DateTime(year=day.year, month=day.month, date=day.day, utc=True)


def _row_label_expr(rows: Sequence[Row]) -> str:
    """A Vega expression naming the row a y value falls in (labels as JSON strings: quotes are safe)."""
    expr = "''"
    for row in reversed(rows):
        expr = f"datum.value < {row.top + row.lanes} ? {json.dumps(row.label)} : {expr}"
    return expr


def timeline_chart(timeline: Timeline, lang: str = "nl") -> alt.LayerChart:
    """The Altair chart: rows with alternating shading, a bar and a place label per trip, month axis.

    Month labels come from Babel (Vega-Lite's own time formats speak English only); times are UTC
    throughout, so a reader's time zone never moves a bar into the previous month.
    """
    rows, months, bars = timeline.rows, timeline.months, timeline.bars
    total = sum(row.lanes for row in rows) or 1
    ticks = [month_start(m) for m in months] + ([month_after(months[-1])] if months else [])
    labels = [month_label(m, lang) for m in months] + [""]
    first = ticks[0] if ticks else date.today()
    x_scale = alt.Scale(type="utc", domain=[_utc(ticks[0]), _utc(ticks[-1])] if ticks else alt.Undefined, nice=False)
    y_scale = alt.Scale(domain=[0, total], reverse=True, nice=False, zero=False)
    x_axis = alt.Axis(
        title=None,
        values=[_utc(d) for d in ticks],
        labelExpr=f"{json.dumps(labels)}[(utcyear(datum.value) - {first.year}) * 12 + utcmonth(datum.value) - {first.month - 1}]",
        labelAlign="left",
        labelPadding=6,
        labelFontSize=13,
        labelOverlap=False,
        grid=True,
        gridColor="#8a8a8a",
        gridOpacity=0.5,
        orient="top",
        tickSize=0,
    )
    y_axis = alt.Axis(
        title=None,
        values=[row.top + row.lanes / 2 for row in rows],
        labelExpr=_row_label_expr(rows),
        labelFontSize=14,
        labelFontWeight="bold",
        labelLimit=260,
        labelPadding=8,
        grid=False,
        ticks=False,
        domain=False,
    )
    shading = (
        alt.Chart(
            pd.DataFrame(
                [{"top": row.top, "bottom": row.top + row.lanes} for row in rows[1::2]], columns=["top", "bottom"]
            )
        )
        .mark_rect(color="#000000", opacity=0.045)
        .encode(y=alt.Y("top:Q", scale=y_scale, axis=y_axis), y2="bottom:Q")
    )
    used = [(label, colour) for _, label, colour in sorted(set(zip(bars["order"], bars["theme"], bars["colour"])))]
    tooltip = [
        alt.Tooltip("title:N", title=t("title", lang)),
        alt.Tooltip("officials:N", title=t("officials", lang)),
        alt.Tooltip("period:N", title=t("period", lang)),
        alt.Tooltip("themes:N", title=t("themes", lang)),
        alt.Tooltip("places:N", title=t("places", lang)),
    ]
    base = alt.Chart(bars)
    bar = base.mark_bar(cornerRadius=4, stroke="#ffffff", strokeWidth=1.5).encode(
        x=alt.X("start:T", scale=x_scale, axis=x_axis),
        x2="end:T",
        y=alt.Y("y:Q", scale=y_scale, axis=y_axis),
        y2="y2:Q",
        color=alt.Color(
            "theme:N",
            scale=alt.Scale(domain=[theme for theme, _ in used], range=[colour for _, colour in used]),
            legend=None,  # the page's own legend (ui.legend) names the colours, and filters when clicked
        ),
        tooltip=tooltip,
    )
    # The place names ride on the bars, cut to the bar's width; a bar too short for a word (a few days
    # in a long span) gets its name just after it instead, in its own colour darkened to be legible.
    width = "(scale('x', toDate(datum.end)) - scale('x', toDate(datum.start)))"
    text = dict(align="left", baseline="middle", fontSize=13, fontWeight="bold", ellipsis="…")
    y_mid = alt.Y("y_mid:Q", scale=y_scale, axis=y_axis)
    fits = f"{width} >= {MIN_LABEL_PX}"
    inside = base.mark_text(
        dx=7, limit=alt.ExprRef(f"max(0, {width} - 12)"), text=alt.ExprRef(f"{fits} ? datum.label : ''"), **text
    ).encode(
        x=alt.X("start:T", scale=x_scale, axis=x_axis),
        y=y_mid,
        color=alt.Color("text_colour:N", scale=None, legend=None),
        tooltip=tooltip,
    )
    after = base.mark_text(dx=6, limit=200, text=alt.ExprRef(f"{fits} ? '' : datum.label"), **text).encode(
        x=alt.X("end:T", scale=x_scale, axis=x_axis),
        y=y_mid,
        color=alt.Color("ink:N", scale=None, legend=None),
        tooltip=tooltip,
    )
    return (
        alt.layer(shading, bar, inside, after)
        # fit-x: the width follows the page, the height is the rows' own (the axes come on top).
        .properties(
            height=total * LANE_PX, width="container", autosize=alt.AutoSizeParams(type="fit-x", contains="padding")
        )
        .configure_view(stroke=None)
    )
