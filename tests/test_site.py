"""``reisatlas publish`` without a browser: what the site holds, the layout it draws, its refusals and failures,
the swap, and document text kept inert (the browser tests are in tests/test_browser_site.py)."""

from __future__ import annotations

import json
import re
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reisatlas.atlas import DocumentCache, load_atlas
from reisatlas.cli import main
from reisatlas.colours import colouring
from reisatlas.exports import render
from reisatlas.geo import world_px
from reisatlas.map import map_layers
from reisatlas.map.records import Selected, place_rows, placed_stops, route_homes, route_rows
from reisatlas.places import localised
from reisatlas.site import publish
from reisatlas.site.svg import Things, svg_map
from tests.conftest import SEED
from tests.test_exports import SCRIPT_DOCUMENT

ROOT = Path(__file__).resolve().parent.parent
XSS = ROOT / "tests" / "documents" / "app_xss.txt"


@pytest.fixture(scope="module")
def atlas(offline_geocoder):
    return load_atlas([str(SEED)], offline_geocoder, DocumentCache())


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("published") / "atlas"
    assert main(["publish", "--offline", "--out", str(out), str(SEED)]) == 0
    return out


def test_the_site_holds_both_languages_the_feeds_and_the_embed(site, atlas):
    for folder, lang in ((site, "nl"), (site / "en", "en")):
        names = {path.name for path in folder.iterdir()}
        assert {"index.html", "embed.html", "reizen.ics", "reizen.geojson", "reizen.csv", "reizen.json"} <= names
        assert {"preview.png", "reizen-details.js"} <= names
        page = (folder / "index.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in page
        assert (
            "Deze atlas bevat 7 reizen uit 1 document" if lang == "nl" else "This atlas holds 7 trips from 1 document"
        ) in page
        assert "&lt;iframe title=" in page and "src=&quot;embed.html&quot;" in page  # the snippet, as text to copy
        # The feeds are today's renderers' bytes (the csv and json carry no time).
        trips, stops = localised(atlas.trips, atlas.stops, lang)
        paint = colouring(atlas.trips, "official", lang)
        for fmt in ("csv", "json", "geojson"):
            assert (folder / f"reizen.{fmt}").read_bytes() == render(fmt, trips, stops, lang=lang, paint=paint)
    assert json.loads((site / "reisatlas-site.json").read_text())["trips"] == 7
    assert (site / "index.html").read_text().count('href="en/index.html"') == 1
    assert 'href="../index.html"' in (site / "en" / "index.html").read_text()


def test_a_shared_link_has_its_preview_image(site):
    """Open Graph and Twitter tags in every page's head, their image in the folder at 1200×630."""
    from PIL import Image

    for folder in (site, site / "en"):
        head = (folder / "index.html").read_text(encoding="utf-8").split("</head>")[0]
        image = re.search(r'<meta property="og:image" content="([^"]+)">', head)[1]
        assert '<meta name="twitter:card" content="summary_large_image">' in head and "og:title" in head
        assert Image.open(folder / image).size == (1200, 630)
        alt = re.search(r'<meta property="og:image:alt" content="([^"]+)">', head)[1]
        assert "Werkbezoek Malm" in alt and len(alt) <= 420  # the sentence and the trips, as a card takes it


def test_nothing_outside_the_folder_is_asked_for(site):
    for page in (site / "index.html", site / "en" / "embed.html"):
        text = page.read_text(encoding="utf-8")
        # Every src and href is a file of the site or an anchor (the summary's words may name websites).
        markup = re.sub(r"<script[^>]*>.*?</script>", "", text, flags=re.S)
        for value in re.findall(r'(?:src|href)="([^"]*)"', markup):
            assert value.startswith("#") or (page.parent / value).resolve().exists(), value
        assert "cookie" not in text.lower().replace("geen cookies", "").replace("no cookies", "")


def test_the_map_is_the_apps_layout(atlas):
    """Markers where ``map_layers`` draws them for this view and size, labels at the placer's offsets."""
    trips, stops = atlas.trips, atlas.stops
    paint = colouring(trips)
    numbers = {trip_id: i for i, trip_id in enumerate(trips["trip_id"])}
    things = Things(numbers)
    drawn = svg_map(trips, stops, paint, "nl", things, (1000, 600), css_class="m", title="t")
    placed = placed_stops(trips, stops)
    selected = Selected(trips, paint, "nl")
    places, routes = place_rows(placed, selected, stops), route_rows(placed, selected, stops)
    from reisatlas.map import fit_view

    path = [p for route in routes for p in route["path"]]
    view = fit_view([lat for _, lat in path], [lon for lon, _ in path], 1000, 600)
    layers = {
        layer.id: layer.data
        for layer in map_layers(places, routes, "nl", "", view, route_homes(placed, stops), None, (1000, 600))
    }
    cx, cy = world_px(view.latitude, view.longitude, view.zoom)
    circles = re.findall(r'<circle cx="([-\d.]+)" cy="([-\d.]+)" r="([\d.]+)"[^>]*data-p="(\d+)"', drawn.svg)
    assert len(circles) == len(layers["stops"]) == 11
    by_number = {int(number): (float(x), float(y)) for x, y, _, number in circles}
    for place in layers["stops"]:
        x, y = world_px(place["lat"], place["lon"], view.zoom)
        assert by_number[things.places[place["key"]]] == pytest.approx((x - cx + 500, y - cy + 300), abs=0.06)
        # and the place's trips are the trips the app's record names
        assert things.trips["places"][things.places[place["key"]]] == [
            numbers[i] for i in next(p["trip_ids"] for p in places if p["key"] == place["key"])
        ]
    texts = re.findall(r'<text x="([-\d.]+)" y="([-\d.]+)"[^>]*>([^<]+)</text>', drawn.svg)
    assert [name for _, _, name in texts] == [label["name"] for label in layers["labels"]]
    for (x, y, _), label in zip(texts, layers["labels"]):
        px, py = world_px(label["lat"], label["lon"], view.zoom)
        expected = (px - cx + 500 + label["offset"][0], py - cy + 300 + label["offset"][1])
        assert (float(x), float(y)) == pytest.approx(expected, abs=0.06)


def test_an_empty_selection_ends_with_one_line_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "site"
    assert main(["publish", "--offline", "--out", str(out), "--from", "2031-01", str(SEED)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and error.startswith("reisatlas: error: geen reis om te publiceren")
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_is_no_site_is_refused_unless_forced(tmp_path, capsys):
    out = tmp_path / "www"
    out.mkdir()
    (out / "belangrijk.txt").write_text("niet weggooien")
    assert main(["publish", "--offline", "--out", str(out), str(SEED)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "geen eerder gepubliceerde atlas" in error and "--force" in error
    assert (out / "belangrijk.txt").read_text() == "niet weggooien"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["www"]
    assert main(["publish", "--offline", "--force", "--out", str(out), str(SEED)]) == 0
    assert (out / "index.html").exists() and not (out / "belangrijk.txt").exists()


def test_a_new_site_is_swapped_in_whole(tmp_path, atlas):
    """While the site is published again, a reader sees the old index.html or the new one, always whole; the old
    folder is gone afterwards, and a failure half-way leaves the old site as it was."""
    out = tmp_path / "site"
    first = atlas.trips.iloc[:3]
    publish(first, atlas.stops, out)
    old = (out / "index.html").read_text(encoding="utf-8")
    seen, stop = [], threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                seen.append((out / "index.html").read_text(encoding="utf-8"))
            except FileNotFoundError:
                seen.append(None)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        publish(atlas.trips, atlas.stops, out)
    finally:
        stop.set()
        reader.join()
    new = (out / "index.html").read_text(encoding="utf-8")
    assert old != new and seen and set(seen) <= {old, new}
    assert out.is_symlink() and len([p for p in tmp_path.iterdir() if p.name.startswith(".site-")]) == 1

    import reisatlas.site as site_module

    def broken(*args, **kwargs):
        raise OSError("disk full")

    original = site_module.details_script
    site_module.details_script = broken
    try:
        with pytest.raises(OSError):
            publish(first, atlas.stops, out)
    finally:
        site_module.details_script = original
    assert (out / "index.html").read_text(encoding="utf-8") == new
    assert len([p for p in tmp_path.iterdir() if p.name.startswith(".site-")]) == 1


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.handlers, self.scripts, self._in = [], [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        self._in = tag == "script"
        if self._in:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._in = False

    def handle_data(self, data):
        if self._in:
            self.scripts[-1] += data


@pytest.mark.parametrize("document", ["app_xss", "script"])
def test_document_text_stays_inert(tmp_path, document):
    """HTML in a document is text on every page: no element, attribute or script of its own; the JSON reads back."""
    source = XSS if document == "app_xss" else tmp_path / "kwaadaardig.txt"
    if document == "script":
        source.write_text(SCRIPT_DOCUMENT, encoding="utf-8")
    out = tmp_path / "site"
    assert main(["publish", "--offline", "--out", str(out), str(source)]) == 0
    for page in (out / "index.html", out / "embed.html", out / "en" / "index.html"):
        text = page.read_text(encoding="utf-8")
        found = _Elements()
        found.feed(text)
        assert found.handlers == []
        assert "img" not in found.tags and len(found.scripts) == 3  # the paint mark, the data, the script
        data = json.loads(found.scripts[1])
        assert len(data["trips"]) >= 1
        assert "&lt;script&gt;" in text or "&lt;/script&gt;" in text  # shown as text
    details = (out / "reizen-details.js").read_text(encoding="utf-8")
    assert "<script" not in details and "<img" not in details and "\\u003c" in details
