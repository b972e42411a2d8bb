"""The map's screen geometry at a view's zoom, in Web Mercator pixels (``geo.world_px``): the view fitted to the
trips, markers that share a spot fanned out, each label's side, tooltips turned inward. The app's map, the HTML
export (at each of its zoom steps) and the PNG slide all lay out their labels with ``place_labels``."""

from __future__ import annotations

import math

import numpy as np
import pydeck as pdk

from ..geo import HOME, mercator_y, world_lat_lon, world_px
from ..i18n import t
from .records import HOME_LAYER_FIELDS, STOP_LAYER_FIELDS


def fit_view(lats: list[float], lons: list[float], width: int = 1000, height: int = 560) -> pdk.ViewState:
    """A view that shows every point; the whole world when they span it."""
    if not lats:
        return pdk.ViewState(latitude=25, longitude=10, zoom=0.6)
    south, north = max(min(lats), -75), min(max(lats), 80)
    west, east = min(lons), max(lons)
    lon_fraction = max(east - west, 1.0) / 360
    lat_fraction = max(mercator_y(north) - mercator_y(south), 0.02) / (2 * math.pi)
    zoom = min(math.log2(0.75 * width / (512 * lon_fraction)), math.log2(0.75 * height / (512 * lat_fraction)))
    middle = math.degrees(math.atan(math.sinh((mercator_y(north) + mercator_y(south)) / 2)))
    # A narrow map (a phone) may zoom out further than deck.gl's default floor of 0 to show everything.
    floor = min(0.3, math.log2(width / 1000) + 0.3)
    zoom = round(max(floor, min(zoom, 7)), 2)
    extra = {"min_zoom": math.floor(zoom)} if zoom < 0 else {}
    return pdk.ViewState(latitude=round(middle, 4), longitude=round((west + east) / 2, 4), zoom=zoom, **extra)


LABEL_CHAR_PX, LABEL_HEIGHT_PX, LABEL_GAP_PX = 7.5, 18, 3
# The markers are one ScatterplotLayer: a disc per place with a white ring (its stroke). It needs no image, so
# deck.gl draws the stops in its first frame (an IconLayer's atlas loads later; see docs/performance.md).
RING_PX = 1.5  # the white ring around a marker
COVERED = 0.7  # markers closer than this times their radii together are fanned out


def marker_scale(zoom: float) -> float:
    """Markers shrink on a map zoomed out far (a phone's whole world), so a crowded region is not a pile.

    >>> marker_scale(2), marker_scale(0.5), marker_scale(-1)
    (1.0, 0.67, 0.5)
    """
    return round(min(1.0, max(0.5, (zoom + 1.5) / 3)), 2)


class _Grid:
    """Boxes (x0, y0, x1, y1) by the grid cells they touch, so an overlap test looks at neighbours only."""

    def __init__(self, cell: float = 64):
        self.cell, self.cells = cell, {}

    def _keys(self, box):
        c = self.cell
        return [
            (i, j)
            for i in range(int(box[0] // c), int(box[2] // c) + 1)
            for j in range(int(box[1] // c), int(box[3] // c) + 1)
        ]

    def add(self, box) -> None:
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)

    def overlap(self, box) -> float:
        """The area ``box`` shares with the boxes already added (0 when it is free).

        A box in several of ``box``'s cells counts once, in the first of them (by ``_keys``' order), where their
        overlap's top left corner is; the areas are added in the order of the boxes as first met, as ever."""
        c, cells = self.cell, self.cells
        x0, y0, x1, y1 = box
        total = 0.0
        for i in range(int(x0 // c), int(x1 // c) + 1):
            for j in range(int(y0 // c), int(y1 // c) + 1):
                for p in cells.get((i, j), ()):
                    if p[0] < x1 and x0 < p[2] and p[1] < y1 and y0 < p[3]:  # they overlap: most boxes near do not
                        left, top = max(x0, p[0]), max(y0, p[1])
                        if int(left // c) == i and int(top // c) == j:
                            total += (min(x1, p[2]) - left) * (min(y1, p[3]) - top)
        return total


def spread_markers(points: list[tuple[float, float, float]]) -> list[tuple[float, float]]:
    """Screen offsets (dx, dy) that fan out markers drawn over each other, so each can be hovered and clicked.

        ``points`` are (x, y, radius) in pixels at the view's zoom. Markers that mostly cover each other (closer
        than ``COVERED`` times their radii; those further apart each keep a crescent to hover, the smaller drawn
        on top) form a group, directly or through each other; a group of two to six is set on a ring around its middle, a larger one on a
        sunflower spiral, neighbours about one and a half radii apart (each keeps a crescent of its own, and the
    group stays close to its places). The offsets are in pixels at every zoom, so zoomed
        in the markers sit a few pixels from their places, which by then lie apart anyway.

        >>> spread_markers([(100, 100, 6), (101, 100, 6), (300, 300, 6)])
        [(-5.1, 0.0), (5.1, 0.0), (0.0, 0.0)]
    """
    groups = _covering(points)
    offsets = [(0.0, 0.0)] * len(points)
    for members in groups:
        n = len(members)
        if n == 1:
            continue
        mx = sum(points[i][0] for i in members) / n
        my = sum(points[i][1] for i in members) / n
        size = max(points[i][2] for i in members) + RING_PX
        for k, i in enumerate(members):
            if n <= 6:  # a ring, starting in the west: neighbours 1.5 radii apart, each keeping a crescent
                ring = 0.75 * size / math.sin(math.pi / n)
                angle = math.pi + 2 * math.pi * k / n
                tx, ty = mx + ring * math.cos(angle), my + ring * math.sin(angle)
            else:  # Vogel's sunflower: evenly packed, about 1.6 radii apart
                ring = 1.6 * size * math.sqrt(k + 0.5)
                angle = k * math.pi * (3 - math.sqrt(5))
                tx, ty = mx + ring * math.cos(angle), my + ring * math.sin(angle)
            offsets[i] = (round(tx - points[i][0], 1), round(ty - points[i][1], 1))
    return offsets


def _covering(points: list[tuple[float, float, float]]) -> list[list[int]]:
    """The groups of markers (x, y, radius) that cover each other (closer than ``COVERED`` times their radii),
    directly or through each other: each group's members in order, the groups in the order of their first.

    Every pair is compared at once (numpy, in blocks of rows); a pair within a billionth of the distance that
    decides is measured again with ``math.hypot``, so the groups are exactly those of comparing each pair so.

    >>> _covering([(100, 100, 6), (300, 300, 6), (101, 100, 6), (108, 100, 6)])
    [[0, 2, 3], [1]]
    """
    n = len(points)
    if not n:
        return []
    xs, ys, rs = (np.array(column, dtype=float) for column in zip(*points))
    firsts, seconds = [], []
    for start in range(0, n, 256):
        stop = min(n, start + 256)
        dx, dy = xs[start:stop, None] - xs[None, :stop], ys[start:stop, None] - ys[None, :stop]
        near = COVERED * (rs[start:stop, None] + rs[None, :stop])
        squared, limit = dx * dx + dy * dy, near * near
        below = np.tri(stop - start, stop, start - 1, dtype=bool)  # each pair once: j < i
        i, j = np.nonzero(below & (squared < limit * (1 + 1e-9)))
        unsure = squared[i, j] >= limit[i, j] * (1 - 1e-9)
        if unsure.any():
            sure = [
                not doubt or math.hypot(dx[a, b], dy[a, b]) < near[a, b]
                for a, b, doubt in zip(i.tolist(), j.tolist(), unsure.tolist())
            ]
            i, j = i[sure], j[sure]
        firsts.append(i + start)
        seconds.append(j)
    a, b = np.concatenate(firsts), np.concatenate(seconds)
    group = np.arange(n)  # each marker's group, by its first member: the least of its neighbours', until none changes
    while len(a):
        lower = group.copy()
        least = np.minimum(group[a], group[b])
        np.minimum.at(lower, a, least)
        np.minimum.at(lower, b, least)
        lower = lower[lower]
        if (lower == group).all():
            break
        group = lower
    members: dict[int, list[int]] = {}
    for i, first in enumerate(group.tolist()):
        members.setdefault(first, []).append(i)
    return list(members.values())


def place_labels(
    labels: list[dict],
    markers: list[tuple[float, float, float]],
    bounds: tuple[float, float, float, float] | None = None,
    *,
    avoid: list[tuple[float, float, float, float]] = (),
    height: float = LABEL_HEIGHT_PX,
) -> list[tuple[float, float]]:
    """For each label (``name``, ``x``, ``y``, ``radius``: its marker as drawn, in pixels at the view's zoom, y
    downwards), the offset of its middle from the marker: above, below, right, left or a corner, next to the
    marker or a line further out, whichever first overlaps no marker, no label placed before it (home first,
    then busier places), nothing in ``avoid`` (boxes) and no edge of the map (``bounds``, (x0, y0, x1, y1) in the
    same pixels: what sticks out counts as overlap); where every spot overlaps, the one that overlaps least.
    Every place is named. A label with ``east`` set (its marker east of the map's middle) tries the left before
    the right. A label is ``height`` pixels high and, unless it says its ``width``, as wide as its name in the
    map's 13 px type (the PNG slide measures its own).

    >>> place_labels([{"name": "Stockholm", "x": 100, "y": 100, "radius": 6},
    ...               {"name": "Botkyrka", "x": 100, "y": 112, "radius": 6}], [(100, 100, 6), (100, 112, 6)])
    [(0.0, -19.5), (0.0, 19.5)]

    A marker near the map's right edge, its sides above and below taken: the label goes left, inside the map.

    >>> place_labels([{"name": "Osaka", "x": 190, "y": 100, "radius": 6}], [(190, 100, 6), (190, 78, 6), (190, 122, 6)],
    ...              bounds=(0, 0, 200, 200))
    [(-33.2, 0.0)]
    """
    grid = _Grid()
    for x, y, r in markers:
        grid.add((x - r, y - r, x + r, y + r))
    for box in avoid:
        grid.add(box)
    anchors = []
    for label in labels:
        x, y, r = label["x"], label["y"], label["radius"] + RING_PX
        half_w, half_h = label.get("width", LABEL_CHAR_PX * len(label["name"]) + 8) / 2, height / 2
        best, least = None, math.inf
        for extra in (0, height):
            up, side = r + LABEL_GAP_PX + half_h + extra, r + LABEL_GAP_PX + half_w + extra
            corner = r / math.sqrt(2) + LABEL_GAP_PX + extra
            inward = -1 if label.get("east") else 1  # sideways towards the middle of the map first
            for dx, dy in (
                (0, -up),
                (0, up),
                (inward * side, 0),
                (-inward * side, 0),
                (inward * (corner + half_w), -(corner + half_h)),
                (-inward * (corner + half_w), -(corner + half_h)),
                (inward * (corner + half_w), corner + half_h),
                (-inward * (corner + half_w), corner + half_h),
            ):
                box = (x + dx - half_w, y + dy - half_h, x + dx + half_w, y + dy + half_h)
                overlap = grid.overlap(box) + (_outside(box, bounds) if bounds else 0.0)
                if overlap < least:
                    best, least = (dx, dy, box), overlap
                if not overlap:
                    break
            if not least:
                break
        dx, dy, box = best
        grid.add(box)
        anchors.append((round(float(dx), 1), round(float(dy), 1)))
    return anchors


def _edges(cx: float, cy: float, size: tuple[int, int]) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1) a label keeps inside, on a map of ``size`` (width, height) centred on (cx, cy):
    the map's edges, a few pixels in."""
    half_w, half_h = size[0] / 2 - LABEL_GAP_PX, size[1] / 2 - LABEL_GAP_PX
    return cx - half_w, cy - half_h, cx + half_w, cy + half_h


def _outside(box, bounds) -> float:
    """The area of ``box`` outside ``bounds`` (both (x0, y0, x1, y1))."""
    inside = max(0.0, min(box[2], bounds[2]) - max(box[0], bounds[0])) * max(
        0.0, min(box[3], bounds[3]) - max(box[1], bounds[1])
    )
    return (box[2] - box[0]) * (box[3] - box[1]) - inside


def tooltip_side(x: float, y: float) -> tuple[int, int]:
    """Where a hovered thing's tooltip goes, towards the middle of the map from a thing at (x, y) pixels from the
    view's centre, so a tooltip at the edge stays inside the map: (1 to the left, 1 above), else 0 each.

    >>> tooltip_side(300, -20)
    (1, 0)
    """
    return int(x > 0), int(y > 0)


def layout(places: list[dict], routes: list[dict], view: pdk.ViewState | None, lang: str, homes=None, size=None):
    """The screen layout at the view's zoom: markers fanned out, labels placed, tooltips turned inward; the
    records of the home, stops, labels and routes layers, each with only its layer's fields. With ``size``, the
    map's (width, height) in pixels around the view's centre, no label is placed across its edge where it fits.

    A fanned-out marker is drawn where its offset in pixels at the view's zoom puts it, in degrees (a
    ScatterplotLayer moves nothing by pixels): zooming in, the group spreads with the map, each marker as far
    from its place as the places of its group are from each other. Its label goes with it.
    ``homes`` are the (name, lat, lon) the routes start from, by default Rotterdam."""
    home = [
        {
            "name": name,
            "lat": lat,
            "lon": lon,
            "tooltip": t("home", lang) if name == HOME.name else name,
            "radius": 6,
            "trips": 0,
        }
        for name, lat, lon in homes or [(HOME.name, HOME.lat, HOME.lon)]
    ]
    zoom = float(view.zoom) if view is not None else 1.0
    cx, cy = world_px(float(view.latitude), float(view.longitude), zoom) if view is not None else (0.0, 0.0)
    everything = home + places
    scale = marker_scale(zoom) if view is not None else 1.0
    for p in everything:
        p["radius"] = round(p["radius"] * scale, 1)
    xy = [world_px(p["lat"], p["lon"], zoom) for p in everything]
    offsets = (
        spread_markers([(x, y, p["radius"] + RING_PX) for (x, y), p in zip(xy, everything)])
        if view
        else [(0, 0)] * len(xy)
    )
    drawn = [(x + dx, y + dy) for (x, y), (dx, dy) in zip(xy, offsets)]
    for p, (x, y), (dx, dy) in zip(everything, drawn, offsets):
        if dx or dy:
            p["lat"], p["lon"] = (round(value, 5) for value in world_lat_lon(x, y, zoom))
        p["tx"], p["ty"] = tooltip_side(x - cx, y - cy)
    order = list(range(len(home))) + sorted(range(len(home), len(everything)), key=lambda i: -everything[i]["trips"])
    anchors = place_labels(
        [
            {
                "name": everything[i]["name"],
                "x": drawn[i][0],
                "y": drawn[i][1],
                "radius": everything[i]["radius"],
                "east": drawn[i][0] > cx,
            }
            for i in order
        ],
        [(x, y, p["radius"] + RING_PX) for (x, y), p in zip(drawn, everything)],
        _edges(cx, cy, size) if view is not None and size else None,
    )
    labels = [
        {"name": everything[i]["name"], "lat": everything[i]["lat"], "lon": everything[i]["lon"], "offset": [ax, ay]}
        for i, (ax, ay) in zip(order, anchors)
    ]
    for p in everything:  # deck.gl draws the ring on the circle's edge, half inside: the disc keeps its radius
        p["radius"] = round(p["radius"] + RING_PX / 2, 2)
    for route in routes:
        lon, lat = route["path"][-1]
        x, y = world_px(lat, lon, zoom)
        route["tx"], route["ty"] = tooltip_side(x - cx, y - cy)
    return (
        [{field: p[field] for field in HOME_LAYER_FIELDS} for p in home],
        [{field: p[field] for field in STOP_LAYER_FIELDS} for p in places],
        labels,
    )
