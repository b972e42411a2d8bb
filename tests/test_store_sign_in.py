"""Sign-in against an attacker, on a real store (a file, and a database of the test cluster) and real Argon2 hashes with a clock of the test's own:
the same answer whether a name exists or not, failures counted per name and per client, failures that
decay while a lock stays, and sessions that end when their account changes or they sit idle."""

from __future__ import annotations

import statistics
import time
from dataclasses import replace

import pytest
from test_store import Clock

from reisatlas.store import SignInError, SignInPolicy, Store

PASSWORD = "correct horse battery"
POLICY = SignInPolicy(delay=1, max_delay=8, lock_after=5, lock_seconds=900, forget_after=600, idle_minutes=30)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(store_location, clock):
    with Store(store_location, clock=clock, policy=POLICY) as opened:
        opened.add_account("anna", PASSWORD)
        yield opened


def refusal(store, name, password=PASSWORD + "!", client="203.0.113.7") -> SignInError:
    with pytest.raises(SignInError) as refused:
        store.sign_in(name, password, client=client)
    return refused.value


def answers(store, clock, name, client) -> list[tuple[str, float, bool]]:
    """Six wrong passwords in a row, each after the wait the last one named: what each answered."""
    seen = []
    for _ in range(6):
        err = refusal(store, name, client=client)
        seen.append((err.text("en"), err.wait, err.locked))
        clock.now += err.wait
    return seen


def test_a_known_and_an_unknown_name_get_the_same_answers(store, clock):
    known = answers(store, clock, "anna", "198.51.100.1")
    unknown = answers(store, clock, "annie", "198.51.100.2")
    assert known == unknown
    assert known[0] == ("unknown name or wrong password; next attempt in 1.0 s", 1, False)
    assert known[4][0] == "account locked after 5 failed attempts; try again in 15 min" and known[4][2]


@pytest.mark.slow  # eighteen real Argon2 checks, timed
def test_a_known_and_an_unknown_name_take_the_same_time(tmp_path):
    """Interleaved wrong passwords, the median of each within a quarter of the other. Measured in the process's
    CPU time: the work an answer costs, which a loaded machine's waiting for a CPU does not blur."""
    with Store(tmp_path / "s.sqlite", policy=SignInPolicy(delay=0, lock_after=1000)) as store:
        store.add_account("anna", PASSWORD)
        times = {"anna": [], "annie": []}
        for _ in range(9):
            for name in times:
                started = time.process_time()
                refusal(store, name)
                times[name].append(time.process_time() - started)
    known, unknown = statistics.median(times["anna"]), statistics.median(times["annie"])
    assert abs(known - unknown) < 0.25 * max(known, unknown), times


def test_guesses_at_one_name_from_many_clients_are_throttled_and_locked_unknown_or_not(store, clock):
    for name in ("anna", "nobody"):
        waits = []
        for client in range(5):  # five sessions from five addresses
            err = refusal(store, name, client=f"192.0.2.{client}")
            waits.append(err.wait)
            held = str(refusal(store, name, client="192.0.2.99"))  # any other client is held up too
            assert ("te snel" if client < 4 else "geblokkeerd") in held
            clock.now += err.wait if client < 4 else 0
        assert waits == [1, 2, 4, 8, 900] and err.locked
        assert "geblokkeerd" in str(refusal(store, name, PASSWORD, client="192.0.2.200"))
        clock.now += 900
    assert store.sign_in("anna", PASSWORD, client="192.0.2.1") == "anna"


def test_one_client_guessing_many_unknown_names_is_slowed(store, clock):
    waits = []
    for number in range(8):
        clock.now += waits[-1] if waits else 0
        waits.append(refusal(store, f"guess{number}", client="203.0.113.9").wait)
    assert waits == [1, 1, 1, 1, 1, 2, 4, 8]  # as long as one name may fail, then doubling per client
    assert "te snel" in str(refusal(store, "guess-next", client="203.0.113.9"))  # refused unchecked: it waits
    assert store.sign_in("anna", PASSWORD, client="198.51.100.5") == "anna"  # another client is not held up
    clock.now += 8
    assert store.sign_in("anna", PASSWORD, client="203.0.113.9") == "anna"  # nor, after its wait, is this one


def test_failures_decay_but_a_lock_stays(store, clock):
    for _ in range(4):
        clock.now += refusal(store, "anna").wait
    clock.now += POLICY.forget_after + 1  # a passer-by's four guesses, long ago
    err = refusal(store, "anna")
    assert (err.wait, err.locked) == (1, False)  # counted from one again, not a lock
    for _ in range(4):
        clock.now += err.wait
        err = refusal(store, "anna")
    assert err.locked
    clock.now += POLICY.forget_after + 1  # longer than failures are remembered, shorter than the lock
    assert refusal(store, "anna", PASSWORD).locked
    clock.now += POLICY.lock_seconds
    assert store.sign_in("anna", PASSWORD) == "anna"


def test_a_new_password_a_lock_or_a_removed_account_ends_open_sessions(store, clock):
    store.add_account("bob", PASSWORD)
    sessions = {name: store.open_session(store.sign_in(name, PASSWORD, client=name)) for name in ("anna", "bob")}
    assert store.session_ended(sessions["anna"]) is None and store.session_ended(sessions["bob"]) is None

    store.add_account("anna", "a brand new password")  # reisatlas admin add: a new password
    assert "beëindigd" in str(store.session_ended(sessions["anna"]))
    assert store.session_ended(sessions["bob"]) is None  # only that admin's sessions
    sessions["anna"] = store.open_session(store.sign_in("anna", "a brand new password", client="x"))
    assert store.session_ended(sessions["anna"]) is None

    for _ in range(5):  # someone else locks anna's name
        clock.now += refusal(store, "anna", client="203.0.113.66").wait
    assert "beëindigd" in str(store.session_ended(sessions["anna"]))

    assert store.remove_account("bob") and not store.remove_account("bob")
    assert "beëindigd" in str(store.session_ended(sessions["bob"]))
    assert [c.action for c in store.history(3)] == ["account.remove", "account.locked", "account.password"]


def test_an_idle_session_ends_after_the_time_out(store, clock, monkeypatch):
    session = store.open_session(store.sign_in("anna", PASSWORD))
    clock.now += 29 * 60
    assert store.session_ended(session) is None
    session = replace(session, seen=clock.now)  # a click
    clock.now += 29 * 60
    assert store.session_ended(session) is None
    clock.now += 2 * 60
    ended = store.session_ended(session)
    assert str(ended) == "je sessie is verlopen na 30 minuten zonder activiteit; meld je opnieuw aan"
    monkeypatch.setenv("REISATLAS_SESSION_MINUTES", "5")
    assert SignInPolicy.from_environment().idle_minutes == 5
    assert SignInPolicy().idle_minutes == 30


def test_failures_and_a_lock_hold_across_processes(store_location, clock):
    """Two servers on one store (two Store objects, each its own connection): what one counts holds up the other,
    a lock made through one is a lock in the other and ends the sessions opened there."""
    one, two = (Store(store_location, clock=clock, policy=POLICY) for _ in range(2))
    one.add_account("anna", PASSWORD)
    session = two.open_session(two.sign_in("anna", PASSWORD, client="198.51.100.1"))
    waits = []
    for attempt in range(5):
        here, there = (one, two) if attempt % 2 == 0 else (two, one)
        err = refusal(here, "anna", client=f"192.0.2.{attempt}")
        waits.append(err.wait)
        held = refusal(there, "anna", PASSWORD, client="192.0.2.99")  # the right password, on the other server
        assert ("te snel" if attempt < 4 else "geblokkeerd") in str(held)
        clock.now += err.wait if attempt < 4 else 0
    assert waits == [1, 2, 4, 8, 900] and err.locked
    assert "beëindigd" in str(two.session_ended(session))
    clock.now += POLICY.lock_seconds
    assert two.sign_in("anna", PASSWORD) == "anna"
    one.close()
    two.close()


def test_parallel_guesses_on_two_servers_get_one_check(store_location, clock):
    """Both at the same moment: the first claims the attempt, the other is too soon, unchecked."""
    import threading

    one, two = (Store(store_location, clock=clock, policy=POLICY) for _ in range(2))
    one.add_account("anna", PASSWORD)
    start, said = threading.Barrier(2), []

    def guess(store):
        start.wait()
        said.append(str(refusal(store, "anna", client="203.0.113.7")))

    threads = [threading.Thread(target=guess, args=(store,)) for store in (one, two)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted("te snel" in text for text in said) == [False, True], said
    one.close()
    two.close()
