"""The month playback as a video and a GIF (issue 23, item 1), read back by readers Reisatlas did not write:
ffmpeg (as imageio-ffmpeg ships it) for the MP4, Pillow for the GIF, and Tesseract (Debian's tesseract-ocr) to
read the month written on the first and last frames."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from reisatlas.cli import main
from reisatlas.colours import colouring
from reisatlas.errors import SelectionError
from reisatlas.exports import render, text_alternative
from reisatlas.exports.playback import heading_box
from reisatlas.selection import Selection, stops_frame, trips_frame

SEED_SECONDS = 4 * 1.5 + 4.0  # June to September, a month at a time, then the whole selection


@pytest.fixture(scope="module")
def seed(seed_atlas):
    trips = trips_frame(seed_atlas.trips)
    return trips, stops_frame(seed_atlas.trips), colouring(trips)


@pytest.fixture(scope="module")
def seed_mp4(seed) -> bytes:
    trips, stops, paint = seed
    return render("mp4", trips, stops, lang="nl", paint=paint)


def decoded(data: bytes, tmp_path: Path):
    """(every frame as RGB pixels, the reader's metadata) by imageio-ffmpeg's own reader."""
    import imageio_ffmpeg

    path = tmp_path / "video.mp4"
    path.write_bytes(data)
    reader = imageio_ffmpeg.read_frames(str(path))
    meta = next(reader)
    width, height = meta["size"]
    pictures = [np.frombuffer(frame, np.uint8).reshape(height, width, 3) for frame in reader]
    return pictures, meta


def heading(picture: np.ndarray) -> str:
    """The large words at the top of a frame, as Tesseract reads them: lower case, letters and digits."""
    tesseract = shutil.which("tesseract")
    assert tesseract, "tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng; .ci/run does)"
    height, width = picture.shape[:2]
    crop = Image.fromarray(picture).crop(heading_box((width, height))).convert("L")
    out = io.BytesIO()
    crop.save(out, format="PNG")
    read = subprocess.run(
        [tesseract, "stdin", "stdout", "--psm", "7", "-l", "eng"], input=out.getvalue(), capture_output=True, check=True
    )
    return " ".join(re.findall(r"[a-z0-9]+", read.stdout.decode("utf-8").lower()))


@pytest.mark.slow
def test_the_seeds_video_is_h264_for_browsers_and_phones(seed_mp4, tmp_path):
    pictures, meta = decoded(seed_mp4, tmp_path)
    assert meta["size"] == (1920, 1080) and meta["fps"] == 30
    assert "h264" in meta["codec"] and "yuv420p" in meta["pix_fmt"]
    assert meta["duration"] == pytest.approx(SEED_SECONDS, abs=0.05)
    assert len(pictures) == SEED_SECONDS * 30
    # faststart: the index (moov) comes before the pictures (mdat), so a browser plays while it loads.
    assert 0 < seed_mp4.find(b"moov") < seed_mp4.find(b"mdat")


@pytest.mark.slow
def test_the_video_shows_each_month_large_and_ends_on_the_whole_period(seed_mp4, tmp_path):
    pictures, _ = decoded(seed_mp4, tmp_path)
    assert heading(pictures[0]) == "juni 2025"
    assert heading(pictures[45]) == "juli 2025"  # each month 1.5 s, 45 frames
    assert heading(pictures[-1]) == "juni september 2025"
    # The map holds still and the months differ: June's frame is not September's.
    assert np.abs(pictures[0].astype(int) - pictures[-1].astype(int)).mean() > 1


@pytest.mark.slow
@pytest.mark.parametrize(
    "size, lang, first, last",
    [
        ((1080, 1080), "en", "june 2025", "june september 2025"),
        ((1080, 1920), "nl", "juni 2025", "juni september 2025"),
    ],
)
def test_the_gif_in_each_size_and_language(seed, size, lang, first, last):
    trips, stops, paint = seed
    data = render("gif", trips, stops, lang=lang, paint=paint, size=size)
    assert len(data) < 5_000_000
    picture = Image.open(io.BytesIO(data))
    assert picture.format == "GIF" and picture.size == size and picture.n_frames == 5
    durations, frames = [], []
    for n in range(picture.n_frames):
        picture.seek(n)
        durations.append(picture.info["duration"])
        frames.append(np.asarray(picture.convert("RGB")))
    assert durations == [1500, 1500, 1500, 1500, 4000] and picture.info["loop"] == 0
    assert heading(frames[0]) == first and heading(frames[-1]) == last


@pytest.mark.slow
def test_growing_from_the_start_has_a_frame_per_month_the_last_one_whole(seed, tmp_path):
    trips, stops, paint = seed
    data = render("mp4", trips, stops, lang="en", paint=paint, size=(1080, 1920), playback="grow")
    pictures, meta = decoded(data, tmp_path)
    assert meta["size"] == (1080, 1920) and len(pictures) == (3 * 1.5 + 4.0) * 30
    assert heading(pictures[0]) == "june 2025" and heading(pictures[-1]) == "june september 2025"


def test_the_months_played_are_the_trips_within_the_chosen_period(seed):
    """A trip of May to July chosen by June alone plays June; with no period, May to September (the empty
    August included, as the app's play control steps through it)."""
    from dataclasses import replace

    from reisatlas.exports import prepared
    from reisatlas.exports.playback import playback_months, steps

    trips, stops, paint = seed
    long = trips.copy()
    long.at[long.index[0], "months"] = ["2025-05", "2025-06", "2025-07"]
    export = prepared(long, stops, "nl", paint=paint)
    assert playback_months(replace(export, period=("2025-06", "2025-06"))) == ["2025-06"]
    assert playback_months(replace(export, period=("2025-06", "9999-12"))) == [
        "2025-06",
        "2025-07",
        "2025-08",
        "2025-09",
    ]
    assert playback_months(export) == ["2025-05", "2025-06", "2025-07", "2025-08", "2025-09"]
    headings = [step.heading for step in steps(replace(export, playback="grow"))]
    assert headings == ["mei 2025", "mei – juni 2025", "mei – juli 2025", "mei – augustus 2025", "mei – september 2025"]


def test_no_trips_or_no_months_is_said_plainly(seed):
    trips, stops, paint = seed
    with pytest.raises(SelectionError, match="geen reis past bij de filters"):
        render("mp4", Selection(months=("2030-01", "2030-02")).apply(trips), stops, paint=paint)
    undated = trips.head(1).assign(months=[[]], first_month="", last_month="")
    with pytest.raises(SelectionError, match="geen van de gekozen reizen heeft een periode"):
        render("gif", undated, stops, paint=paint)


@pytest.mark.slow
def test_the_command_line_writes_the_video_and_its_text_alternative(seed_path, tmp_path, capsys):
    out = tmp_path / "kasmi.gif"
    code = main(
        [
            "export",
            "--offline",
            "--format",
            "gif",
            "--official",
            "Kasmi",
            "--size",
            "1080x1080",
            "--lang",
            "en",
            "--out",
            str(out),
            str(seed_path),
        ]
    )
    assert code == 0
    assert Image.open(out).size == (1080, 1080)
    text = (tmp_path / "kasmi.gif.txt").read_text(encoding="utf-8")
    assert text.startswith("Animation of the selected trips in 1 step, month by month (June 2025)")
    assert "2 trips to 4 places in 2 countries, June 2025" in text
    assert "- Werkbezoek Manchester (Verenigd Koninkrijk) (alderman Kasmi, June 2025): Manchester" in text

    code = main(
        [
            "export",
            "--offline",
            "--format",
            "mp4",
            "--official",
            "Kasmi",
            "--from",
            "2030-01",
            "--out",
            str(tmp_path / "none.mp4"),
            str(seed_path),
        ]
    )
    said = capsys.readouterr().err
    assert code == 2 and said.strip() == "reisatlas: error: geen reis past bij de filters; niets te exporteren"
    assert "Traceback" not in said and not (tmp_path / "none.mp4").exists()


def test_the_slides_text_alternative_names_every_trip(seed):
    trips, stops, _ = seed
    text = text_alternative("png", trips, stops, lang="nl")
    lines = text.splitlines()
    assert lines[0] == "Kaart van de gekozen reizen, met de routes vanaf Rotterdam."
    assert lines[1].startswith("7 reizen naar 11 plaatsen in 7 landen, juni – september 2025")
    assert sum(line.startswith("- ") for line in lines) == 7
    assert (
        lines[4]
        == "- Werkbezoek Malmö, Botkyrka en Stockholm (Zweden) (wethouder Kasmi, juni 2025): Malmö, Botkyrka, Stockholm"
    )


def test_the_map_page_offers_the_video_the_animation_and_the_text_alternative():
    from apptest import run_app

    at = run_app({"official": "Kasmi", "lang": "en"})
    (sizes,) = [group for group in at.get("button_group") if group.label == "Size of the slide, video and animation"]
    assert [option.content for option in sizes.proto.options] == [
        "1920×1080 (slide)",
        "1080×1080 (square)",
        "1080×1920 (portrait)",
    ]
    (links,) = [element.proto.body for element in at.get("html") if "reisatlas-downloads" in element.proto.body]
    labels = re.findall(r'download="[^"]+">([^<]+)</a>', links)  # the downloads are links any process answers
    assert labels[-3:] == ["Video (MP4)", "Animation (GIF)", "Text alternative (.txt)"]
    assert not at.exception


@pytest.mark.slow
def test_a_download_is_the_chosen_size_and_play_mode(seed_path, offline_geocoder):
    """The app's download address (reisatlas.downloads: ?size=…&play=…, rendered by any process)."""
    from reisatlas.atlas import DocumentCache, load_atlas
    from reisatlas.downloads import answer_download

    atlas = load_atlas([seed_path], offline_geocoder, DocumentCache())

    def download(name, params):
        answer = answer_download(
            name,
            params,
            atlas.trips,
            atlas.stops,
            version="v",
            modified=None,
            paints=lambda by, lang: colouring(atlas.trips, by, lang),
        )
        assert answer.status == 200, answer.body
        return answer.body

    # Growing from June to September: four frames, the last the whole selection (a month at a time has five).
    picture = Image.open(io.BytesIO(download("a.gif", [("size", "1080x1920"), ("play", "grow")])))
    assert picture.size == (1080, 1920) and picture.n_frames == 4
    # The chosen period's months: June, July, then the two together.
    summer = [("months", "2025-06"), ("months", "2025-07"), ("lang", "en"), ("size", "1080x1080"), ("play", "window")]
    picture = Image.open(io.BytesIO(download("a.gif", summer)))
    assert picture.size == (1080, 1080) and picture.n_frames == 3
    text = download("a.png.txt", [("official", "Kasmi"), ("lang", "en")]).decode("utf-8")
    assert text.startswith("Map of the selected trips") and text.count("\n- ") == 2
