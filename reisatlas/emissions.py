"""Distance and CO₂ per trip: the route's kilometres (home → stops → home; home is the trip's municipality), the mode by a stated rule,
and an estimate of kg CO₂-equivalent per traveller from the Dutch public list of emission factors.

The factors and their year live in ``data/emission_factors.csv``, the rule's numbers and countries in
``data/train_rule.toml`` (both explained in ``data/emission_factors.md``), never in code:

- a trip goes **by train** when its document says so (``trein``, ``train``), or when every stop lies in a
  rail-connected country and every leg is at most ``train_max_leg_km`` as the crow flies;
- otherwise it is **flown**, each leg with the factor of its own distance class;
- a flown trip **could have gone by train** when every stop lies in a rail-connected country and every leg is
  at most ``possible_max_leg_km``.

Stops no geocoder could place are left out of the route (the trip is then marked incomplete); a trip with no
placed stop has no distance and no estimate (NaN), never a guessed one.
"""

from __future__ import annotations

import csv
import math
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Iterable, Sequence

from .errors import DocumentError
from .geo import HOME, Point, distance_km
from .model import Trip
from .paths import DATA
from .text import fold

FACTORS_FILE = DATA / "emission_factors.csv"
RULE_FILE = DATA / "train_rule.toml"
MODES = ("train", "flight")
# What a factor counts, as data/emission_factors.csv states it (a missing column means "unknown"): the scope of
# the energy chain (well-to-wheel: fuel or power production included; tank-to-wheel: only the burning), whether
# a flight's extra warming at altitude (contrails, NOx) is in it, and whether a person compared it with the list.
SCOPES = ("wtw", "ttw", "unknown")
NON_CO2 = ("included", "excluded", "unknown")
CHECKED = ("yes", "no")
# The trip table's columns (reisatlas.selection.trips_frame): route km, mode, kg CO₂ per traveller, the
# same route by train, whether a flown trip could have gone by train, whether every stop was placed.
FOOTPRINT_COLUMNS = ["km", "mode", "co2_kg", "train_co2_kg", "could_train", "route_complete"]
# The document names the train: "per trein", "treinreis", "met de trein", "by train" (not "training").
_SAYS_TRAIN = re.compile(r"\b(trein\w*|train|trains|by rail|per spoor)\b")


@dataclass(frozen=True)
class Factor:
    """One row of data/emission_factors.csv: kg CO₂-eq per passenger-km for a mode and distance class."""

    mode: str
    min_km: float
    max_km: float  # math.inf for an open class
    kg_per_pkm: float
    year: int
    name: str
    source: str
    scope: str = "unknown"
    non_co2: str = "unknown"
    checked: bool = False
    read_from: str = ""

    def covers(self, km: float) -> bool:
        return self.min_km <= km < self.max_km


@dataclass(frozen=True)
class TrainRule:
    train_max_leg_km: float
    possible_max_leg_km: float
    rail_countries: frozenset[str]


@dataclass(frozen=True)
class Footprint:
    """What one trip's route amounts to. ``km`` and ``co2_kg`` are NaN when no stop is placed."""

    km: float
    mode: str  # "train", "flight", or "" when no stop is placed
    co2_kg: float
    could_train: bool  # flown, but rail was possible (always False for a train trip)
    train_co2_kg: float  # the same route by train, for "could have gone by train"
    complete: bool  # every stop placed, so the route is the whole trip
    reason: str  # "document", "rule" or "" : why the mode is what it is ("" for a flight or no route)


def _number(value: str, file: Path, line: int, column: str, *, empty: float | None = None) -> float:
    if value.strip() == "" and empty is not None:
        return empty
    try:
        number = float(value)
    except ValueError:
        raise DocumentError(str(file), f"{column} is geen getal: {value!r}", line) from None
    if not math.isfinite(number) or number < 0:
        raise DocumentError(str(file), f"{column} moet een getal ≥ 0 zijn: {value!r}", line)
    return number


def _choice(row: dict, column: str, allowed: tuple[str, ...], default: str, file: Path, line: int) -> str:
    """A column with a fixed set of values; an empty or missing cell is ``default``."""
    value = (row.get(column) or "").strip().lower() or default
    if value not in allowed:
        raise DocumentError(str(file), f"{column} {value!r} onbekend; kies uit {', '.join(allowed)}", line)
    return value


@cache
def load_factors(path: Path = FACTORS_FILE) -> tuple[Factor, ...]:
    """The reviewed factors. Raises DocumentError naming the file and line of a row that cannot be used,
    or the file when a mode has no factor for some distance (the classes must cover 0 … ∞ without gaps)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise DocumentError(str(path), f"kan de emissiefactoren niet lezen: {err.strerror or err}") from err
    factors = []
    reader = csv.DictReader(text.splitlines())
    for row in reader:
        line = reader.line_num
        mode = (row.get("mode") or "").strip()
        if mode not in MODES:
            raise DocumentError(str(path), f"onbekende vervoerswijze {mode!r}; kies uit {', '.join(MODES)}", line)
        try:
            year = int(row["list_year"])
        except (KeyError, TypeError, ValueError):
            raise DocumentError(str(path), f"list_year is geen jaartal: {row.get('list_year')!r}", line) from None
        factors.append(
            Factor(
                mode=mode,
                min_km=_number(row.get("min_km") or "", path, line, "min_km", empty=0.0),
                max_km=_number(row.get("max_km") or "", path, line, "max_km", empty=math.inf),
                kg_per_pkm=_number(row.get("kg_co2e_per_pkm") or "", path, line, "kg_co2e_per_pkm"),
                year=year,
                name=(row.get("name_in_list") or "").strip(),
                source=(row.get("source") or "").strip(),
                scope=_choice(row, "scope", SCOPES, "unknown", path, line),
                non_co2=_choice(row, "non_co2", NON_CO2, "unknown", path, line),
                checked=_choice(row, "checked", CHECKED, "no", path, line) == "yes",
                read_from=(row.get("read_from") or "").strip(),
            )
        )
    for mode in MODES:
        classes = sorted((f for f in factors if f.mode == mode), key=lambda f: f.min_km)
        edge = 0.0
        for factor in classes:
            if factor.min_km != edge:
                break
            edge = factor.max_km
        if edge != math.inf:
            raise DocumentError(str(path), f"de afstandsklassen voor {mode} sluiten niet aan vanaf {edge:g} km")
    return tuple(factors)


@cache
def load_train_rule(path: Path = RULE_FILE) -> TrainRule:
    """The numbers and countries of the train rule. Raises DocumentError naming the file when one is missing."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        rule = TrainRule(
            float(data["train_max_leg_km"]),
            float(data["possible_max_leg_km"]),
            frozenset(str(code).upper() for code in data["rail_countries"]),
        )
    except OSError as err:
        raise DocumentError(str(path), f"kan de treinregel niet lezen: {err.strerror or err}") from err
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as err:
        raise DocumentError(str(path), f"treinregel onleesbaar ({err})") from err
    return rule


def leg_kilometres(points: Sequence[tuple[float, float]], home: Point = HOME) -> list[float]:
    """The legs of a round trip from ``home`` (Rotterdam unless given) through ``points`` (lat, lon) and back, in km.

    >>> [round(km) for km in leg_kilometres([(50.85045, 4.34878)])]  # Brussels and back
    [120, 120]
    """
    if not points:
        return []
    route = [home.position, *points, home.position]
    return [distance_km(a, b) for a, b in zip(route, route[1:])]


def factor(mode: str, km: float, factors: Iterable[Factor] | None = None) -> Factor:
    """The factor for one leg of ``km`` by ``mode``."""
    for candidate in factors if factors is not None else load_factors():
        if candidate.mode == mode and candidate.covers(km):
            return candidate
    raise LookupError(f"no {mode} factor for {km} km")  # load_factors guarantees every distance is covered


def says_train(text: str) -> bool:
    """Whether a trip's own words say it goes by train.

    >>> says_train("Wethouder reist per trein naar Parijs"), says_train("Training voor ambtenaren")
    (True, False)
    """
    return bool(_SAYS_TRAIN.search(fold(text)))


def footprint(
    points: Sequence[tuple[float, float]],
    countries: Iterable[str | None],
    *,
    text: str = "",
    complete: bool = True,
    rule: TrainRule | None = None,
    factors: Sequence[Factor] | None = None,
    home: Point = HOME,
) -> Footprint:
    """Distance, mode and CO₂ of one round trip through the placed ``points`` (lat, lon); ``countries`` are
    the codes of all its stops (placed or not), ``text`` its words (title, subtitle, description).

    >>> f = footprint([(50.85045, 4.34878)], ["BE"])  # Brussels: a short leg in a rail country
    >>> f.mode, f.reason, round(f.km), round(f.co2_kg, 1), f.could_train
    ('train', 'rule', 239, 4.5, False)
    >>> f = footprint([(35.6895, 139.69171)], ["JP"])  # Tokyo and back, two long-haul flights
    >>> f.mode, round(f.km), round(f.co2_kg), f.could_train
    ('flight', 18691, 2934, False)
    """
    rule = rule or load_train_rule()
    factors = factors if factors is not None else load_factors()
    legs = leg_kilometres(points, home)
    if not legs:
        return Footprint(math.nan, "", math.nan, False, math.nan, complete, "")
    in_rail_land = all(code in rule.rail_countries for code in countries)
    longest = max(legs)
    if says_train(text):
        mode, reason = "train", "document"
    elif in_rail_land and longest <= rule.train_max_leg_km:
        mode, reason = "train", "rule"
    else:
        mode, reason = "flight", ""
    by = {m: sum(km * factor(m, km, factors).kg_per_pkm for km in legs) for m in MODES}
    could_train = mode == "flight" and in_rail_land and longest <= rule.possible_max_leg_km
    return Footprint(sum(legs), mode, by[mode], could_train, by["train"], complete, reason)


def trip_footprint(trip: Trip) -> Footprint:
    """``footprint`` of a parsed trip, from and back to its own municipality."""
    from .municipalities import home_of

    placed = [(stop.lat, stop.lon) for stop in trip.stops if stop.resolved]
    return footprint(
        placed,
        [stop.country_code for stop in trip.stops],
        text=" ".join((trip.title, trip.subtitle, trip.description)),
        complete=len(placed) == len(trip.stops),
        home=home_of(trip.municipality),
    )


def footprint_columns(trip: Trip) -> dict:
    """``trip_footprint`` as the trip table's FOOTPRINT_COLUMNS."""
    f = trip_footprint(trip)
    return {
        "km": f.km,
        "mode": f.mode,
        "co2_kg": f.co2_kg,
        "train_co2_kg": f.train_co2_kg,
        "could_train": f.could_train,
        "route_complete": f.complete,
    }


def describe(trip, lang: str = "nl") -> str:
    """A trip row's distance and CO₂ in a sentence, for its details: the mode and why, and the train where the
    trip could have taken it.

    >>> import pandas as pd
    >>> describe(pd.Series({"km": 2387.6, "co2_kg": 485.4, "mode": "flight", "could_train": True,
    ...     "train_co2_kg": 45.4, "route_complete": True}))
    '2.388 km heen en terug, ca. 490 kg CO₂ per reiziger, per vliegtuig. Dit kon ook per trein: ca. 45 kg CO₂.'
    """
    from .i18n import co2_text, number, t

    if not trip["km"] > 0:  # NaN: no stop placed
        return t("footprint_none", lang)
    text = t(f"footprint_{trip['mode']}", lang, km=number(trip["km"], lang), co2=co2_text(trip["co2_kg"], lang))
    if trip["could_train"]:
        text += t("footprint_could_train", lang, co2=co2_text(trip["train_co2_kg"], lang))
    if not trip["route_complete"]:
        text += t("footprint_incomplete", lang)
    return text


def distance_class(min_km: float, max_km: float, lang: str = "nl") -> str:
    """A factor's distance class in words (a number and its "km" never split over two lines).

    >>> [text.replace("\xa0", "_") for text in (distance_class(0, 700), distance_class(700, 2500, "en"), distance_class(2500, math.inf))]
    ['tot 700_km', '700 – 2,500_km', 'vanaf 2.500_km']
    >>> distance_class(0, math.inf)
    'elke afstand'
    """
    from .i18n import number, t

    if max_km == math.inf:
        return t("distance_any", lang) if min_km == 0 else t("distance_from", lang, km=number(min_km, lang))
    if min_km == 0:
        return t("distance_to", lang, km=number(max_km, lang))
    return f"{number(min_km, lang)} – {number(max_km, lang)}\u00a0km"


def method_notes(factors: Sequence[Factor] | None = None, lang: str = "nl") -> list[str]:
    """The Over page's sentences on the factors, written from what data/emission_factors.csv says of them — the
    list year per mode, what they count (the fuel's production, a flight's extra warming at altitude) and whether
    a person compared them with the list — so the page cannot claim more than the table does.

    >>> rows = [Factor("train", 0, math.inf, 0.019, 2026, "", "", "wtw", "excluded", True),
    ...         Factor("flight", 0, math.inf, 0.2, 2025, "", "", "unknown", "unknown", False)]
    >>> for sentence in method_notes(rows, "en"): print(sentence)
    The CO₂ is an **estimate per traveller**: kilometres times the emission factor from the Dutch list of CO₂ emission factors (CO2emissiefactoren.nl; train: list 2026, plane: list 2025), in kilograms of CO₂-equivalent per passenger-kilometre.
    For the train, the production of fuel or electricity is included (*well-to-wheel*).
    For the plane, it has not been checked whether the production of the fuel is included.
    Whether the plane's factors include the extra warming of flying at altitude (contrails, nitrogen oxides) has not been checked; that effect can roughly double a flight's climate impact.
    **Not yet checked:** the factors for the plane were taken from public copies of the list, not from the list itself, and must be compared with it (`data/emission_factors.md`).
    """
    from .i18n import t

    factors = list(factors if factors is not None else load_factors())
    modes = [mode for mode in MODES if any(f.mode == mode for f in factors)]

    def named(keep) -> str:
        """The modes with a factor ``keep`` accepts, as words ("de trein en het vliegtuig"), or ""."""
        chosen = [t(f"mode_{m}_the", lang) for m in modes if any(keep(f) for f in factors if f.mode == m)]
        return (
            t("and_join", lang, first=", ".join(chosen[:-1]), last=chosen[-1]) if len(chosen) > 1 else "".join(chosen)
        )

    lists = ", ".join(
        t(
            "about_factors_list",
            lang,
            mode=t(f"mode_{m}", lang),
            years="/".join(sorted({str(f.year) for f in factors if f.mode == m})),
        )
        for m in modes
    )
    sentences = [t("about_factors_source", lang, lists=lists)]
    for scope in SCOPES:
        if who := named(lambda f: f.scope == scope):
            sentences.append(t(f"about_factors_scope_{scope}", lang, modes=who))
    flights = [f for f in factors if f.mode == "flight"]
    if flights:
        states = {f.non_co2 for f in flights}
        sentences.append(t(f"about_factors_non_co2_{states.pop() if len(states) == 1 else 'unknown'}", lang))
    unchecked = named(lambda f: not f.checked)
    sentences.append(
        t("about_factors_unchecked", lang, modes=unchecked) if unchecked else t("about_factors_checked", lang)
    )
    return sentences


def factor_table(factors: Sequence[Factor] | None = None, lang: str = "nl") -> str:
    """The factors as a Markdown table (mode and distance per leg, kg CO₂ per passenger-km in the language's
    decimals, checked in the list) with the pages of the list to compare them with as links below it. Narrow enough for a
    phone: the list years are in ``method_notes``' first sentence.

    >>> rows = [Factor("train", 0, math.inf, 0.019, 2026, "", "https://example.org/trein", "wtw", "excluded", True)]
    >>> print(factor_table(rows))
    | Vervoer, afstand per etappe | kg CO₂ per reizigers\xadkm | Nagekeken |
    |---|--:|---|
    | trein, elke afstand | 0,019 | ja |
    <BLANKLINE>
    Bron: [trein](https://example.org/trein)
    """
    from babel.numbers import format_decimal

    from .i18n import t
    from .text import markdown_literal

    factors = list(factors if factors is not None else load_factors())
    columns = ("about_factor_leg", "about_factor_value", "about_factor_checked")
    lines = ["| " + " | ".join(t(key, lang) for key in columns) + " |", "|---|--:|---|"]
    for f in factors:
        cells = (
            f"{t(f'mode_{f.mode}', lang)}, {distance_class(f.min_km, f.max_km, lang)}",
            format_decimal(f.kg_per_pkm, format="0.000", locale=lang),
            t("yes" if f.checked else "no", lang),
        )
        lines.append("| " + " | ".join(cells) + " |")
    sources: dict[str, list[str]] = {}  # page → the modes it is the source for, in the table's order
    for f in factors:
        if f.source and t(f"mode_{f.mode}", lang) not in sources.setdefault(f.source, []):
            sources[f.source].append(t(f"mode_{f.mode}", lang))
    links = [
        f"[{', '.join(modes)}]({url})"
        if url.startswith("https://") and " " not in url
        else f"{', '.join(modes)}: {markdown_literal(url)}"
        for url, modes in sources.items()
    ]
    return "\n".join(lines) + ("\n\n" + t("about_factor_source", lang) + ": " + " · ".join(links) if links else "")
