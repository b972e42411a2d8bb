"""The load generator (bench/load.py) speaks to the real server as a browser tab does.

Against ``streamlit run ui/server.py`` on the seed: a tab's first view and its reruns finish without
errors, a change of a filter sent as the browser sends it (every widget's state, the URL's query) is
applied by the app, and the widget states are built from the drawn elements as the frontend keeps them.
Nothing is timed here: the numbers are ``python -m bench.served``'s. (The load's window starts once every tab
is open, so how long opening takes on a loaded machine leaves the counts alone.)
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.MultiSelect_pb2 import MultiSelect
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetStates

from bench import load

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    log = tmp_path_factory.mktemp("load") / "server.log"
    # An open tab looks at the store every half second (ui.timer.watch): the sessions rerun that fragment too.
    with load.Server(ROOT / "seeds", log, env={"REISATLAS_WATCH_SECONDS": "0.5"}) as running:
        # One tab first, as the benchmark does: the server's first run imports the app and reads the atlas.
        asyncio.run(load.load(running.url, 1, pid=None, query="", interval=1, duration=0, ramp=0, timeout=120, seed=1))
        yield running


def test_a_multiselect_sends_its_option_labels_and_keeps_the_readers_choice():
    element = MultiSelect(
        id="$$ID-abc-official", options=["wethouder Kasmi", "burgemeester Schouten"], query_param_key="official"
    )
    widget = load.read_widget("multiselect", element)
    assert (widget.key, widget.value, widget.default) == ("official", [], [])
    widget.value = ["burgemeester Schouten"]
    drawn_again = load.keep_value(load.read_widget("multiselect", element), widget, "multiselect", _element(element))
    assert drawn_again.value == ["burgemeester Schouten"]  # the same id: the frontend keeps what the reader chose
    states = load.widget_states({widget.id: drawn_again})
    assert [(s.id, list(s.string_array_value.data)) for s in states.widgets] == [
        ("$$ID-abc-official", ["burgemeester Schouten"])
    ]


def test_a_slider_set_by_the_script_takes_the_scripts_value():
    element = Slider(
        id="$$ID-def-months",
        options=["jun 2025", "jul 2025", "aug 2025"],
        default=[0, 2],
        raw_value=["jul 2025", "aug 2025"],
        set_value=True,
    )
    known = load.read_widget(
        "slider", Slider(id="$$ID-def-months", options=["jun 2025", "jul 2025", "aug 2025"], default=[0, 2])
    )
    assert known.value == ["jun 2025", "aug 2025"]
    drawn = load.keep_value(load.read_widget("slider", element), known, "slider", _element(element))
    assert drawn.value == ["jul 2025", "aug 2025"]


def test_a_change_writes_the_url_query_of_the_widget_and_clears_it_at_the_default():
    months = load.read_widget(
        "slider",
        Slider(
            id="$$ID-def-months", options=["jun 2025", "jul 2025", "aug 2025"], default=[0, 2], query_param_key="months"
        ),
    )
    query: dict[str, list[str]] = {}
    rng = random.Random(1)
    for _ in range(20):
        widget = load.change({months.id: months}, query, rng)
        if widget is None:  # no official or theme on this page: nothing else to change
            continue
        assert widget is months
        expected = (
            "" if months.value == months.default else "&".join(f"months={v.replace(' ', '+')}" for v in months.value)
        )
        assert load.query_string(query) == expected


def test_sessions_open_and_rerun_without_errors_and_report_the_servers_memory(server):
    result = asyncio.run(
        # 6 s from the moment both tabs are open: room for a few reruns and looks even when each takes seconds
        load.load(server.url, 2, pid=server.pid, query="", interval=0.5, duration=6, ramp=0.2, timeout=60, seed=3)
    )
    assert result["errors"] == 0, result["error_kinds"]
    assert result["reruns"] >= 2 and result["first_p50"] > 0
    assert result["timer_runs"] >= 2 and result["timer_p95"] < 30  # each tab's own look at the store
    assert result["rss_idle_mib"] > 50 and result["held_per_session_mib"] < 50


def test_a_filter_changed_as_the_browser_sends_it_changes_what_the_app_shows(server):
    async def visit() -> tuple[list[str], list[str]]:
        from websockets.asyncio.client import connect

        tab = load.Session(0)
        host = server.url.split("://", 1)[1]
        async with connect(
            f"ws://{host}/_stcore/stream", subprotocols=["streamlit"], origin=server.url, max_size=None
        ) as ws:
            first = BackMsg(
                rerun_script=ClientState(widget_states=WidgetStates(), context_info=load.context_info(server.url))
            )
            await load.run_once(ws, tab, first, 60)
            before = list(tab.texts)
            official = next(w for w in tab.widgets.values() if w.key == "official")
            official.value = ["burgemeester Schouten"]
            tab.query[official.query_key] = official.value
            state = ClientState(
                query_string=load.query_string(tab.query),
                widget_states=load.widget_states(tab.widgets),
                page_script_hash=tab.page_script_hash,
                context_info=load.context_info(server.url),
            )
            await load.run_once(ws, tab, BackMsg(rerun_script=state), 60)
            return before, list(tab.texts)

    before, after = asyncio.run(visit())
    assert any("7 reizen" in text for text in before)  # the seed: seven trips
    summary = next(text for text in after if "reis" in text and "plaats" in text)
    assert "7 reizen" not in summary and "reis" in summary  # only the mayor's trips


def _element(proto):
    """A drawn element holding ``proto`` under its kind's field, as a delta carries it."""
    from streamlit.proto.Element_pb2 import Element

    element = Element()
    getattr(element, "multiselect" if isinstance(proto, MultiSelect) else "slider").CopyFrom(proto)
    return element
