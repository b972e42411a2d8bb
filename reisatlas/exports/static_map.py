"""A slide-ready map (1920×1080 PNG) drawn with matplotlib from the same outlines and colours as the app.

Longitude and latitude are drawn equirectangularly, the latitude stretched by 1/cos(middle latitude)
so that a regional map is not squashed; routes follow great circles from Rotterdam through each stop.
Labels are placed by the app map's own placer (``map.screen.place_labels``), in this figure's pixels and type
size, with a leader line when one had to move a line further out. When many stops crowd one spot of a wide map (Europe, on a world map), that
spot is drawn again, larger, in an inset in the emptiest corner.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

from ..colours import HOME_COLOUR, Colouring
from ..geo import HOME, Point, great_circle_points
from ..map import country_outlines, place_labels, place_records, route_homes
from ..map.screen import LABEL_GAP_PX, RING_PX
from ..selection import stops_of
from .common import Export
from .lettering import FONT, GREY, INK, MARGIN, footer, header

WIDTH, HEIGHT, DPI = 1920, 1080, 100
LAND, SEA, BORDER = "#f6f4ee", "#deebf7", "#a0a0a0"
HEADER, FOOTER = 150, 56  # pixels above and below the map: title + legend, source line
MIN_SPAN = (14.0, 8.0)  # degrees of longitude and latitude shown at least
PADDING = 0.07  # of the data's span, on each side
CROWDED = 36  # pixels: a point this close to another is crowded
NEIGHBOURS = 150  # pixels: crowded points this close together form one crowded spot
INSET_MIN_POINTS = 4  # an inset only for a spot this crowded
INSET_MIN_ZOOM = 2.5  # and only when it shows the spot this much larger


def _leg(a: tuple[float, float], b: tuple[float, float], points: int = 64) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes along the great circle from a to b ((lat, lon) each), without jumps:
    longitudes may run past ±180 so the line stays continuous.

    >>> lons, lats = _leg((0.0, 170.0), (0.0, -170.0), 3)
    >>> [round(float(x), 6) for x in lons], [round(float(y), 6) for y in lats]
    ([170.0, 180.0, 190.0], [0.0, 0.0, 0.0])
    """
    lats, lons = np.array(great_circle_points(a, b, points - 1)).T
    lons = np.unwrap(lons, period=360)
    lons += round((a[1] - lons[0]) / 360) * 360
    return lons, lats


def _routes(
    trips: pd.DataFrame, stops: pd.DataFrame, paint: Colouring, home: Point = HOME
) -> list[tuple[np.ndarray, np.ndarray, tuple]]:
    """(lons, lats, colour) per trip: home → first stop → … → last placed stop."""
    placed = stops.dropna(subset=["lat", "lon"])
    routes = []
    for _, trip in trips.iterrows():
        route = placed[placed["trip_id"] == trip["trip_id"]].sort_values("order")
        start = (
            (float(route["home_lat"].iloc[0]), float(route["home_lon"].iloc[0]))
            if "home_lat" in route and len(route)
            else home.position
        )
        points = [start, *zip(route["lat"].astype(float), route["lon"].astype(float))]
        if len(points) < 2:
            continue
        lons, lats, start = [], [], points[0]
        for stop in points[1:]:
            leg = _leg(start, stop)
            lons.append(leg[0])
            lats.append(leg[1])
            start = (float(leg[1][-1]), float(leg[0][-1]))
        lons, lats = np.concatenate(lons), np.concatenate(lats)
        routes.append((lons, lats, tuple(c / 255 for c in paint.colour(trip))))
    return routes


def extent(
    lons: list[float], lats: list[float], box: tuple[float, float], padding: float = PADDING
) -> tuple[float, float, float, float, float]:
    """(west, east, south, north, stretch) showing every point in a box of (width, height) pixels.

    ``stretch`` is how much taller a degree of latitude is drawn than a degree of longitude.

    >>> w, e, s, n, k = extent([-123.1, 139.7], [-26.2, 59.3], (1840, 830))
    >>> w >= -180 and e <= 180 and s >= -90 and n <= 90
    True
    """
    west, east = max(min(lons), -180.0), min(max(lons), 180.0)
    south, north = max(min(lats), -85.0), min(max(lats), 85.0)
    dx, dy = max(east - west, MIN_SPAN[0]), max(north - south, MIN_SPAN[1])
    dx, dy = min(dx * (1 + 2 * padding), 360.0), min(dy * (1 + 2 * padding), 180.0)
    middle_lon, middle_lat = (west + east) / 2, (south + north) / 2
    stretch = 1 / math.cos(math.radians(max(-60.0, min(60.0, middle_lat)))) if dy < 90 else 1.0
    width, height = box
    # Widen whichever side falls short so the map fills the box.
    if dx / width > dy * stretch / height:
        dy = min(dx * height / (width * stretch), 180.0)
    else:
        dx = dy * stretch * width / height  # past 360°: the world repeats at the edges (see _draw)
    if dx <= 360:
        middle_lon = max(-180 + dx / 2, min(180 - dx / 2, middle_lon))
    middle_lat = max(-90 + dy / 2, min(90 - dy / 2, middle_lat))
    return middle_lon - dx / 2, middle_lon + dx / 2, middle_lat - dy / 2, middle_lat + dy / 2, stretch


# A map narrower than this many degrees of longitude is drawn from the 1:50m outlines (as the app's map past FINE_ZOOM).
FINE_SPAN_DEGREES = 60


@cache
def _outline_paths(fine: bool = False) -> tuple:
    from matplotlib.path import Path

    paths = []
    for feature in country_outlines(fine)["features"]:
        geometry = feature["geometry"]
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        for rings in polygons:
            paths.append(Path.make_compound_path(*[Path(np.asarray(ring, dtype=float), closed=True) for ring in rings]))
    return tuple(paths)


@dataclass(frozen=True)
class _Point:
    """A dot on the map: Rotterdam or a placed destination (radius in points)."""

    name: str
    lon: float
    lat: float
    radius: float
    colour: tuple[float, float, float]
    home: bool = False


def _draw(ax, limits: tuple[float, float, float, float], routes, points: list[_Point]) -> None:
    """Sea, land, routes and dots, within (west, east, south, north)."""
    from matplotlib.collections import PathCollection
    from matplotlib.transforms import Affine2D

    west, east, south, north = limits
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_facecolor(SEA)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor(BORDER)
        spine.set_linewidth(0.8)
    for shift in (-360, 0, 360):
        if west < 180 + shift and east > -180 + shift:
            ax.add_collection(
                PathCollection(
                    list(_outline_paths(east - west < FINE_SPAN_DEGREES)),
                    facecolor=LAND,
                    edgecolor=BORDER,
                    linewidth=0.6,
                    zorder=1,
                    transform=Affine2D().translate(shift, 0) + ax.transData,
                )
            )
    for lons, lats, colour in routes:
        for shift in (-360, 0, 360):
            shifted = lons + shift
            if shifted.max() >= west and shifted.min() <= east:
                ax.plot(shifted, lats, color=colour, linewidth=2.6, alpha=0.85, solid_capstyle="round", zorder=3)
    for point in sorted(points, key=lambda p: p.home):  # Rotterdam on top
        ax.scatter(
            [point.lon],
            [point.lat],
            s=(2 * point.radius) ** 2,
            color=[point.colour],
            edgecolors="white",
            linewidths=1.8,
            zorder=6 if point.home else 5,
        )


def _place_labels(ax, renderer, points: list[_Point], size: float, avoid: list) -> None:
    """Label each point by the map's own placer (``place_labels``): in the axes' pixels (y turned downwards),
    each label measured in this type size, home first and then the larger markers, clear of the dots, of each
    other, of the axes' edges and of the boxes in ``avoid``. A label set a line further out gets a leader line."""
    from matplotlib.patheffects import withStroke

    style = dict(
        fontsize=size,
        fontfamily=FONT,
        color=INK,
        zorder=8,
        path_effects=[withStroke(linewidth=4, foreground="white")],
        annotation_clip=False,
    )
    HEIGHT = ax.figure.bbox.height  # this figure's own: a preview or a video frame is not the slide's size
    order = sorted(range(len(points)), key=lambda i: (not points[i].home, -points[i].radius))
    drawn = ax.transData.transform([(p.lon, p.lat) for p in points]) if points else np.empty((0, 2))
    pixels = [(float(x), HEIGHT - float(y), points[i].radius * DPI / 72 + 0.5) for i, (x, y) in enumerate(drawn)]
    probe = ax.annotate("", (0, 0), **style)
    labels, height = [], 0.0
    for i in order:
        probe.set_text(points[i].name)
        box = probe.get_window_extent(renderer)
        labels.append({"name": points[i].name, "x": pixels[i][0], "y": pixels[i][1], "radius": pixels[i][2]})
        labels[-1]["width"], height = box.width + 8, max(height, box.height + 4)
        labels[-1]["east"] = pixels[i][0] > sum(ax.get_window_extent(renderer).intervalx) / 2
    probe.remove()
    frame = ax.get_window_extent(renderer)
    bounds = (frame.x0 + 3, HEIGHT - frame.y1 + 3, frame.x1 - 3, HEIGHT - frame.y0 - 3)
    avoid = [(box.x0, HEIGHT - box.y1, box.x1, HEIGHT - box.y0) for box in avoid]
    markers = [(x, y, r + RING_PX) for x, y, r in pixels]
    offsets = place_labels(labels, markers, bounds, avoid=avoid, height=height)
    for label, (dx, dy), i in zip(labels, offsets, order):
        # The gap between the label's box and the marker's edge: past the placer's first ring, a leader line.
        gap = math.hypot(max(abs(dx) - label["width"] / 2, 0), max(abs(dy) - height / 2, 0)) - label["radius"]
        leader = None
        if gap > RING_PX + 2 * LABEL_GAP_PX + 1:  # beyond a corner's gap
            leader = dict(arrowstyle="-", color=GREY, linewidth=0.9, shrinkA=2, shrinkB=points[i].radius + 1)
        point = points[i]
        ax.annotate(
            point.name,
            (point.lon, point.lat),
            xytext=(dx, -dy),
            textcoords="offset pixels",
            ha="center",
            va="center",
            arrowprops=leader,
            **style,
        )


def _crowded_spot(pixels: np.ndarray) -> list[int]:
    """Indices of the largest group of crowded points (single linkage), or [] when none is crowded enough."""
    if len(pixels) < INSET_MIN_POINTS:
        return []
    distances = np.hypot(*(pixels[:, None, :] - pixels[None, :, :]).transpose(2, 0, 1))
    np.fill_diagonal(distances, np.inf)
    crowded = [i for i in range(len(pixels)) if distances[i].min() < CROWDED]
    groups: list[set[int]] = []
    for i in crowded:
        joined = [g for g in groups if any(distances[i, j] < NEIGHBOURS for j in g)]
        merged = {i}.union(*joined)
        groups = [g for g in groups if g not in joined] + [merged]
    largest = max(groups, key=len, default=set())
    if len(largest) < INSET_MIN_POINTS:
        return []
    # Neighbours with just enough room on the wide map still belong to the spot (Manchester next to Europe).
    near = {i for i in range(len(pixels)) if any(distances[i, j] < NEIGHBOURS / 2 for j in largest)}
    return sorted(largest | near)


def _inset_place(main, points: list[_Point], routes, map_box: tuple[float, float, float, float]):
    """Where an inset would show the most crowded spot larger: (its limits, its box in the figure's pixels) in
    the main map's emptiest corner; or None."""
    pixels = main.transData.transform([(p.lon, p.lat) for p in points]) if points else np.empty((0, 2))
    spot = _crowded_spot(pixels)
    if not spot:
        return None
    lons, lats = [points[i].lon for i in spot], [points[i].lat for i in spot]
    span_lon = max(max(lons) - min(lons), MIN_SPAN[0]) * 1.3
    span_lat = max(max(lats) - min(lats), MIN_SPAN[1]) * 1.3
    stretch = 1 / math.cos(math.radians(max(-60.0, min(60.0, (min(lats) + max(lats)) / 2))))
    ratio = max(0.9, min(1.9, span_lon / (span_lat * stretch)))
    left, bottom, width, height = map_box
    h = 0.56 * height
    w = min(h * ratio, (0.42 if width >= height else 0.9) * width)  # a tall map (a story) has room across
    h = w / ratio
    limits = extent(lons, lats, (w, h), padding=0.15)[:4]
    main_west, main_east = main.get_xlim()
    if (w / (limits[1] - limits[0])) / (width / (main_east - main_west)) < INSET_MIN_ZOOM:
        return None
    # The corner that hides the fewest route points and no dot; none when every corner hides a dot.
    route_pixels = (
        np.concatenate([main.transData.transform(np.column_stack(r[:2])) for r in routes])
        if routes
        else np.empty((0, 2))
    )
    spot_x0, spot_y0 = main.transData.transform((limits[0], limits[2]))
    spot_x1, spot_y1 = main.transData.transform((limits[1], limits[3]))
    gap = 14
    best = None
    for x0 in (left + gap, left + width - gap - w):
        for y0 in (bottom + gap, bottom + height - gap - h):
            inside = lambda xy: (xy[:, 0] >= x0) & (xy[:, 0] <= x0 + w) & (xy[:, 1] >= y0) & (xy[:, 1] <= y0 + h)  # noqa: E731
            covers_spot = x0 < spot_x1 and spot_x0 < x0 + w and y0 < spot_y1 and spot_y0 < y0 + h
            if covers_spot or inside(pixels).any():
                continue
            cost = int(inside(route_pixels).sum()) if len(route_pixels) else 0
            if best is None or cost < best[0]:
                best = (cost, x0, y0)
    if best is None:
        return None
    _, x0, y0 = best
    return limits, (x0, y0, w, h)


def _inset(figure, points: list[_Point], routes, place):
    """The inset axes at ``place`` (``_inset_place``), drawn; (axes, the points shown in it)."""
    (west, east, south, north), (x0, y0, w, h) = place
    width, height = figure.bbox.size
    inset = figure.add_axes((x0 / width, y0 / height, w / width, h / height))
    _draw(inset, (west, east, south, north), routes, points)
    for spine in inset.spines.values():
        spine.set_edgecolor(INK)
        spine.set_linewidth(1.4)
    return inset, [p for p in points if west <= p.lon <= east and south <= p.lat <= north]


def png_bytes(export: Export, size: tuple[int, int] | None = None) -> bytes:
    """The selection on a map (1920×1080 unless ``size`` or the export's says otherwise): routes from Rotterdam,
    labelled stops, title, legend, source."""
    out = io.BytesIO()
    png_figure(export, size or export.size or (WIDTH, HEIGHT)).savefig(
        out, format="png", dpi=DPI, metadata={"Software": None}
    )
    return out.getvalue()


def canvas(size: tuple[int, int]):
    """A white figure of ``size`` (width, height) pixels and the renderer that measures its texts."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(size[0] / DPI, size[1] / DPI), dpi=DPI, facecolor="white")
    return figure, FigureCanvasAgg(figure).get_renderer()


def png_figure(export: Export, size: tuple[int, int] = (WIDTH, HEIGHT)):
    """The PNG's picture as a matplotlib Figure (its texts readable, for the tests)."""
    figure, renderer = canvas(size)
    top = header(figure, renderer, export.title, export.paint.legend(export.trips))
    marks = map_marks(export.trips, export.stops, export.paint, export.lang)
    draw_map(figure, renderer, map_layout(size, top, FOOTER, *marks), *marks)
    footer(figure, export)
    return figure


def map_marks(trips: pd.DataFrame, stops: pd.DataFrame, paint: Colouring, lang: str):
    """(points, routes) of the trips: Rotterdam (or each trip's own home) and every placed destination, and the
    route of each trip."""
    places = place_records(trips, stops, paint, lang)
    homes = route_homes(stops_of(trips, stops).dropna(subset=["lat", "lon"])) or [(HOME.name, HOME.lat, HOME.lon)]
    points = [_Point(name, lon, lat, 5.0, tuple(c / 255 for c in HOME_COLOUR), home=True) for name, lat, lon in homes]
    points += [
        _Point(p.name, float(p.lon), float(p.lat), 3.5 + 2.5 * math.sqrt(p.trips), tuple(c / 255 for c in p.colour))
        for p in places.itertuples()
    ]
    return points, _routes(trips, stops, paint)


@dataclass(frozen=True)
class MapLayout:
    """Where the map is and what it shows: its box in the figure's pixels (left, bottom, width, height), its
    limits (west, east, south, north), and the inset's place (``_inset_place``) or None."""

    box: tuple[float, float, float, float]
    limits: tuple[float, float, float, float]
    inset: tuple | None


def map_layout(size: tuple[int, int], top: float, bottom: float, points: list[_Point], routes) -> MapLayout:
    """The map between ``top`` and ``bottom`` pixels from the figure's edges, showing every point and route, with
    an inset when a spot is crowded. A video works it out once from the whole selection, so its map holds still."""
    width, height = size
    box = (MARGIN, bottom, width - 2 * MARGIN, height - top - bottom)
    lons = [p.lon for p in points] + [x for r in routes for x in ((r[0] + 180) % 360 - 180)]
    lats = [p.lat for p in points] + [y for r in routes for y in r[1]]
    limits = extent(lons, lats, box[2:])[:4]
    figure, _ = canvas(size)
    main = figure.add_axes((box[0] / width, box[1] / height, box[2] / width, box[3] / height))
    main.set_xlim(*limits[:2])
    main.set_ylim(*limits[2:])
    return MapLayout(box, limits, _inset_place(main, points, routes, box))


def draw_map(figure, renderer, layout: MapLayout, points: list[_Point], routes, label_size: float = 16) -> None:
    """The map in its layout: sea, land, routes, dots, the inset, and every label by the app's placer (in
    ``label_size`` points, a point less in the inset)."""
    width, height = figure.bbox.size
    box = layout.box
    main = figure.add_axes((box[0] / width, box[1] / height, box[2] / width, box[3] / height))
    _draw(main, layout.limits, routes, points)
    if layout.inset is None:
        _place_labels(main, renderer, points, label_size, avoid=[])
    else:
        inset_axes, inset_points = _inset(figure, points, routes, layout.inset)
        indicator = main.indicate_inset_zoom(inset_axes, edgecolor=INK, alpha=0.9, linewidth=1.2)
        outside = [p for p in points if p not in inset_points]
        avoid = [
            inset_axes.get_window_extent(renderer).padded(6),
            indicator.rectangle.get_window_extent(renderer).padded(2),
        ]
        _place_labels(main, renderer, outside, label_size, avoid=avoid)
        _place_labels(inset_axes, renderer, inset_points, label_size - 1, avoid=[])
