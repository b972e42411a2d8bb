"""Country names in Dutch (and English) to ISO 3166-1 alpha-2 codes, through Babel."""

from __future__ import annotations

import csv
from functools import cache

from babel import Locale

from .errors import UnknownCountryError
from .paths import DATA
from .text import fold

ALIASES_FILE = DATA / "country_aliases.csv"


@cache
def _codes_by_name() -> dict[str, str]:
    names: dict[str, str] = {}
    # English first, so a Dutch name wins where the two languages disagree.
    for locale in (Locale("en"), Locale("nl")):
        for code, name in locale.territories.items():
            if len(code) == 2 and code.isalpha() and code not in ("ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"):
                names[fold(name)] = code
    if ALIASES_FILE.exists():
        with ALIASES_FILE.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(row for row in handle if not row.startswith("#")):
                names[fold(row["name"])] = row["country_code"].strip().upper()
    return names


def country_code(name: str) -> str:
    """ISO alpha-2 code for a country name in Dutch or English.

    >>> country_code("Zweden"), country_code("Verenigd Koninkrijk"), country_code("Zuid-Afrika")
    ('SE', 'GB', 'ZA')
    """
    try:
        return _codes_by_name()[fold(name)]
    except KeyError:
        raise UnknownCountryError.said("error_unknown_country", name=repr(name)) from None


def is_country(name: str) -> bool:
    return fold(name) in _codes_by_name()


def country_name(code: str, lang: str = "nl") -> str:
    """The country's name in the given language, from Babel.

    >>> country_name("SE"), country_name("SE", "en")
    ('Zweden', 'Sweden')
    """
    return _territories(lang).get(code.upper(), code)


@cache
def _territories(lang: str) -> dict[str, str]:
    return dict(Locale(lang).territories)
