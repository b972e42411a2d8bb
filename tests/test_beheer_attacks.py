"""Sign-in and sessions attacked on a running server (``streamlit run ui/server.py``, a real store file), through
Streamlit's own websocket protocol (tests/stclient.py), each tab from a loopback address of its own so the
server sees separate clients: names that exist and names that do not get one answer; guesses from many
sessions are throttled; a new password, a lock or a removed account ends an open session, and so does idling,
also for a reconnect with the old session id."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from unittest import mock

import pytest
from browser import StreamlitServer
from stclient import Tab

from reisatlas.store import Store

pytestmark = pytest.mark.server
ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "2025-06_2025-09_buitenlandse-werkbezoeken.txt"
PASSWORD = "correct horse battery"
ADMINS = ("anna", "carla", "dave", "erik", "fay", "kim", "lex", "mo")
IDLE_SECONDS = 20  # REISATLAS_SESSION_MINUTES below
WRONG = "onbekende naam of verkeerd wachtwoord; volgende poging over 1.0 s"


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("store") / "store.sqlite"
    with Store(path) as store:
        for name in ADMINS:
            store.add_account(name, PASSWORD)
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory, store_path):
    folder = tmp_path_factory.mktemp("documents")
    shutil.copy(SEED, folder)
    settings = {
        "REISATLAS_STORE": str(store_path),
        "REISATLAS_SIGNIN_DELAY": "1",
        "REISATLAS_SIGNIN_LOCK_AFTER": "3",
        "REISATLAS_SESSION_MINUTES": str(IDLE_SECONDS / 60),
    }
    with (
        mock.patch.dict(os.environ, settings),
        StreamlitServer(folder, tmp_path_factory.mktemp("log") / "st.log") as running,
    ):
        with Tab(running.url, "/", client="127.0.0.2") as first:
            first.open()  # the first run reads and places the seed: the tests' own timings start after it
        yield running


def signed_in_tab(server, name: str, client: str) -> Tab:
    tab = Tab(server.url, client=client)
    assert not tab.open().signed_in
    run = tab.sign_in(name, PASSWORD)
    assert run.signed_in, run
    return tab


def test_a_known_and_an_unknown_name_get_one_answer(server):
    """Each name from a client of its own, known and unknown in turn: one answer, and about one time (the
    timing is asserted in tests/test_store_sign_in.py, where a loaded machine's noise is smaller)."""
    answers, times = {"known": [], "unknown": []}, {"known": [], "unknown": []}
    for number, (known, unknown) in enumerate([("anna", "annie"), ("kim", "kym"), ("lex", "lux"), ("mo", "moe")]):
        for kind, name in (("known", known), ("unknown", unknown)):
            with Tab(server.url, client=f"127.0.0.{100 + 2 * number + (kind == 'unknown')}") as tab:
                tab.open()
                run = tab.sign_in(name, "not the password")
            answers[kind] += run.alerts
            times[kind].append(run.seconds)
    assert answers["known"] == answers["unknown"] == [WRONG] * 4
    medians = {kind: sorted(seconds)[len(seconds) // 2] for kind, seconds in times.items()}
    print(
        f"\nwrong password, median of 4 runs: known names {medians['known']:.2f} s, unknown {medians['unknown']:.2f} s"
    )


def test_guesses_at_unknown_names_from_six_sessions_are_throttled(server):
    """Two sessions on each of three addresses guess unknown names back to back, as fast as the server answers."""
    answers: dict[str, list[str]] = {}

    def guess(session: int) -> None:
        client = f"127.0.0.{20 + session // 2}"
        with Tab(server.url, client=client) as tab:
            tab.open()
            for number in range(6):
                run = tab.sign_in(f"gok-{session}-{number}", "guessing")
                answers.setdefault(client, []).extend(run.alerts)

    with Tab(server.url, "/", client="127.0.0.30") as resident:
        calm = resident.run().seconds
        threads = [threading.Thread(target=guess, args=(session,)) for session in range(6)]
        for thread in threads:
            thread.start()
        during = []
        while any(thread.is_alive() for thread in threads):
            during.append(resident.run().seconds)
        for thread in threads:
            thread.join()
    checked = {client: sum(a.startswith("onbekende naam") for a in said) for client, said in answers.items()}
    held = {client: sum(a.startswith("te snel") for a in said) for client, said in answers.items()}
    print(
        f"\nchecked per client {checked}, refused unchecked {held}; a resident's rerun {calm:.2f} s calm,"
        f" {max(during, default=0):.2f} s at most during the guessing ({len(during)} reruns)"
    )
    assert all(len(said) == 12 for said in answers.values())
    assert all(2 <= n <= 5 for n in checked.values()) and all(n >= 7 for n in held.values())


def test_a_new_password_ends_the_session_and_its_reconnect(server, store_path):
    tab = signed_in_tab(server, "anna", "127.0.0.40")
    session = tab.session_id
    tab.close()
    with Tab(server.url, client="127.0.0.41", session=session) as again:  # someone with the session id
        assert again.open().signed_in  # the reconnect resumes the session: the attack is real
        with Store(store_path) as store:
            store.add_account("anna", "a brand new password")  # as `reisatlas admin add anna` does
        run = again.run()
        assert not run.signed_in and any("sessie is beëindigd" in alert for alert in run.alerts), run
    with Tab(server.url, client="127.0.0.42", session=session) as later:
        assert not later.open().signed_in


def test_a_lock_ends_the_session(server):
    with signed_in_tab(server, "dave", "127.0.0.50") as dave:
        for number in range(3):  # someone else locks the name
            with Tab(server.url, client=f"127.0.0.{51 + number}") as attacker:
                attacker.open()
                said = attacker.sign_in("dave", "guessing")
            time.sleep(2**number)
        assert "geblokkeerd na 3 mislukte pogingen" in said.alerts[0]
        run = dave.run()
        assert not run.signed_in and any("sessie is beëindigd" in alert for alert in run.alerts), run


def test_a_removed_account_ends_the_session(server, store_path):
    with signed_in_tab(server, "erik", "127.0.0.60") as erik:
        removed = subprocess.run(
            [sys.executable, "-m", "reisatlas.cli", "admin", "remove", "erik"],
            capture_output=True,
            text=True,
            env={**os.environ, "REISATLAS_STORE": str(store_path)},
        )
        assert removed.returncode == 0, removed.stderr
        run = erik.run()
        assert not run.signed_in and any("sessie is beëindigd" in alert for alert in run.alerts), run


def test_an_idle_session_times_out_and_a_click_keeps_it(server):
    with signed_in_tab(server, "fay", "127.0.0.70") as fay:
        time.sleep(IDLE_SECONDS / 2)
        assert fay.run().signed_in  # a click within the time-out keeps the session
        time.sleep(IDLE_SECONDS / 2 + 1)
        assert fay.run().signed_in  # counted from the last click
        time.sleep(IDLE_SECONDS + 1)
        run = fay.run()
        session = fay.session_id
    assert not run.signed_in and any("sessie is verlopen" in alert for alert in run.alerts), run
    with Tab(server.url, client="127.0.0.71", session=session) as again:
        assert not again.open().signed_in
