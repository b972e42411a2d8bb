"""Reisatlas: where a city's administrators travel, and why.

The flow, one module each: documents (reading text) → parsing (trips) → geocoding (places)
→ themes (classification) → atlas (all documents together).
"""

from .atlas import Atlas, build_atlas, document_paths, read_document
from .errors import DocumentError, ReisatlasError
from .geocoding import Geocoder, default_geocoder
from .model import Notice, Official, Source, Stop, Trip
from .themes import classify_themes, load_themes

__all__ = [
    "Atlas",
    "DocumentError",
    "Geocoder",
    "Notice",
    "Official",
    "ReisatlasError",
    "Source",
    "Stop",
    "Trip",
    "build_atlas",
    "classify_themes",
    "default_geocoder",
    "document_paths",
    "load_themes",
    "read_document",
]
