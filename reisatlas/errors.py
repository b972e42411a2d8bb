"""One root for every error Reisatlas raises on purpose.

Each subclass also inherits the matching built-in, so callers may catch either
(``except ReisatlasError`` or ``except ValueError``), the way geopy does it.
"""

from __future__ import annotations


class ReisatlasError(Exception):
    """Root of all errors raised by Reisatlas.

    An error made with ``said`` carries its text's key (data/texts.toml), so a reader sees it in their
    language (``text(lang)``); ``str()`` is the Dutch text, as the command line prints it.
    """

    key: str | None = None
    values: dict = {}

    @classmethod
    def said(cls, key: str, *args, **values) -> ReisatlasError:
        """The error with the text ``key`` filled with ``values``; ``args`` go to the constructor after the
        message (a ConflictError's current correction, a SignInError's wait)."""
        from .i18n import t

        error = cls(t(key, "nl", **values), *args)
        error.key, error.values = key, values
        return error

    def text(self, lang: str = "nl") -> str:
        from .i18n import t

        return t(self.key, lang, **self.values) if self.key else str(self)


class AboutFile:
    """What an error about one file (and a line of it) shares: ``about`` makes one from a text's key, and
    ``text`` says it in a language after the file and line ("seeds/x.txt:12: …")."""

    key: str | None = None
    values: dict = {}

    def __init__(self, file: str, reason: str, line: int | None = None):
        self.file = file
        self.line = line
        self.reason = reason
        super().__init__(f"{self.where}: {reason}")

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    @classmethod
    def about(cls, file: str, key: str, line: int | None = None, **values):
        """The error for ``file`` (and ``line``) with the reason ``key`` of data/texts.toml."""
        from .i18n import t

        error = cls(file, t(key, "nl", **values), line)
        error.key, error.values = key, values
        return error

    def text(self, lang: str = "nl") -> str:
        from .i18n import t

        return f"{self.where}: {t(self.key, lang, **self.values) if self.key else self.reason}"


class DocumentError(AboutFile, ReisatlasError, ValueError):
    """A document cannot be read or holds no trip: names the file, the line when known, and the reason."""


class UnknownCountryError(ReisatlasError, LookupError):
    """A country name that neither Babel nor the alias list knows."""


class SelectionError(ReisatlasError, ValueError):
    """A filter or export request that cannot be satisfied (unknown official or theme, empty selection)."""


class ExportError(ReisatlasError, OSError):
    """An export could not be written (unwritable path, unknown format)."""


class SiteError(ReisatlasError, OSError):
    """A site cannot be published: ``--out`` is not an earlier site (and no ``--force``), or it cannot be written."""
