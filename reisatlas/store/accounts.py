"""Admin passwords: Argon2 hashes (argon2-cffi) and the rules that slow down and lock repeated failures."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from .errors import StoreError

MIN_PASSWORD_LENGTH = 10


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
