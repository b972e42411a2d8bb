"""The domain: a trip to one or more stops, made by officials over a period."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass(frozen=True)
class Source:
    """Where something was read: a file and the 1-based line."""

    file: str
    line: int


@dataclass(frozen=True)
class Official:
    role: str
    name: str

    def __str__(self) -> str:
        return f"{self.role} {self.name}".strip()


@dataclass(frozen=True)
class Stop:
    """A destination as written in the document, and where a geocoding layer put it.

    ``source`` names the layer that answered: "reviewed", "cache", "gazetteer",
    "nominatim" or "unresolved" (then ``lat`` and ``lon`` are None).
    """

    name: str
    country: str
    country_code: str | None
    lat: float | None = None
    lon: float | None = None
    source: str = "unresolved"

    @property
    def resolved(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True)
class Notice:
    """A problem worth telling the reader about that did not stop the work.

    ``message`` is the Dutch text; a notice made with ``said`` keeps its text's key (data/texts.toml),
    so a reader sees it in their language (``text(lang)``).
    """

    file: str
    line: int | None
    message: str
    key: str | None = field(default=None, compare=False)
    values: tuple[tuple[str, object], ...] = field(default=(), compare=False)

    @classmethod
    def said(cls, file: str, line: int | None, key: str, **values) -> Notice:
        from .i18n import t

        return cls(file, line, t(key, "nl", **values), key, tuple(values.items()))

    def text(self, lang: str = "nl") -> str:
        from .i18n import t

        message = t(self.key, lang, **dict(self.values)) if self.key else self.message
        return f"{self.file}:{self.line}: {message}" if self.line else f"{self.file}: {message}"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


@dataclass(frozen=True)
class Trip:
    title: str
    kind: str
    subtitle: str
    officials: tuple[Official, ...]
    months: tuple[str, ...]
    start: date | None
    end: date | None
    description: str
    stops: tuple[Stop, ...]
    source: Source
    themes: tuple[str, ...] = field(default=())
    costs: str = ""  # as an admin gave them in Beheer (the documents do not state them)

    def to_dict(self) -> dict:
        """The JSON shape of ``reisatlas parse`` (``costs`` only when an admin gave them)."""
        shape = {
            "title": self.title,
            "kind": self.kind,
            "subtitle": self.subtitle,
            "officials": [asdict(o) for o in self.officials],
            "months": list(self.months),
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "description": self.description,
            "stops": [asdict(s) for s in self.stops],
            "themes": list(self.themes),
            "source": asdict(self.source),
        }
        if self.costs:
            shape["costs"] = self.costs
        return shape
