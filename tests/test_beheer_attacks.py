"""Sign-in and sessions attacked on a running server (``streamlit run ui/server.py``, a real store: a file, and a
database of the test cluster), through
Streamlit's own websocket protocol (tests.websocket_client), each tab from a loopback address of its own so the
server sees separate clients: names that exist and names that do not get one answer; guesses from many
sessions are throttled; a new password, a lock or a removed account ends an open session, and so does idling,
also for a reconnect with the old session id."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reisatlas.store import Store
from reisatlas.text import markdown_literal
from tests.browser import StreamlitServer, past_the_first_run
from tests.conftest import BACKENDS, SEED
from tests.websocket_client import Drawn, Tab

pytestmark = pytest.mark.server
PASSWORD = "correct horse battery"
ADMINS = ("anna", "carla", "dave", "erik", "fay", "kim", "lex", "mo")
IDLE_SECONDS = 20  # REISATLAS_SESSION_MINUTES below
WRONG = markdown_literal("onbekende naam of verkeerd wachtwoord; volgende poging over 1.0 s")


@pytest.fixture(scope="module", params=BACKENDS)
def store_path(request, tmp_path_factory) -> Path | str:
    """The server's store: a file, or a database of the test cluster (tests/conftest.py)."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("store") / "store.sqlite"
    else:
        path = request.getfixturevalue("postgres_cluster").new_database()
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
    with StreamlitServer(folder, tmp_path_factory.mktemp("log") / "st.log", settings=settings) as running:
        past_the_first_run(running)  # the first run places the seed: timings start after it
        yield running


async def opened(url: str, path: str, client: str, session: str | None = None) -> Tab:
    tab = Tab(url, path, client=client, session=session)
    await tab.__aenter__()
    await tab.run()
    return tab


def signed_in(drawn: Drawn) -> bool:
    return any(text.startswith("Beheer ·") for text in drawn.texts)


async def sign_in(tab: Tab, name: str, password: str) -> tuple[Drawn, float]:
    tab.set("sign_in_name", name)
    tab.set("sign_in_password", password)
    started = time.perf_counter()
    drawn = await tab.run(click="Aanmelden")
    return drawn, time.perf_counter() - started


async def admin_tab(url: str, name: str, client: str) -> Tab:
    tab = await opened(url, "/beheer", client)
    drawn, _ = await sign_in(tab, name, PASSWORD)
    assert signed_in(drawn), drawn.everything()
    return tab


def ended(drawn: Drawn, why: str) -> bool:
    return not signed_in(drawn) and any(why in alert for alert in drawn.alerts)


def test_a_known_and_an_unknown_name_get_one_answer(server):
    """Each name from a client of its own, known and unknown in turn: one answer, and about one time (the
    timing is asserted in tests/test_store_sign_in.py, where a loaded machine's noise is smaller)."""

    async def attempts():
        answers, times = {"known": [], "unknown": []}, {"known": [], "unknown": []}
        for number, pair in enumerate([("anna", "annie"), ("kim", "kym"), ("lex", "lux"), ("mo", "moe")]):
            for side, (kind, name) in enumerate(zip(("known", "unknown"), pair)):
                tab = await opened(server.url, "/beheer", f"127.0.0.{100 + 2 * number + side}")
                drawn, seconds = await sign_in(tab, name, "not the password")
                await tab.__aexit__(None, None, None)
                answers[kind] += drawn.alerts
                times[kind].append(seconds)
        return answers, times

    answers, times = asyncio.run(attempts())
    assert answers["known"] == answers["unknown"] == [WRONG] * 4
    medians = {kind: sorted(seconds)[len(seconds) // 2] for kind, seconds in times.items()}
    print(
        f"\nwrong password, median of 4 runs: known names {medians['known']:.2f} s, unknown {medians['unknown']:.2f} s"
    )


def test_guesses_at_unknown_names_from_six_sessions_are_throttled(server):
    """Two sessions on each of three addresses guess unknown names back to back, as fast as the server answers,
    while a resident's session reruns the public map. An address's first three failures cost nothing, then each
    next check waits 1, 2, 4, … s (REISATLAS_SIGNIN_DELAY=1): how many checks fit depends on how long the guessing
    took, which on a loaded machine is longer, so the bound is computed from each address's own span."""
    answers: dict[str, list[str]] = {}
    spans: dict[str, list[float]] = {}

    async def guess(session: int) -> None:
        client = f"127.0.0.{20 + session // 2}"
        tab = await opened(server.url, "/beheer", client)
        for number in range(6):
            drawn, seconds = await sign_in(tab, f"gok-{session}-{number}", "guessing")
            answers.setdefault(client, []).extend(drawn.alerts)
            spans.setdefault(client, []).append(time.perf_counter() - seconds)  # when the attempt was sent
        await tab.__aexit__(None, None, None)

    async def attack():
        resident = await opened(server.url, "/", "127.0.0.30")
        started = time.perf_counter()
        await resident.run()
        calm = time.perf_counter() - started
        guesses = asyncio.gather(*(guess(session) for session in range(6)))
        during = []
        while not guesses.done():
            started = time.perf_counter()
            await resident.run()
            during.append(time.perf_counter() - started)
        await guesses
        await resident.__aexit__(None, None, None)
        return calm, during

    calm, during = asyncio.run(attack())
    checked = {client: sum(a.startswith("onbekende naam") for a in said) for client, said in answers.items()}
    held = {client: sum(a.startswith("te snel") for a in said) for client, said in answers.items()}
    print(
        f"\nchecked per client {checked}, refused unchecked {held}; a resident's rerun {calm:.2f} s calm,"
        f" {max(during, default=0):.2f} s at most during the guessing ({len(during)} reruns)"
    )
    assert sorted(answers) == ["127.0.0.20", "127.0.0.21", "127.0.0.22"]
    assert all(len(said) == 12 for said in answers.values())
    allowed = {client: checks_within(max(sent) - min(sent)) for client, sent in spans.items()}
    print(f"checks the throttle allows in each address's span: {allowed}")
    assert all(2 <= checked[client] <= allowed[client] for client in answers), (checked, allowed)
    assert all(held[client] >= 12 - allowed[client] > 0 for client in answers), (held, allowed)


def checks_within(span: float) -> int:
    """The most checks one address can have in ``span`` seconds: three free, then one more after each wait
    of 1, 2, 4, … s (the client's waits, counted from its third failure)."""
    checks, wait = 3, 1.0
    while span >= wait:
        span -= wait
        checks, wait = checks + 1, wait * 2
    return checks


def test_a_new_password_ends_the_session_and_its_reconnect(server, store_path):
    async def attack():
        tab = await admin_tab(server.url, "anna", "127.0.0.40")
        session = tab.session_id
        await tab.__aexit__(None, None, None)
        again = await opened(server.url, "/beheer", "127.0.0.41", session)  # someone with the session id
        resumed = again.drawn
        with Store(store_path) as store:
            store.add_account("anna", "a brand new password")  # as `reisatlas admin add anna` does
        after = await again.run()
        await again.__aexit__(None, None, None)
        later = await opened(server.url, "/beheer", "127.0.0.42", session)
        await later.__aexit__(None, None, None)
        return resumed, after, later.drawn

    resumed, after, later = asyncio.run(attack())
    assert signed_in(resumed)  # the reconnect resumes the session: the attack is real
    assert ended(after, "sessie is beëindigd"), after.everything()
    assert not signed_in(later)


def test_a_lock_ends_the_session(server):
    async def attack():
        dave = await admin_tab(server.url, "dave", "127.0.0.50")
        for number in range(3):  # someone else locks the name
            attacker = await opened(server.url, "/beheer", f"127.0.0.{51 + number}")
            said, _ = await sign_in(attacker, "dave", "guessing")
            await attacker.__aexit__(None, None, None)
            await asyncio.sleep(2**number)
        after = await dave.run()
        await dave.__aexit__(None, None, None)
        return said, after

    said, after = asyncio.run(attack())
    assert "geblokkeerd na 3 mislukte pogingen" in said.alerts[0]
    assert ended(after, "sessie is beëindigd"), after.everything()


def test_a_removed_account_ends_the_session(server, store_path):
    async def attack():
        erik = await admin_tab(server.url, "erik", "127.0.0.60")
        removed = subprocess.run(
            [sys.executable, "-m", "reisatlas.cli", "admin", "remove", "erik"],
            capture_output=True,
            text=True,
            env={**os.environ, "REISATLAS_STORE": str(store_path)},
        )
        after = await erik.run()
        await erik.__aexit__(None, None, None)
        return removed, after

    removed, after = asyncio.run(attack())
    assert removed.returncode == 0, removed.stderr
    assert ended(after, "sessie is beëindigd"), after.everything()


def test_an_idle_session_times_out_and_a_click_keeps_it(server):
    async def attack():
        fay = await admin_tab(server.url, "fay", "127.0.0.70")
        await asyncio.sleep(IDLE_SECONDS / 2)
        kept = signed_in(await fay.run())  # a click within the time-out keeps the session
        await asyncio.sleep(IDLE_SECONDS / 2 + 1)
        kept = kept and signed_in(await fay.run())  # counted from the last click
        await asyncio.sleep(IDLE_SECONDS + 1)
        after = await fay.run()
        session = fay.session_id
        await fay.__aexit__(None, None, None)
        again = await opened(server.url, "/beheer", "127.0.0.71", session)
        await again.__aexit__(None, None, None)
        return kept, after, again.drawn

    kept, after, again = asyncio.run(attack())
    assert kept
    assert ended(after, "sessie is verlopen"), after.everything()
    assert not signed_in(again)


def test_a_session_ended_by_a_new_password_can_upload_nothing_before_its_next_click(server, store_path):
    """The upload endpoint asks what a click asks (Store.session_ended), not only whether the account exists."""

    async def attack():
        tab = await admin_tab(server.url, "kim", "127.0.0.60")
        (urls,) = await tab.upload_urls()
        before = await asyncio.to_thread(tab.put, urls.upload_url, "voor.txt", SEED.read_bytes())
        with Store(store_path) as store:
            store.add_account("kim", "a brand new password")
        (urls,) = await tab.upload_urls()
        after = await asyncio.to_thread(tab.put, urls.upload_url, "na.txt", SEED.read_bytes())
        await tab.__aexit__(None, None, None)
        return before[0], after[0]

    assert asyncio.run(attack()) == (204, 403)
