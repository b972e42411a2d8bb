"""Dutch-first words for every screen, export and message; English complete.

Every text comes from one table, data/texts.toml, through ``t``; roles as documents write them are
translated by ``official`` from the vocabulary (data/vocabulary.toml). Month, number and country names come from Babel, not from the table.
"""

from __future__ import annotations

import math
import re
import tomllib
from datetime import date
from functools import cache, lru_cache

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from .paths import DATA
from .vocabulary import plural_forms, role_label, role_of, role_pattern

LANGUAGES = {"nl": "Nederlands", "en": "English"}

TEXTS_FILE = DATA / "texts.toml"


@cache
def texts() -> dict[str, dict[str, str]]:
    """Every text by key and language (data/texts.toml)."""
    with TEXTS_FILE.open("rb") as handle:
        return tomllib.load(handle)


def t(key: str, lang: str = "nl", **values) -> str:
    """The text for ``key`` in ``lang`` (Dutch when the key has no such language).

    >>> t("trip_many", "en", n=3), t("trip_many", "nl", n=3)
    ('3 trips', '3 reizen')
    """
    entry = texts()[key]
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


def period_text(start, end, months, lang: str = "nl") -> str:
    """A trip's period as people say it: "3 november 2025 – 7 november 2025", "juni 2025", "periode onbekend"."""
    from .periods import known_day

    first, last = known_day(start), known_day(end)
    if first and last:
        text = format_date(first, "d MMMM yyyy", locale=lang)
        return text if first == last else f"{text} – {format_date(last, 'd MMMM yyyy', locale=lang)}"
    return period_label(list(months), lang)


def euros(amount: float, lang: str = "nl") -> str:
    """An amount in euros as the language writes it.

    >>> euros(3563, "nl").replace("\xa0", " "), euros(3563, "en")
    ('€ 3.563,00', '€3,563.00')
    """
    return format_currency(amount, "EUR", locale=lang)


def number(value: float, lang: str = "nl") -> str:
    return _decimal(round(value), "#,##0", lang)


# Babel parses the pattern and looks the locale up on every call (some 15 µs); a map's tooltips format a
# kilometre and a CO₂ figure for every trip they name, thousands a rerun at 10,000 trips, from a few
# thousand distinct rounded values.
@lru_cache(maxsize=16384)
def _decimal(value: float, pattern: str, lang: str) -> str:
    return format_decimal(value, format=pattern, locale=lang)


@cache
def _roles() -> re.Pattern:
    return re.compile(r"\b(" + role_pattern() + r")\b", re.IGNORECASE)


def official(label: str, lang: str = "nl") -> str:
    """An official as a document names them ("wethouder Kasmi"), with the role in ``lang`` (data/vocabulary.toml).

    >>> official("wethouder Kasmi", "en"), official("loco-burgemeester De Vries", "en"), official("wethouder Kasmi")
    ('alderman Kasmi', 'deputy mayor De Vries', 'wethouder Kasmi')
    >>> official("schepen Peeters", "en"), official("wethouders Kasmi en De Jong", "en")
    ('alderman Peeters', 'aldermen Kasmi en De Jong')
    """

    def said(match: re.Match) -> str:
        written = match.group(1)
        form = " ".join(written.split()).lower()
        translated = role_label(role_of(form), lang, plural=form in plural_forms())
        return written if translated.lower() == form else translated  # as written when the same word

    return _roles().sub(said, label)


def co2_text(kg: float, lang: str = "nl") -> str:
    """An estimate at the precision it deserves: "ca. 9 t", "ca. 1,5 t", "ca. 490 kg" ("about …" in English), and
    "minder dan 1 kg" below a kilogram (never "ca. 0 kg"); two significant figures up to 2 t, whole tonnes above.

    >>> co2_text(9112.0), co2_text(1460.0), co2_text(485.4, "en"), co2_text(4.54), co2_text(0.4), co2_text(999.6)
    ('ca. 9 t', 'ca. 1,5 t', 'about 490 kg', 'ca. 4,5 kg', 'minder dan 1 kg', 'ca. 1 t')
    """
    if kg == 0:
        return f"{_decimal(0, '0', lang)} kg"
    if kg < 1:
        return t("less_than_kg", lang, n=_decimal(1, "0", lang))
    shown = round(kg, 1 - math.floor(math.log10(kg)))  # two significant figures
    if shown >= 1000:
        tonnes = kg / 1000
        return t("about_tonnes", lang, n=_decimal(round(tonnes, 1 if tonnes < 2 else 0), "#,##0.#", lang))
    return t("about_kg", lang, n=_decimal(shown, "#,##0.#", lang))
