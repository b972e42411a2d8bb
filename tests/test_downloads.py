"""The app's downloads as addresses (reisatlas.downloads): any export of the view, rendered from the address by
whichever process answers."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

import pytest

from reisatlas.colours import colouring
from reisatlas.downloads import answer_download, download_format
from reisatlas.selection import stops_frame, trips_frame

WHEN = datetime(2025, 5, 1, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def atlas(seed_atlas):
    return trips_frame(seed_atlas.trips), stops_frame(seed_atlas.trips)


def download(atlas, name, params=(), **headers):
    trips, stops = atlas
    paints = {(by, lang): colouring(trips, by, lang) for by in ("official", "theme") for lang in ("nl", "en")}
    return answer_download(
        name,
        list(params),
        trips,
        stops,
        version="v1",
        modified=WHEN,
        paints=lambda by, lang: paints[(by, lang)],
        **headers,
    )


def test_a_download_is_any_export_of_the_address_as_an_attachment(atlas):
    response = download(atlas, "reisatlas_kasmi_2025-06.xlsx", [("official", "Kasmi"), ("lang", "en")])
    assert response.status == 200 and response.body.startswith(b"PK\x03\x04")  # a zip: the xlsx
    assert response.headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response.headers["Content-Disposition"] == 'attachment; filename="reisatlas_kasmi_2025-06.xlsx"'
    rows = list(csv.DictReader(io.StringIO(download(atlas, "x.csv", [("official", "Kasmi")]).body.decode("utf-8-sig"))))
    assert [row["Titel"] for row in rows] == [
        "Werkbezoek Malmö, Botkyrka en Stockholm (Zweden)",
        "Werkbezoek Manchester (Verenigd Koninkrijk)",
    ]
    png = download(atlas, "kaart.png", [("colour", "theme")])
    assert png.status == 200 and png.body.startswith(b"\x89PNG") and png.headers["Content-Type"] == "image/png"
    assert png.headers["ETag"] != download(atlas, "kaart.png", [("colour", "official")]).headers["ETag"]
    assert download(atlas, "x.csv", if_none_match=download(atlas, "x.csv").headers["ETag"]).status == 304


def test_a_picture_in_the_size_asked_and_its_text_alternative(atlas):
    from PIL import Image

    png = download(atlas, "dia.png", [("official", "Kasmi"), ("size", "1080x1920")])
    assert Image.open(io.BytesIO(png.body)).size == (1080, 1920)
    text = download(atlas, "dia.png.txt", [("official", "Kasmi")])
    assert text.status == 200 and text.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert text.body.decode().startswith(
        "Kaart van de gekozen reizen, met de routes vanaf Rotterdam.\n2 reizen naar 4 plaatsen"
    )


@pytest.mark.parametrize(
    "name, params, status, said",
    [
        ("x.csv", [("colour", "rainbow")], 400, "onbekende kleuring 'rainbow'; kies uit: official, theme"),
        ("x.png", [("size", "800x600")], 400, "onbekend formaat '800x600'"),
        ("x.gif", [("play", "backwards")], 400, "onbekende afspeelwijze 'backwards'"),
        ("x.csv", [("official", "Kasmi"), ("months", "2025-09")], 400, "no trip matches the filters"),
        ("x.csv", [("nonsense", "1")], 400, "nonsense"),
        ("x.exe", [], 404, "geen feed"),
    ],
)
def test_a_download_that_cannot_be_made_says_why(atlas, name, params, status, said):
    response = download(atlas, name, params)
    assert response.status == status and said in response.body.decode()


def test_the_file_name_says_the_format():
    assert [download_format(n) for n in ("a.csv", "A.XLSX", "b.mp4", "b.png.txt", "c.txt", "x" * 300 + ".csv")] == [
        "csv",
        "xlsx",
        "mp4",
        "txt",
        None,
        None,
    ]
