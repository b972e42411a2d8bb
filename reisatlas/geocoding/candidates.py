"""Every GeoNames city a name could mean, for a person to choose from (Beheer's place picker): the layers pick one
place by rule; here the likely ones are shown with their country, region and population.

A name is looked up among every Latin spelling GeoNames gives a city (its own name and its alternate names:
Dutch, English and local ones alike), forgiving typos ("Kopenhagn" finds Kopenhagen), within the document's
country first. The index is made once per process from reisatlas.geonames' tables, and a query then takes milliseconds
(``tests/test_candidates.py`` measures one).

    >>> best = candidates("Kopenhagn", "DK")[0]
    >>> best.label("nl")
    'Kopenhagen (København), Denemarken · Capital Region · 1.153.615 inwoners'
"""

from __future__ import annotations

import csv
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from string import capwords

from .. import geonames
from ..i18n import number, t
from ..paths import DATA
from ..text import fold

CLOSE_ENOUGH = 75  # rapidfuzz's ratio (0–100) a spelling needs to count as the same name, typos forgiven
ADMIN1 = DATA / "admin1.csv"  # GeoNames' region names by country and admin1 code (tools/admin1_names.py)


@dataclass(frozen=True)
class Candidate:
    """A city a name may mean. ``matched`` is the spelling that matched, ``local`` the city's name in its own
    country's language where known (else GeoNames' own name), ``region`` its province or state ("" if unknown)."""

    name: str
    matched: str
    local: str
    region: str
    country_code: str
    population: int
    lat: float
    lon: float
    geonameid: int
    score: float = 100.0

    def label(self, lang: str = "nl") -> str:
        """ "Kopenhagen (København), Denemarken · Capital Region · 1.153.615 inwoners"."""
        from ..countries import country_name

        own = f" ({self.local})" if fold(self.local) not in fold(self.matched) else ""
        parts = [f"{self.matched}{own}, {country_name(self.country_code, lang)}"]
        if self.region:
            parts.append(self.region)
        parts.append(t("candidate_population", lang, n=number(self.population, lang)))
        return " · ".join(parts)


@dataclass(frozen=True)
class _Index:
    cities: dict  # geonameid → geonames.City
    spellings: tuple[str, ...]  # folded, Latin, three letters or more
    owners: tuple[int, ...]  # the city (geonameid) of each spelling
    by_country: dict[str, tuple[int, ...]]  # spelling indices per country code
    ordered: tuple[str, ...]  # the folded spellings sorted, for names typed in part (bisect)
    order: tuple[int, ...]  # the spelling index of each in ``ordered``


@cache
def _index() -> _Index:
    """Every Latin spelling of every GeoNames city (reisatlas.geonames' tables), as lists rapidfuzz searches:
    made once per process."""
    cities = geonames.table("cities")
    spellings, owners, by_country = [], [], {}
    for spelling, ids in geonames.table("spellings").items():
        if len(spelling) < 3 or not geonames.LATIN_NAME.match(spelling):
            continue  # three letters at least: "CPH" and the like are codes, not names
        for geonameid in dict.fromkeys(ids):
            by_country.setdefault(cities[geonameid].country_code, []).append(len(spellings))
            spellings.append(spelling)
            owners.append(geonameid)
    order = sorted(range(len(spellings)), key=spellings.__getitem__)
    return _Index(
        cities,
        tuple(spellings),
        tuple(owners),
        {k: tuple(v) for k, v in by_country.items()},
        tuple(spellings[i] for i in order),
        tuple(order),
    )


@cache
def _regions() -> dict[tuple[str, str], str]:
    with ADMIN1.open(encoding="utf-8") as handle:
        return {(row["country_code"], row["admin1"]): row["name"] for row in csv.DictReader(handle) if row["name"]}


@cache
def _local_name(name: str, country_code: str, timezone: str) -> str:
    """The city's name in its country's first official language, where the Unicode CLDR names it (a city that
    gives its time zone its name: København, München, Göteborg); else GeoNames' own name."""
    from babel import Locale
    from babel.languages import get_official_languages

    try:
        english = Locale("en").time_zones.get(timezone, {}).get("city") or timezone.rsplit("/", 1)[-1].replace("_", " ")
        if english != name:
            return name
        for language in get_official_languages(country_code, de_facto=True)[:1]:
            return Locale.parse(language).time_zones.get(timezone, {}).get("city") or name
    except (ValueError, LookupError):
        pass
    return name


def candidates(name: str, country_code: str | None = None, limit: int = 8) -> list[Candidate]:
    """The cities ``name`` most likely means, best first: in ``country_code`` when one is given (the document's
    country), else anywhere. A spelling that matches exactly comes before a near one; then the more populous.

    >>> [(c.name, c.country_code) for c in candidates("Tumba", "SE")][0]
    ('Tumba', 'SE')
    >>> candidates("Kopenhagen")[0].local, candidates("Munchen")[0].name, candidates("xq") == []
    ('København', 'Munich', True)
    """
    from rapidfuzz import fuzz, process

    wanted = fold(name)
    if len(wanted) < 3:  # the index holds names of three letters and more
        return []
    index = _index()
    within = index.by_country.get(country_code.upper(), ()) if country_code else None
    if within is not None and not within:
        return []
    choices = [index.spellings[i] for i in within] if within is not None else index.spellings
    found = process.extract(wanted, choices, scorer=fuzz.ratio, score_cutoff=CLOSE_ENOUGH, limit=limit * 8)
    best: dict[int, tuple[float, int]] = {}
    for _, score, position in found:
        spelling = within[position] if within is not None else position
        if wanted and index.spellings[spelling].startswith(wanted) and score < 100:
            score = max(score, 90.0)  # "Kopenhag" is on its way to Kopenhagen
        city = index.owners[spelling]
        if city not in best or score > best[city][0]:
            best[city] = (score, spelling)
    if len(wanted) >= 3:  # a name typed only in part: the cities it begins
        for spelling in _starting(index, wanted, within):
            city = index.owners[spelling]
            if city not in best:
                best[city] = (90.0, spelling)
    ranked = sorted(best.items(), key=lambda item: (-round(item[1][0] / 5), -index.cities[item[0]].population))
    return [_candidate(index, city, spelling, score) for city, (score, spelling) in ranked[:limit]]


def _starting(index: _Index, wanted: str, within) -> list[int]:
    """The spellings that begin with ``wanted`` (at most 50), in the country when one is given."""
    if within is not None:
        return [i for i in within if index.spellings[i].startswith(wanted)][:50]
    first = bisect_left(index.ordered, wanted)
    last = bisect_left(index.ordered, wanted + "\uffff", first)
    return list(index.order[first : min(last, first + 50)])


def _candidate(index: _Index, city_id: int, spelling: int, score: float) -> Candidate:
    c = index.cities[city_id]
    local = _local_name(c.name, c.country_code, c.timezone)
    folded = index.spellings[spelling]
    # The spelling that matched, as written where known (the tables keep spellings folded): København, not kobenhavn.
    matched = next((n for n in (local, c.name) if fold(n) == folded), None) or capwords(folded)
    return Candidate(
        name=c.name,
        matched=matched,
        local=local,
        region=_regions().get((c.country_code, c.admin1), ""),
        country_code=c.country_code,
        population=c.population,
        lat=c.lat,
        lon=c.lon,
        geonameid=c.geonameid,
        score=float(score),
    )


def place_choices(name: str, country_code: str | None, typed: str = "", limit: int = 8) -> list[Candidate]:
    """What Beheer's place picker offers for a stop the document calls ``name`` in ``country_code``: the cities a
    person typed (in the document's country first, then anywhere), then the best ones for the document's own
    spelling, each city once.

    >>> [c.name for c in place_choices("Kopenhagn", "DK")][:1], place_choices("Kopenhagn", "DK", "Malmo")[0].name
    (['Copenhagen'], 'Malmö')
    """
    found: list[Candidate] = []
    if typed.strip():
        here = candidates(typed, country_code, limit) if country_code else []
        found += here + [c for c in candidates(typed, None, limit) if c.country_code != (country_code or "").upper()]
    found += candidates(name, country_code, limit) if country_code else []
    if country_code and not any(c.country_code == country_code.upper() for c in found):
        found += candidates(name, None, limit)  # the document's country may be wrong
    unique = {c.geonameid: c for c in reversed(found)}  # the first mention wins
    return sorted(unique.values(), key=found.index)[: limit * 2]
