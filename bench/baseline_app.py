"""The benchmark's baseline: a bare Streamlit script that draws the same stops as the map page, in
one pydeck ScatterplotLayer, under the same month slider — and nothing else.

It reads the stops from a file the benchmark writes beforehand (BENCH_BASELINE_STOPS: one row per
placed stop with its trip's first and last month), so it does no parsing, geocoding or aggregating:
it is what a page with no design at all costs. Run by ``python -m bench``, not by hand.

With BENCH_BASELINE_OUTLINES (a GeoJSON file) it also draws those country outlines, in the map page's
colours and sent in the map itself, as a bare pydeck page would: the baseline of the time to a painted
map in a fresh tab (bench/paint.py).
"""

import json
import os

import pandas as pd
import pydeck as pdk
import streamlit as st


@st.cache_data
def load_stops(path: str) -> pd.DataFrame:
    return pd.read_pickle(path)


@st.cache_data
def load_outlines(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


stops = load_stops(os.environ["BENCH_BASELINE_STOPS"])
months = list(pd.period_range(stops["first_month"].min(), stops["last_month"].max(), freq="M").strftime("%Y-%m"))
first, last = st.sidebar.select_slider("Periode", options=months, value=(months[0], months[-1]), key="months")
shown = stops[(stops["first_month"] <= last) & (stops["last_month"] >= first)]
outlines = []
if os.environ.get("BENCH_BASELINE_OUTLINES"):
    outlines = [
        pdk.Layer(
            "GeoJsonLayer",
            data=load_outlines(os.environ["BENCH_BASELINE_OUTLINES"]),
            get_fill_color=[246, 244, 238],
            get_line_color=[150, 150, 150],
            line_width_min_pixels=0.6,
        )
    ]
st.pydeck_chart(
    pdk.Deck(
        layers=[
            *outlines,
            pdk.Layer(
                "ScatterplotLayer",
                data=shown[["name", "lat", "lon"]],
                get_position=["lon", "lat"],
                get_fill_color=[0, 114, 178],
                get_radius=6,
                radius_units="'pixels'",
                pickable=True,
            ),
        ],
        initial_view_state=pdk.ViewState(latitude=25, longitude=10, zoom=0.6),
        tooltip={"text": "{name}"},
        map_provider=None,
    ),
    height=560,
)
