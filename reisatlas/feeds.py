"""Read-only feeds of the trips, for addresses that stay current: ``/feeds/reizen.ics`` (subscribe in a
calendar), ``.geojson``, ``.csv`` and ``.json``.

A feed is the export of the same name over the same filters, given as query parameters as in the app's links
(``?official=Schouten&theme=klimaat&months=2025-06&months=2025-09&lang=en``). This module turns a request's
parameters and conditional headers into a ``FeedResponse`` (status, body, headers) and knows nothing of the web
server that serves it:

    response = answer("reizen.ics", [("theme", "klimaat")], trips, stops, version=atlas_version, modified=when)

The ETag is a hash of the atlas (its documents' contents, the app's code and data) and the request, Last-Modified
the store's latest change (``last_modified``; never a file's time), so a calendar that polls hourly is answered
``304 Not Modified`` without a body until something changes. A bad parameter is answered ``400`` with one line saying which and what is allowed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from typing import Iterable, Mapping, Sequence

import pandas as pd

from .errors import SelectionError
from .exports import FORMATS, render
from .i18n import LANGUAGES, t
from .selection import PARAMETERS as SELECTION_PARAMETERS
from .selection import Selection

FEEDS = {"reizen.ics": "ics", "reizen.geojson": "geojson", "reizen.csv": "csv", "reizen.json": "json"}
PARAMETERS = (*SELECTION_PARAMETERS, "from", "to", "lang")  # the links' filters, a period's ends, the language
PREFIX = "/feeds/"
MAX_AGE = 3600  # seconds a client may keep a feed without asking again
# The app's downloads: any export of a selection, ``/downloads/<file name>?<the feeds' parameters>&colour=theme``,
# rendered from the address by whichever process answers (no file kept in one process's memory).
DOWNLOADS = "/downloads/"
COLOURINGS = ("official", "theme")


@dataclass(frozen=True)
class FeedResponse:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def feed_path(format: str) -> str:
    """The path of the feed for an export format, or "" when there is none.

    >>> feed_path("ics"), feed_path("png")
    ('/feeds/reizen.ics', '')
    """
    return next((PREFIX + name for name, fmt in FEEDS.items() if fmt == format), "")


def feed_url(base: str, format: str, params: Iterable[tuple[str, str]] = ()) -> str:
    """The address to copy: ``base`` (scheme, host and port) + the feed's path + the filters.

    >>> feed_url("http://localhost:8501", "csv", [("theme", "klimaat"), ("months", "2025-06")])
    'http://localhost:8501/feeds/reizen.csv?theme=klimaat&months=2025-06'
    """
    from urllib.parse import urlencode

    query = urlencode([(k, v) for k, v in params if k in PARAMETERS and v])
    return base.rstrip("/") + feed_path(format) + (f"?{query}" if query else "")


def download_path(file_name: str, params: Iterable[tuple[str, str]] = ()) -> str:
    """The download's address below the app's base: its path (the file's name, whose suffix says the format) and
    the filters, the language and the colouring as query.

    >>> download_path("reisatlas_kasmi.xlsx", [("official", "Kasmi"), ("lang", "en"), ("colour", "theme"), ("q", "")])
    '/downloads/reisatlas_kasmi.xlsx?official=Kasmi&lang=en&colour=theme'
    """
    from urllib.parse import quote, urlencode

    query = urlencode([(k, v) for k, v in params if (k in PARAMETERS or k == "colour") and v])
    return DOWNLOADS + quote(file_name) + (f"?{query}" if query else "")


def _by_key(params: Mapping[str, Sequence[str]] | Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    if isinstance(params, Mapping):
        return {key: [values] if isinstance(values, str) else list(values) for key, values in params.items()}
    grouped: dict[str, list[str]] = {}
    for key, value in params:
        grouped.setdefault(key, []).append(value)
    return grouped


def parse_params(params, trips: pd.DataFrame) -> tuple[Selection, str]:
    """The selection and language a feed's query asks for, read as the app reads its links
    (``Selection.from_params``: ids or labels in either language). Raises SelectionError (with its text in both
    languages) naming the parameter and what is allowed: an unknown parameter, language or value of a facet
    (official, theme, country, …), a month not YYYY-MM.

    >>> from reisatlas.selection import trips_frame
    >>> parse_params([("theme", "Klimaat"), ("months", "2025-06")], trips_frame([]))[0]
    Selection(chosen=(('theme', ('klimaat',)),), months=('2025-06', '2025-06'), text='')
    """
    given = _by_key(params)
    for key in given:
        if key not in PARAMETERS:
            raise SelectionError.said("error_unknown_parameter", parameter=repr(key), known=", ".join(PARAMETERS))
    languages = [value for value in given.get("lang", []) if value.strip()]
    lang = languages[-1].strip() if languages else "nl"
    if lang not in LANGUAGES:
        raise SelectionError.said("error_unknown_language", language=lang, known=", ".join(LANGUAGES))
    return Selection.from_params(given, trips, strict=True), lang


def etag(version: str, name: str, selection: Selection, lang: str) -> str:
    """A strong ETag for this atlas version, feed and request: the same question about the same documents has the
    same answer."""
    digest = hashlib.sha256(f"{version}\0{name}\0{selection!r}\0{lang}".encode("utf-8")).hexdigest()[:32]
    return f'"{digest}"'


def _not_modified(tag: str, modified: datetime, if_none_match: str | None, if_modified_since: str | None) -> bool:
    """RFC 9110 §13.1: If-None-Match wins; If-Modified-Since counts only without it."""
    if if_none_match is not None:
        offered = {value.strip().removeprefix("W/") for value in if_none_match.split(",")}
        return "*" in offered or tag in offered
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        return since.tzinfo is not None and modified.replace(microsecond=0) <= since
    return False


def answer(
    name: str,
    params,
    trips: pd.DataFrame,
    stops: pd.DataFrame,
    *,
    version: str,
    modified: datetime,
    if_none_match: str | None = None,
    if_modified_since: str | None = None,
    paint=None,
    paints=None,
) -> FeedResponse:
    """The response to ``GET /feeds/<name>?<params>`` over the atlas ``trips`` and ``stops`` (every trip; the
    parameters select). ``version`` identifies the atlas (e.g. a hash of its documents), ``modified`` is when it
    last changed (timezone-aware).

    With ``paints`` (``paints(by, lang)``: the atlas's Colouring by official or theme) it is the response to a
    download, ``GET /downloads/<file name>?<params>``: any export format, by the name's suffix, coloured as the
    ``colour`` parameter says, sent as an attachment of that name."""
    format = FEEDS.get(name) or (_download_format(name) if paints is not None else None)
    if format is None:
        known = ", ".join(PREFIX + feed for feed in FEEDS)
        return _text(
            404, "".join(t("error_unknown_feed", lang, name=repr(name), known=known) + "\n" for lang in LANGUAGES)
        )
    given = _by_key(params)
    colours = given.pop("colour", []) if paints is not None else []
    try:
        selection, lang = parse_params(given, trips)
        by = _colouring(colours)
        if paints is not None:
            paint = paints(by, lang).following(selection.themes)
        chosen = selection.apply(trips)
        if paints is not None and chosen.empty:  # a download is of what a page offers: some trips …
            raise SelectionError.said("error_nothing_to_export")
        if paints is not None and format == "ics" and (chosen["first_month"] == "").all():  # … a calendar: dated
            raise SelectionError.said("error_calendar_empty")
    except SelectionError as err:  # in both languages: the reader's language is what may be wrong
        return _text(400, f"{err.text('nl')}\n{err.text('en')}\n")
    tag = etag(version, name, selection, lang + (f"\0{by}" if paints is not None else ""))
    headers = {
        "ETag": tag,
        "Last-Modified": format_datetime(modified.astimezone(timezone.utc), usegmt=True),
        "Cache-Control": f"public, max-age={MAX_AGE}",
    }
    if _not_modified(tag, modified, if_none_match, if_modified_since):
        return FeedResponse(304, b"", headers)
    # Stamped with the documents' time, not now: a strong ETag promises the same bytes every time.
    body = render(format, chosen, stops, lang=lang, paint=paint, allow_empty=True, stamp=modified)
    media_type = FORMATS[format].media_type
    charset = "; charset=utf-8" if media_type.startswith("text/") or format in ("json", "geojson") else ""
    headers["Content-Type"] = media_type + charset
    disposition = "attachment" if paints is not None else "inline"
    headers["Content-Disposition"] = f'{disposition}; filename="{_safe_name(name)}"'
    return FeedResponse(200, body, headers)


def _download_format(name: str) -> str | None:
    """The export format a download's file name asks for by its suffix, or None."""
    return next(
        (fmt for fmt, known in FORMATS.items() if name.lower().endswith(known.suffix) and len(name) <= 200), None
    )


def _colouring(given: Sequence[str]) -> str:
    for value in given:
        if value not in COLOURINGS:
            raise SelectionError.said("error_unknown_colouring", colouring=repr(value), known=", ".join(COLOURINGS))
    return given[-1] if given else COLOURINGS[0]


def _safe_name(name: str) -> str:
    """A file name fit for a header: letters, digits and ``._-`` kept, anything else ``_``.

    >>> _safe_name('a"b;c ë.csv')
    'a_b_c__.csv'
    """
    return "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in name)


def _text(status: int, message: str) -> FeedResponse:
    return FeedResponse(status, message.encode("utf-8"), {"Content-Type": "text/plain; charset=utf-8"})


def atlas_version(documents: Iterable[tuple[str, str]], store_revision: int = 0) -> str:
    """A version of the feeds from the documents' (path, content hash) pairs, the store's revision (publications
    and corrections in Beheer), the package's code and data, and the texts (a feed's headers and words).

    >>> atlas_version([("a.txt", "00")]) == atlas_version([("a.txt", "00")]) != atlas_version([("a.txt", "01")])
    True
    """
    from pathlib import Path

    from .atlas import _code_fingerprint
    from .i18n import TEXTS_FILE

    digest = hashlib.sha256(_code_fingerprint().encode())
    digest.update(TEXTS_FILE.read_bytes())
    for path, content in documents:  # by name, not by the folder's path: two checkouts give the same version
        digest.update(f"{Path(path).name}\0{content}\0".encode("utf-8"))
    digest.update(f"store\0{store_revision}".encode())
    return digest.hexdigest()


def last_modified(store_changed: datetime | None) -> datetime:
    """The feeds' Last-Modified: the store's latest change (a publication, correction or undo, recorded in the
    store every process and machine shares), else 1 January 2000. Never a file's modification time: two
    identical checkouts, or two machines, give the same value. The ETag (a hash of the content) is what tells
    every other change, a new document in the folder or a new version of the app; it wins over
    If-Modified-Since."""
    stamp = store_changed or datetime(2000, 1, 1, tzinfo=timezone.utc)
    return stamp.astimezone(timezone.utc).replace(microsecond=0)
