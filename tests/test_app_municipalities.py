"""The dashboard with documents of two municipalities (AppTest): a municipality filter bound to the link,
routes from each city's own home, costs in the trip list and details, a country-level destination drawn as
its country."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"
LAYOUTS = Path(__file__).resolve().parent / "documents" / "layouts"


@pytest.fixture
def two_cities(tmp_path, monkeypatch) -> Path:
    shutil.copy(SEED, tmp_path)
    shutil.copy(LAYOUTS / "table_denhaag_2014.txt", tmp_path)  # Den Haag, with costs
    shutil.copy(LAYOUTS / "prose_rtl_overzicht_2008.txt", tmp_path)  # four municipalities, countries on their own
    monkeypatch.setenv("REISATLAS_DOCUMENTS", str(tmp_path))
    return tmp_path


def run_app(params: dict | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception[0].message
    if page:
        at.switch_page(page).run()
        assert not at.exception, at.exception[0].message
    return at


def layer(at: AppTest, id: str) -> list[dict] | dict:
    (chart,) = at.get("deck_gl_json_chart")
    return next(layer["data"] for layer in json.loads(chart.proto.json)["layers"] if layer["id"] == id)


def test_municipality_filter_from_a_link(two_cities):
    at = run_app({"municipality": "Den Haag"})
    (choice,) = [m for m in at.sidebar.multiselect if m.label == "Gemeente"]
    assert "Den Haag" in choice.options and "Rotterdam" in choice.options and choice.value == ["Den Haag"]
    assert [stop["name"] for stop in layer(at, "stops")] == ["New York"]
    assert [home["name"] for home in layer(at, "home")] == ["Den Haag"]
    assert any("Den Haag: 1 reis naar 1 plaats" in m.value for m in at.markdown)


def test_country_level_destinations_are_drawn_as_their_country(two_cities):
    at = run_app({"municipality": "Tilburg"})
    areas = layer(at, "country_areas")
    assert {f["properties"]["name"] for f in areas["features"]} >= {"Tanzania", "Nicaragua", "Japan", "China"}
    assert any(stop["tooltip"].startswith("heel Tanzania") for stop in layer(at, "stops"))


def test_costs_in_the_trip_list_and_details(two_cities):
    at = run_app({"municipality": "Den Haag"}, page="pages/reizen.py")
    (table,) = at.dataframe
    assert list(table.value["Kosten"]) == ["€\xa03.563,00 (betaald door de gemeente)"]
    details = "\n".join(m.value for m in at.expander[0].markdown)
    assert "**Kosten:** €\xa03\\.563\\,00 \\(betaald door de gemeente\\)" in details
    assert "**Gemeente:** Den Haag" in details
