"""Rotterdam's 2025 overview: "Werkbezoek Plaats (Land)" / purpose / "door wethouder X" / "Juni 2025" / description."""

from __future__ import annotations

from dataclasses import replace

from ..model import Trip
from ..parsing import HEADER, Line, block_starts, parse_blocks
from ..text import fold
from .base import Context, Reader
from .signals import ROLES


class BlockReader(Reader):
    name = "rotterdam-2025"
    label = "Blokken per reis (Rotterdam 2025)"
    default_municipality = "Rotterdam"  # the layout is Rotterdam's own
    example = (
        "Werkbezoek Malmö, Botkyrka en Stockholm (Zweden) / Kennisuitwisseling … / door wethouder Kasmi / Juni 2025"
    )

    def __init__(self):
        self._starts: tuple[int, list[int]] | None = None  # the blocks score found, for read to use

    def score(self, lines: list[Line], context: Context) -> float:
        starts = block_starts(lines)
        self._starts = (id(lines), starts)
        # A header naming an official ("Dienstreis burgemeester X naar Stad (Land)") is a register entry.
        return float(sum(1 for i in starts if not _names_official(lines[i].text)))

    def read(self, lines: list[Line], context: Context) -> list[Trip]:
        known = self._starts[1] if self._starts and self._starts[0] == id(lines) else None
        parsed = parse_blocks(lines, context.file, known)
        context.notices.extend(parsed.notices)
        return [replace(trip, layout=self.name, municipality=context.municipality) for trip in parsed.trips]


def _names_official(header: str) -> bool:
    match = HEADER.match(header)
    return bool(match) and any(fold(word) in ROLES for word in match["rest"].split())
