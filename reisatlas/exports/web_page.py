"""A standalone web page with the app's pydeck map, the country outlines and deck.gl inline.

pydeck writes the map's JSON verbatim into a ``<script>``; document text containing ``</script>``
would end that script early. The JSON is therefore re-encoded with ``<``, ``>`` and ``&`` as
``\\u003c``-style escapes, which JavaScript reads back as the same characters.
"""

from __future__ import annotations

import json
import re
from html import escape

import pandas as pd

from ..errors import ExportError
from ..i18n import month_label, t
from ..layers import Colouring, build_deck
from .common import Export

# pydeck can inline deck.gl (4 MB) instead of loading it from a CDN: the page then works offline.
INLINE_DECKGL = True
# pydeck's template also loads a basemap library and stylesheets from CDNs; a map without a basemap
# uses none of them, so they go, and opening the page makes no request at all. (Each tag is on a line
# of its own; the inline bundle is one long line and never matches.)
CDN_TAGS = re.compile(
    r'^[ \t]*(?:<script src="https?://[^"]*"></script>|<link rel="stylesheet" href="?https?://[^"\s>]*"? */?>)[ \t]*\n',
    re.MULTILINE,
)

PANEL_CSS = """
#reisatlas-caption { position: absolute; z-index: 2; top: 12px; left: 12px; max-width: min(34rem, 80vw);
  max-height: calc(100vh - 24px); overflow: auto; box-sizing: border-box; padding: 10px 14px;
  background: rgba(255, 255, 255, 0.92); border-radius: 6px; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25);
  font: 14px/1.4 "DejaVu Sans", Helvetica, Arial, sans-serif; color: #1e1e1e; }
#reisatlas-caption h1 { font-size: 17px; margin: 0 0 6px; }
#reisatlas-caption ul { margin: 4px 0; padding-left: 0; list-style: none; }
#reisatlas-caption .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 50%; margin-right: 6px; }
#reisatlas-caption details ul { list-style: disc; padding-left: 18px; }
#reisatlas-caption .source { color: #555; font-size: 12px; margin: 6px 0 0; }
"""


def script_safe_json(text: str) -> str:
    """JSON that cannot end the ``<script>`` it is written into.

    >>> script_safe_json('{"title": "</script><script>alert(1)</script>"}')
    '{"title":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    compact = json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        compact = compact.replace(char, code)
    return compact


def _period(months, lang: str) -> str:
    if not len(months):
        return t("no_period", lang)
    first, last = month_label(months[0], lang), month_label(months[-1], lang)
    return first if first == last else f"{first} – {last}"


def _caption(trips: pd.DataFrame, paint: Colouring, lang: str, title: str, source: str) -> str:
    legend = "".join(
        f'<li><span class="swatch" style="background:{colour}"></span>{escape(label)}</li>'
        for label, colour in paint.legend(trips)
    )
    items = "".join(
        f"<li>{escape(trip['title'])} — {escape(', '.join(trip['official_labels']))} — {escape(_period(trip['months'], lang))}</li>"
        for _, trip in trips.iterrows()
    )
    return (
        f'<aside id="reisatlas-caption"><h1>{escape(title)}</h1>'
        f"<ul>{legend}</ul>"
        f"<details><summary>{escape(t('trips', lang))} ({len(trips)})</summary><ul>{items}</ul></details>"
        f'<p class="source">{escape(source)}</p></aside>'
    )


def html_bytes(export: Export) -> bytes:
    """The app's map as one HTML file, with a caption: the summary, the legend, the trips, the sources."""
    trips, stops, lang, paint, title = export.trips, export.stops, export.lang, export.paint, export.title
    deck = build_deck(trips, stops, paint, lang)  # the outlines in the page itself, 1:50m when zoomed in
    raw = deck.to_json()
    page = deck.to_html(as_string=True, offline=INLINE_DECKGL, notebook_display=False)
    if page.count(raw) != 1:
        raise ExportError.said("error_unsafe_page")
    page = page.replace(raw, script_safe_json(raw))
    if INLINE_DECKGL:
        page = CDN_TAGS.sub("", page)
    page = page.replace("<html>", f'<html lang="{escape(lang)}">', 1)
    page = page.replace("<title>pydeck</title>", f"<title>{escape(title)}</title>", 1)
    page = page.replace("</style>", PANEL_CSS + "</style>", 1)
    source = export.source_line(", ".join)
    page = page.replace("</body>", _caption(trips, paint, lang, title, source) + "\n  </body>", 1)
    return page.encode("utf-8")
