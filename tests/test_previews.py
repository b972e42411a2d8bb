"""Link previews (issue 23, item 2): the Open Graph and Twitter-card tags of a selection and their image, and
the text alternative every picture of the map carries (item 3)."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

from reisatlas.colours import colouring
from reisatlas.errors import SelectionError
from reisatlas.previews import preview_image, preview_tags
from reisatlas.selection import Selection, stops_frame, trips_frame

XSS = Path(__file__).resolve().parent / "documents" / "app_xss.txt"
IMAGE = "https://atlas.example/preview.png"


@pytest.fixture(scope="module")
def seed(seed_atlas):
    trips = trips_frame(seed_atlas.trips)
    return trips, stops_frame(seed_atlas.trips), colouring(trips)


class Tags(HTMLParser):
    """Every element a browser (or an unfurler) would see, as (tag, attributes); the text outside them."""

    def __init__(self, markup: str):
        super().__init__()
        self.elements, self.text = [], []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def meta(self) -> dict[str, str]:
        return {attrs.get("property") or attrs.get("name"): attrs["content"] for tag, attrs in self.elements}


@pytest.mark.parametrize(
    "lang, title, description, locale",
    [
        (
            "nl",
            "Reisatlas: juni – september 2025",
            "7 reizen naar 11 plaatsen in 7 landen, juni – september 2025, 58.002 km, "
            "ca. 9 t CO₂-eq. incl. extra opwarming door vliegen",
            "nl_NL",
        ),
        (
            "en",
            "Reisatlas: June – September 2025",
            "7 trips to 11 places in 7 countries, June – September 2025",
            "en_GB",
        ),
    ],
)
def test_the_tags_of_the_seed_carry_its_title_sentence_and_image(seed, lang, title, description, locale):
    trips, stops, _ = seed
    tags = Tags(preview_tags(trips, stops, lang=lang, image_url=IMAGE, page_url="https://atlas.example/"))
    assert {tag for tag, _ in tags.elements} == {"meta"} and "".join(tags.text).strip() == ""
    meta = tags.meta()
    assert meta["og:title"] == meta["twitter:title"] == title
    assert meta["og:description"] == meta["twitter:description"]
    assert meta["og:description"].startswith(description)
    assert meta["og:image"] == meta["twitter:image"] == IMAGE
    assert (meta["og:image:width"], meta["og:image:height"], meta["og:image:type"]) == ("1200", "630", "image/png")
    assert meta["twitter:card"] == "summary_large_image" and meta["og:url"] == "https://atlas.example/"
    assert meta["og:locale"] == locale and meta["og:type"] == "website"
    # The image's text alternative: the sentence, then every trip.
    assert description in meta["og:image:alt"] and meta["og:image:alt"] == meta["twitter:image:alt"]
    assert all(title in meta["og:image:alt"] for title in trips["title"])


def test_a_documents_markup_stays_text_in_the_tags(offline_geocoder):
    from reisatlas import read_document

    atlas = read_document(XSS, offline_geocoder)
    trips, stops = trips_frame(atlas.trips), stops_frame(atlas.trips)
    markup = preview_tags(trips, stops, lang="nl", image_url='x" onload="alert(1)')
    tags = Tags(markup)
    assert {tag for tag, _ in tags.elements} == {"meta"}  # no <script>, no <img>: only the tags themselves
    assert all(set(attrs) == {"property", "content"} or set(attrs) == {"name", "content"} for _, attrs in tags.elements)
    meta = tags.meta()
    assert meta["og:image"] == 'x" onload="alert(1)'  # read back whole: the quote could not end the attribute
    assert "<script>window.__xss=1</script>" in meta["og:image:alt"]  # the words, as words
    assert "<script>" not in markup and "&lt;script&gt;" in markup


def test_the_preview_image_is_the_slide_at_1200_by_630(seed):
    trips, stops, paint = seed
    picture = Image.open(io.BytesIO(preview_image(trips, stops, lang="en", paint=paint)))
    assert picture.format == "PNG" and picture.size == (1200, 630)
    colours = picture.convert("RGB").getcolors(1 << 20)
    assert len(colours) > 50  # a map, not a blank


def test_no_trips_no_preview(seed):
    trips, stops, _ = seed
    none = Selection(officials=("niemand",)).apply(trips)
    with pytest.raises(SelectionError, match="geen reis past bij de filters"):
        preview_tags(none, stops, image_url=IMAGE)
    with pytest.raises(SelectionError):
        preview_image(none, stops)


def test_the_html_exports_map_is_named_by_its_text_alternative(seed, offline_geocoder):
    """The HTML export's map is a picture (role img) named by the text alternative, the caption describing it;
    a document's markup stays text in the attribute."""
    from reisatlas import read_document
    from reisatlas.exports import render

    trips, stops, paint = seed
    page = render("html", trips, stops, lang="en", paint=paint).decode("utf-8")
    (attrs,) = [
        attrs for tag, attrs in Tags(page.split("<script", 1)[0]).elements if attrs.get("id") == "deck-container"
    ]
    assert attrs["role"] == "img" and attrs["aria-describedby"] == "reisatlas-caption"
    assert attrs["aria-label"].startswith("Map of the selected trips, with the routes from Rotterdam. 7 trips to 11")
    assert all(title in attrs["aria-label"] for title in trips["title"])

    atlas = read_document(XSS, offline_geocoder)
    page = render("html", trips_frame(atlas.trips), stops_frame(atlas.trips)).decode("utf-8")
    head = page.split('<script id="deck-spec"', 1)[0]
    elements = Tags(head).elements
    assert not [tag for tag, _ in elements if tag in ("script", "img")]
    (attrs,) = [attrs for _, attrs in elements if attrs.get("id") == "deck-container"]
    assert '<img src=x onerror="window.__xss=5">' in attrs["aria-label"]
