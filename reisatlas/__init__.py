"""Reisatlas: where a city's administrators travel, and why.

The flow, one module each: documents (reading text) → parsing (trips) → geocoding (places)
→ themes (classification) → atlas (all documents together) → selection (tables and filters)
→ layers (the map), summary, timeline, story, exports. The dashboard (app.py, ui/, pages/) only draws them.
"""

from .atlas import Atlas, document_paths, load_atlas, read_document
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
    "classify_themes",
    "default_geocoder",
    "document_paths",
    "load_atlas",
    "load_themes",
    "read_document",
]
