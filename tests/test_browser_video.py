"""The video, the animation and the text alternative as a reader downloads them from the map page (issue 23), in
a real browser on the shared server (test_browser.py's fixtures): the size chosen above the buttons, the file read
back by imageio-ffmpeg's reader; screenshots of the downloads at desktop and phone size, in both languages."""

from __future__ import annotations

import re

import pytest
from test_browser import (  # noqa: F401
    CHROMIUM,
    SCREENSHOTS,
    Tab,
)

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
expect = sync_api.expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium at /usr/bin/chromium or on PATH"),
]
DOWNLOADS = '[data-testid="stMain"] .st-key-picture_size'


def test_the_map_page_downloads_the_video_in_the_size_chosen(browser, server, tmp_path):  # noqa: F811
    import imageio_ffmpeg

    tab = Tab(browser, server)
    try:
        tab.page.set_viewport_size({"width": 1440, "height": 900})
        tab.open("/?official=Kasmi")
        tab.page.locator(DOWNLOADS).get_by_text("1080×1920 (staand)").click()
        tab.wait()
        video_link = tab.page.get_by_role("link", name="Video (MP4)")
        # the link the run after the choice drew: the href carries the size chosen
        expect(video_link).to_have_attribute("href", re.compile(r"[?&]size=1080x1920(&|$)"), timeout=30_000)
        with tab.page.expect_download(timeout=120_000) as download:
            video_link.click()
        video = tmp_path / download.value.suggested_filename
        download.value.save_as(video)
        assert video.name == "reisatlas_kasmi_2025-06.mp4"
        reader = imageio_ffmpeg.read_frames(str(video))
        meta = next(reader)
        assert meta["size"] == (1080, 1920) and "h264" in meta["codec"]
        assert meta["duration"] == pytest.approx(4.0, abs=0.05)  # Kasmi's one month, held as the closing frame
        with tab.page.expect_download() as download:
            tab.page.get_by_role("link", name="Tekstalternatief (.txt)").click()
        text = download.value.path().read_text(encoding="utf-8")
        assert text.startswith("Kaart van de gekozen reizen, met de routes vanaf Rotterdam.\n2 reizen naar 4 plaatsen")
        assert "- Werkbezoek Manchester (Verenigd Koninkrijk) (wethouder Kasmi, juni 2025): Manchester" in text
        assert tab.exceptions() == [] and tab.errors == []
    finally:
        tab.context.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("width, height", [(1440, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_downloads_as_they_look(browser, server, lang, width, height):  # noqa: F811
    tab = Tab(browser, server)
    try:
        tab.page.set_viewport_size({"width": width, "height": height})
        tab.open(f"/?lang={lang}")
        sizes = tab.page.locator(DOWNLOADS)
        sizes.scroll_into_view_if_needed()
        sizes.evaluate("element => element.scrollIntoView({block: 'start'})")
        tab.page.screenshot(path=str(SCREENSHOTS / f"video_downloads_{lang}_{width}.png"))
        label = "Video (MP4)"
        assert tab.page.get_by_role("link", name=label).is_visible()
        assert tab.exceptions() == []
    finally:
        tab.context.close()
