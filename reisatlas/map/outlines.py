"""Country outlines for the map: Natural Earth's 1:110m for a world view, 1:50m zoomed in, served by the app or
carried in the map itself; and the outlines of the countries that are a destination on their own."""

from __future__ import annotations

import json
from functools import cache

import pandas as pd
import pydeck as pdk

from ..paths import OUTLINES
from .records import stop_table

OUTLINES_FILE = OUTLINES / "countries.geojson"
# Natural Earth 1:50m (data/countries-50m.geojson.md) where the map is zoomed in past FINE_ZOOM: a country's
# coast at 1:110m is a few straight lines at a trip's zoom (Europe fits at ~4, Brussels at 7; the world at ~1).
FINE_OUTLINES_FILE = OUTLINES / "countries-50m.geojson"
FINE_ZOOM = 3.0
# The app serves data/outlines/ as static files (the static -> data/outlines link and .streamlit/config.toml): the
# browser fetches each outline file once (the 1:50m's 1.5 MB only when a map zooms in) instead of in every map spec.
OUTLINES_URL = "app/static/countries.geojson"
FINE_OUTLINES_URL = "app/static/countries-50m.geojson"
# The 1:50m land borders as lines (tools/outline_borders.py): the fetched 1:50m are drawn filled, the coasts shown
# by land against sea, and only these stroked (a fifth of the segments; see ``outline_layers``).
FINE_BORDERS_URL = "app/static/countries-50m-borders.geojson"
# The same for the 1:110m (tools/outline_borders.py): the app's world map draws them so too. Every 1:110m ring
# stroked was 11,000 path segments in each frame (the borders are 2,600), in every world copy drawn: a fifth of the
# CPU software WebGL spent on a desktop's world map (docs/performance.md, "Test suite").
BORDERS_URL = "app/static/countries-borders.geojson"


@cache
def country_outlines(fine: bool = False) -> dict:
    """Natural Earth 1:110m admin-0 countries (see data/countries.geojson.md), or 1:50m when ``fine``."""
    return json.loads((FINE_OUTLINES_FILE if fine else OUTLINES_FILE).read_text(encoding="utf-8"))


def outlines_for(view: pdk.ViewState, *, served: bool = False, carry_world: bool = False) -> dict | str:
    """The outlines a view needs, 1:110m for a world view and 1:50m past FINE_ZOOM: by the URL the app serves
    them at when ``served``, else in the map itself (a page that must stand on its own, as the HTML export).
    ``carry_world`` puts the 1:110m in the map even when served (200 KB; the 1:50m's 1.5 MB are always
    fetched): a fetched file reaches deck.gl only after its first frame."""
    fine = float(view.zoom) > FINE_ZOOM
    if served and not (carry_world and not fine):
        return FINE_OUTLINES_URL if fine else OUTLINES_URL
    return country_outlines(fine)


def outlines_layer_id(outlines: dict | str | None) -> str:
    """The outline layer's id: "countries", or "countries-fine" for the 1:50m fetched from the app.

    deck.gl keeps a layer by its id from one map to the next, and a GeoJsonLayer whose ``data`` address changes
    fetches the new file but keeps drawing what it had: a filter that zoomed in kept the 1:110m coasts while the
    same link opened fresh drew the 1:50m. A new id is a new layer, which draws what it fetched.

    >>> outlines_layer_id(FINE_OUTLINES_URL), outlines_layer_id(OUTLINES_URL), outlines_layer_id(None)
    ('countries-fine', 'countries', 'countries')
    """
    return "countries-fine" if outlines == FINE_OUTLINES_URL else "countries"


def country_areas(placed: pd.DataFrame, stops: pd.DataFrame | None = None) -> dict | None:
    """The outlines of the countries that are a destination on their own (a stop of kind "country"); ``stops``
    as in ``place_rows``."""
    if "kind" not in placed:
        return None
    if stops is not None:
        table, at = stop_table(placed, stops)
        codes = {table.areas[i] for i in set(table.area[at].tolist()) if i >= 0}
    else:
        codes = set(placed.loc[placed["kind"] == "country", "country_code"].dropna())
    if not codes:
        return None
    from ..geocoding.areas import iso3_codes

    wanted = {iso3_codes().get(code) for code in codes}
    features = [f for f in country_outlines()["features"] if f["properties"].get("iso_a3") in wanted]
    return {"type": "FeatureCollection", "features": features}
