"""Placing a stop on the map: a chain of layers, offline first.

Each layer answers ``lookup(name, country_code)`` with a Location or None ("not mine, ask the next"):

1. ReviewedPlaces  data/places.csv, places reviewed by hand (Botkyrka → Tumba)
2. AnswerCache     earlier online answers, geocode_cache.json under REISATLAS_CACHE_DIR, written atomically
3. Gazetteer       GeoNames (the table of ``reisatlas.geonames``), constrained to the document's country
4. NominatimLayer  geopy's Nominatim behind geopy's RateLimiter, only when the network is allowed

A place no layer finds stays unresolved. No layer ever answers for a place without a country, and
no answer that is not a real coordinate (outside the globe, not a number, or (0, 0)) is ever used.

One module per layer over a small base (the way geopy's ``geocoders/`` is laid out): ``base``
(Location, the Layer interface), ``reviewed``, ``cache``, ``gazetteer``, ``nominatim``, and ``chain``
(the Geocoder that asks them in order).
"""

from ..geonames import LATIN_NAME
from .base import Layer, Location, place_key, plausible
from .cache import AnswerCache, answers_file
from .chain import Geocoder, default_geocoder
from .gazetteer import Gazetteer
from .nominatim import USER_AGENT, NominatimLayer
from .reviewed import REVIEWED_PLACES, ReviewedPlaces

__all__ = [
    "LATIN_NAME",
    "REVIEWED_PLACES",
    "USER_AGENT",
    "answers_file",
    "AnswerCache",
    "Gazetteer",
    "Geocoder",
    "Layer",
    "Location",
    "NominatimLayer",
    "ReviewedPlaces",
    "default_geocoder",
    "place_key",
    "plausible",
]
