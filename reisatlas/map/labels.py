"""Label placement, the one placer the app's map, the presentation, the HTML export (at each of its zoom steps) and
the PNG slide share: each label beside its own marker, or a number and a line in the map's key.

The API is ``place_labels`` and the sizes it assumes (``LABEL_CHAR_PX``, ``LABEL_HEIGHT_PX``, ``LABEL_GAP_PX``,
``RING_PX``): pixels in, offsets and numbers out; no map, no deck.gl, no matplotlib, so any output that can say
where its markers are drawn (a static page, a video frame) can use it and put the numbered names in a key
(``map.key_text``).

Fast enough for every rerun: each spot beside a marker is tried in plain Python against the boxes of the grid
cells it touches and given up at its first overlap (most labels take one of their first few spots); a number's
hundreds of spots further out are found in a few numpy operations (``_ring``). At 10,000 trips (118 places, about
100 of them numbered on a world map) it takes 15-20 ms, where trying every spot with numpy took 40-45 ms
(docs/performance.md). The same arguments give the same answer, kept for the last few hundred maps.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

LABEL_CHAR_PX, LABEL_HEIGHT_PX, LABEL_GAP_PX = 7.5, 18, 3
# The markers are one ScatterplotLayer: a disc per place with a white ring (its stroke). It needs no image, so
# deck.gl draws the stops in its first frame (an IconLayer's atlas loads later; see docs/performance.md).
RING_PX = 1.5  # the white ring around a marker
# Numbers searched for all around their markers, at most (in order of priority); past them a number tries the sides
# a name does, and takes the one that covers least: a map of hundreds of places is drawn in time.
DENSE_MAX = 40
CROWD_PX = 120  # how near a name must be to a number without room to be numbered for it
FREE = 1e-6  # a spot covering less than this (px²) covers nothing


def place_labels(
    labels: list[dict],
    markers: list[tuple[float, float, float]],
    bounds: tuple[float, float, float, float] | None = None,
    *,
    avoid: list[tuple[float, float, float, float]] = (),
    height: float = LABEL_HEIGHT_PX,
    digit_px: float = LABEL_CHAR_PX,
) -> list[tuple[float, float, int | None]]:
    """Each label's place beside its own marker: (dx, dy, number), the offset of its middle from the marker, and
    None when it shows its name, or the number it shows instead, whose name then goes in the map's key.

    ``labels`` (``name``, ``x``, ``y``, ``radius``: its marker as drawn, in pixels at the view's zoom, y
    downwards) come in order of priority (the map's: home first, then the places with more trips). ``markers``
    are every marker as drawn, (x, y, radius with its ring); a label's own is the one at its x, y with its
    ``radius`` + ``RING_PX``. Each label tries above, below, right, left and the corners, next to the marker or a
    line further out (never further: at most about ``height`` + 4 px from the marker's edge), and takes the first
    spot that covers no marker, no label placed before it, nothing in ``avoid`` (boxes) and crosses no edge of
    the map (``bounds``, (x0, y0, x1, y1) in the same pixels), and (a name) is nearer its own marker than any
    other. A name with no free spot is left out: its marker gets the next number instead (1, 2, … in order of
    priority), placed the same way or anywhere around it within 40 px, or else on its own marker, else where it
    covers least. A label with ``east`` set (its marker east of the map's middle) tries the left before the
    right. A label is ``height`` pixels high and, unless it says its ``width``, as wide as its text in the map's
    13 px type (the PNG slide measures its own, and gives the width of a digit, ``digit_px``, for the numbers).

    >>> place_labels([{"name": "Stockholm", "x": 100, "y": 100, "radius": 6},
    ...               {"name": "Botkyrka", "x": 100, "y": 112, "radius": 6}], [(100, 100, 6), (100, 112, 6)])
    [(0.0, -19.5, None), (0.0, 19.5, None)]

    A marker near the map's right edge, its sides above and below taken: the label goes left, inside the map.

    >>> place_labels([{"name": "Osaka", "x": 190, "y": 100, "radius": 6}], [(190, 100, 6), (190, 78, 6), (190, 122, 6)],
    ...              bounds=(0, 0, 200, 200))
    [(-33.2, 0.0, None)]

    No room for a long name in a small map: the marker is numbered.

    >>> place_labels([{"name": "Kaapstad en omstreken", "x": 50, "y": 20, "radius": 6}], [(50, 20, 6)],
    ...              bounds=(0, 0, 100, 40))
    [(18.2, 0.0, 1)]
    """
    frozen = tuple(
        (label["name"], label["x"], label["y"], label["radius"], bool(label.get("east")), label.get("width"))
        for label in labels
    )
    return list(
        _placed(
            frozen,
            tuple(tuple(marker) for marker in markers),
            tuple(bounds) if bounds else None,
            tuple(tuple(box) for box in avoid),
            height,
            digit_px,
        )
    )


@lru_cache(maxsize=256)
def _placed(labels: tuple, markers: tuple, bounds, avoid: tuple, height: float, digit_px: float) -> tuple:
    """``place_labels`` on its arguments as tuples (kept: the same map asked again costs nothing)."""
    boxes, marks = _Grid(), _Grid()  # every box placed; the markers alone (a name must be nearest its own)
    for x, y, r in markers:
        boxes.add((x - r, y - r, x + r, y + r))
        marks.add((x - r, y - r, x + r, y + r))
    for box in avoid:
        boxes.add(box)
    numbered = max(1, len(str(len(labels)))) * digit_px + 8  # a number's width: as wide as the largest can be
    spots = [_Label(*label, height, bounds) for label in labels]
    placed: list[tuple[float, float] | None] = []
    names: dict[int, int] = {}  # label -> its box among ``boxes``
    for i, label in enumerate(spots):
        found = label.free_spot(label.width, boxes, marks)
        placed.append(found and found[0])  # None: no free spot, a number once every name that fits has its place
        if found:
            names[i] = boxes.add(found[1])
    queue = [i for i, offset in enumerate(placed) if offset is None]
    searched = 0
    while queue:
        i = queue.pop(0)
        searched += 1
        dense = searched <= DENSE_MAX
        found = spots[i].free_spot(numbered, boxes, dense=dense)
        while not found and dense:
            # No free spot for a number: a name near it becomes a number too (of less priority first, then the
            # nearest), its room given up: a number takes a fifth of a name's room, so a crowd is numbered as a
            # whole.
            at = (spots[i].x, spots[i].y)
            near = [
                (j < i, distance, j) for j in names if (distance := math.dist((spots[j].x, spots[j].y), at)) <= CROWD_PX
            ]
            if not near:
                break
            j = min(near)[2]
            boxes.remove(names.pop(j))
            placed[j] = None
            queue.append(j)
            found = spots[i].free_spot(numbered, boxes, dense=dense)
        offset, box = found or spots[i].least_spot(numbered, boxes)
        boxes.add(box)
        placed[i] = offset
    order = sorted(i for i in range(len(labels)) if i not in names)  # numbered by priority
    number_of = {i: n for n, i in enumerate(order, 1)}
    return tuple((*placed[i], number_of.get(i)) for i in range(len(labels)))


class _Grid:
    """Boxes (x0, y0, x1, y1) in square cells of ``CELL`` pixels: a label looks only at the boxes near its marker."""

    CELL = 64.0

    def __init__(self):
        self.boxes: list[tuple[float, float, float, float] | None] = []
        self.cells: dict[tuple[int, int], list[int]] = {}
        self.array = np.full((64, 4), np.nan)  # the same boxes, for numpy (a removed one all NaN)

    def add(self, box) -> int:
        index = len(self.boxes)
        self.boxes.append(tuple(box))
        for cell in self._cells(*box):
            self.cells.setdefault(cell, []).append(index)
        if index == len(self.array):
            self.array = np.concatenate([self.array, np.full_like(self.array, np.nan)])
        self.array[index] = box
        return index

    def remove(self, index: int) -> None:
        self.boxes[index] = None
        self.array[index] = np.nan

    def near(self, x0, y0, x1, y1, own) -> np.ndarray:
        """The boxes (one a row) that reach into a box, but ``own``."""
        a = self.array[: len(self.boxes)]
        keep = (a[:, 0] < x1) & (a[:, 2] > x0) & (a[:, 1] < y1) & (a[:, 3] > y0)
        keep &= (a != own).any(axis=1)
        return a[keep]

    def _cells(self, x0, y0, x1, y1):
        c = self.CELL
        for i in range(math.floor(x0 / c), math.floor(x1 / c) + 1):
            for j in range(math.floor(y0 / c), math.floor(y1 / c) + 1):
                yield i, j

    def within(self, x0, y0, x1, y1) -> list[tuple]:
        """The boxes that reach into a box."""
        found: set[int] = set()
        cells = self.cells
        for cell in self._cells(x0, y0, x1, y1):
            found.update(cells.get(cell, ()))
        boxes = self.boxes
        return [
            box
            for box in map(boxes.__getitem__, found)
            if box is not None and box[0] < x1 and box[2] > x0 and box[1] < y1 and box[3] > y0
        ]

    def free(self, box, own, bounds) -> bool:
        """Whether ``box`` covers none of the boxes here but ``own`` (its own marker) and keeps inside
        ``bounds``."""
        x0, y0, x1, y1 = box
        if bounds and (
            x0 < bounds[0] - FREE or y0 < bounds[1] - FREE or x1 > bounds[2] + FREE or y1 > bounds[3] + FREE
        ):
            return False
        boxes, cells, c = self.boxes, self.cells, self.CELL
        for i in range(math.floor(x0 / c), math.floor(x1 / c) + 1):
            for j in range(math.floor(y0 / c), math.floor(y1 / c) + 1):
                for index in cells.get((i, j), ()):
                    b = boxes[index]
                    if (
                        b is not None
                        and b[0] < x1
                        and x0 < b[2]
                        and b[1] < y1
                        and y0 < b[3]
                        and (min(x1, b[2]) - max(x0, b[0])) * (min(y1, b[3]) - max(y0, b[1])) >= FREE
                        and b != own
                    ):
                        return False
        return True


class _Label:
    """One label's marker and the spots it may take around it."""

    def __init__(self, name, x, y, radius, east, width, height, bounds):
        self.x, self.y, self.height, self.bounds = x, y, height, bounds
        self.r = radius + RING_PX
        self.box = (x - self.r, y - self.r, x + self.r, y + self.r)  # its own marker's, which it may cover
        self.inward = -1 if east else 1
        self.width = width if width is not None else _text_width(name)

    def free_spot(self, width: float, boxes: _Grid, marks: _Grid | None = None, dense: bool = False):
        """The first free spot for a label ``width`` × ``height`` beside its marker, ((dx, dy), its box), or None:
        covering nothing placed and inside ``bounds``. A name (``marks``: no spot nearer another marker) tries
        eight sides next to the marker, then a line further out; a number (``dense``) also every 10° around the
        marker, out to 40 px from its edge (``_ring``), and then its own marker.

        Each side is tried in plain Python against the boxes of the grid cells it touches and given up at its
        first overlap: most labels take one of their first few sides, and numpy's cost per call was more than
        that."""
        x, y, r, height = self.x, self.y, self.r, self.height
        half_w, half_h = width / 2, height / 2
        for dx, dy in _sides(r, half_w, half_h, height, self.inward):
            box = (x + dx - half_w, y + dy - half_h, x + dx + half_w, y + dy + half_h)
            if boxes.free(box, self.box, self.bounds) and (marks is None or not self._nearer_another(box, marks)):
                return (round(dx, 1), round(dy, 1)), box
        if marks is not None or not dense:
            return None
        reach_x, reach_y = r + _DISTANCES[-1] + width + 1, r + _DISTANCES[-1] + height + 1
        near = boxes.near(x - reach_x, y - reach_y, x + reach_x, y + reach_y, self.box)
        found = _ring(x, y, r, half_w, half_h, near, self.bounds)
        if found is not None:
            dx, dy = found
            return (round(dx, 1), round(dy, 1)), (x + dx - half_w, y + dy - half_h, x + dx + half_w, y + dy + half_h)
        box = (x - half_w, y - half_h, x + half_w, y + half_h)
        if boxes.free(box, self.box, self.bounds):
            return (0.0, 0.0), box  # on its own marker
        return None

    def least_spot(self, width: float, boxes: _Grid):
        """With no free spot: the side that covers least of what is placed and sticks out of ``bounds`` least
        (the first of the least), ((dx, dy), its box)."""
        x, y, r, height = self.x, self.y, self.r, self.height
        half_w, half_h = width / 2, height / 2
        sides = _sides(r, half_w, half_h, height, self.inward)
        reach_x, reach_y = r + LABEL_GAP_PX + width + height + 1, r + LABEL_GAP_PX + 2 * height + 1
        near = boxes.near(x - reach_x, y - reach_y, x + reach_x, y + reach_y, self.box)
        offsets = np.array(sides)
        spots = np.column_stack([x + offsets[:, 0] - half_w, y + offsets[:, 1] - half_h])
        spots = np.column_stack([spots, spots + (width, height)])
        covered = _shared(spots, near).sum(axis=1)
        if self.bounds:
            covered += width * height - _shared(spots, self.bounds)[:, 0]
        covered[covered < FREE] = 0.0
        at = int(np.argmin(covered))
        dx, dy = sides[at]
        return (round(dx, 1), round(dy, 1)), tuple(spots[at].tolist())

    def _nearer_another(self, box, marks: _Grid) -> bool:
        """Whether ``box`` is as near another marker as its own: a reader could take the label for another's."""
        x0, y0, x1, y1 = box
        mine = _gap(box, self.box)
        for other in marks.within(x0 - 40, y0 - 40, x1 + 40, y1 + 40):
            if all(abs(a - b) < 0.01 for a, b in zip(other, self.box)):
                continue
            if _gap(box, other) <= mine:
                return True
        return False


def _shared(spots: np.ndarray, boxes) -> np.ndarray:
    """The area each of ``spots`` shares with each of ``boxes`` (both (x0, y0, x1, y1), one box a row)."""
    boxes = np.asarray(boxes, dtype=float).reshape(-1, 4).T
    w = np.minimum(spots[:, 2:3], boxes[2]) - np.maximum(spots[:, 0:1], boxes[0])
    h = np.minimum(spots[:, 3:4], boxes[3]) - np.maximum(spots[:, 1:2], boxes[1])
    return np.maximum(w, 0.0) * np.maximum(h, 0.0)


def _ring(x, y, r, half_w, half_h, near: np.ndarray, bounds) -> tuple[float, float] | None:
    """The first free offset for a box ``2 half_w`` × ``2 half_h`` around a marker at (x, y), radius ``r``: every
    10° (``_UNIT``) at each of ``_DISTANCES`` px from the marker's edge (the nearer first), its middle so far out
    along that direction that its nearest corner or side is that distance away; None when every one covers
    something.

    Along a direction the box's middle moves on a line, so the distances at which it covers a box near are one
    interval, found for every direction and every box at once (numpy), and marked off in a count per direction
    and distance: hundreds of spots for the price of a few array operations."""
    cos, sin = _SLOPES[:, 0:1], _SLOPES[:, 1:2]  # direction × box
    start_x, start_y = x + cos * (r + half_w), y + sin * (r + half_h)  # the middle at distance 0
    others = near
    if bounds:  # outside the map counts as covered: the four sides beyond it as boxes
        b0, b1, b2, b3 = bounds
        outside = [(-_FAR, -_FAR, b0, _FAR), (b2, -_FAR, _FAR, _FAR), (-_FAR, -_FAR, _FAR, b1), (-_FAR, b3, _FAR, _FAR)]
        others = np.concatenate([others, outside])
    # The middle covers a box when it is within the label's half width of the box's sides, and so on: along a
    # direction, from the distance it enters that slab in x and in y to the first it leaves.
    tx0, tx1 = (others[:, 0] - half_w - start_x) / cos, (others[:, 2] + half_w - start_x) / cos
    ty0, ty1 = (others[:, 1] - half_h - start_y) / sin, (others[:, 3] + half_h - start_y) / sin
    enter = np.maximum(np.minimum(tx0, tx1), np.minimum(ty0, ty1))
    leave = np.minimum(np.maximum(tx0, tx1), np.maximum(ty0, ty1))
    # The distances strictly inside (enter, leave), by their index: from the first above enter to the last below
    # leave; each such run counted +1 where it starts and -1 after it ends.
    last = len(_DISTANCES) - 1
    lo = np.clip(np.floor((enter - _DISTANCES[0]) / _STEP + 1e-9) + 1, 0, last + 1)
    hi = np.clip(np.ceil((leave - _DISTANCES[0]) / _STEP - 1e-9) - 1, -1, last)
    hit = lo <= hi  # the others' runs start and end past the last distance, where nothing is read
    row = _ROWS * (last + 2)
    size = len(_UNIT) * (last + 2)
    starts = row + np.where(hit, lo, last + 1).astype(np.int64)
    ends = row + np.where(hit, hi + 1, last + 1).astype(np.int64)
    blocked = np.bincount(starts.ravel(), minlength=size) - np.bincount(ends.ravel(), minlength=size)
    blocked = blocked.reshape(len(_UNIT), last + 2)
    free = np.cumsum(blocked[:, :-1], axis=1).T == 0  # distance × direction, the nearer first
    at = np.flatnonzero(free)
    if not len(at):
        return None
    d, k = divmod(int(at[0]), len(_UNIT))
    ring = r + float(_DISTANCES[d])
    return float(_UNIT[k, 0] * (ring + half_w)), float(_UNIT[k, 1] * (ring + half_h))


def _text_width(text: str) -> float:
    """A label's width in the map's 13 px type, its padding included."""
    return LABEL_CHAR_PX * len(text) + 8


def _gap(a, b) -> float:
    """The distance between two boxes; 0 where they touch."""
    dx = max(b[0] - a[2], a[0] - b[2], 0.0)
    dy = max(b[1] - a[3], a[1] - b[3], 0.0)
    return math.hypot(dx, dy)


@lru_cache(maxsize=4096)
def _sides(r: float, half_w: float, half_h: float, height: float, inward: int) -> tuple:
    """The offsets a label's middle may take from its marker (radius ``r``), nearest first: the eight sides
    (sideways towards the middle of the map first, ``inward``) next to the marker and a line further out."""
    rows = []
    for extra in (0, height):
        up, side = r + LABEL_GAP_PX + half_h + extra, r + LABEL_GAP_PX + half_w + extra
        corner = r / math.sqrt(2) + LABEL_GAP_PX + extra
        rows += [
            (0.0, -up),
            (0.0, up),
            (inward * side, 0.0),
            (inward * -side, 0.0),
            (inward * (corner + half_w), -(corner + half_h)),
            (inward * -(corner + half_w), -(corner + half_h)),
            (inward * (corner + half_w), corner + half_h),
            (inward * -(corner + half_w), corner + half_h),
        ]
    return tuple(rows)


_DISTANCES = np.arange(LABEL_GAP_PX, 37, 2, dtype=float)  # a number's spots, px from the marker's edge
_STEP = float(_DISTANCES[1] - _DISTANCES[0])
_UNIT = np.array([(math.cos(k * math.pi / 18), math.sin(k * math.pi / 18)) for k in range(36)])
# The directions to divide by: along an axis, the other part a tiny number rather than 0, so a slab the middle is in
# is entered and left at distances beyond any spot (- and + 1e12 px) and one it is not in is never reached.
_SLOPES = np.where(np.abs(_UNIT) < 1e-12, 1e-12, _UNIT)
_ROWS = np.arange(len(_UNIT))[:, None]
_FAR = 1e6  # px: the map's outside, as boxes
