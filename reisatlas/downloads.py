"""The app's downloads as addresses: ``/downloads/<file name>?<the view's address>``, any export of a selection,
rendered from the address by whichever app process answers, as a feed is (``reisatlas.feeds``), so nothing is
kept in the memory of the process that drew the button: a download works on any process behind a balancer,
after a failover or a restart.

The file name's suffix says the format (``reisatlas_kasmi_2025-06.xlsx``; ``….png.txt`` is the pictures' text
alternative); the query holds the feeds' parameters (the selection and ``lang``) and ``colour`` (official or
theme), and for a picture ``size`` (``1920x1080``, …) and ``play`` (the play mode, window or grow).
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable, Iterable, Sequence

import pandas as pd

from .errors import SelectionError
from .exports import FORMATS, PICTURES, SIDECAR_SUFFIX, render, text_alternative
from .exports.playback import DEFAULT_SIZE, MODES, SIZES
from .feeds import (
    PARAMETERS,
    FeedResponse,
    _by_key,
    _not_modified,
    _safe_name,
    content_headers,
    etag,
    parse_params,
    refused,
    stamp,
    unknown,
    validators,
)

PREFIX = "/downloads/"
COLOURINGS = ("official", "theme")
OWN = ("colour", "size", "play")  # a download's parameters beside the feeds'
TEXT = "txt"  # the pictures' text alternative, ``<name>.png.txt``


def download_path(file_name: str, params: Iterable[tuple[str, str]] = ()) -> str:
    """The download's address below the app's base: its path (the file's name) and the query.

    >>> download_path("reisatlas_kasmi.xlsx", [("official", "Kasmi"), ("lang", "en"), ("colour", "theme"), ("q", "")])
    '/downloads/reisatlas_kasmi.xlsx?official=Kasmi&lang=en&colour=theme'
    """
    from urllib.parse import quote, urlencode

    query = urlencode([(k, v) for k, v in params if (k in PARAMETERS or k in OWN) and v])
    return PREFIX + quote(file_name) + (f"?{query}" if query else "")


def download_format(name: str) -> str | None:
    """The export format a file name asks for by its suffix (``TEXT`` for a picture's text alternative), or None.

    >>> download_format("a.PNG"), download_format("a.png.txt"), download_format("a.exe")
    ('png', 'txt', None)
    """
    if len(name) > 200:
        return None
    if name.lower().endswith(".png" + SIDECAR_SUFFIX):
        return TEXT
    return next((fmt for fmt, known in FORMATS.items() if name.lower().endswith(known.suffix)), None)


def _one(given: Sequence[str], known: Sequence[str], default: str, key: str, **said) -> str:
    for value in given:
        if value not in known:
            raise SelectionError.said(key, **{name: repr(value) for name in said}, known=", ".join(known))
    return given[-1] if given else default


def answer_download(
    name: str,
    params,
    trips: pd.DataFrame,
    stops: pd.DataFrame,
    *,
    version: str,
    modified: datetime | None,
    paints: Callable[[str, str], object],
    if_none_match: str | None = None,
) -> FeedResponse:
    """The response to ``GET /downloads/<name>?<params>`` over the atlas's ``trips`` and ``stops``, coloured by
    ``paints(by, lang)`` (the atlas's Colouring by official or theme): an attachment of that name, or 400 saying
    why (an unknown parameter or value, nothing selected, a calendar or a video without months)."""
    format = download_format(name)
    if format is None:
        return unknown(name)
    given = _by_key(params)
    own = {key: given.pop(key, []) for key in OWN}
    try:
        selection, lang = parse_params(given, trips)
        by = _one(own["colour"], COLOURINGS, COLOURINGS[0], "error_unknown_colouring", colouring=True)
        size = _one(own["size"], list(SIZES), DEFAULT_SIZE, "error_unknown_size", size=True)
        play = _one(own["play"], MODES, MODES[0], "error_unknown_playback", mode=True)
        chosen = selection.apply(trips)
        if chosen.empty:  # a download is of what a page offers: some trips …
            raise SelectionError.said("error_nothing_to_export")
        dated = (chosen["first_month"] != "").any()
        if format == "ics" and not dated:  # … a calendar, a video: with months
            raise SelectionError.said("error_calendar_empty")
        if format in ("mp4", "gif") and not dated:
            raise SelectionError.said("error_playback_no_period")
    except SelectionError as err:
        return refused(err)
    tag = etag(version, name, selection, "\0".join((lang, by, size, play)))
    headers = validators(tag, modified)
    if _not_modified(tag, modified, if_none_match, None):
        return FeedResponse(304, b"", headers)
    pictures = {"size": SIZES[size], "playback": play, "period": selection.months}
    if format == TEXT:
        body = text_alternative("png", chosen, stops, lang=lang).encode("utf-8")
        disposition = {"Content-Disposition": f'attachment; filename="{_safe_name(name)}"'}
        return FeedResponse(200, body, {**headers, "Content-Type": "text/plain; charset=utf-8", **disposition})
    paint = paints(by, lang).following(selection.themes)
    options = pictures if format in PICTURES else {}
    body = render(format, chosen, stops, lang=lang, paint=paint, allow_empty=True, stamp=stamp(modified), **options)
    return FeedResponse(200, body, {**headers, **content_headers(format, name, "attachment")})
