"""Whose trips: the home municipality of a document, and where it lies.

A document names its municipality in its title or heading ("Activiteitenkalender B&W Rotterdam", "Gemeente
Utrecht", "college van B&W van Almere", "het Bredase college"), or else is about the Dutch municipality it
names most often; the file's name is the last resort. Places come from GeoNames (``reisatlas.geonames``):
Dutch places of 15,000 inhabitants or more, with their alternate names ("Den Haag", "'s-Gravenhage"), and every
Dutch municipality with its seat from ``data/municipalities.csv`` (CBS's list; see its ``.md``), so that a
municipality that is no large city (Noardeast-Fryslân, Het Hogeland) is known too.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path, PurePath

from . import geonames
from .geo import HOME, Point
from .paths import DATA
from .text import fold

MUNICIPALITIES = DATA / "municipalities.csv"
BELGIAN = DATA / "municipalities_be.csv"  # Flemish and Brussels municipalities (Statbel's list; see its .md)
# A Flemish document speaks of schepenen: only then does a Belgian municipality it names often count as its home
# (a Dutch document names Antwerpen or Gent as destinations).
FLEMISH = re.compile(r"\bschepen(?:en|college)?\b|\bburgemeester en schepenen\b", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    name: str
    how: str  # "titel", "tekst", "bestandsnaam"


@cache
def dutch_places() -> dict[str, Point]:
    """Folded Dutch place name (own and alternate) → its Point; the most populous wins a shared name."""
    places = {
        folded: Point(name, "NL", lat, lon)
        for folded, (name, lat, lon, _) in geonames.table("dutch").items()
        if len(folded) >= 3
    }
    # GeoNames calls the seat of government "The Hague"; documents write "Den Haag".
    # Every municipality by its names, at its seat; a large city keeps its GeoNames point (routes stay as they were).
    for names, point in municipalities().items():
        for name in names:
            places.setdefault(name, point)
    return places


@cache
def municipalities() -> dict[tuple[str, ...], Point]:
    """Every Dutch municipality's folded names (CBS's, without a province suffix when unique, and the other
    names documents use) → the Point of its seat, named after the municipality.

    >>> point = municipalities()[("noardeast-fryslan", "noordoost-friesland")]; (point.name, round(point.lat, 2))
    ('Noardeast-Fryslân', 53.32)
    """
    with MUNICIPALITIES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    bases = [re.sub(r"\s*\([A-Z]+\.\)$", "", row["name"]) for row in rows]
    out: dict[tuple[str, ...], Point] = {}
    for row, base in zip(rows, bases):
        # "Bergen (NH.)" is also "Bergen" only when no other municipality is called that
        written = [row["name"], *([base] if bases.count(base) == 1 else []), *filter(None, row["also"].split("|"))]
        names = tuple(dict.fromkeys(fold(name) for name in written))
        out[names] = Point(base if bases.count(base) == 1 else row["name"], "NL", float(row["lat"]), float(row["lon"]))
    return out


def home_point(name: str) -> Point | None:
    """The Point of a Dutch municipality by any of its names, None when unknown.

    >>> home_point("Den Haag").name, home_point("Rotterdam").lat
    ('The Hague', 51.9225)
    """
    if not name:
        return None
    return dutch_places().get(fold(name)) or belgian_municipalities().get(fold(name))


@cache
def home_of(name: str) -> Point:
    """Where a trip of this municipality starts: its seat, or Rotterdam (the atlas' first home) when the
    municipality is unknown; the parse then said so."""
    point = home_point(name)
    return Point(name, point.country_code, point.lat, point.lon) if point else HOME


EXPLICIT = (
    re.compile(
        r"college van (?:B\s?&\s?W|B en W|burgemeester en (?:wethouders|schepenen)) (?:van|in) (?:de (?:gemeente|stad) )?"
        r"(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"
    ),
    re.compile(r"\bB\s?&\s?W (?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"),
    re.compile(
        r"\b(?:[Gg]emeente|[Dd]e stad|[Ss]tadsbestuur van|[Mm]unicipality of|[Cc]ity of) (?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)"
    ),
    re.compile(
        r"\b(?:het|de) (?P<name>[A-Z][\w'’-]+?)(?:se|sche) "
        r"(?:college|gemeenteraad|burgemeester|wethouders?|schepen(?:en|college)?|stadsbestuur|gemeentebestuur)\b"
    ),
)
# A city's adjective ("Haagse ondernemers", "Gentse bedrijven"): the home when nothing else names it.
ADJECTIVE = re.compile(r"\b(?P<stem>[A-Z][\w'’-]+?)(?:se|sche)\b")
IRREGULAR_ADJECTIVES = {"haag": "Den Haag", "gorcum": "Gorinchem", "bos": "'s-Hertogenbosch", "brug": "Brugge"}
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
    flemish = bool(FLEMISH.search(text[:50000]))
    abroad = _placed_abroad(text[:50000])
    for match in WORD.finditer(text[:50000]):
        if _a_persons_name(text, match.start()):
            continue  # "Wethouder De Vries": a person, not Vries
        for candidate in (match.group(), match.group().split()[0]):
            if fold(candidate) in abroad:
                break  # "Werkbezoek Bergen (Noorwegen)": a destination, wherever else the text names it
            if name := _municipality(candidate) or (flemish and _belgian(candidate)):
                counts[name] = counts.get(name, 0) + 1
                break
    if counts:
        name, count = max(counts.items(), key=lambda item: item[1])
        if count >= 2 or len(counts) == 1:  # named often, or the only Dutch place named
            return Found(name, "tekst")
    for match in ADJECTIVE.finditer(text[:50000]):
        if name := _of_adjective(match["stem"]):
            return Found(name, "tekst")
    for word in re.split(r"[_\W\d]+", PurePath(file).stem):
        if len(word) > 3 and (name := _municipality(word) or _known(word)):
            return Found(name, "bestandsnaam")
    return None


# A name with its country abroad right after it: "Bergen (Noorwegen)", "Bergen, Noorwegen", "Bergen in Noorwegen".
PLACED = re.compile(
    r"\b(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?)(?:\s*\(\s*|,\s*|\s+in\s+)(?P<country>[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)?)"
)


def _placed_abroad(text: str) -> frozenset[str]:
    """Folded names the text places in a country other than the Netherlands and Belgium ("Werkbezoek Bergen
    (Noorwegen)"): destinations named like a municipality, never the home.

    >>> sorted(_placed_abroad("Werkbezoek Bergen (Noorwegen) en Breda, Nederland"))
    ['bergen', 'werkbezoek bergen']
    """
    from .countries import _codes_by_name

    countries = _codes_by_name()
    out = set()
    for match in PLACED.finditer(text):
        country = countries.get(fold(match["country"])) or countries.get(fold(match["country"].split()[0]))
        if country and country not in ("NL", "BE"):
            out.update({fold(match["name"]), fold(match["name"].split()[-1])})
    return frozenset(out)


SURNAME_PARTICLES = ("De", "Van", "Ter", "Ten", "Den", "Der")


def _a_persons_name(text: str, start: int) -> bool:
    """Whether a capitalised word at ``start`` is part of a person's name: after a capitalised particle ("De Vries",
    "Van Gent") or right after a role ("wethouder Gent", "burgemeester Breda")."""
    from .vocabulary import role_words

    before = text[max(0, start - 40) : start].split()
    if not before:
        return False
    return before[-1] in SURNAME_PARTICLES or fold(before[-1]).rstrip(":,") in role_words(in_text=True)


def _known(name: str) -> str | None:
    """The name as written, when it is a Dutch place or a Flemish municipality; a compound first word also counts
    ("Den Haag")."""
    for candidate in (name, name.split()[0]):
        if fold(candidate) in dutch_places():
            return candidate[0].upper() + candidate[1:]
        if found := _belgian(candidate):
            return found
    return None


def _belgian(name: str) -> str | None:
    """The Flemish or Brussels municipality a name stands for (Dutch or French name), as Statbel writes it."""
    point = belgian_municipalities().get(fold(name))
    return point.name if point else None


def _of_adjective(stem: str) -> str | None:
    """The municipality a city's adjective names ("Haag" of Haagse → Den Haag, "Gent" of Gentse, "Leid" of
    Leidse → Leiden, "Antwerp" of Antwerpse → Antwerpen)."""
    folded = fold(stem)
    if folded in IRREGULAR_ADJECTIVES:
        return IRREGULAR_ADJECTIVES[folded]
    for candidate in (stem, f"{stem}en", f"{stem}e"):
        if name := _municipality(candidate) or _belgian(candidate):
            return name
    return None


@cache
def belgian_municipalities() -> dict[str, Point]:
    """Folded Dutch and French names of the Flemish and Brussels municipalities → the Point of the seat.

    >>> point = belgian_municipalities()["gand"]; (point.name, point.country_code)
    ('Gent', 'BE')
    """
    with BELGIAN.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    out: dict[str, Point] = {}
    for row in rows:
        point = Point(row["name"], "BE", float(row["lat"]), float(row["lon"]))
        for name in filter(None, (row["name"], row["name_fr"])):
            out.setdefault(fold(name), point)
    return out


def _municipality(name: str) -> str | None:
    """The municipality a name in running text stands for: a municipality as written ("Breda", "Den Haag"),
    or the one whose seat it is ("Dokkum" → Noardeast-Fryslân); a village that is neither ("Leek", a place
    of Westerkwartier) stands for none."""
    folded = fold(name)
    if folded in _municipality_names():
        return name[0].upper() + name[1:]
    return _seats().get(folded)


@cache
def _municipality_names() -> frozenset[str]:
    return frozenset(name for names in municipalities() for name in names)


@cache
def _seats() -> dict[str, str]:
    with MUNICIPALITIES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    names = {row["code"]: point.name for row, point in zip(rows, municipalities().values())}
    return {fold(re.sub(r"\s*\([A-Z]+\.\)$", "", row["seat"])): names[row["code"]] for row in rows if row["seat"]}


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
