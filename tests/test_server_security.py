"""Attacks on a running server (``streamlit run ui/server.py``, as ``make run``), through Streamlit's own
protocol (tests.websocket_client) and plain HTTP: forged widget states, uploads by a visitor's session, file
names, the upload limit, headers, and the reading child when the server dies."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import time
import urllib.request
from pathlib import Path

import pytest
import streamlit as st
from streamlit.proto.WidgetStates_pb2 import WidgetState

from bench.serve import _status_mib
from reisatlas.i18n import t
from reisatlas.store import Store
from reisatlas.store.upload import MAX_BYTES
from reisatlas.text import markdown_literal
from tests.browser import StreamlitServer
from tests.conftest import SEED
from tests.test_upload import _alive, _children, slow_pdf
from tests.websocket_client import Tab

pytestmark = pytest.mark.server

PASSWORD = "lang genoeg wachtwoord 42"
LEAKS = ("Traceback", ".py", "/work", 'File "', "KeyError", "session_state")


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store") / "store.sqlite"
    with Store(path) as store:
        store.add_account("anna", PASSWORD)
    return path


def serve(tmp_path_factory, store_path, **settings) -> StreamlitServer:
    folder = tmp_path_factory.mktemp("documents")
    shutil.copy(SEED, folder)
    settings = {"REISATLAS_STORE": str(store_path), "REISATLAS_SIGNIN_DELAY": "0.1", **settings}
    return StreamlitServer(folder, tmp_path_factory.mktemp("log") / "streamlit.log", settings=settings)


@pytest.fixture(scope="module")
def server(tmp_path_factory, store_path):
    with serve(tmp_path_factory, store_path) as running:
        yield running


def run(coroutine):
    return asyncio.run(coroutine)


async def signed_in(server, name="anna", password=PASSWORD) -> Tab:
    tab = Tab(server.url, "/beheer")
    await tab.__aenter__()
    await tab.run()
    tab.set("sign_in_name", name)
    tab.set("sign_in_password", password)
    drawn = await tab.run(click=t("beheer_sign_in", "nl"))
    assert any("Nieuw overzicht uploaden" in label for _, label, _ in drawn.widgets.values()), drawn.everything()
    return tab


# 9. No tracebacks for visitors -------------------------------------------------------------------------------


@pytest.mark.parametrize("forged", ["admin", "x", ""])
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_forged_widget_state_ends_in_one_sentence_in_the_readers_language(server, forged, lang):
    async def attack():
        async with Tab(server.url, f"/reizen?lang={lang}") as tab:
            first = await tab.run()
            assert not first.exceptions
            tab.forge(forged, "anna")
            return await tab.run()

    drawn = run(attack())
    assert drawn.exceptions == []  # Streamlit drew no exception box of its own: no type, message or trace
    assert t("app_failed", lang) in drawn.alerts
    for leak in LEAKS:
        assert leak not in drawn.everything()


def test_the_load_benchmark_still_counts_an_error_in_the_app(server):
    """bench.load counted Streamlit's exception boxes as errors; the sentence in their place counts the same."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ClientState_pb2 import ClientState
    from streamlit.proto.WidgetStates_pb2 import WidgetStates

    from bench.load import Session, run_once

    async def attack():
        async with Tab(server.url, "/reizen") as tab:
            await tab.run()
            states = WidgetStates()
            states.widgets.append(WidgetState(id="x", string_value="anna"))
            message = BackMsg(rerun_script=ClientState(widget_states=states, page_script_hash=tab.page_script_hash))
            await run_once(tab.ws, Session(0), message, timeout=120)

    with pytest.raises(RuntimeError, match="exception in the app: Er ging iets mis"):
        run(attack())


def test_a_forged_admin_widget_does_not_sign_in(server):
    async def attack():
        async with Tab(server.url, "/beheer") as tab:
            await tab.run()
            tab.forge("admin", "anna")
            return await tab.run()

    drawn = run(attack())
    assert "Nieuw overzicht uploaden (.txt of .pdf)" not in [label for _, label, _ in drawn.widgets.values()]
    assert "Wachtwoord" in [label for _, label, _ in drawn.widgets.values()] or t("app_failed", "nl") in drawn.alerts


def test_every_drawn_widget_forged_with_a_wrong_type_ends_in_one_sentence(server):
    """Booleans for the language switch, the filters and the search: Streamlit's own deserialisers fail before
    the page runs (and so does reading the reader's language): the sentence then comes in both languages."""

    async def attack():
        async with Tab(server.url, "/reizen?lang=en") as tab:
            await tab.run()
            for widget_id in tab.drawn.widgets:
                tab.states[widget_id] = WidgetState(id=widget_id, bool_value=True)
            return await tab.run()

    drawn = run(attack())
    assert drawn.exceptions == []
    assert drawn.alerts == [f"{t('app_failed', 'nl')}\n\n{t('app_failed', 'en')}"]
    for leak in LEAKS:
        assert leak not in drawn.everything()


def test_streamlit_itself_shows_no_error_details_whatever_it_was_started_with():
    from streamlit import config

    from ui.guard import safe_options

    assert (
        'showErrorDetails = "none"'
        in (Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text()
    )
    before = {option: config.get_option(option) for option in ("client.showErrorDetails", "server.maxUploadSize")}
    try:
        config.set_option("client.showErrorDetails", "full")  # streamlit run --client.showErrorDetails full
        config.set_option("server.maxUploadSize", 200)
        safe_options()  # as ui/server.py does at start
        assert config.get_option("client.showErrorDetails") == "none"
        assert config.get_option("server.maxUploadSize") == 20  # MiB: the app's 20 MB rounded up
    finally:
        for option, value in before.items():
            config.set_option(option, value)


# 10. Uploads -------------------------------------------------------------------------------------------------


def test_a_visitors_session_cannot_put_a_file_into_the_server(server):
    """A resident's session (the map, never signed in) asks for upload addresses and PUTs 3 × 15 MiB: refused,
    and the server's memory does not grow by them."""

    async def attack():
        async with Tab(server.url, "/") as tab:
            await tab.run()
            before = _status_mib(server.process.pid, "VmRSS")
            answers = []
            for url in await tab.upload_urls(3):
                answers.append(await asyncio.to_thread(tab.put, url.upload_url, "x.txt", os.urandom(15 * 2**20)))
            return before, answers

    before, answers = run(attack())
    after = _status_mib(server.process.pid, "VmRSS")
    print(f"RSS before {before:.0f} MiB, after three refused 15 MiB uploads {after:.0f} MiB")
    assert [status for status, _ in answers] == [403] * 3
    assert answers[0][1] == f"{t('upload_not_admin', 'nl')}\n{t('upload_not_admin', 'en')}\n"
    assert after - before < 30


def test_an_admins_upload_goes_through_the_endpoint_and_is_read(server, store_path):
    async def upload():
        tab = await signed_in(server)
        try:
            status, _ = await tab.upload("upload_file", "juni\u202etxt.exe\u0000.txt", SEED.read_bytes())
            assert status == 204
            return await tab.run(click=t("beheer_keep", "nl"))
        finally:
            await tab.__aexit__(None, None, None)

    drawn = run(upload())
    assert drawn.exceptions == []
    assert any("ingelezen: 7 reizen" in alert for alert in drawn.alerts), drawn.everything()
    with Store(store_path) as store:
        assert "junitxt.exe.txt" in [document.name for document in store.documents()]  # no NUL, no RLO


def test_an_upload_mixing_utf8_and_windows_1252_is_warned_about_line_by_line(server):
    async def upload():
        tab = await signed_in(server)
        try:
            extra = "\nWerkbezoek Göteborg (Zweden)\nHavens\ndoor wethouder Kasmi\nJuli 2025\n".encode("cp1252")
            status, _ = await tab.upload("upload_file", "gemengd.txt", SEED.read_bytes() + extra)
            assert status == 204
            return await tab.run(click=t("beheer_keep", "nl"))
        finally:
            await tab.__aexit__(None, None, None)

    drawn = run(upload())
    line = len(SEED.read_bytes().split(b"\n")) + 1
    assert any("ingelezen: 8 reizen" in alert for alert in drawn.alerts), drawn.everything()
    # The upload result lists each warning under its trip (issue 18, item 5): the trip at that line, and the reason.
    assert any(f"Regel {line} · Werkbezoek Göteborg" in text for text in drawn.texts), drawn.everything()
    assert any(markdown_literal(t("document_mixed_encoding", "nl")) in text for text in drawn.texts), drawn.everything()


def test_the_upload_endpoint_holds_the_apps_limit(server):
    """The app's 20 MB gets through with its multipart framing; more than 20 MiB does not (Streamlit's default
    would take 200 MiB)."""

    async def upload():
        tab = await signed_in(server)
        try:
            (url,) = await tab.upload_urls()
            at_limit = await asyncio.to_thread(tab.put, url.upload_url, "a.txt", b"a" * MAX_BYTES)
            (url,) = await tab.upload_urls()
            over = await asyncio.to_thread(tab.put, url.upload_url, "b.txt", b"a" * (20 * 2**20 + 1))
            return at_limit[0], over[0]
        finally:
            await tab.__aexit__(None, None, None)

    assert run(upload()) == (204, 413)


# 12. Headers -------------------------------------------------------------------------------------------------


def head(url: str) -> dict[str, str]:
    with urllib.request.urlopen(url, timeout=60) as answer:
        answer.read()
        return {name.lower(): value for name, value in answer.headers.items()}


@pytest.mark.parametrize(
    "path", ["/feeds/reizen.csv", "/feeds/reizen.json", "/feeds/reizen.ics", "/feeds/reizen.geojson"]
)
def test_the_feeds_are_not_sniffed(server, path):
    assert head(server.url + path)["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/", "/reizen?lang=en", "/beheer"])
def test_the_html_may_be_framed_by_the_app_only(server, path):
    headers = head(server.url + path)
    assert headers["content-type"].startswith("text/html")
    assert headers["content-security-policy"] == "frame-ancestors 'self'"
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", ["/", "/reizen?lang=en"])
def test_the_page_carries_the_apps_style_from_the_first_byte(server, path):
    """The app's style is in the head of the page Streamlit serves (ui.streamlit_internals.PageStyle), there at the
    first paint, not sent as an element of a run (which came too late for a phone, and read as a page's text)."""
    from ui.streamlit_internals import PAGE_STYLE

    with urllib.request.urlopen(server.url + path, timeout=60) as answer:
        page, headers = answer.read(), answer.headers
    assert page.count(PAGE_STYLE) == 1 and page.index(PAGE_STYLE) < page.index(b"</head>") < page.index(b'id="root"')
    assert int(headers["content-length"]) == len(page)
    file = (Path(st.__file__).parent / "static" / "index.html").read_bytes()
    assert page.replace(PAGE_STYLE, b"") == file  # Streamlit's page otherwise as it is


# 11. The reading child dies with the server --------------------------------------------------------------------


def test_the_reading_child_dies_with_the_server(tmp_path_factory, store_path):
    """An admin uploads a PDF that takes minutes to read; the server is killed (kill -9) mid-read: its child is
    gone within seconds."""
    with serve(tmp_path_factory, store_path, REISATLAS_UPLOAD_SECONDS="600") as doomed:

        async def upload():
            tab = await signed_in(doomed)
            status, _ = await tab.upload("upload_file", "hang.pdf", slow_pdf())
            assert status == 204
            click = asyncio.create_task(tab.run(click=t("beheer_keep", "nl"), timeout=600))
            deadline = time.monotonic() + 60
            while not (children := _children(doomed.process.pid)) and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            click.cancel()
            return children

        children = run(upload())
        assert children, "the server started no child to read"
        time.sleep(1)
        assert all(_alive(child) for child in children)
        doomed.process.send_signal(signal.SIGKILL)
        doomed.process.wait()
        deadline = time.monotonic() + 5
        while any(_alive(child) for child in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        alive = [child for child in children if _alive(child)]
        for child in alive:
            os.kill(child, signal.SIGKILL)
        assert alive == [], "the reading child outlived the server"
