"""Place names in the reader's language: the documents write Dutch exonyms (Tokio, Brussel, Kaapstad); an
English reader reads GeoNames' own name for the city (Tokyo, Brussels, Cape Town) where GeoNames has one.

The same GeoNames cities as the gazetteer, matched the same way (the city whose own name it is wins, then the
most populous), so a name is translated to the city it was placed at: ``reisatlas.geonames``' table
``own_names``, built with the gazetteer's. A name GeoNames does not know (Botkyrka, a reviewed place) stays as
the document writes it. Dutch readers get the document's own name.
"""

from __future__ import annotations

import pandas as pd

from . import geonames
from .geocoding.base import place_key

DOCUMENTS_LANGUAGE = "nl"  # the documents name places in Dutch: a Dutch reader reads them as written


def place_name(name: str, country_code: str | None, lang: str = "nl") -> str:
    """A place as the reader says it.

    >>> place_name("Tokio", "JP", "en"), place_name("Brussel", "BE", "en"), place_name("Tokio", "JP")
    ('Tokyo', 'Brussels', 'Tokio')
    """
    if lang == DOCUMENTS_LANGUAGE or not isinstance(country_code, str) or not country_code:
        return name
    return geonames.table("own_names").get(place_key(name, country_code), name)


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
    # The table once, each name and country once: per stop this was the first run's largest cost at 10,000 trips
    # (a cache folder looked up, a Babel locale made, for each of 15,870 stops).
    own_names = geonames.table("own_names")
    codes = [code if isinstance(code, str) and code else None for code in codes]
    names_of = {
        (name, code): own_names.get(place_key(name, code), name) if code else name
        for name, code in set(zip(stops["name"], codes))
    }
    countries_of = {code: country_name(code, lang) for code in set(codes) if code}
    stops["name"] = [names_of[name, code] for name, code in zip(stops["name"], codes)]
    stops["country"] = [countries_of.get(code, country) for code, country in zip(codes, stops["country"])]
    names: dict[str, list[str]] = {}
    for trip, name in zip(stops["trip_id"], stops["name"]):
        names.setdefault(trip, []).append(name)
    trips = trips.copy()
    trips["document_places"] = trips["places"]
    trips["places"] = [names.get(trip, places) for trip, places in zip(trips["trip_id"], trips["places"])]
    return trips, stops
