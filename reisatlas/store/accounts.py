"""Admin accounts: Argon2 password hashes (argon2-cffi), sign-in, and the rules that slow down and lock
repeated failures. The hash is checked outside every lock: a slow check never holds up another session."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from functools import cache

from .errors import SignInError, StoreError
from .history import iso

MIN_PASSWORD_LENGTH = 10
NAME_LENGTH = 80


@dataclass(frozen=True)
class SignInPolicy:
    """After the n-th failure in a row the next attempt waits ``delay * 2**(n-1)`` seconds (at most
    ``max_delay``); after ``lock_after`` failures under one name the name is locked for ``lock_seconds``.
    Failures are counted per name (whether an account has it or not) and per client: a client that fails
    more often than one name may is slowed the same way (never locked, so a shared address locks nobody out).
    Failures older than ``forget_after`` seconds are forgotten (a lock is not). A signed-in session ends
    after ``idle_minutes`` without a click.

    >>> policy = SignInPolicy(delay=1, max_delay=8, lock_after=5, lock_seconds=900)
    >>> [policy.wait_after(n) for n in range(1, 6)], policy.delay_after(9)
    ([1, 2, 4, 8, 900], 8)
    """

    delay: float = 1.0
    max_delay: float = 30.0
    lock_after: int = 5
    lock_seconds: float = 900.0
    forget_after: float = 3600.0
    idle_minutes: float = 30.0

    @classmethod
    def from_environment(cls) -> SignInPolicy:
        """The defaults, or the first wait from ``REISATLAS_SIGNIN_DELAY`` (seconds), the number of failures
        that locks from ``REISATLAS_SIGNIN_LOCK_AFTER`` and the idle time-out from ``REISATLAS_SESSION_MINUTES``
        when they are set."""
        import os

        policy = cls()
        if delay := os.environ.get("REISATLAS_SIGNIN_DELAY"):
            policy = replace(policy, delay=float(delay))
        if lock_after := os.environ.get("REISATLAS_SIGNIN_LOCK_AFTER"):
            policy = replace(policy, lock_after=int(lock_after))
        if minutes := os.environ.get("REISATLAS_SESSION_MINUTES"):
            policy = replace(policy, idle_minutes=float(minutes))
        return policy

    def delay_after(self, failures: int) -> float:
        """The wait after ``failures`` in a row, without a lock (what a client gets)."""
        return min(self.delay * 2 ** (failures - 1), self.max_delay) if failures > 0 else 0

    def wait_after(self, failures: int) -> float:
        """The wait after ``failures`` in a row under one name: the lock once there are ``lock_after``."""
        return self.lock_seconds if failures >= self.lock_after else self.delay_after(failures)


@cache
def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    """An Argon2id hash with its own salt and parameters, in the PHC string format."""
    return _hasher().hash(password)


def verify_password(hashed: str | None, password: str) -> bool:
    """Whether ``password`` matches ``hashed``, compared in constant time by argon2. With no hash (an
    unknown name) a dummy hash is checked all the same, so the answer takes as long."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(hashed or _dummy_hash(), password) and hashed is not None
    except (VerificationError, InvalidHashError):
        return False


def prepare() -> None:
    """Load Argon2 and make the hash an unknown name is checked against, before the first attempt (a sign-in
    form is showing): the first attempt of a process then takes as long as every other, whatever its name."""
    _dummy_hash()


@cache
def _dummy_hash() -> str:
    return hash_password("not a password anybody has")


def password_problem(password: str) -> StoreError | None:
    """Why a new password is refused (the error to raise), or None.

    >>> str(password_problem("kort")), password_problem("kort").text("en")
    ('wachtwoord te kort: minstens 10 tekens', 'password too short: at least 10 characters')
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        return StoreError.said("store_password_too_short", least=MIN_PASSWORD_LENGTH)
    if not password.strip():
        return StoreError.said("store_password_only_spaces")
    return None


def _minutes(seconds: float) -> int:
    return max(1, round(seconds / 60))


_CHECKS = threading.BoundedSemaphore(1)  # one Argon2 check at a time per process: guesses cost one CPU at most


@dataclass(frozen=True)
class Session:
    """An admin's signed-in session: the name, the account's ``sessions`` count when it began (a new password,
    a lock or a removed account moves it, which ends the session) and the time of its last click."""

    name: str
    generation: int
    seen: float


class Accounts:
    """The accounts aggregate of ``Store`` (its connection is ``self.db``, its policy ``self.policy``)."""

    def add_account(self, name: str, password: str, *, by: str = "reisatlas admin add") -> None:
        """A new admin, or a new password for an existing one (which unlocks it and ends its open sessions)."""
        name = name.strip()
        if not name or len(name) > NAME_LENGTH or any(ch.isspace() for ch in name):
            raise StoreError.said("store_bad_name", name=repr(name), most=NAME_LENGTH)
        if problem := password_problem(password):
            raise problem
        hashed = hash_password(password)  # slow on purpose: before the transaction, not inside it
        with self.db.transaction():
            existed = self.db.account_row(name) is not None
            self.db.set_password(name, hashed, self._now())
            self.db.forget_failures(_name_key(name))
            self._log(by, "account.password" if existed else "account.add", name, None, {"name": name})

    def remove_account(self, name: str, *, by: str = "reisatlas admin remove") -> bool:
        """Remove an admin (their open sessions end); False when there was no such account."""
        with self.db.transaction():
            removed = self.db.delete_account(name) > 0
            if removed:
                self._log(by, "account.remove", name, {"name": name}, None)
        return removed

    def accounts(self) -> list[str]:
        return self.db.account_names()

    def sign_in(self, name: str, password: str, client: str | None = None) -> str:
        """The account's name when the password is right; SignInError otherwise, the same for a name that
        has no account as for one that has, in the same time.

        Failures are counted per name and per ``client`` (an address; None counts as one unknown client):
        each makes the next attempt wait longer, and enough under one name lock it (SignInPolicy). An attempt
        made too soon or while locked is refused without looking at the password. The attempt is claimed
        first (parallel guesses are then too soon), the password is checked with no lock held, and the
        outcome is settled in a second short transaction.
        """
        keys = [_name_key(name), f"client:{client or '-'}"]
        _dummy_hash()  # made before the first check, so an unknown name's first check takes no longer
        with self.db.transaction():
            rows = self.db.failure_rows(keys)
            if refusal := self._refusal(rows.values()):
                raise refusal
            for key in keys:  # claimed: until it is settled, a second attempt is too soon
                row = rows.get(key, {"failures": 0, "last_failure": 0})
                self.db.set_failures(key, row["failures"], row["last_failure"], self.clock() + self.policy.delay, 0)
            account = self.db.account_row(name)
        with _CHECKS:
            right = verify_password(account["password_hash"] if account else None, password)
        with self.db.transaction():  # an error raised inside would roll the count back: raised after
            current = self.db.account_row(name)
            if right and current and current["password_hash"] == account["password_hash"]:
                client = self.db.failure_rows(keys[1:]).get(keys[1])
                self.db.forget_failures(keys[0])
                self.db.set_failures(keys[1], client["failures"], client["last_failure"], 0, 0)
                return name
            refusal = self._failed(keys, current)
        raise refusal

    def _refusal(self, rows) -> SignInError | None:
        now = self.clock()
        if (locked := max((row["locked_until"] for row in rows), default=0) - now) > 0:
            return SignInError.said("store_locked", locked, True, minutes=_minutes(locked))
        if (wait := max((row["not_before"] for row in rows), default=0) - now) > 0:
            return SignInError.said("store_too_soon", wait, wait=wait)
        return None

    def _failed(self, keys: list[str], account: dict | None) -> SignInError:
        """Count a failure under the name and the client (inside the settling transaction); the SignInError to raise."""
        now, policy = self.clock(), self.policy
        rows = self.db.failure_rows(keys)
        counts = [
            (row["failures"] if row and now - row["last_failure"] <= policy.forget_after else 0) + 1
            for row in (rows.get(key) for key in keys)
        ]
        locked = counts[0] >= policy.lock_after
        waits = [policy.wait_after(counts[0]), policy.delay_after(counts[1] - policy.lock_after + 1)]
        self.db.set_failures(keys[0], 0 if locked else counts[0], now, now + waits[0], now + waits[0] if locked else 0)
        self.db.set_failures(keys[1], counts[1], now, now + waits[1], 0)
        self.db.forget_failures(older_than=now - policy.forget_after, now=now)
        if locked:
            if account:  # a lock ends the account's open sessions; a name without one has nothing to log
                self.db.end_sessions(account["name"])
                self._log(account["name"], "account.locked", account["name"], None, {"until": iso(now + waits[0])})
            return SignInError.said(
                "store_locked_after", waits[0], True, failures=counts[0], minutes=_minutes(waits[0])
            )
        return SignInError.said("store_wrong_password_wait", max(waits), wait=max(waits))

    # -- sessions --------------------------------------------------------------------------------

    def open_session(self, name: str) -> Session:
        """The session of an admin who just signed in."""
        account = self.db.account_row(name)
        if account is None:
            raise SignInError.said("store_session_ended")
        return Session(name, account["sessions"], self.clock())

    def session_ended(self, session: Session) -> SignInError | None:
        """Why a session is over (its account was removed or locked, its password changed, or it was idle for
        longer than the policy's ``idle_minutes``), or None while it holds. Each click that finds it holding
        moves ``seen`` on (``Session`` is frozen: the caller keeps ``replace(session, seen=store.clock())``)."""
        account = self.db.account_row(session.name)
        if account is None or account["sessions"] != session.generation:
            return SignInError.said("store_session_ended")
        if self.clock() - session.seen > self.policy.idle_minutes * 60:
            return SignInError.said("store_session_idle", minutes=round(self.policy.idle_minutes))
        return None


def _name_key(name: str) -> str:
    return f"name:{name[: NAME_LENGTH + 1]}"
