"""The store's errors, under the package's one root."""

from __future__ import annotations

from ..errors import AboutFile, ReisatlasError


class StoreError(ReisatlasError, OSError):
    """The store cannot be opened, read or written (damaged file, newer schema, failed backup)."""


class ConflictError(ReisatlasError, RuntimeError):
    """Someone else saved the same field since it was read: ``current`` is their correction (or None when they removed it)."""

    def __init__(self, message: str, current=None):
        self.current = current
        super().__init__(message)


class SignInError(ReisatlasError, PermissionError):
    """A sign-in was refused: wrong name or password, too soon after a failure, or the account is locked.

    ``wait`` is how many seconds until the next attempt is accepted (0 when it may be tried now).
    """

    def __init__(self, message: str, wait: float = 0.0, locked: bool = False):
        self.wait = wait
        self.locked = locked
        super().__init__(message)


class UploadError(AboutFile, ReisatlasError, ValueError):
    """An uploaded file is refused: names the file (the line when a reader said which) and the reason."""
