"""The atlas as a static website, for any web server or CDN: ``reisatlas publish`` and Beheer's button.

    publish(selected_trips, atlas.stops, "public/", lang="nl", everything=atlas.trips)

writes, in a new folder swapped in whole (``site.folder``):

- ``index.html``: the map (SVG drawn now, ``site.svg``), the summary line, the month, official and theme
  filters, the trip list with each purpose and details, the data files and the embed code (``site.page``);
- ``embed.html``: the same, compact, for an ``<iframe>`` that takes its height from the page inside it;
- ``reizen.ics``, ``reizen.geojson``, ``reizen.csv``, ``reizen.json``: the exports' renderers, as the feeds;
- ``reizen-details.js``: each trip's details, loaded when a reader first opens one;
- ``preview.png``: 1200×630, the image a link shows when shared, and its Open Graph and Twitter tags in every
  page's head (``reisatlas.previews``, issue 23);
- the same pages and files in the other language in a folder of its own (``en/`` beside Dutch pages);
- ``reisatlas-site.json``: what was published when (and the mark of a site, for the next publication).

Nothing is fetched from anywhere else, and no page sets a cookie: it opens from ``file://`` as well.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from pathlib import Path

import pandas as pd
from babel.dates import format_date

from ..colours import colouring
from ..errors import SelectionError
from ..exports import render
from ..exports.common import file_name
from ..i18n import LANGUAGES, count, t
from ..places import DOCUMENTS_LANGUAGE, localised
from ..previews import preview_image
from .folder import MARK, check_out, is_site, new_site
from .page import DETAILS, FEED_FILES, details_script, embed_snippet, page


def holds_line(trips: pd.DataFrame, lang: str, today: date) -> str:
    """ "Deze atlas bevat 7 reizen uit 1 document, gepubliceerd op 5 december 2026." """
    documents = len(set(trips["file"].map(file_name)))
    return t(
        "site_holds",
        lang,
        trips=count(len(trips), "trip", lang),
        documents=t("site_document_one", lang) if documents == 1 else t("site_document_many", lang, n=documents),
        date=format_date(today, "long", locale=lang),
    )


def publish(
    trips: pd.DataFrame,
    stops: pd.DataFrame,
    out: str | Path,
    *,
    lang: str = "nl",
    everything: pd.DataFrame | None = None,
    url: str = "",
    force: bool = False,
    today: date | None = None,
) -> Path:
    """Write the site of the selected ``trips`` (a ``trips_frame``; ``stops`` may hold more) to ``out``, its
    front page in ``lang`` and the other language in a folder of its own. ``everything``: the trips the colours
    are fixed over (the whole atlas, as in the app); ``url``: where the site will be served, ending in "/" (for
    the embed code and the preview image's address). Raises SelectionError when there is no trip (nothing is
    written), SiteError when ``out`` is not an earlier site and not ``force``d, or cannot be written."""
    if trips.empty:
        raise SelectionError.said("error_site_nothing")
    if lang not in LANGUAGES:
        raise SelectionError.said("error_unknown_language", language=lang, known=", ".join(LANGUAGES))
    out = Path(out)
    check_out(out, force)  # before the slow part: a refusal comes at once
    today = today or date.today()
    url = url if not url or url.endswith("/") else url + "/"
    other = next(code for code in LANGUAGES if code != lang)
    with new_site(out, force) as folder:
        for code, where in ((lang, folder), (other, folder / other)):
            where.mkdir(exist_ok=True)
            _write_language(
                where,
                trips,
                stops,
                code,
                everything if everything is not None else trips,
                back=f"{other}/" if code == lang else "../",
                url=url + f"{other}/" if url and code != lang else url,
                today=today,
            )
        (folder / MARK).write_text(
            json.dumps(
                {
                    "generator": "reisatlas publish",
                    "published": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                    "trips": len(trips),
                    "languages": {lang: "index.html", other: f"{other}/index.html"},
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    return out


def _write_language(where: Path, trips, stops, lang: str, everything, *, back: str, url: str, today: date) -> None:
    """One language's pages and files in ``where``; ``back`` leads to the other language's folder."""
    paint = colouring(everything, "official", lang)
    if lang != DOCUMENTS_LANGUAGE:
        trips, stops = localised(trips, stops, lang)
    holds = holds_line(trips, lang, today)
    stamp = datetime.combine(today, datetime.min.time(), timezone.utc)
    for name in ("index.html", "embed.html"):
        text = page(trips, stops, paint, lang, embed=name == "embed.html", other=back + name, holds=holds, url=url)
        (where / name).write_text(text, encoding="utf-8")
    (where / DETAILS).write_text(details_script(trips, lang), encoding="utf-8")
    for name, _ in FEED_FILES:
        fmt = name.rsplit(".", 1)[1]
        (where / name).write_bytes(render(fmt, trips, stops, lang=lang, paint=paint, allow_empty=True, stamp=stamp))
    (where / "preview.png").write_bytes(preview_image(trips, stops, lang=lang, paint=paint))


__all__ = ["MARK", "embed_snippet", "holds_line", "is_site", "publish"]
