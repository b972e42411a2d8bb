"""The store's errors, under the package's one root."""

from __future__ import annotations

from ..errors import AboutFile, ReisatlasError


class StoreError(ReisatlasError, OSError):
    """The store cannot be opened, read or written (damaged file, newer schema, failed backup)."""


class StoreUnreachable(StoreError, ConnectionError):
    """The store's database server cannot be reached (stopped, unreachable, the connection lost): nothing was
    saved, and the next attempt connects again."""


class ConflictError(ReisatlasError, RuntimeError):
    """Someone else saved the same field since it was read: ``current`` is their correction (or None when they removed it).

    Its text names the field in words, the other change's time in Amsterdam's time and its value in words
    (reisatlas.store.history_text), in the reader's language."""

    def __init__(self, message: str, current=None):
        self.current = current
        super().__init__(message)

    @classmethod
    def said(cls, key: str, *args, **values) -> ConflictError:
        error = super().said(key, *args, **values)
        error.args = (error.text("nl"),)  # str(): the Dutch words too
        return error

    def text(self, lang: str = "nl") -> str:
        from ..i18n import t
        from .history_text import capitalised, field_name, local_time, value_text

        values = dict(self.values)
        field = values.get("field", "")
        if "field" in values:
            values["field"] = capitalised(field_name(field, lang))
        if self.current is not None and "at" in values:
            values["at"] = local_time(self.current.at, lang)
        if self.current is not None and "value" in values:
            values["value"] = value_text(field, self.current.value, lang)
        return t(self.key, lang, **values) if self.key else str(self)


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
