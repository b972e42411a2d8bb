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
    if text.isascii():  # most names and words: decomposing them changes nothing, and costs per character
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def markdown_literal(text: str) -> str:
    """Document text made safe to show through Markdown: every ASCII punctuation mark is escaped,
    so no link, image, HTML, colour directive or formula in a document is ever rendered.

    >>> markdown_literal("<b>hi</b> [x](javascript:y)")
    '\\\\<b\\\\>hi\\\\<\\\\/b\\\\> \\\\[x\\\\]\\\\(javascript\\\\:y\\\\)'
    """
    return "".join("\\" + ch if ch in _PUNCTUATION else ch for ch in text).replace("\n", "  \n")


_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
