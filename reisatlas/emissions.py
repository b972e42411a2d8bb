"""Distance and CO₂ per trip: the route's kilometres (home → stops → home; home is the trip's municipality), the mode by a stated rule,
and an estimate per traveller in kg CO₂-equivalent: the CO₂ of fuel (with its production) and of building the vehicle, and
for a flight the extra warming of flying at altitude (contrails and other non-CO₂ effects) apart, and both together.

The factors live in ``data/emission_factors.csv`` (flights: ADEME's Base Empreinte, read from ADEME's own calculator;
train: the Dutch list of 2026), one row per value with where it was read; the rule's numbers and countries in
``data/train_rule.toml`` (both explained in ``data/emission_factors.md``), never in code:

- a trip goes **by train** when its document says so (``trein``, ``train``), or when every stop lies in a
  rail-connected country and every leg is at most ``train_max_leg_km`` as the crow flies;
- otherwise it is **flown**, each leg with the factors of its own distance class;
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
COMPARISON_FILE = DATA / "emission_factors_comparison.csv"
RULE_FILE = DATA / "train_rule.toml"
MODES = ("train", "flight")
# The parts of a factor, each a row of data/emission_factors.csv: the fuel or power with its production, building
# the vehicle (manufacture, maintenance, end of life), and a flight's extra warming at altitude (contrails and
# other non-CO₂ effects). A part the source does not give is not counted (0).
PARTS = ("fuel", "construction", "non_co2")
# The energy chain a fuel value covers: well-to-wheel (production included), tank-to-wheel (only the burning).
SCOPES = ("wtw", "ttw", "unknown")
CHECKED = ("yes", "no")
# The trip table's columns (reisatlas.selection.trips_frame): route km, mode, kg CO₂ per traveller from fuel and
# construction, a flight's extra warming apart (0 for a train), the two together, the same route by train,
# whether a flown trip could have gone by train, whether every stop was placed.
FOOTPRINT_COLUMNS = [
    "km",
    "mode",
    "co2_kg",
    "non_co2_kg",
    "total_kg",
    "train_co2_kg",
    "could_train",
    "route_complete",
]
# The document names the train: "per trein", "treinreis", "met de trein", "by train" (not "training").
_SAYS_TRAIN = re.compile(r"\b(trein\w*|train|trains|by rail|per spoor)\b")


@dataclass(frozen=True)
class Value:
    """One row of data/emission_factors.csv: one part of a factor, kg CO₂-eq per passenger-km, and where it was read."""

    part: str
    kg_per_pkm: float
    year: int | None  # the source's year (a list's edition), None when the source gives none
    source_key: str  # the source in data/texts.toml (source_name_<key>): "ademe", "co2emissiefactoren"
    name: str  # its name in the source
    source: str  # the page the source (or the file it was read from) cites
    repository: str = ""  # where it was read: a public repository, the file in it and the commit
    path: str = ""
    commit: str = ""
    scope: str = "unknown"
    checked: bool = False  # read from the cited file itself (repository, path, commit)
    read_from: str = ""


@dataclass(frozen=True)
class Factor:
    """A mode's factor for one distance class: its parts in kg CO₂-eq per passenger-km, with their rows."""

    mode: str
    min_km: float
    max_km: float  # math.inf for an open class
    values: tuple[Value, ...]

    def part(self, name: str) -> float:
        return sum(v.kg_per_pkm for v in self.values if v.part == name)

    @property
    def co2(self) -> float:
        """Fuel (with its production) and construction: the CO₂ part."""
        return self.part("fuel") + self.part("construction")

    @property
    def non_co2(self) -> float:
        return self.part("non_co2")

    @property
    def total(self) -> float:
        return self.co2 + self.non_co2

    @property
    def checked(self) -> bool:
        return all(v.checked for v in self.values)

    def covers(self, km: float) -> bool:
        return self.min_km <= km < self.max_km


@dataclass(frozen=True)
class TrainRule:
    train_max_leg_km: float
    possible_max_leg_km: float
    rail_countries: frozenset[str]


@dataclass(frozen=True)
class Footprint:
    """What one trip's route amounts to. ``km`` and the kilograms are NaN when no stop is placed."""

    km: float
    mode: str  # "train", "flight", or "" when no stop is placed
    co2_kg: float  # fuel (with its production) and construction
    could_train: bool  # flown, but rail was possible (always False for a train trip)
    train_co2_kg: float  # the same route by train, for "could have gone by train"
    complete: bool  # every stop placed, so the route is the whole trip
    reason: str  # "document", "rule" or "" : why the mode is what it is ("" for a flight or no route)
    non_co2_kg: float = 0.0  # a flight's extra warming at altitude, apart (0 for a train)

    @property
    def total_kg(self) -> float:
        """The CO₂ with the extra warming included."""
        return self.co2_kg + self.non_co2_kg


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


def _year(row: dict, file: Path, line: int) -> int | None:
    value = (row.get("year") or "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise DocumentError(str(file), f"year is geen jaartal: {value!r}", line) from None


def _rows(path: Path) -> csv.DictReader:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise DocumentError(str(path), f"kan de emissiefactoren niet lezen: {err.strerror or err}") from err
    return csv.DictReader(text.splitlines())


@cache
def load_factors(path: Path = FACTORS_FILE) -> tuple[Factor, ...]:
    """The factors, one per mode and distance class, their parts from the file's rows. Raises DocumentError naming
    the file and line of a row that cannot be used, or the file when a class has no fuel value or a mode has no
    factor for some distance (the classes must cover 0 … ∞ without gaps)."""
    classes: dict[tuple[str, float, float], list[Value]] = {}
    reader = _rows(path)
    for row in reader:
        line = reader.line_num
        mode = (row.get("mode") or "").strip()
        if mode not in MODES:
            raise DocumentError(str(path), f"onbekende vervoerswijze {mode!r}; kies uit {', '.join(MODES)}", line)
        part = (row.get("part") or "").strip()
        if part not in PARTS:
            raise DocumentError(str(path), f"onbekend deel {part!r}; kies uit {', '.join(PARTS)}", line)
        key = (
            mode,
            _number(row.get("min_km") or "", path, line, "min_km", empty=0.0),
            _number(row.get("max_km") or "", path, line, "max_km", empty=math.inf),
        )
        classes.setdefault(key, []).append(
            Value(
                part=part,
                kg_per_pkm=_number(row.get("kg_co2e_per_pkm") or "", path, line, "kg_co2e_per_pkm"),
                year=_year(row, path, line),
                source_key=(row.get("source_key") or "").strip(),
                name=(row.get("name_in_source") or "").strip(),
                source=(row.get("source") or "").strip(),
                repository=(row.get("repository") or "").strip(),
                path=(row.get("path") or "").strip(),
                commit=(row.get("commit") or "").strip(),
                scope=_choice(row, "scope", SCOPES, "unknown", path, line),
                checked=_choice(row, "checked", CHECKED, "no", path, line) == "yes",
                read_from=(row.get("read_from") or "").strip(),
            )
        )
    factors = tuple(Factor(mode, low, high, tuple(values)) for (mode, low, high), values in classes.items())
    for f in factors:
        if not any(v.part == "fuel" for v in f.values):
            raise DocumentError(str(path), f"{f.mode} {f.min_km:g}–{f.max_km:g} km heeft geen waarde voor fuel")
    for mode in MODES:
        edge = 0.0
        for f in sorted((f for f in factors if f.mode == mode), key=lambda f: f.min_km):
            if f.min_km != edge:
                break
            edge = f.max_km
        if edge != math.inf:
            raise DocumentError(str(path), f"de afstandsklassen voor {mode} sluiten niet aan vanaf {edge:g} km")
    return factors


@dataclass(frozen=True)
class Comparison:
    """A row of data/emission_factors_comparison.csv: another official source's flight factor, shown beside ours on
    the Over page and not used in any estimate."""

    name: str
    min_km: float
    max_km: float
    without_non_co2: float
    with_non_co2: float
    year: int | None
    source_key: str
    source: str
    checked: bool
    read_from: str


@cache
def load_comparison(path: Path = COMPARISON_FILE) -> tuple[Comparison, ...]:
    """The comparison factors (the UK government's), for the Over page. Raises DocumentError as load_factors."""
    rows = []
    reader = _rows(path)
    for row in reader:
        line = reader.line_num
        rows.append(
            Comparison(
                name=(row.get("class") or "").strip(),
                min_km=_number(row.get("min_km") or "", path, line, "min_km", empty=0.0),
                max_km=_number(row.get("max_km") or "", path, line, "max_km", empty=math.inf),
                without_non_co2=_number(row.get("without_non_co2") or "", path, line, "without_non_co2"),
                with_non_co2=_number(row.get("with_non_co2") or "", path, line, "with_non_co2"),
                year=_year(row, path, line),
                source_key=(row.get("source_key") or "").strip(),
                source=(row.get("source") or "").strip(),
                checked=_choice(row, "checked", CHECKED, "no", path, line) == "yes",
                read_from=(row.get("read_from") or "").strip(),
            )
        )
    return tuple(rows)


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
    >>> f.mode, f.reason, round(f.km), round(f.co2_kg, 1), f.non_co2_kg, f.could_train
    ('train', 'rule', 239, 4.5, 0.0, False)
    >>> f = footprint([(35.6895, 139.69171)], ["JP"])  # Tokyo and back, two long-haul flights
    >>> f.mode, round(f.km), round(f.co2_kg), round(f.non_co2_kg), round(f.total_kg), f.could_train
    ('flight', 18691, 1556, 1284, 2840, False)
    """
    rule = rule or load_train_rule()
    factors = factors if factors is not None else load_factors()
    legs = leg_kilometres(points, home)
    if not legs:
        return Footprint(math.nan, "", math.nan, False, math.nan, complete, "", math.nan)
    in_rail_land = all(code in rule.rail_countries for code in countries)
    longest = max(legs)
    if says_train(text):
        mode, reason = "train", "document"
    elif in_rail_land and longest <= rule.train_max_leg_km:
        mode, reason = "train", "rule"
    else:
        mode, reason = "flight", ""
    by = {m: [factor(m, km, factors) for km in legs] for m in MODES}
    co2 = {m: sum(km * f.co2 for km, f in zip(legs, by[m])) for m in MODES}
    non_co2 = sum(km * f.non_co2 for km, f in zip(legs, by[mode]))
    could_train = mode == "flight" and in_rail_land and longest <= rule.possible_max_leg_km
    return Footprint(sum(legs), mode, co2[mode], could_train, co2["train"], complete, reason, non_co2)


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
        "non_co2_kg": f.non_co2_kg,
        "total_kg": f.total_kg,
        "train_co2_kg": f.train_co2_kg,
        "could_train": f.could_train,
        "route_complete": f.complete,
    }


def describe(trip, lang: str = "nl") -> str:
    """A trip row's distance and CO₂ in a sentence, for its details: the mode and why, a flight's extra warming apart
    and the total with it, and the train where the trip could have taken it.

    >>> import pandas as pd
    >>> describe(pd.Series({"km": 2387.6, "co2_kg": 292.2, "non_co2_kg": 241.3, "total_kg": 533.5, "mode": "flight",
    ...     "could_train": True, "train_co2_kg": 45.4, "route_complete": True}))
    '2.388 km heen en terug per vliegtuig: ca. 290 kg CO₂ per reiziger (brandstof en bouw van het toestel), plus ca. 240 kg CO₂-equivalent extra opwarming door vliegen op grote hoogte; samen ca. 530 kg. Dit kon ook per trein: ca. 45 kg CO₂.'
    """
    from .i18n import co2_text, number, t

    if not trip["km"] > 0:  # NaN: no stop placed
        return t("footprint_none", lang)
    text = t(
        f"footprint_{trip['mode']}",
        lang,
        km=number(trip["km"], lang),
        co2=co2_text(trip["co2_kg"], lang),
        non_co2=co2_text(trip["non_co2_kg"], lang),
        total=co2_text(trip["total_kg"], lang),
    )
    if trip["could_train"]:
        text += t("footprint_could_train", lang, co2=co2_text(trip["train_co2_kg"], lang))
    if not trip["route_complete"]:
        text += t("footprint_incomplete", lang)
    return text
