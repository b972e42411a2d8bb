"""Dutch-first words for every screen and export; English as the alternative.

Month and country names come from Babel, not from this table.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from babel.numbers import format_decimal

LANGUAGES = {"nl": "Nederlands", "en": "English"}

TEXTS: dict[str, dict[str, str]] = {
    "app_title": {"nl": "Reisatlas", "en": "Reisatlas"},
    "tagline": {
        "nl": "Waar het Rotterdamse college naartoe reist, en waarom",
        "en": "Where Rotterdam's mayor and aldermen travel, and why",
    },
    "language": {"nl": "Taal", "en": "Language"},
    "page_map": {"nl": "Kaart", "en": "Map"},
    "page_trips": {"nl": "Reizen", "en": "Trips"},
    "page_timeline": {"nl": "Tijdlijn", "en": "Timeline"},
    "page_story": {"nl": "Presentatie", "en": "Presentation"},
    "page_about": {"nl": "Over", "en": "About"},
    "filters": {"nl": "Filters", "en": "Filters"},
    "official": {"nl": "Bewindspersoon", "en": "Official"},
    "theme": {"nl": "Thema", "en": "Theme"},
    "country": {"nl": "Land", "en": "Country"},
    "search": {"nl": "Zoeken", "en": "Search"},
    "search_help": {
        "nl": "Zoekt in titel, onderwerp, beschrijving en plaatsen",
        "en": "Searches title, subject, description and places",
    },
    "all": {"nl": "Alle", "en": "All"},
    "months": {"nl": "Periode", "en": "Period"},
    "play": {"nl": "Afspelen", "en": "Play"},
    "play_mode": {"nl": "Afspelen als", "en": "Play as"},
    "play_window": {"nl": "één maand tegelijk", "en": "one month at a time"},
    "play_grow": {"nl": "groeiend vanaf het begin", "en": "growing from the start"},
    "stop": {"nl": "Stoppen", "en": "Stop"},
    "reset": {"nl": "Alles tonen", "en": "Show all"},
    "colour_by": {"nl": "Kleur naar", "en": "Colour by"},
    "online_geocoding": {
        "nl": "Onbekende plaatsen online opzoeken (OpenStreetMap Nominatim)",
        "en": "Look up unknown places online (OpenStreetMap Nominatim)",
    },
    "online_forbidden": {
        "nl": "Online opzoeken staat uit (REISATLAS_OFFLINE)",
        "en": "Online lookup is switched off (REISATLAS_OFFLINE)",
    },
    "trips": {"nl": "Reizen", "en": "Trips"},
    "places": {"nl": "Plaatsen", "en": "Places"},
    "countries": {"nl": "Landen", "en": "Countries"},
    "officials": {"nl": "Bewindspersonen", "en": "Officials"},
    "km": {"nl": "Km hemelsbreed", "en": "Km as the crow flies"},
    "km_help": {
        "nl": "Totale afstand over de getekende routes, vanaf Rotterdam langs elke bestemming (grootcirkel)",
        "en": "Total distance along the drawn routes, from Rotterdam past each destination (great circle)",
    },
    "summary": {
        "nl": "{trips} naar {places} in {countries}, {period}",
        "en": "{trips} to {places} in {countries}, {period}",
    },
    "summary_footprint": {"nl": ", {km} km, {co2} CO₂", "en": ", {km} km, {co2} CO₂"},
    "footprint_line": {"nl": "Afstand en CO₂ (schatting per reiziger): ", "en": "Distance and CO₂ (estimate per traveller): "},
    "mode_train": {"nl": "trein", "en": "train"},
    "mode_flight": {"nl": "vliegtuig", "en": "plane"},
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
    "mode_train_short": {"nl": " (trein)", "en": " (train)"},
    "could_train_short": {"nl": " (kon per trein)", "en": " (train possible)"},
    "trip_one": {"nl": "1 reis", "en": "1 trip"},
    "trip_many": {"nl": "{n} reizen", "en": "{n} trips"},
    "place_one": {"nl": "1 plaats", "en": "1 place"},
    "place_many": {"nl": "{n} plaatsen", "en": "{n} places"},
    "country_one": {"nl": "1 land", "en": "1 country"},
    "country_many": {"nl": "{n} landen", "en": "{n} countries"},
    "no_trips": {
        "nl": "Geen reizen bij deze filters. Kies ‘Alles tonen’ of verruim de periode.",
        "en": "No trips match these filters. Choose ‘Show all’ or widen the period.",
    },
    "no_period": {"nl": "periode onbekend", "en": "period unknown"},
    "legend": {"nl": "Legenda", "en": "Legend"},
    "map_alt": {
        "nl": "Wereldkaart met routes vanaf Rotterdam naar de bestemmingen van de gekozen reizen",
        "en": "World map with routes from Rotterdam to the destinations of the selected trips",
    },
    "unresolved": {"nl": "Niet op de kaart", "en": "Not on the map"},
    "unresolved_reason": {
        "nl": "{place} ({country}): geen enkele bron kent deze plaats in dit land — niet op een gok getekend.",
        "en": "{place} ({country}): no source knows this place in this country — not drawn at a guess.",
    },
    "unknown_country": {"nl": "onbekend land", "en": "unknown country"},
    "details": {"nl": "Details", "en": "Details"},
    "click_hint": {
        "nl": "Klik op een plaats of route op de kaart voor de details van de reis.",
        "en": "Click a place or route on the map for the trip's details.",
    },
    "subtitle": {"nl": "Onderwerp", "en": "Subject"},
    "period": {"nl": "Periode", "en": "Period"},
    "themes": {"nl": "Thema's", "en": "Themes"},
    "description": {"nl": "Beschrijving", "en": "Description"},
    "source": {"nl": "Bron", "en": "Source"},
    "source_line": {"nl": "{file}, regel {line}", "en": "{file}, line {line}"},
    "title": {"nl": "Titel", "en": "Title"},
    "notices": {"nl": "Meldingen bij het inlezen", "en": "Notices while reading"},
    "documents_error": {
        "nl": "Geen documenten gevonden in {folder}. Zet er een .txt of .pdf in.",
        "en": "No documents found in {folder}. Put a .txt or .pdf in it.",
    },
    "download": {"nl": "Downloaden (precies wat gefilterd is)", "en": "Download (exactly what is filtered)"},
    "format_csv": {"nl": "CSV", "en": "CSV"},
    "format_xlsx": {"nl": "Excel", "en": "Excel"},
    "format_geojson": {"nl": "GeoJSON", "en": "GeoJSON"},
    "format_ics": {"nl": "Agenda (.ics)", "en": "Calendar (.ics)"},
    "format_json": {"nl": "JSON", "en": "JSON"},
    "format_png": {"nl": "Dia (PNG)", "en": "Slide (PNG)"},
    "format_html": {"nl": "Kaart (HTML)", "en": "Map (HTML)"},
    "home": {"nl": "Rotterdam", "en": "Rotterdam"},
    "geocoded_by": {"nl": "Geplaatst via", "en": "Placed by"},
    "source_reviewed": {"nl": "handmatig gecontroleerde plaats (data/places.csv)", "en": "reviewed place (data/places.csv)"},
    "source_cache": {"nl": "eerder online antwoord (cache)", "en": "earlier online answer (cache)"},
    "source_gazetteer": {"nl": "GeoNames (offline)", "en": "GeoNames (offline)"},
    "source_nominatim": {"nl": "OpenStreetMap Nominatim (online)", "en": "OpenStreetMap Nominatim (online)"},
    "source_unresolved": {"nl": "niet gevonden", "en": "not found"},
    "no_official": {"nl": "bewindspersoon onbekend", "en": "official unknown"},
    "no_theme": {"nl": "geen thema", "en": "no theme"},
    "timeline_caption": {
        "nl": "Eén rij per bewindspersoon, één balk per reis over haar periode, gekleurd naar het (eerste) thema. "
        "Reizen van één bewindspersoon die elkaar overlappen staan onder elkaar. Wijs een balk aan voor de details.",
        "en": "One row per official, one bar per trip over its period, coloured by its (first) theme. "
        "Overlapping trips of one official are drawn one below the other. Point at a bar for the details.",
    },
    "timeline_alt": {
        "nl": "Tijdlijn van de gekozen reizen per bewindspersoon; dezelfde reizen staan als tekst op de pagina Reizen",
        "en": "Timeline of the selected trips per official; the Trips page lists the same trips as text",
    },
    "story_previous": {"nl": "Vorige", "en": "Previous"},
    "story_next": {"nl": "Volgende", "en": "Next"},
    "story_autoplay": {"nl": "Automatisch doorgaan", "en": "Autoplay"},
    "story_autoplay_help": {
        "nl": "Elke {seconds} seconden de volgende reis; stopt bij de laatste",
        "en": "The next trip every {seconds} seconds; stops at the last one",
    },
    "story_progress": {"nl": "Reis {n} van {total}", "en": "Trip {n} of {total}"},
    "story_map_alt": {
        "nl": "Kaart met de route van Rotterdam naar de bestemmingen van deze reis: {places}",
        "en": "Map with the route from Rotterdam to this trip's destinations: {places}",
    },
}


def t(key: str, lang: str = "nl", **values) -> str:
    """The text for ``key`` in ``lang`` (Dutch when the key has no such language)."""
    entry = TEXTS[key]
    text = entry.get(lang) or entry["nl"]
    return text.format(**values) if values else text


def count(n: int, noun: str, lang: str = "nl") -> str:
    """ "1 reis", "7 reizen": ``noun`` is trip, place or country."""
    return t(f"{noun}_one", lang) if n == 1 else t(f"{noun}_many", lang, n=n)


def month_label(month: str, lang: str = "nl", *, wide: bool = False) -> str:
    """ "2025-06" → "jun 2025" (nl) / "Jun 2025" (en); wide: "juni 2025"."""
    day = date(int(month[:4]), int(month[5:7]), 1)
    return format_date(day, "LLLL yyyy" if wide else "LLL yyyy", locale=lang)


def period_label(months: list[str] | tuple[str, ...], lang: str = "nl") -> str:
    """ "juni – september 2025", "december 2025 – januari 2026", "juni 2025"."""
    if not months:
        return t("no_period", lang)
    first, last = months[0], months[-1]
    if first == last:
        return month_label(first, lang, wide=True)
    if first[:4] == last[:4]:
        start = format_date(date(int(first[:4]), int(first[5:7]), 1), "LLLL", locale=lang)
        return f"{start} – {month_label(last, lang, wide=True)}"
    return f"{month_label(first, lang, wide=True)} – {month_label(last, lang, wide=True)}"


def number(value: float, lang: str = "nl") -> str:
    return format_decimal(round(value), format="#,##0", locale=lang)


def co2_text(kg: float, lang: str = "nl") -> str:
    """An estimate at the precision it deserves: "ca. 9 t", "ca. 1,5 t", "ca. 490 kg" ("about …" in English).

    >>> co2_text(9112.0), co2_text(1460.0), co2_text(485.4, "en"), co2_text(4.54)
    ('ca. 9 t', 'ca. 1,5 t', 'about 490 kg', 'ca. 4,5 kg')
    """
    about = "about" if lang == "en" else "ca."
    if kg >= 1000:
        tonnes = kg / 1000
        shown = format_decimal(round(tonnes, 1 if tonnes < 2 else 0), format="#,##0.#", locale=lang)
        return f"{about} {shown} t"
    digits = 2 - len(str(int(kg))) if kg >= 1 else 1  # two significant figures
    shown = format_decimal(round(kg, digits), format="#,##0.#", locale=lang)
    return f"{about} {shown} kg"
