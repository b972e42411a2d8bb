"""The published site's pages: ``index.html`` (the map, the summary line, the filters, the trip list and the
data files) and ``embed.html`` (the same, compact, for an ``<iframe>``), one of each per language.

The map is drawn at publish time (``site.svg``), twice: for a wide screen and for a phone, CSS showing the one
that fits. The summary line and the list are written out too, so the page reads without its script. The script
(``atlas.js``, inline: one request for the whole page) makes the month, official and theme filters work: it
hides the trips, markers, routes and labels they leave out and writes the summary line anew from the same
numbers the app sums (``summary.summarise``: the trips' km and CO₂, their distinct places and countries), in the
same words and number formats (``data/texts.toml``, Babel's symbols), which the browser tests hold to the digit.

Document text reaches a page only as escaped text (``html.escape``) or as JSON that cannot end its ``<script>``
(``exports.web_page.script_safe_json``).
"""

from __future__ import annotations

import json
from datetime import date
from html import escape
from importlib.resources import files
from pathlib import PurePath

import pandas as pd
from babel.dates import format_date
from babel.numbers import get_decimal_symbol, get_group_symbol

from ..colours import Colouring
from ..emissions import describe as describe_footprint
from ..exports.web_page import script_safe_json
from ..facets import by_name
from ..geo import HOME
from ..i18n import LANGUAGES, count, euros, month_label, official, period_text, t
from ..previews import preview_fields
from ..summary import summarise
from ..themes import theme_labels
from .svg import Things, svg_map

DETAILS = "reizen-details.js"  # the trips' details, loaded on the first opening
WIDE, NARROW = (1000, 600), (390, 340)  # the two maps' sizes in pixels; CSS shows the wide one from 700 px on
SUMMARY_TEXTS = (
    "summary",
    "summary_footprint",
    "summary_footprint_total",
    "summary_none",
    "summary_nothing",
    "trip_one",
    "trip_many",
    "place_one",
    "place_many",
    "country_one",
    "country_many",
    "about_tonnes",
    "about_kg",
    "less_than_kg",
    "no_period",
    "site_copied",
)
FEED_FILES = (
    ("reizen.ics", "site_feed_ics"),
    ("reizen.geojson", "site_feed_geojson"),
    ("reizen.csv", "site_feed_csv"),
    ("reizen.json", "site_feed_json"),
)


def asset(name: str) -> str:
    """The page's script or style sheet, as shipped beside this module."""
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


def page_data(trips: pd.DataFrame, stops: pd.DataFrame, lang: str) -> dict:
    """What the script needs to filter and to write the summary line: per trip its months, officials, themes,
    places, countries, municipality and footprint (``summarise``'s inputs); the words and number symbols."""
    months = sorted(set().union(*trips["months"].tolist()))
    month_index = {month: i for i, month in enumerate(months)}
    places: dict[tuple, int] = {}
    by_trip: dict[str, list] = {}
    for stop in stops[stops["trip_id"].isin(set(trips["trip_id"]))].itertuples(index=False):
        code = stop.country_code if isinstance(stop.country_code, str) else None
        place = places.setdefault((stop.name, code), len(places))
        mine = by_trip.setdefault(stop.trip_id, [[], []])
        mine[0].append(place)
        if code:
            mine[1].append(code)
    officials, themes = by_name("official"), by_name("theme")
    official_ids = list(officials.options(trips, lang))
    theme_ids = list(themes.options(trips, lang))

    def number_or_none(value) -> float | None:
        return None if pd.isna(value) else float(value)

    rows = []
    for trip in trips.itertuples(index=False):
        places_of, countries_of = by_trip.get(trip.trip_id, [[], []])
        rows.append(
            [
                trip.first_month,
                trip.last_month,
                [month_index[m] for m in trip.months],
                [official_ids.index(o) for o in trip.officials if o in official_ids],
                [theme_ids.index(th) for th in trip.themes if th in theme_ids],
                places_of,
                countries_of,
                number_or_none(trip.km),
                number_or_none(trip.co2_kg),
                number_or_none(trip.non_co2_kg),
                getattr(trip, "municipality", "") or "",
            ]
        )
    return {
        "lang": lang,
        "home": HOME.name,
        "group": get_group_symbol(lang),
        "decimal": get_decimal_symbol(lang),
        "texts": {key: t(key, lang) for key in SUMMARY_TEXTS},
        "months": months,
        "wide": [month_label(m, lang, wide=True) for m in months],
        "standalone": [format_date(date(int(m[:4]), int(m[5:7]), 1), "LLLL", locale=lang) for m in months],
        "trips": rows,
    }


def _options(name: str, everything: str, options: dict[str, str], lang: str) -> str:
    items = "".join(f'<option value="{i}">{escape(label)}</option>' for i, label in enumerate(options.values()))
    return (
        f'<label>{escape(t(name, lang))}<select id="f-{name}" name="{name}">'
        f'<option value="">{escape(t(everything, lang))}</option>{items}</select></label>'
    )


def filters_form(trips: pd.DataFrame, lang: str) -> str:
    months = sorted(set().union(*trips["months"].tolist()))
    month_options = {m: month_label(m, lang, wide=True) for m in months}
    return (
        f'<form id="filters" class="filters" aria-label="{escape(t("site_filters", lang))}">'
        + _options("site_month", "site_all_months", month_options, lang)
        + _options("officials", "site_all_officials", by_name("official").options(trips, lang), lang)
        + _options("themes", "site_all_themes", by_name("theme").options(trips, lang), lang)
        + f'<button type="reset">{escape(t("site_show_all", lang))}</button></form>'
    )


def _officials(trip, lang: str) -> str:
    return ", ".join(official(label, lang) for label in trip["official_labels"]) or t("no_official", lang)


def _costs(trip, lang: str) -> str:
    amount, paid_by = trip.get("costs"), trip.get("paid_by")
    text = euros(float(amount), lang) if amount is not None and not pd.isna(amount) else ""
    if paid_by:
        text = f"{text} ({t('paid_by', lang).lower()} {paid_by})".strip()
    return text


def trip_details(trip: pd.Series, lang: str) -> str:
    """A trip's details as the app's list shows them (escaped HTML): who, when, where, themes, footprint,
    costs, source, and the description."""
    period = period_text(trip["start"], trip["end"], trip["months"], lang)
    shown, written = ", ".join(trip["places"]), ", ".join(trip.get("document_places", trip["places"]))
    rows = [
        (t("officials", lang), _officials(trip, lang)),
        (t("period", lang), period),
        (t("places", lang), shown),
        (t("column_places_as_written", lang), "" if written == shown else written),
        (t("themes", lang), ", ".join(theme_labels(lang).get(i, i) for i in trip["themes"])),
        (t("footprint", lang), describe_footprint(trip, lang)),
        (t("municipality", lang), trip.get("municipality") or ""),
        (t("costs", lang), _costs(trip, lang)),
        (t("source", lang), t("source_line", lang, file=PurePath(str(trip["file"])).name, line=trip["line"])),
    ]
    details = "".join(f"<dt>{escape(label)}</dt><dd>{escape(str(value))}</dd>" for label, value in rows if value)
    description = "".join(f"<p>{escape(p)}</p>" for p in str(trip["description"] or "").split("\n\n") if p.strip())
    return f"<dl>{details}</dl>{description}"


def details_script(trips: pd.DataFrame, lang: str) -> str:
    """``reizen-details.js``: every trip's details, which the page loads when a reader first opens one (at
    1,000 trips they are two thirds of the list's bytes, and most readers open a few)."""
    details = [trip_details(trip, lang) for _, trip in trips.iterrows()]
    return f"window.reisatlasDetails = {script_safe_json(json.dumps(details))};\n"


def trip_item(number: int, trip: pd.Series, paint: Colouring, lang: str) -> str:
    """One trip in the list: its title and purpose, who and when; its details when opened."""
    period = period_text(trip["start"], trip["end"], trip["months"], lang)
    colour = "#%02x%02x%02x" % paint.colour(trip)
    return (
        f'<li id="trip-{number}" data-i="{number}"><details><summary>'
        f'<span class="swatch" style="background:{colour}"></span>'
        f'<span class="trip-title">{escape(trip["title"])}</span>'
        f'<span class="purpose">{escape(trip["subtitle"] or "")}</span>'
        f'<span class="meta">{escape(_officials(trip, lang))} · {escape(period)}</span>'
        '</summary><div class="more"></div></details></li>'
    )


def legend(trips: pd.DataFrame, paint: Colouring, lang: str) -> str:
    entries = "".join(
        f'<li><span class="swatch" style="background:{colour}"></span>{escape(label)}</li>'
        for label, colour in paint.legend(trips)
    )
    home = f'<li><span class="swatch home" style="background:#141414"></span>{escape(HOME.name)} ({escape(t("site_home_marker", lang))})</li>'
    return f'<ul class="legend" aria-label="{escape(t("site_legend", lang))}">{home}{entries}</ul>'


def _maps(trips, stops, paint, lang, things: Things) -> str:
    places = summarise(trips, stops).places
    label = t("site_map_label", lang, places=count(places, "place", lang))
    return "".join(
        svg_map(trips, stops, paint, lang, things, size, css_class=name, title=label).svg
        for name, size in (("map-narrow", NARROW), ("map-wide", WIDE))
    )


ALT_LIMIT = 420  # characters: Twitter's limit for an image's text alternative


def _preview_tags(trips, stops, lang: str, image_url: str, page_url: str | None) -> str:
    """The link preview's tags (``reisatlas.previews``), an image's text alternative cut after the trips a card
    takes: at 1,000 trips it named every trip, 0.1 MB in the head, twice, before the map could paint."""
    fields = preview_fields(trips, stops, lang=lang, image_url=image_url, page_url=page_url)
    return "\n".join(
        f'<meta {attribute}="{name}" content="{escape(_shortened(value) if name.endswith(":alt") else value)}">'
        for attribute, name, value in fields
    )


def _shortened(alt: str) -> str:
    """A text alternative of at most ALT_LIMIT characters, cut after a whole trip ("…; trip; …").

    >>> _shortened("Kaart: 2 reizen. Reizen: a; b. Bron: x"), len(_shortened("Kaart. Reizen: " + "abc; " * 200))
    ('Kaart: 2 reizen. Reizen: a; b. Bron: x', 415)
    """
    if len(alt) <= ALT_LIMIT:
        return alt
    cut = alt.rfind("; ", 0, ALT_LIMIT - 3)
    return (alt[:cut] if cut > 0 else alt[: ALT_LIMIT - 1]) + ";…"


def _head(lang: str, title: str, description: str, tags: str, style: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{escape(title)}</title>\n"
        f'<meta name="description" content="{escape(description)}">\n{tags}\n'
        f"<style>{style}</style>\n</head>\n"
    )


def embed_snippet(url: str, lang: str, title: str) -> str:
    """The code to paste into another site: an ``<iframe>`` of ``url`` (the embed page) that is as wide as its
    column and as tall as the page inside it says (a message on every resize), as Datawrapper's embeds do."""
    return (
        f'<iframe title="{escape(title)}" src="{escape(url)}" scrolling="no" '
        'style="width:1px;min-width:100%;border:none" height="720" loading="lazy"></iframe>'
        '<script>window.addEventListener("message",function(e){var h=e.data&&e.data["reisatlas-height"];'
        'if(!h)return;document.querySelectorAll("iframe").forEach(function(f){'
        'if(f.contentWindow===e.source)f.style.height=h+"px"})});</script>'
    )


def page(
    trips: pd.DataFrame,
    stops: pd.DataFrame,
    paint: Colouring,
    lang: str,
    *,
    embed: bool,
    other: str,
    holds: str,
    url: str = "",
) -> str:
    """``index.html`` (or with ``embed``, ``embed.html``) in ``lang``; ``other`` is the path of the same page in
    the other language, ``holds`` the line saying what the atlas holds, ``url`` where the site will be served
    (for the embed code; without it the page writes its own address in)."""
    numbers = {trip_id: i for i, trip_id in enumerate(trips["trip_id"])}
    sentence = summarise(trips, stops).sentence(lang)
    title = t("site_title", lang)
    other_lang = next(code for code in LANGUAGES if code != lang)
    style = asset("atlas.css")
    page_url = (url + ("embed.html" if embed else "")) if url else None
    tags = _preview_tags(trips, stops, lang, url + "preview.png", page_url)
    head = _head(lang, title, sentence, tags, style)
    items = "".join(trip_item(numbers[trip["trip_id"]], trip, paint, lang) for _, trip in trips.iterrows())
    heading = t("trips", lang)
    things = Things(numbers)
    maps = _maps(trips, stops, paint, lang, things)
    data = script_safe_json(json.dumps({**page_data(trips, stops, lang), **things.trips}))
    place_panel = (
        f'<div id="place" class="place" hidden><h2 id="place-title" tabindex="-1"></h2><ul></ul>'
        f'<button type="button" id="place-close">{escape(t("site_close", lang))}</button></div>'
    )
    body = [
        f'<body class="{"embed" if embed else "full"}">',
        "" if embed else f'<a class="skip" href="#trips">{escape(t("site_skip", lang))}</a>',
        "<header>",
        f"<h1>{escape(title)}</h1>"
        if not embed
        else f'<p class="embed-title"><a href="index.html" target="_blank" rel="noopener">{escape(t("site_open_full", lang))}</a></p>',
        f'<a class="lang" href="{escape(other)}" lang="{other_lang}" hreflang="{other_lang}">{escape(t("site_other_language", other_lang))}</a>',
        "</header>",
        "<main>",
        f'<p id="summary" class="summary" aria-live="polite">{escape(sentence)}</p>',
        filters_form(trips, lang),
        '<figure class="map-box">',
        maps,
        "<script>requestAnimationFrame(()=>setTimeout(()=>{window.reisatlasMapPainted=performance.now()}))</script>",
        f'<figcaption>{legend(trips, paint, lang)}<p class="hint">{escape(t("site_map_hint", lang))}</p></figcaption>',
        place_panel,
        "</figure>",
        f'<section id="trips" class="trips" aria-labelledby="trips-heading" tabindex="-1">'
        f'<h2 id="trips-heading">{escape(heading)} (<span id="trip-count">{len(trips)}</span>)</h2>'
        f'<p id="no-trips" hidden>{escape(t("site_no_trips_here", lang))}</p>{_listed(items, len(trips))}</section>',
        "</main>",
        _footer(lang, holds, embed, url, title),
        f'<script id="atlas-data" type="application/json">{data}</script>',
        f"<script>{asset('atlas.js')}</script>",
        "</body>\n</html>\n",
    ]
    return head + "\n".join(body)


INLINE_TRIPS = 150  # a longer list comes in a <template>, put in place after the map's first paint


def _listed(items: str, n: int) -> str:
    """The trip list: in the page, or for a long one in a ``<template>`` the script puts in place after the first
    paint (parsed, but not styled or laid out before it: at 1,000 trips that held the map's first paint back)."""
    if n <= INLINE_TRIPS:
        return f"<ol>{items}</ol>"
    return f'<ol></ol><template id="trip-items">{items}</template>'


def _footer(lang: str, holds: str, embed: bool, url: str, title: str) -> str:
    if embed:
        return f'<footer><p class="holds">{escape(holds)}</p></footer>'
    feeds = "".join(
        f'<li><a href="{name}">{escape(t(key, lang))}</a> <code>{name}</code></li>' for name, key in FEED_FILES
    )
    snippet = embed_snippet(url + "embed.html", lang, title)
    return (
        "<footer>"
        f'<section aria-labelledby="feeds-heading"><h2 id="feeds-heading">{escape(t("site_feeds", lang))}</h2>'
        f"<p>{escape(t('site_feeds_text', lang))}</p><ul>{feeds}</ul></section>"
        f'<section aria-labelledby="embed-heading"><h2 id="embed-heading">{escape(t("site_embed", lang))}</h2>'
        f'<p>{escape(t("site_embed_text", lang))} <a href="embed.html">embed.html</a></p>'
        f'<label for="embed-code">{escape(t("site_embed_code", lang))}</label>'
        f'<textarea id="embed-code" readonly rows="4" data-relative="{"" if url else "1"}">{escape(snippet)}</textarea>'
        f'<button type="button" id="copy-embed">{escape(t("site_copy", lang))}</button> <span id="copied" role="status"></span></section>'
        f'<p class="holds">{escape(holds)}</p><p class="privacy">{escape(t("site_privacy", lang))}</p>'
        "</footer>"
    )
