"""The words on a picture of the map (the PNG slide, a preview, a video's frames): the title, wrapped when it is too
long, the legend, and the source line under the map. Sizes are pixels of the picture, whatever its size."""

from __future__ import annotations

import math

from ..i18n import t
from .common import Export

INK, GREY = "#1e1e1e", "#555555"
FONT = "DejaVu Sans"  # ships with matplotlib; has ö, ë, é and the en dash
MARGIN = 40  # pixels around the map


TITLE_SIZES = (30, 26, 22, 19)  # the title's sizes, largest first: one line at the largest that fits
TITLE_TOP = 52  # pixels from the top to the middle of the title's first line


def wrapped_title(
    figure, renderer, title: str, top: float = TITLE_TOP, sizes=TITLE_SIZES, weight: str = "bold"
) -> float:
    """The title, whole: on one line at the largest size that fits, else wrapped at spaces over as many lines as
    it takes at the smallest size (never cut off at the edge); the pixels its lines take below the first."""
    width, height = figure.bbox.size
    room = width - 2 * MARGIN

    def text(words: str, size: int, line: int = 0):
        drawn = figure.text(
            MARGIN / width,
            1 - (top + line * size * 1.35) / height,
            words,
            fontsize=size,
            fontweight=weight,
            fontfamily=FONT,
            color=INK,
            va="center",
        )
        return drawn, drawn.get_window_extent(renderer).width

    for size in sizes:
        drawn, drawn_width = text(title, size)
        if drawn_width <= room:
            return 0.0
        drawn.remove()
    size, lines, words = sizes[-1], [], title.split(" ")
    while words:  # as many words on each line as fit (a single word too wide for a line gets one of its own)
        take = len(words)
        while take > 1:
            drawn, drawn_width = text(" ".join(words[:take]), size)
            drawn.remove()
            if drawn_width <= room:
                break
            take -= 1
        lines.append(" ".join(words[:take]))
        words = words[take:]
    for line, words in enumerate(lines):
        text(words, size, line)
    return (len(lines) - 1) * size * 1.35


def header(figure, renderer, title: str, legend: list[tuple[str, str]], top: float = 84) -> float:
    """Title and legend (as many per row as fit, at most two rows when the text can shrink); their height in pixels.
    The legend starts ``top`` pixels down, further for each line of a wrapped title."""
    below = wrapped_title(figure, renderer, title)  # a wrapped title's further lines push the legend down
    return legend_rows(figure, renderer, legend, top + below)


def legend_rows(figure, renderer, legend: list[tuple[str, str]], top: float, sizes=(17, 15, 13)) -> float:
    """The legend from ``top`` pixels down, in the largest of ``sizes`` that keeps it to two rows; the header's
    height in pixels down to under it."""
    from matplotlib.lines import Line2D

    width, height = figure.bbox.size
    if not legend:
        return top + 12
    handles = [
        Line2D([], [], color=colour, marker="o", markersize=13, linewidth=3, markeredgecolor="white", label=label)
        for label, colour in legend
    ]
    for size in sizes:
        for columns in range(len(handles), 0, -1):
            box = figure.legend(
                handles=handles,
                loc="upper left",
                bbox_to_anchor=((MARGIN - 11.52) / width, 1 - top / height),
                ncol=columns,
                frameon=False,
                prop={"family": FONT, "size": size},
                handlelength=2.2,
                columnspacing=2.0,
            )
            drawn = box.get_window_extent(renderer)
            if drawn.x1 <= width - MARGIN or columns == 1:
                break
            box.remove()
        if math.ceil(len(handles) / columns) <= 2 or size == sizes[-1]:
            break
        box.remove()
    return height - drawn.y0 + 10


def listed(names: list[str], lang: str, shown: int) -> str:
    """ "a, b, c en 2 andere".

    >>> listed(["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"], "en", 3)
    'a.txt, b.txt, c.txt and 2 more'
    """
    names = list(dict.fromkeys(names))
    if len(names) <= shown:
        return ", ".join(names)
    more = t("and_more", lang, n=len(names) - shown)
    return f"{', '.join(names[:shown])} {more}"


def footer(figure, export: Export, size: float = 13, middle: float = 20) -> None:
    """The source line, and the places no source could put on the map: in ``size`` points, their middle ``middle``
    pixels above the bottom."""
    lang, stops = export.lang, export.stops
    width, height = figure.bbox.size
    source = export.source_line(lambda names: listed(names, lang, 3))
    figure.text(MARGIN / width, middle / height, source, fontsize=size, fontfamily=FONT, color=GREY, va="center")
    unresolved = stops[stops["lat"].isna() | stops["lon"].isna()]
    if len(unresolved):
        missing = listed([f"{s.name} ({s.country})" for s in unresolved.itertuples()], lang, 4)
        figure.text(
            1 - MARGIN / width,
            middle / height,
            f"{t('unresolved', lang)}: {missing}",
            fontsize=size,
            fontfamily=FONT,
            color=GREY,
            va="center",
            ha="right",
        )
