"""The timeline: bar spans, lanes for overlapping trips, rows per official, and the page for several filters."""

from __future__ import annotations

import io
import json
from datetime import date

import pandas as pd
import pyarrow as pa
import pytest
from apptest import run_app
from streamlit.testing.v1 import AppTest

from reisatlas.colours import colouring
from reisatlas.timeline import assign_lanes, bar_span, build_timeline, month_after, timeline_chart

# Two overlapping trips of Simons (one with days, one month-only), one trip without a period.
DOCUMENT = """\
Werkbezoek Porto (Portugal)
Kennisuitwisseling havens en walstroom
door wethouder Simons
3 tot en met 7 november 2025
Wethouder Simons bezoekt de haven van Porto.

Werkbezoek Hamburg (Duitsland)
Havenconferentie
door wethouder Simons
November 2025
Wethouder Simons spreekt op een conferentie over havens.

Werkbezoek Lyon (Frankrijk)
Kennisuitwisseling cultuur
door wethouder Kasmi
Wethouder Kasmi bezoekt musea in Lyon; de datum staat nog niet vast.
"""


@pytest.mark.parametrize(
    ("start", "end", "months", "expected"),
    [
        (date(2025, 11, 3), date(2025, 11, 7), ["2025-11"], (date(2025, 11, 3), date(2025, 11, 8))),
        (date(2025, 6, 30), date(2025, 7, 2), ["2025-06", "2025-07"], (date(2025, 6, 30), date(2025, 7, 3))),
        (date(2025, 9, 15), date(2025, 9, 15), ["2025-09"], (date(2025, 9, 15), date(2025, 9, 16))),
        (None, None, ["2025-06"], (date(2025, 6, 1), date(2025, 7, 1))),
        (None, None, ["2025-10", "2025-11"], (date(2025, 10, 1), date(2025, 12, 1))),
        (None, None, ["2025-12", "2026-01"], (date(2025, 12, 1), date(2026, 2, 1))),
        (pd.NaT, pd.NaT, ["2025-06"], (date(2025, 6, 1), date(2025, 7, 1))),
        (None, None, [], None),
    ],
)
def test_bar_span(start, end, months, expected):
    assert bar_span(start, end, months) == expected


def test_month_after_wraps_the_year():
    assert month_after("2025-12") == date(2026, 1, 1)
    assert month_after("2026-02") == date(2026, 3, 1)


JUNE = (date(2025, 6, 1), date(2025, 7, 1))
JULY = (date(2025, 7, 1), date(2025, 8, 1))
MID_JUNE = (date(2025, 6, 10), date(2025, 6, 13))


@pytest.mark.parametrize(
    ("spans", "lanes"),
    [
        ([], []),
        ([JUNE], [0]),
        ([JUNE, JULY], [0, 0]),  # touching, not overlapping
        ([JUNE, JUNE], [0, 1]),
        ([JUNE, MID_JUNE, JULY], [0, 1, 0]),
        ([JULY, JUNE, MID_JUNE], [0, 0, 1]),  # lanes follow time, not input order
        ([JUNE, MID_JUNE, MID_JUNE], [0, 1, 2]),
    ],
)
def test_assign_lanes(spans, lanes):
    assert assign_lanes(spans) == lanes


def test_overlapping_spans_never_share_a_lane():
    spans = [(date(2025, 1, d), date(2025, 1, d + 5)) for d in range(1, 20, 2)]
    lanes = assign_lanes(spans)
    for i, a in enumerate(spans):
        for j, b in enumerate(spans):
            if i < j and a[0] < b[1] and b[0] < a[1]:
                assert lanes[i] != lanes[j]


def test_one_row_per_official_mayor_first(seed_trips):
    timeline = build_timeline(seed_trips, "nl")
    assert [row.label for row in timeline.rows] == [
        "burgemeester Schouten",
        "wethouder Achbar",
        "wethouder Kasmi",
        "wethouder Simons",
        "wethouder Zeegers",
    ]
    assert sorted(timeline.bars["official"].unique()) == sorted(row.label for row in timeline.rows)
    assert timeline.months == ("2025-06", "2025-07", "2025-08", "2025-09")
    assert timeline.undated.empty


def test_seed_bars_cover_their_months(seed_trips):
    bars = build_timeline(seed_trips, "nl").bars.set_index("title")
    oslo = bars.loc["Werkbezoek en handelsmissie Oslo (Noorwegen)"]
    assert (oslo["start"], oslo["end"]) == ("2025-06-01", "2025-07-01")
    johannesburg = bars.loc["Werkbezoek Johannesburg (Zuid-Afrika)"]
    assert (johannesburg["start"], johannesburg["end"]) == ("2025-09-01", "2025-10-01")


def test_overlapping_trips_of_one_official_get_their_own_lanes(seed_trips):
    timeline = build_timeline(seed_trips, "nl")
    rows = {row.label: row for row in timeline.rows}
    assert rows["wethouder Kasmi"].lanes == 2 and rows["burgemeester Schouten"].lanes == 2
    assert rows["wethouder Simons"].lanes == 1
    kasmi = timeline.bars[timeline.bars["official"] == "wethouder Kasmi"]
    assert sorted(kasmi["lane"]) == [0, 1]
    # Distinct on screen: the two June bars do not overlap vertically, and stay within Kasmi's row.
    (a_y, a_y2), (b_y, b_y2) = sorted(zip(kasmi["y"], kasmi["y2"]))
    assert a_y2 <= b_y
    row = rows["wethouder Kasmi"]
    assert row.top <= a_y and b_y2 <= row.top + row.lanes


def test_colour_is_the_main_theme_and_the_tooltip_lists_all(seed_trips):
    bars = build_timeline(seed_trips, "en").bars.set_index("title")
    tokyo = bars.loc["Werkbezoek Tokio, Osaka en Kobe (Japan)"]
    # "Handels- en investeringsbevordering ...": trade comes first in its purpose line, port first in the list.
    assert tokyo["theme"] == "Economy, trade & investment"
    assert tokyo["colour"] == "#e69f00"
    assert bars.loc["Werkbezoek Richmond (Canada)", "theme"] == "Sport & physical activity"
    assert tokyo["themes"] == "Port & maritime, Economy, trade & investment, Climate, energy & sustainability"
    assert tokyo["period"] == "September 2025"


def test_the_timeline_colours_as_the_map_does(seed_trips):
    from reisatlas.colours import colouring

    paint = colouring(seed_trips, "official", "en")
    timeline = build_timeline(seed_trips, "en", paint=paint)
    bars = timeline.bars.set_index("title")
    oslo = seed_trips.set_index("title").loc["Werkbezoek en handelsmissie Oslo (Noorwegen)"]
    assert bars.loc[oslo.name, "colour"] == "#%02x%02x%02x" % paint.colour(oslo)
    assert bars.loc[oslo.name, "theme"] == "alderman Simons"


def _legends(spec: dict) -> list:
    """Every legend a Vega-Lite spec would draw: a colour encoding without ``legend: null`` draws one."""
    return [
        layer["encoding"]["color"]
        for layer in spec.get("layer", [spec])
        if "color" in layer.get("encoding", {}) and layer["encoding"]["color"].get("legend", {}) is not None
    ]


def test_the_chart_draws_no_legend_of_its_own(seed_trips):
    """One legend on the page: ui.legend's chips (which filter); Altair's would repeat them."""
    for by in ("official", "theme"):
        spec = timeline_chart(build_timeline(seed_trips, "nl", paint=colouring(seed_trips, by)), "nl").to_dict()
        assert _legends(spec) == [], by


def test_the_page_shows_one_legend():
    at = _timeline_page({"colour": "theme"})
    assert len([g for g in at.get("button_group") if g.proto.label == "Legenda"]) == 1
    assert _legends(json.loads(at.get("vega_lite_chart")[0].proto.spec)) == []


def test_chart_spec_names_rows_and_months_in_the_language(seed_trips):
    for lang, month, kasmi in (("nl", '"jun 2025"', "wethouder Kasmi"), ("en", '"Jun 2025"', "alderman Kasmi")):
        spec = timeline_chart(build_timeline(seed_trips, lang), lang).to_dict()
        bar = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "bar")
        assert month in bar["encoding"]["x"]["axis"]["labelExpr"]
        assert bar["encoding"]["x"]["scale"]["type"] == "utc"
        assert kasmi in bar["encoding"]["y"]["axis"]["labelExpr"]
        assert (
            "wethouder" not in bar["encoding"]["y"]["axis"]["labelExpr"] or lang == "nl"
        )  # roles in the reader's language
        assert bar["encoding"]["color"]["scale"]["range"][0].startswith("#")


def test_row_labels_are_quoted_safely():
    trips = pd.DataFrame(
        [
            {
                "trip_id": "x",
                "title": "t",
                "officials": ['O"Neil'],
                "official_labels": ["wethouder O\"Neil's"],
                "months": ["2025-06"],
                "start": None,
                "end": None,
                "themes": [],
                "main_theme": None,
                "places": [],
            }
        ]
    )
    spec = timeline_chart(build_timeline(trips, "nl"), "nl").to_dict()
    label_expr = spec["layer"][1]["encoding"]["y"]["axis"]["labelExpr"]
    assert json.dumps("wethouder O\"Neil's") in label_expr


# The page, through AppTest.


def _timeline_page(query: dict[str, str] | None = None) -> AppTest:
    return run_app(query, "pages/tijdlijn.py")


def _bars(at: AppTest) -> pd.DataFrame:
    """The bar layer's data as the browser receives it (Arrow IPC in the chart element)."""
    (chart,) = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    name = next(layer["data"]["name"] for layer in spec["layer"] if layer["mark"]["type"] == "bar")
    dataset = next(d for d in chart.proto.datasets if d.name == name)
    return pa.ipc.open_stream(io.BytesIO(dataset.data.data)).read_pandas()


@pytest.mark.parametrize(
    ("query", "officials"),
    [
        ({}, {"burgemeester Schouten", "wethouder Achbar", "wethouder Kasmi", "wethouder Simons", "wethouder Zeegers"}),
        ({"official": "Kasmi"}, {"wethouder Kasmi"}),
        ({"theme": "klimaat"}, {"burgemeester Schouten", "wethouder Simons", "wethouder Zeegers"}),
        (
            {"lang": "en"},
            {"mayor Schouten", "alderman Achbar", "alderman Kasmi", "alderman Simons", "alderman Zeegers"},
        ),
        ({"months": "2025-09"}, {"burgemeester Schouten"}),
    ],
)
def test_page_renders_for_filters(query, officials):
    at = _timeline_page(query)
    bars = _bars(at)
    assert set(bars["official"]) == officials
    assert at.title[0].value == ("Timeline" if query.get("lang") == "en" else "Tijdlijn")


def test_page_in_english_labels_months_in_english():
    at = _timeline_page({"lang": "en"})
    spec = at.get("vega_lite_chart")[0].proto.spec
    assert r"\"Jun 2025\"" in spec and "jun 2025" not in spec
    assert "Themes" in spec and "Thema's" not in spec


def test_page_draws_day_ranges_and_months_and_lists_undated_trips(tmp_path, monkeypatch):
    (tmp_path / "2025-11_overzicht.txt").write_text(DOCUMENT, encoding="utf-8")
    monkeypatch.setenv("REISATLAS_DOCUMENTS", str(tmp_path))
    at = _timeline_page()
    bars = _bars(at).set_index("title")
    porto = bars.loc["Werkbezoek Porto (Portugal)"]
    hamburg = bars.loc["Werkbezoek Hamburg (Duitsland)"]
    assert (porto["start"], porto["end"]) == ("2025-11-03", "2025-11-08")
    assert (hamburg["start"], hamburg["end"]) == ("2025-11-01", "2025-12-01")
    assert porto["period"] == "3 november 2025 – 7 november 2025"
    # Both are Simons's and overlap: one lane each, so neither bar hides the other.
    assert porto["official"] == hamburg["official"] == "wethouder Simons"
    assert porto["lane"] != hamburg["lane"]
    assert "Werkbezoek Lyon (Frankrijk)" not in bars.index
    assert [h.value for h in at.subheader] == ["Periode onbekend"]
    assert any("Lyon" in m.value and "Kasmi" in m.value for m in at.markdown)
