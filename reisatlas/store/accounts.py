"""Admin accounts: Argon2 password hashes (argon2-cffi), sign-in, and the rules that slow down and lock
repeated failures. The hash is checked outside every lock: a slow check never holds up another session."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from .errors import SignInError, StoreError
from .history import iso

MIN_PASSWORD_LENGTH = 10
NAME_LENGTH = 80


@dataclass(frozen=True)
class SignInPolicy:
    """After the n-th failure in a row the next attempt waits ``delay * 2**(n-1)`` seconds (at most
    ``max_delay``); after ``lock_after`` failures the account is locked for ``lock_seconds``.

    >>> policy = SignInPolicy(delay=1, max_delay=8, lock_after=5, lock_seconds=900)
    >>> [policy.wait_after(n) for n in range(1, 6)]
    [1, 2, 4, 8, 900]
    """

    delay: float = 1.0
    max_delay: float = 30.0
    lock_after: int = 5
    lock_seconds: float = 900.0

    @classmethod
    def from_environment(cls) -> SignInPolicy:
        """The defaults, or the first wait from ``REISATLAS_SIGNIN_DELAY`` (seconds) and the number of
        failures that locks from ``REISATLAS_SIGNIN_LOCK_AFTER`` when they are set."""
        import os

        policy = cls()
        if delay := os.environ.get("REISATLAS_SIGNIN_DELAY"):
            policy = replace(policy, delay=float(delay))
        if lock_after := os.environ.get("REISATLAS_SIGNIN_LOCK_AFTER"):
            policy = replace(policy, lock_after=int(lock_after))
        return policy

    def wait_after(self, failures: int) -> float:
        if failures <= 0:
            return 0
        if failures >= self.lock_after:
            return self.lock_seconds
        return min(self.delay * 2 ** (failures - 1), self.max_delay)


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


class Accounts:
    """The accounts aggregate of ``Store`` (its connection is ``self.db``, its policy ``self.policy``)."""

    def add_account(self, name: str, password: str, *, by: str = "reisatlas admin add") -> None:
        """A new admin, or a new password for an existing one (which also unlocks it)."""
        name = name.strip()
        if not name or len(name) > NAME_LENGTH or any(ch.isspace() for ch in name):
            raise StoreError.said("store_bad_name", name=repr(name), most=NAME_LENGTH)
        if problem := password_problem(password):
            raise problem
        hashed = hash_password(password)  # slow on purpose: before the transaction, not inside it
        with self.db.transaction():
            existed = self.db.account_row(name) is not None
            self.db.set_password(name, hashed, self._now())
            self._log(by, "account.password" if existed else "account.add", name, None, {"name": name})

    def accounts(self) -> list[str]:
        return self.db.account_names()

    def sign_in(self, name: str, password: str) -> str:
        """The account's name when the password is right; SignInError otherwise.

        Failures in a row make the next attempt wait longer and then lock the account (SignInPolicy);
        an attempt made too soon or while locked is refused without looking at the password. The attempt
        is claimed first (as if it fails, so parallel guesses are refused as too soon), the password is
        checked with no lock held, and the outcome is settled in a second short transaction.
        """
        with self.db.transaction():
            account = self.db.account_row(name)
            if refusal := self._refusal(account):
                raise refusal
            if account:  # claimed: until it is settled, a second attempt is too soon
                self.db.set_failures(name, account["failures"], self.clock() + self.policy.delay, 0)
        right = verify_password(account["password_hash"] if account else None, password)
        if account is None:
            raise SignInError.said("store_wrong_password", self.policy.wait_after(1))
        with self.db.transaction():  # an error raised inside would roll the count back: raised after
            current = self.db.account_row(name)
            if current is None:  # removed meanwhile
                refusal = SignInError.said("store_wrong_password", self.policy.wait_after(1))
            elif right and current["password_hash"] == account["password_hash"]:
                self.db.set_failures(name, 0, 0, 0)
                return name
            else:
                refusal = self._failed(current)
        raise refusal

    def _refusal(self, account: dict | None) -> SignInError | None:
        now = self.clock()
        if account and account["locked_until"] > now:
            wait = account["locked_until"] - now
            return SignInError.said("store_locked", wait, True, minutes=_minutes(wait))
        if account and account["not_before"] > now:
            wait = account["not_before"] - now
            return SignInError.said("store_too_soon", wait, wait=wait)
        return None

    def _failed(self, account: dict) -> SignInError:
        """Count a wrong password (inside the settling transaction); the SignInError to raise."""
        now, name = self.clock(), account["name"]
        failures = account["failures"] + 1
        wait = self.policy.wait_after(failures)
        locked = failures >= self.policy.lock_after
        self.db.set_failures(name, 0 if locked else failures, now + wait, now + wait if locked else 0)
        if locked:
            self._log(name, "account.locked", name, None, {"until": iso(now + wait)})
            return SignInError.said("store_locked_after", wait, True, failures=failures, minutes=_minutes(wait))
        return SignInError.said("store_wrong_password_wait", wait, wait=wait)
