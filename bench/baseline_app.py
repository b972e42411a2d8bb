"""The benchmark's baseline: a bare Streamlit script that draws the same stops as the map page, in
one pydeck ScatterplotLayer, under the same month slider — and nothing else.

It reads the stops from a file the benchmark writes beforehand (BENCH_BASELINE_STOPS: one row per
placed stop with its trip's first and last month), so it does no parsing, geocoding or aggregating:
it is what a page with no design at all costs. Run by ``python -m bench``, not by hand.
"""

import os

import pandas as pd
import pydeck as pdk
import streamlit as st


@st.cache_data
def load_stops(path: str) -> pd.DataFrame:
    return pd.read_pickle(path)


stops = load_stops(os.environ["BENCH_BASELINE_STOPS"])
months = list(pd.period_range(stops["first_month"].min(), stops["last_month"].max(), freq="M").strftime("%Y-%m"))
first, last = st.sidebar.select_slider("Periode", options=months, value=(months[0], months[-1]), key="months")
shown = stops[(stops["first_month"] <= last) & (stops["last_month"] >= first)]
st.pydeck_chart(
    pdk.Deck(
        layers=[
            pdk.Layer(
                "ScatterplotLayer",
                data=shown[["name", "lat", "lon"]],
                get_position=["lon", "lat"],
                get_fill_color=[0, 114, 178],
                get_radius=6,
                radius_units="'pixels'",
                pickable=True,
            )
        ],
        initial_view_state=pdk.ViewState(latitude=25, longitude=10, zoom=0.6),
        tooltip={"text": "{name}"},
        map_provider=None,
    ),
    height=560,
)
