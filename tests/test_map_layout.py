"""The map's screen layout (issue 9, section 2): every placed stop labelled, markers that share a spot fanned
out so each can be hovered, tooltips turned towards the middle of the map. The browser test checks the same
on the canvas; these check the layout the library computes."""

from __future__ import annotations

import json
import math

import pytest

from reisatlas.layers import RING_PX, _world_px, build_deck, colouring, place_labels, spread_markers


@pytest.fixture(scope="module")
def seed_deck(seed_frames):
    trips, stops = seed_frames
    return json.loads(build_deck(trips, stops, colouring(trips), "nl").to_json())


@pytest.fixture(scope="module")
def seed_frames(seed_atlas):
    from reisatlas.selection import stops_frame, trips_frame

    return trips_frame(seed_atlas.trips), stops_frame(seed_atlas.trips)


def layer(deck: dict, name: str) -> list[dict]:
    (found,) = [layer for layer in deck["layers"] if layer["id"] == name]
    return found["data"]


def drawn(deck: dict, record: dict) -> tuple[float, float]:
    """Where a record's marker is drawn, in world pixels at the deck's zoom."""
    x, y = _world_px(record["lat"], record["lon"], deck["initialViewState"]["zoom"])
    return x + record["offset"][0], y + record["offset"][1]


def test_every_placed_stop_has_one_label(seed_deck):
    stops, labels = layer(seed_deck, "stops"), layer(seed_deck, "labels")
    assert len(stops) == 11
    assert sorted(label["name"] for label in labels) == sorted([stop["name"] for stop in stops] + ["Rotterdam"])


def test_no_two_labels_overlap_at_the_first_view(seed_deck):
    boxes = []
    for label in layer(seed_deck, "labels"):
        x, y = _world_px(label["lat"], label["lon"], seed_deck["initialViewState"]["zoom"])
        x, y = x + label["offset"][0], y + label["offset"][1]
        half = (7.5 * len(label["name"]) + 8) / 2
        boxes.append((label["name"], x - half, y - 9, x + half, y + 9))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[3] <= b[1] or a[1] >= b[3] or a[4] <= b[2] or a[2] >= b[4], (a[0], b[0])


def test_markers_that_share_a_spot_are_fanned_out(seed_deck):
    stops = {stop["name"]: stop for stop in layer(seed_deck, "stops")}
    for a, b in (("Botkyrka", "Stockholm"), ("Osaka", "Kobe"), ("Tokio", "Osaka")):
        (ax, ay), (bx, by) = drawn(seed_deck, stops[a]), drawn(seed_deck, stops[b])
        # Each keeps most of its disc: the centres are at least a radius apart.
        assert math.hypot(ax - bx, ay - by) >= stops[a]["size"] / 2, (a, b)
    assert stops["Richmond"]["offset"] == [0.0, 0.0]  # a marker alone stays exactly on its place


def test_spread_keeps_markers_clear_of_each_other():
    points = [(100.0 + i * 0.1, 100.0, 6.0) for i in range(12)]  # twelve markers on one spot
    offsets = spread_markers(points)
    centres = [(x + dx, y + dy) for (x, y, _), (dx, dy) in zip(points, offsets)]
    closest = min(math.dist(a, b) for i, a in enumerate(centres) for b in centres[i + 1 :])
    assert closest >= 6.0 + RING_PX  # at least a radius apart: every marker can be hovered


def test_labels_take_the_first_free_side():
    # A's place above is B's marker, so A goes below; B, with nothing above it, goes above.
    assert place_labels(
        [{"name": "A", "x": 0, "y": 0, "radius": 5}, {"name": "B", "x": 0, "y": -20, "radius": 5}],
        [(0, 0, 5), (0, -20, 5)],
    ) == [(0.0, 18.5), (0.0, -18.5)]


def test_tooltips_turn_towards_the_middle(seed_deck):
    tips = {stop["name"]: stop["tip"] for stop in layer(seed_deck, "stops")}
    assert tips["Tokio"].startswith("calc(-100%") and tips["Kobe"].startswith("calc(-100%")  # east: to the left
    assert tips["Richmond"].startswith("14px")  # west: to the right
    assert tips["Johannesburg"].endswith("calc(-100% - 14px)")  # south: above
