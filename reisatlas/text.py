"""Small text helpers shared by the parser, the gazetteer and the theme matcher."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Case- and diacritics-insensitive form of a name, for matching.

    >>> fold("Malmö") == fold("MALMO")
    True
    >>> fold("  Zuid-Afrika ")
    'zuid-afrika'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
