"""Label placement, the one placer the app's map, the presentation, the HTML export (at each of its zoom steps) and
the PNG slide share: each label beside its own marker, or a number and a line in the map's key."""

from __future__ import annotations

import math

import numpy as np

LABEL_CHAR_PX, LABEL_HEIGHT_PX, LABEL_GAP_PX = 7.5, 18, 3
# The markers are one ScatterplotLayer: a disc per place with a white ring (its stroke). It needs no image, so
# deck.gl draws the stops in its first frame (an IconLayer's atlas loads later; see docs/performance.md).
RING_PX = 1.5  # the white ring around a marker


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
    downwards) come in order of priority (the map's: home first, then the places with more trips). Each tries
    above, below, right, left and the corners, next to the marker or a line further out (never further: at
    most about ``height`` + 4 px from the marker's edge), and takes the first spot that covers no marker, no label
    placed before it, nothing in ``avoid`` (boxes) and crosses no edge of the map (``bounds``, (x0, y0, x1, y1)
    in the same pixels), and (a name) is nearer its own marker than any other. A name with no free spot is left out: its marker gets the next number instead (1, 2,
    … in order of priority), placed the same way or anywhere around it within 40 px, or else on its own marker,
    else where it covers least. A label with ``east`` set (its
    marker east of the map's middle) tries the left before the right. A label is ``height`` pixels high and,
    unless it says its ``width``, as wide as its text in the map's 13 px type (the PNG slide measures its own,
    and gives the width of a digit, ``digit_px``, for the numbers).

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
    boxes = _Boxes([(x - r, y - r, x + r, y + r) for x, y, r in markers] + list(avoid))
    boxes.markers = np.array([(x - r, y - r, x + r, y + r) for x, y, r in markers], dtype=float).reshape(-1, 4)
    numbered = max(1, len(str(len(labels)))) * digit_px + 8  # a number's width: as wide as the largest can be
    placed: list[tuple[float, float] | None] = []
    names: dict[int, int] = {}  # label -> its box among ``boxes``
    for i, label in enumerate(labels):
        width = label.get("width", _text_width(label["name"]))
        offset, box, covered = _spot(label, width, height, boxes, bounds, name=True)
        if covered:
            placed.append(None)  # no free spot: a number, once every name that fits has its place
            continue
        names[i] = boxes.add(box)
        placed.append(offset)
    queue = [i for i, offset in enumerate(placed) if offset is None]
    searched = 0
    while queue:
        i = queue.pop(0)
        searched += 1
        dense = searched <= DENSE_MAX
        offset, box, covered = _spot(labels[i], numbered, height, boxes, bounds, dense=dense)
        while covered and dense:
            # No free spot for a number: a name near it becomes a number too (of less priority first, then the
            # nearest), its room given up: a number takes a fifth of a name's room, so a crowd is numbered as a
            # whole.
            at = (labels[i]["x"], labels[i]["y"])
            near = [
                (j < i, math.dist((labels[j]["x"], labels[j]["y"]), at), j)
                for j in names
                if math.dist((labels[j]["x"], labels[j]["y"]), at) <= CROWD_PX
            ]
            if not near:
                break
            j = min(near)[2]
            boxes.remove(names.pop(j))
            placed[j] = None
            queue.append(j)
            offset, box, covered = _spot(labels[i], numbered, height, boxes, bounds, dense=dense)
        boxes.add(box)
        placed[i] = offset
    order = sorted(i for i in range(len(labels)) if i not in names)  # numbered by priority
    number_of = {i: n for n, i in enumerate(order, 1)}
    return [(*placed[i], number_of.get(i)) for i in range(len(labels))]


# Numbers searched for all around their markers, at most (in order of priority); past them a number tries the sides
# a name does, and takes the one that covers least: a map of hundreds of places is drawn in time.
DENSE_MAX = 40
CROWD_PX = 120  # how near a name must be to a number without room to be numbered for it


class _Boxes:
    """Boxes (x0, y0, x1, y1) placed so far, in one array: a label's every spot is measured against the boxes near
    it at once."""

    def __init__(self, boxes: list[tuple]):
        self.array = np.zeros((max(64, 2 * len(boxes)), 4))
        self.alive = np.zeros(len(self.array), dtype=bool)
        self.count = 0
        self.markers = np.zeros((0, 4))  # the markers' own boxes: a label must be nearest its own
        for box in boxes:
            self.add(box)

    def add(self, box) -> int:
        if self.count == len(self.array):
            self.array = np.concatenate([self.array, np.zeros_like(self.array)])
            self.alive = np.concatenate([self.alive, np.zeros_like(self.alive)])
        self.array[self.count] = box
        self.alive[self.count] = True
        self.count += 1
        return self.count - 1

    def remove(self, index: int) -> None:
        self.alive[index] = False

    def covered(self, spots: np.ndarray) -> np.ndarray:
        """The area each of ``spots`` (boxes, one a row) shares with the boxes placed."""
        placed = self.array[: self.count]
        near = (
            self.alive[: self.count]
            & (placed[:, 0] < spots[:, 2].max())
            & (placed[:, 2] > spots[:, 0].min())
            & (placed[:, 1] < spots[:, 3].max())
            & (placed[:, 3] > spots[:, 1].min())
        )
        if not near.any():
            return np.zeros(len(spots))
        near = placed[near].T
        w = np.minimum(spots[:, 2:3], near[2]) - np.maximum(spots[:, 0:1], near[0])
        h = np.minimum(spots[:, 3:4], near[3]) - np.maximum(spots[:, 1:2], near[1])
        return (np.maximum(w, 0.0) * np.maximum(h, 0.0)).sum(axis=1)


def _text_width(text: str) -> float:
    """A label's width in the map's 13 px type, its padding included."""
    return LABEL_CHAR_PX * len(text) + 8


def _spot(
    label: dict, width: float, height: float, boxes: _Boxes, bounds, dense: bool = False, name: bool = False
) -> tuple[tuple[float, float], tuple, float]:
    """The best spot for a label ``width`` × ``height`` beside its marker: ((dx, dy), its box, how much it covers
    of what is placed and sticks out of ``bounds``; 0 for a free spot, the first free one in ``place_labels``'
    order). A name tries eight sides next to the marker, then a line further out; a number (``dense``, small)
    also every 10° around the marker, out to 40 px from its edge, and last on its own marker."""
    x, y, r = label["x"], label["y"], label["radius"] + RING_PX
    half_w, half_h = width / 2, height / 2
    everywhere = _around(r, half_w, half_h, height, -1 if label.get("east") else 1, dense)
    own = np.array([x - r, y - r, x + r, y + r])  # its own marker, which a number may cover as a last resort
    best = None
    for start in range(0, len(everywhere), 72):  # the nearest first: most labels find a free spot there
        offsets = everywhere[start : start + 72]
        spots = np.column_stack(
            [
                x + offsets[:, 0] - half_w,
                y + offsets[:, 1] - half_h,
                x + offsets[:, 0] + half_w,
                y + offsets[:, 1] + half_h,
            ]
        )
        covered = boxes.covered(spots) - _shared(spots, own)
        if name:  # no spot where a reader could take the name for another place's (asked of free spots only)
            free = covered < 1e-6
            if free.any():
                covered[free] += _nearer_another(spots[free], own, boxes.markers)
        if bounds:
            covered += width * height - _shared(spots, np.asarray(bounds, dtype=float))
        covered[covered < 1e-6] = 0.0
        at = int(np.argmin(covered))  # the first of the least: the first free one, if any
        if best is None or covered[at] < best[2]:
            best = (offsets[at], spots[at], float(covered[at]))
        if not best[2]:
            break
    (dx, dy), spot, covered = best
    return (round(float(dx), 1), round(float(dy), 1)), tuple(spot.tolist()), covered


def _nearer_another(spots: np.ndarray, own: np.ndarray, markers: np.ndarray) -> np.ndarray:
    """1 for each of ``spots`` (boxes, one a row) as near another marker as its own (``own``'s box), else 0: a
    label a reader could take for another place's is no free spot."""
    near = markers[
        (markers[:, 0] < spots[:, 2].max() + 40)
        & (markers[:, 2] > spots[:, 0].min() - 40)
        & (markers[:, 1] < spots[:, 3].max() + 40)
        & (markers[:, 3] > spots[:, 1].min() - 40)
        & ~np.all(np.abs(markers - own) < 0.01, axis=1)
    ]
    if not len(near):
        return np.zeros(len(spots))
    mine = _gap(spots, own[None, :])[:, 0]
    return (_gap(spots, near).min(axis=1) <= mine).astype(float)


def _gap(spots: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """The distance from each of ``spots`` to each of ``boxes`` (both one box a row); 0 where they touch."""
    dx = np.maximum(np.maximum(boxes[None, :, 0] - spots[:, None, 2], spots[:, None, 0] - boxes[None, :, 2]), 0.0)
    dy = np.maximum(np.maximum(boxes[None, :, 1] - spots[:, None, 3], spots[:, None, 1] - boxes[None, :, 3]), 0.0)
    return np.hypot(dx, dy)


def _shared(spots: np.ndarray, box: np.ndarray) -> np.ndarray:
    """The area each of ``spots`` (boxes, one a row) shares with ``box`` (x0, y0, x1, y1)."""
    w = np.minimum(spots[:, 2], box[2]) - np.maximum(spots[:, 0], box[0])
    h = np.minimum(spots[:, 3], box[3]) - np.maximum(spots[:, 1], box[1])
    return np.maximum(w, 0.0) * np.maximum(h, 0.0)


def _around(r: float, half_w: float, half_h: float, height: float, inward: int, dense: bool) -> np.ndarray:
    """The offsets (one a row) a label's middle may take from its marker (radius ``r``), nearest first: the eight
    sides (sideways towards the middle of the map first, ``inward``) next to the marker and a line further out;
    with ``dense``, then every 10° at 3, 5, … px from the marker's edge, the box's nearest edge within 40 px, and
    last the marker itself."""
    rows = []
    for extra in (0, height):
        up, side = r + LABEL_GAP_PX + half_h + extra, r + LABEL_GAP_PX + half_w + extra
        corner = r / math.sqrt(2) + LABEL_GAP_PX + extra
        rows += [
            (0, -up),
            (0, up),
            (inward * side, 0),
            (-inward * side, 0),
            (inward * (corner + half_w), -(corner + half_h)),
            (-inward * (corner + half_w), -(corner + half_h)),
            (inward * (corner + half_w), corner + half_h),
            (-inward * (corner + half_w), corner + half_h),
        ]
    if not dense:
        return np.array(rows, dtype=float)
    # The box's middle so far out along each direction that its nearest corner or side is that distance away.
    ring = (r + _DISTANCES)[:, None]
    far = np.stack([_UNIT[:, 0] * (ring + half_w), _UNIT[:, 1] * (ring + half_h)], axis=-1).reshape(-1, 2)
    return np.concatenate([np.array(rows, dtype=float), far, [[0.0, 0.0]]])


_DISTANCES = np.arange(LABEL_GAP_PX, 37, 2, dtype=float)  # a number's spots, px from the marker's edge
_UNIT = np.array([(math.cos(k * math.pi / 18), math.sin(k * math.pi / 18)) for k in range(36)])
