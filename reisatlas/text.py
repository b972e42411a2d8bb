"""Small text helpers shared by the parser, the gazetteer and the theme matcher."""

from __future__ import annotations

import unicodedata


def fold(text: str, *, plain_letters: bool = True) -> str:
    """Case- and diacritics-insensitive form of a name, for matching.

    >>> fold("Malmö") == fold("MALMO")
    True
    >>> fold("  Zuid-Afrika ")
    'zuid-afrika'

    A letter with a stroke or a ligature has no accent to strip: it folds to the plain letters GeoNames' Latin
    spellings use ("Sønderborg" as "Sonderborg", "Łódź" as "Lodz").

    >>> fold("Sønderborg"), fold("Łódź")
    ('sonderborg', 'lodz')

    ``plain_letters=False`` folds as before that rule, for keys that are stored and must not change
    (``fixes.trip_keys``: corrections name their trips by them).
    """
    if text.isascii():  # most names and words: decomposing them changes nothing, and costs per character
        return " ".join(text.casefold().split())
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = stripped.casefold()
    return " ".join((folded.translate(_PLAIN_LETTERS) if plain_letters else folded).split())


# Letters NFKD leaves whole (casefolded already: "ß" is "ss" by then).
_PLAIN_LETTERS = str.maketrans({"ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i"})


def markdown_literal(text: str) -> str:
    """Document text made safe to show through Markdown: every ASCII punctuation mark is escaped,
    so no link, image, HTML, colour directive or formula in a document is ever rendered.

    >>> markdown_literal("<b>hi</b> [x](javascript:y)")
    '\\\\<b\\\\>hi\\\\<\\\\/b\\\\> \\\\[x\\\\]\\\\(javascript\\\\:y\\\\)'
    """
    return "".join("\\" + ch if ch in _PUNCTUATION else ch for ch in text).replace("\n", "  \n")


_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
