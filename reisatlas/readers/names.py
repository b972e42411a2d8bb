"""Which names are places abroad and which are at home, for a home in the Netherlands or in Belgium: the
GeoNames tables of ``reisatlas.geonames`` as the readers' signals ask for them (``signals.find_places``)."""

from __future__ import annotations

from functools import cache

from .. import geonames
from ..text import fold

HOME_COUNTRY = "NL"
# Capitalised words that open Dutch sentences or name things, never a destination on their own.
STOPWORDS = frozenset(
    """de het een en of van in op aan naar met voor door bij uit om over na tot te als dat die dit deze
    zijn haar hun hij zij ze we wij ik u er ook nog wel niet maar dan toen want daar hier waar wie wat
    verder tijdens daarnaast aansluitend bovendien eerder later doel datum tijdstip locatie kosten totale
    aanleiding verslag reden wanneer waar wie overzicht gemeente college raad stad dienstreis dienstreizen
    werkbezoek werkbezoeken ambtsreis studiereis handelsmissie netwerkreis bezoek reis reizen missie week
    weekberichten activiteitenkalender agenda nr voor meer informatie europa europese unie eu azie afrika
    amerika oceanie stedenband zusterstad mei""".split()
)


@cache
def city_names() -> dict[str, tuple[str, str, int]]:
    """Folded city name (own or alternate, Dutch exonyms among them) → (country code, own name, population),
    for GeoNames cities outside the Netherlands (``reisatlas.geonames``' table ``abroad``), without the words
    that are never a destination on their own; the most populous wins a shared name."""
    names = dict(geonames.table("abroad"))
    for word in STOPWORDS:
        names.pop(word, None)
    return names


@cache
def dutch_names() -> frozenset[str]:
    """Folded names of Dutch cities (GeoNames, population ≥ 15,000) and municipalities (data/municipalities.csv):
    never a destination abroad. A municipality named like a city abroad (Deurne, Heusden: also in Belgium) is
    not added: only the GeoNames list decides those, as before."""
    from ..municipalities import municipalities

    names = set(geonames.table("dutch"))
    abroad = city_names()
    names.update(name for folded in municipalities() for name in folded if name not in abroad)
    return frozenset(names)


@cache
def country_of_home(home: str) -> str:
    """The country of a home municipality: Belgium for a Flemish or Brussels one, else the Netherlands (also when
    the home is unknown)."""
    from ..municipalities import belgian_municipalities, dutch_places

    folded = fold(home)
    return "BE" if folded in belgian_municipalities() and folded not in dutch_places() else HOME_COUNTRY


@cache
def cities_seen_from(country: str) -> dict[str, tuple[str, str, int]]:
    """``city_names`` for a home in another country than the Netherlands: Dutch cities and municipalities are
    abroad (GeoNames' Dutch cities by population, a municipality not among them by its seat's name and no
    population: named only with a cue), the home country's cities are not."""
    from ..municipalities import municipalities

    names = {name: city for name, city in city_names().items() if city[0] != country}
    for name, (own, _, _, population) in geonames.table("dutch").items():
        if len(name) >= 3 and name not in STOPWORDS and (name not in names or names[name][2] < population):
            names[name] = (HOME_COUNTRY, own, population)
    for folded_names, point in municipalities().items():
        for name in folded_names:
            names.setdefault(name, (HOME_COUNTRY, point.name, 0))
    return names


@cache
def names_at_home(country: str) -> frozenset[str]:
    """``dutch_names`` for a home in another country: the folded names of that country's cities (GeoNames) and,
    for Belgium, of its Flemish and Brussels municipalities; never a destination abroad."""
    from ..municipalities import belgian_municipalities

    names = {name for name, city in city_names().items() if city[0] == country}
    if country == "BE":
        names.update(belgian_municipalities())
    return frozenset(names)
