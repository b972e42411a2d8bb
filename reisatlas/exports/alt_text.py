"""The text alternative of a picture or video of the map (WCAG 1.1.1): what it shows, the summary sentence, and
every trip on it, one line each, in the picture's language. The command line writes it beside the file
(``FILE.txt``), the app offers it with the download, the HTML export and a link preview carry it."""

from __future__ import annotations

import pandas as pd

from ..i18n import official, period_text, t
from .common import Export

SIDECAR_SUFFIX = ".txt"


def trip_line(trip: pd.Series, lang: str) -> str:
    """ "Werkbezoek Tokio (burgemeester Schouten, juni 2025): Tokio, Osaka, Kobe"."""
    who = ", ".join(official(label, lang) for label in trip["official_labels"]) or t("no_official", lang)
    when = period_text(trip["start"], trip["end"], trip["months"], lang)
    places = ", ".join(trip["places"])
    return f"{trip['title']} ({who}, {when})" + (f": {places}" if places else "")


def trip_lines(trips: pd.DataFrame, lang: str) -> list[str]:
    """A line per trip, in time order (trips without a period last), then in document order."""
    ordered = trips.assign(_undated=trips["first_month"] == "").sort_values(
        ["_undated", "first_month", "file", "line"], kind="stable"
    )
    return [trip_line(trip, lang) for _, trip in ordered.iterrows()]


def alt_text(export: Export, opening: str | None = None) -> str:
    """The text alternative: ``opening`` (what the picture is; default: a map of the selected trips), the summary
    sentence, then the trips one per line, and the source.

    Plain text: a page that embeds it escapes it (it holds the documents' words)."""
    lang = export.lang
    lines = [opening or t("alt_map", lang), export.title + ".", "", t("alt_trips", lang)]
    lines += [f"- {line}" for line in trip_lines(export.trips, lang)]
    lines += ["", export.source_line(", ".join)]
    return "\n".join(lines) + "\n"


def alt_line(export: Export, opening: str | None = None) -> str:
    """The same on one line, for an attribute (``alt``, ``og:image:alt``): the trips separated by semicolons."""
    lang = export.lang
    trips = "; ".join(trip_lines(export.trips, lang))
    return f"{opening or t('alt_map', lang)} {export.title}. {t('alt_trips', lang)} {trips}. {export.source_line(', '.join)}"
