"""The store's database server stopped under a running app (``streamlit run ui/server.py`` on a database of the
tests' own PostgreSQL cluster), and started again: the public pages and the feeds keep serving the atlas they
last read, Beheer says the store cannot be reached and saves nothing, and both take up where they were once
it is back, without a restart."""

from __future__ import annotations

import asyncio
import shutil
import time
import urllib.request

import pytest

from reisatlas.store import Store
from tests.browser import StreamlitServer
from tests.conftest import SEED
from tests.test_beheer_attacks import admin_tab, opened, sign_in
from tests.websocket_client import Drawn

pytestmark = pytest.mark.server
OTHER = SEED.parent.parent / "tests" / "documents" / "app_other_trips.txt"
AWAY = "De opslag is nu niet bereikbaar, dus er is niets opgeslagen."


def feed(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(f"{url}/feeds/reizen.json", timeout=60) as answer:
        return answer.status, answer.read()


def away(drawn: Drawn) -> bool:
    return any(alert.startswith(AWAY) for alert in drawn.alerts)


def test_the_database_away_and_back_under_a_running_app(postgres_cluster, tmp_path):
    address = postgres_cluster.new_database()
    with Store(address) as store:
        store.add_account("anna", "correct horse battery")
        upload = store.add_document(OTHER.name, OTHER.read_bytes(), "anna")
        store.set_status(upload.id, "published", "anna")
        history = len(store.history())
    documents = tmp_path / "documents"
    documents.mkdir()
    shutil.copy(SEED, documents)

    async def scenario(server: StreamlitServer) -> dict:
        seen = {}
        resident = await opened(server.url, "/", "127.0.0.2")
        seen["map"] = resident.drawn
        seen["feed"] = await asyncio.to_thread(feed, server.url)
        admin = await admin_tab(server.url, "anna", "127.0.0.3")
        assert "Intrekken" in [label for _, label, _ in admin.drawn.widgets.values()]
        leaving = await admin_tab(server.url, "anna", "127.0.0.4")
        arriving = await opened(server.url, "/beheer", "127.0.0.5")

        postgres_cluster.stop()
        seen["feed away"] = await asyncio.to_thread(feed, server.url)
        seen["map away"] = await resident.run()
        seen["beheer away"] = await admin.run(click="Intrekken")
        seen["signed out away"] = await leaving.run(click="Afmelden")
        seen["signing in away"] = (await sign_in(arriving, "anna", "correct horse battery"))[0]

        postgres_cluster.start()
        started, drawn = time.perf_counter(), await admin.run()
        while away(drawn) and time.perf_counter() - started < 60:  # the store tries again every RETRY_SECONDS
            await asyncio.sleep(0.2)
            drawn = await admin.run()
        seen["back after"] = time.perf_counter() - started
        seen["beheer back"] = drawn
        seen["withdrawn"] = await admin.run(click="Intrekken")
        seen["feed back"] = await asyncio.to_thread(feed, server.url)
        seen["map back"] = await resident.run()
        for tab in (resident, admin, leaving, arriving):
            await tab.__aexit__(None, None, None)
        return seen

    with StreamlitServer(documents, tmp_path / "st.log", settings={"REISATLAS_STORE": address}) as server:
        seen = asyncio.run(scenario(server))
        log = server.log()
    print(f"\nBeheer back {seen['back after']:.2f} s after the cluster was")

    # Away: the map and the feed as they were, Beheer says so and nothing was saved.
    assert seen["feed away"] == seen["feed"] and seen["feed"][0] == 200
    assert "Werkbezoek Lissabon (Portugal)" in seen["feed"][1].decode()  # the published upload's trips
    assert seen["map away"].texts == seen["map"].texts and not seen["map away"].alerts
    assert not seen["map away"].exceptions
    assert away(seen["beheer away"]) and not seen["beheer away"].exceptions, seen["beheer away"].everything()
    assert "Traceback" not in seen["beheer away"].everything()
    # ... with its navigation: back to the map and the other public pages, Beheer's pages, and signing out works.
    assert "Kaart" in {label for label, _ in seen["beheer away"].links}, seen["beheer away"].links
    assert {label for label, _ in seen["beheer away"].links} >= {"Documenten", "Controleren", "Geschiedenis"}
    assert "Afmelden" in [label for _, label, _ in seen["beheer away"].widgets.values()]
    assert "Aanmelden" in seen["signed out away"].texts and not seen["signed out away"].exceptions
    assert away(seen["signing in away"]) and "Aanmelden" in seen["signing in away"].texts  # said in the form
    # Back: Beheer works again by itself, the withdraw is saved, and the feed and map show it.
    assert not away(seen["beheer back"])  # by itself, with no restart (how soon is printed: a loaded machine varies)
    assert "Publiceren" in [label for _, label, _ in seen["withdrawn"].widgets.values()]
    with Store(address) as store:
        assert store.document(upload.id).status == "withdrawn"
        assert len(store.history()) == history + 1  # the withdraw after; nothing while away
    assert seen["feed back"][0] == 200 and "Lissabon" not in seen["feed back"][1].decode()
    assert seen["map back"].texts != seen["map"].texts
    assert "niet bereikbaar" in log  # the server logged why (with the host), the pages did not
