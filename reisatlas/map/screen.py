"""The map's screen geometry at a view's zoom, in Web Mercator pixels (``geo.world_px``): the view fitted to the
trips, markers that share a spot fanned out, each label's side (``labels.place_labels``, the one placer the app's
map, the HTML export at each of its zoom steps and the PNG slide share), tooltips turned inward."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pydeck as pdk

from ..geo import HOME, mercator_y, world_px
from ..i18n import t
from .labels import LABEL_GAP_PX, RING_PX, place_labels
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
    zoom, middle = _poles_outside(zoom, middle, height)
    extra = {"min_zoom": math.floor(zoom)} if zoom < 0 else {}
    return pdk.ViewState(latitude=round(middle, 4), longitude=round((west + east) / 2, 4), zoom=zoom, **extra)


def _poles_outside(zoom: float, latitude: float, height: int) -> tuple[float, float]:
    """The view's zoom and middle latitude moved as deck.gl moves them (math.gl's ``normalizeViewportProps``) so a
    map ``height`` pixels tall shows no space above or below the world: the world at least as tall as the map,
    its top and bottom edges outside it. A view deck.gl would move is moved here, so the labels are laid out
    where the map is drawn (on a phone the world's view was drawn 15 px higher than laid out).

    >>> _poles_outside(-0.47, 33.9564, 324), _poles_outside(2.0, 10.0, 560)
    ((-0.47, 21.2368), (2.0, 10.0))
    """
    least = math.log2(height / 512)
    if zoom <= least:
        return round(math.ceil(least * 100) / 100, 2), 0.0
    half = height / 2 / 2**zoom + 0.5 / 2**zoom  # half the map's height in the world's 512 px, and half a pixel
    y = 256 * (1 - mercator_y(latitude) / math.pi)  # from the world's top edge
    inside = min(max(y, half), 512 - half)
    if inside == y:
        return zoom, latitude
    return zoom, round(math.degrees(math.atan(math.sinh(math.pi * (1 - inside / 256)))), 4)


COVERED = 0.7  # markers closer than this times their radii together are fanned out
NUDGE_PX = 30  # the furthest a fanned-out marker is drawn from its place, in pixels
# A ScatterplotLayer's ``getPixelOffset`` counts y upwards (it is added in deck.gl's common space, north up), a
# TextLayer's downwards (screen space): a marker's record carries its offset so, its label's the other way.
MARKER_Y = -1


def marker_scale(zoom: float) -> float:
    """Markers shrink on a map zoomed out far (a phone's whole world), so a crowded region is not a pile.

    >>> marker_scale(2), marker_scale(0.5), marker_scale(-1)
    (1.0, 0.67, 0.5)
    """
    return round(min(1.0, max(0.5, (zoom + 1.5) / 3)), 2)


def spread_markers(points: list[tuple[float, float, float]]) -> list[tuple[float, float]]:
    """Screen offsets (dx, dy) that fan out markers drawn over each other, so each can be hovered and clicked.

    ``points`` are (x, y, radius) in pixels at the view's zoom. Markers that mostly cover each other (closer
    than ``COVERED`` times their radii; those further apart each keep a crescent to hover, the smaller drawn
    on top) form a group, directly or through each other; a group of two to six is set on a ring around its
    middle, a larger one on a sunflower spiral, neighbours about one and a half radii apart. No marker moves
    more than ``NUDGE_PX`` from its place: the map draws each marker at its place's own coordinates, moved by
    this offset in pixels (deck.gl's ``getPixelOffset``), which does not grow with zoom, so zoomed in the places
    come apart by themselves and each marker stays by its own town.

    >>> spread_markers([(100, 100, 6), (101, 100, 6), (300, 300, 6)])
    [(-5.1, 0.0), (5.1, 0.0), (0.0, 0.0)]
    """
    return fan(points)[0]


def fan(points: list[tuple[float, float, float]]) -> tuple[list[tuple[float, float]], list[float]]:
    """``spread_markers``' offsets, and the scale of each marker: a group too large to fan out within
    ``NUDGE_PX`` of its places is drawn smaller (down to ``FAN_SMALLEST`` of its size) and closer together, so
    each marker keeps a crescent of its own and stays near its place."""
    offsets = [(0.0, 0.0)] * len(points)
    scales = [1.0] * len(points)
    for members in _covering(points):
        if len(members) == 1:
            continue
        size = max(points[i][2] for i in members) + RING_PX
        scale = 1.0
        for _ in range(3):
            moves = _slots(points, members, size * scale)
            furthest = max(math.hypot(dx, dy) for dx, dy in moves.values())
            if furthest <= NUDGE_PX or scale <= FAN_SMALLEST:
                break
            scale = max(FAN_SMALLEST, scale * NUDGE_PX / furthest)
        for i, (dx, dy) in moves.items():
            shrink = min(1.0, (NUDGE_PX - 0.1) / math.hypot(dx, dy)) if dx or dy else 1.0
            offsets[i] = (round(dx * shrink, 1), round(dy * shrink, 1))
            scales[i] = round(scale, 2)
    return offsets, scales


FAN_SMALLEST = 0.5  # the least a fanned-out marker is drawn, of its size


def _slots(points, members: list[int], size: float) -> dict[int, tuple[float, float]]:
    """Each member's move to its slot around the group's middle: a group of two to six on a ring starting in the
    west (neighbours 1.5 radii apart, each keeping a crescent), a larger one on Vogel's sunflower (evenly packed,
    about 1.6 radii apart), each member taking the free slot nearest to it, the members nearest the middle first."""
    n = len(members)
    mx = sum(points[i][0] for i in members) / n
    my = sum(points[i][1] for i in members) / n
    slots = []
    for k in range(n):
        if n <= 6:
            ring, angle = 0.75 * size / math.sin(math.pi / n), math.pi + 2 * math.pi * k / n
        else:
            ring, angle = 1.6 * size * math.sqrt(k + 0.5), k * math.pi * (3 - math.sqrt(5))
        slots.append((mx + ring * math.cos(angle), my + ring * math.sin(angle)))
    if n <= 6:  # in order: a pair stays west to east, as before
        return {i: (tx - points[i][0], ty - points[i][1]) for i, (tx, ty) in zip(members, slots)}
    own = np.array([points[i][:2] for i in members])
    at = np.array(slots)
    far = np.hypot(*(own[:, None, :] - at[None, :, :]).transpose(2, 0, 1))  # member × slot
    moves = {}
    for m in np.argsort(np.hypot(own[:, 0] - mx, own[:, 1] - my), kind="stable").tolist():
        k = int(np.argmin(far[m]))
        far[:, k] = np.inf  # taken
        moves[members[m]] = (float(at[k, 0] - own[m, 0]), float(at[k, 1] - own[m, 1]))
    return moves


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


def _edges(cx: float, cy: float, size: tuple[int, int]) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1) a label keeps inside, on a map of ``size`` (width, height) centred on (cx, cy):
    the map's edges, a few pixels in."""
    half_w, half_h = size[0] / 2 - LABEL_GAP_PX, size[1] / 2 - LABEL_GAP_PX
    return cx - half_w, cy - half_h, cx + half_w, cy + half_h


def tooltip_side(x: float, y: float) -> tuple[int, int]:
    """Where a hovered thing's tooltip goes, towards the middle of the map from a thing at (x, y) pixels from the
    view's centre, so a tooltip at the edge stays inside the map: (1 to the left, 1 above), else 0 each.

    >>> tooltip_side(300, -20)
    (1, 0)
    """
    return int(x > 0), int(y > 0)


class Layout(NamedTuple):
    """The screen layout of a map at its view's zoom: the records of the home, stops and labels layers, and the
    key: (number, name) of each place whose name did not fit beside its marker."""

    home: list[dict]
    stops: list[dict]
    labels: list[dict]
    key: list[tuple[int, str]]


def layout(places: list[dict], routes: list[dict], view: pdk.ViewState | None, lang: str, homes=None, size=None):
    """The screen layout at the view's zoom (``Layout``): markers fanned out, labels placed, tooltips turned
    inward; each layer's records with only its layer's fields. With ``size``, the map's (width, height) in pixels
    around the view's centre, no label crosses its edge.

    Every marker and label is at its place's own coordinates (``lat``, ``lon``), moved by ``offset`` pixels: a
    fanned-out marker at most ``NUDGE_PX``, its label beside it (``place_labels``). The labels come in the order
    of priority: home first, then the places with more trips, then as the stops first name them.
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
    offsets, scales = (
        fan([(x, y, p["radius"] + RING_PX) for (x, y), p in zip(xy, everything)])
        if view
        else ([(0.0, 0.0)] * len(xy), [1.0] * len(xy))
    )
    for p, fanned in zip(everything, scales):  # a large group, drawn smaller to fan out near its places
        p["radius"] = round(p["radius"] * fanned, 1)
    drawn = [(x + dx, y + dy) for (x, y), (dx, dy) in zip(xy, offsets)]
    for p, (x, y), (dx, dy) in zip(everything, drawn, offsets):
        p["offset"] = [dx, dy]  # screen pixels, y down: the labels' TextLayer takes them so (``MARKER_Y``)
        p["tx"], p["ty"] = tooltip_side(x - cx, y - cy)
    order = list(range(len(home))) + sorted(range(len(home), len(everything)), key=lambda i: -everything[i]["trips"])
    spots = place_labels(
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
    labels, key = [], []
    for i, (ax, ay, number) in zip(order, spots):
        p = everything[i]
        labels.append(
            {
                "name": p["name"] if number is None else str(number),
                "lat": p["lat"],
                "lon": p["lon"],
                "offset": [round(p["offset"][0] + ax, 1), round(p["offset"][1] + ay, 1)],
            }
        )
        if number is not None:
            key.append((number, p["name"]))
    for p in everything:  # deck.gl draws the ring on the circle's edge, half inside: the disc keeps its radius
        p["radius"] = round(p["radius"] + RING_PX / 2, 2)
        p["offset"] = [p["offset"][0], MARKER_Y * p["offset"][1]]
    for route in routes:
        lon, lat = route["path"][-1]
        x, y = world_px(lat, lon, zoom)
        route["tx"], route["ty"] = tooltip_side(x - cx, y - cy)
    return Layout(
        [{field: p[field] for field in HOME_LAYER_FIELDS} for p in home],
        [{field: p[field] for field in STOP_LAYER_FIELDS} for p in places],
        labels,
        key,
    )
