"""From selected trips to the pydeck map, one module per seam:

- ``outlines``: the country outlines (1:110m, 1:50m zoomed in) and the areas of whole-country destinations;
- ``records``: one record per place and per leg, and their tooltips;
- ``screen``: the screen geometry (the fitted view, fanned markers, each label's place), the one layout the app,
  the HTML export and the PNG slide share, with ``labels``, its label placer;
- ``deck``: the layers and pydeck's Deck, written as compact JSON.

The colour scheme every output shares is ``reisatlas.colours``; Web Mercator's maths is in ``reisatlas.geo``.
"""

from .deck import Deck, build_deck, fitted_view, map_layers, picked_trip_ids, world_outlines_json
from .labels import RING_PX, place_labels
from .outlines import (
    FINE_OUTLINES_URL,
    FINE_ZOOM,
    OUTLINES_URL,
    country_areas,
    country_outlines,
    outlines_for,
)
from .records import (
    HOME_LAYER_FIELDS,
    ROUTE_LAYER_FIELDS,
    STOP_LAYER_FIELDS,
    TOOLTIP,
    TOOLTIP_TRIPS,
    footprint_text,
    key_text,
    map_records,
    mode_label,
    place_records,
    route_homes,
)
from .screen import fit_view, marker_scale, spread_markers

__all__ = [
    "FINE_OUTLINES_URL",
    "FINE_ZOOM",
    "HOME_LAYER_FIELDS",
    "OUTLINES_URL",
    "RING_PX",
    "ROUTE_LAYER_FIELDS",
    "STOP_LAYER_FIELDS",
    "TOOLTIP",
    "TOOLTIP_TRIPS",
    "Deck",
    "build_deck",
    "country_areas",
    "country_outlines",
    "fit_view",
    "fitted_view",
    "footprint_text",
    "key_text",
    "map_layers",
    "map_records",
    "marker_scale",
    "mode_label",
    "outlines_for",
    "picked_trip_ids",
    "place_labels",
    "place_records",
    "route_homes",
    "spread_markers",
    "world_outlines_json",
]
