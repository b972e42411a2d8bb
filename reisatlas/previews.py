"""Link previews: the Open Graph and Twitter-card tags that make a shared link show the map in chat apps and on
social media: a title, the summary sentence, and a preview image (the PNG slide at 1200×630) of the selection.

A page puts ``preview_tags`` in its ``<head>`` and serves ``preview_image`` at ``image_url``:

    trips = selection.apply(atlas.trips)
    write_atomically(site / "preview.png", preview_image(trips, atlas.stops, lang="nl", paint=paint))
    head += preview_tags(trips, atlas.stops, lang="nl", image_url="https://example.org/atlas/preview.png",
                         page_url="https://example.org/atlas/")

Unfurlers fetch the image by its address alone, so ``image_url`` and ``page_url`` should be absolute. Every value
is escaped: a document's words stay text.
"""

from __future__ import annotations

import html

import pandas as pd

from .colours import Colouring
from .errors import SelectionError
from .exports import prepared
from .exports.alt_text import alt_line
from .exports.static_map import png_bytes
from .i18n import period_label, t
from .summary import summarise

PREVIEW_SIZE = (1200, 630)  # what Open Graph and Twitter's large card show (1.91:1)
LOCALES = {"nl": "nl_NL", "en": "en_GB"}


def preview_image(
    trips: pd.DataFrame, stops: pd.DataFrame, *, lang: str = "nl", paint: Colouring | None = None
) -> bytes:
    """The PNG slide of the selected ``trips`` at 1200×630 (``render``'s arguments). SelectionError when none is
    selected."""
    _some(trips, lang)
    return png_bytes(prepared(trips, stops, lang, paint=paint), PREVIEW_SIZE)


def preview_fields(
    trips: pd.DataFrame, stops: pd.DataFrame, *, lang: str = "nl", image_url: str, page_url: str | None = None
) -> list[tuple[str, str, str]]:
    """(attribute, name, value) of each tag, unescaped: ("property", "og:title", "Reisatlas: juni 2025"), …"""
    _some(trips, lang)
    export = prepared(trips, stops, lang)
    months = summarise(export.trips, export.stops).months
    title = t("preview_title", lang, period=period_label(months, lang))
    alt = alt_line(export)
    width, height = PREVIEW_SIZE
    fields = [
        ("property", "og:type", "website"),
        ("property", "og:site_name", t("app_title", lang)),
        ("property", "og:locale", LOCALES.get(lang, lang)),
        ("property", "og:title", title),
        ("property", "og:description", export.title),
        *([("property", "og:url", page_url)] if page_url else []),
        ("property", "og:image", image_url),
        ("property", "og:image:type", "image/png"),
        ("property", "og:image:width", str(width)),
        ("property", "og:image:height", str(height)),
        ("property", "og:image:alt", alt),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", export.title),
        ("name", "twitter:image", image_url),
        ("name", "twitter:image:alt", alt),
    ]
    return fields


def preview_tags(
    trips: pd.DataFrame, stops: pd.DataFrame, *, lang: str = "nl", image_url: str, page_url: str | None = None
) -> str:
    """The ``<meta>`` tags for a page's ``<head>``, one a line, every value escaped (quotes included)."""
    return "\n".join(
        f'<meta {attribute}="{name}" content="{html.escape(value, quote=True)}">'
        for attribute, name, value in preview_fields(trips, stops, lang=lang, image_url=image_url, page_url=page_url)
    )


def _some(trips: pd.DataFrame, lang: str) -> None:
    if trips.empty:
        raise SelectionError(t("error_nothing_to_export", lang))
