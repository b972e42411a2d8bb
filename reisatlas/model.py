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


# Every way a stop can be placed (Stop.source), each said in words by data/texts.toml's "source_<name>"
# (placed_by): a new way needs its words there, or the Over page and the exports cannot name it.
PLACED_BY = ("reviewed", "cache", "gazetteer", "nominatim", "country", "region", "corrected", "unresolved")


def placed_by(source: str, lang: str = "nl") -> str:
    """How a stop was placed (``Stop.source``), in words; a name outside ``model.PLACED_BY`` (a cache written
    by another version) as it is.

    >>> placed_by("gazetteer"), placed_by("corrected", "en")
    ('GeoNames (offline)', 'placed by hand in Beheer (admin)')
    """
    from .i18n import t

    return t(f"source_{source}", lang) if source in PLACED_BY else str(source)


@dataclass(frozen=True)
class Stop:
    """A destination as written in the document, and where a geocoding layer put it.

    ``source`` says how it was placed, one of ``PLACED_BY``: the layer that answered ("reviewed", "cache",
    "gazetteer", "nominatim"), "country" or "region" (a destination naming only that, placed at its centre),
    "corrected" (placed by hand in Beheer) or "unresolved" (then ``lat`` and ``lon`` are None).

    ``kind`` says what the destination is: a "city", or only a "country" or "region" the document
    names without a city; then ``name`` is that country or region, never a made-up city.
    """

    name: str
    country: str
    country_code: str | None
    lat: float | None = None
    lon: float | None = None
    source: str = "unresolved"
    kind: str = "city"

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

    def reason(self, lang: str = "nl") -> str:
        """What is the matter, without the file and line: for a list that says where already."""
        from .i18n import t

        return t(self.key, lang, **dict(self.values)) if self.key else self.message

    def text(self, lang: str = "nl") -> str:
        message = self.reason(lang)
        return f"{self.file}:{self.line}: {message}" if self.line else f"{self.file}: {message}"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


@dataclass(frozen=True)
class Costs:
    """What a trip cost as the document (or an admin in Beheer) gives it: an amount in euros (None when only
    the payer is named) and who paid ("de gemeente", "eigen rekening", an organisation), None when not given;
    ``text`` is an admin's own words ("€ 1.250 (anna)"), "" for costs read from a document."""

    amount: float | None
    paid_by: str | None = None
    text: str = ""


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
    costs: Costs | None = None  # as the document gives them, or an admin in Beheer
    layout: str = ""  # the reader that read it (reisatlas.readers)
    confidence: float = 1.0  # how sure that reader is, 0..1
    municipality: str = ""  # whose trip: the home municipality, "" when unknown

    def to_dict(self) -> dict:
        """The JSON shape of ``reisatlas parse`` (``costs`` null when neither the document nor an admin gives them)."""
        return {
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
            "costs": asdict(self.costs) if self.costs else None,
            "layout": self.layout,
            "confidence": self.confidence,
            "municipality": self.municipality,
        }
