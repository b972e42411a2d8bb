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


def _not_modified(
    tag: str, modified: datetime | None, if_none_match: str | None, if_modified_since: str | None
) -> bool:
    """RFC 9110 §13.1: If-None-Match wins; If-Modified-Since counts only without it."""
    if if_none_match is not None:
        offered = {value.strip().removeprefix("W/") for value in if_none_match.split(",")}
        return "*" in offered or tag in offered
    if if_modified_since and modified is not None:
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
    modified: datetime | None,
    if_none_match: str | None = None,
    if_modified_since: str | None = None,
    paint=None,
) -> FeedResponse:
    """The response to ``GET /feeds/<name>?<params>`` over the atlas ``trips`` and ``stops`` (every trip; the
    parameters select). ``version`` identifies the atlas (e.g. a hash of its documents), ``modified`` is when it
    last changed (timezone-aware; None: unknown, no Last-Modified)."""
    if name not in FEEDS:
        return unknown(name)
    try:
        selection, lang = parse_params(params, trips)
    except SelectionError as err:  # in both languages: the reader's language is what may be wrong
        return refused(err)
    format = FEEDS[name]
    tag = etag(version, name, selection, lang)
    headers = validators(tag, modified)
    if _not_modified(tag, modified, if_none_match, if_modified_since):
        return FeedResponse(304, b"", headers)
    # Stamped with the content's time, not now: a strong ETag promises the same bytes every time.
    body = render(
        format, selection.apply(trips), stops, lang=lang, paint=paint, allow_empty=True, stamp=stamp(modified)
    )
    return FeedResponse(200, body, {**headers, **content_headers(format, name, "inline")})


def unknown(name: str) -> FeedResponse:
    known = ", ".join(PREFIX + feed for feed in FEEDS)
    return _text(404, "".join(t("error_unknown_feed", lang, name=repr(name), known=known) + "\n" for lang in LANGUAGES))


def refused(err: SelectionError) -> FeedResponse:
    return _text(400, f"{err.text('nl')}\n{err.text('en')}\n")


def validators(tag: str, modified: datetime | None) -> dict[str, str]:
    headers = {"ETag": tag, "Cache-Control": f"public, max-age={MAX_AGE}"}
    if modified is not None:
        headers["Last-Modified"] = format_datetime(modified.astimezone(timezone.utc), usegmt=True)
    return headers


def stamp(modified: datetime | None) -> datetime:
    """A calendar's DTSTAMP: when the content last changed, or a fixed time (never now: the same bytes each time)."""
    return modified or datetime(2000, 1, 1, tzinfo=timezone.utc)


def content_headers(format: str, name: str, disposition: str) -> dict[str, str]:
    media_type = FORMATS[format].media_type
    charset = "; charset=utf-8" if media_type.startswith("text/") or format in ("json", "geojson") else ""
    return {
        "Content-Type": media_type + charset,
        "Content-Disposition": f'{disposition}; filename="{_safe_name(name)}"',
    }


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


def last_modified(store_changed: datetime | None) -> datetime | None:
    """The feeds' Last-Modified: the store's latest change (a publication, correction or undo, recorded in the
    store every process and machine shares), or None (no Last-Modified) for a store never changed. Never a
    file's modification time: two identical checkouts, or two machines, give the same value. The ETag (a hash
    of the content) is what tells every other change, a new document in the folder or a new version of the app;
    it wins over If-Modified-Since."""
    return store_changed.astimezone(timezone.utc).replace(microsecond=0) if store_changed else None
