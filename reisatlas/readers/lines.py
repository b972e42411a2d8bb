"""A document's text as lines, and back to paragraphs: what every reader reads.

Text extracted from PDFs brings artefacts: a blank line after every line, trailing spaces, lines
holding only a space, end-of-line hyphenation and page footers. ``clean_lines`` removes them before any
reader looks at the text, and line numbers always refer to the original file; ``reflow`` joins a
reader's lines back into paragraphs, undoing the hyphenation.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ..text import fold

FOOTER = re.compile(
    r"^\s*(?:(?:pagina|page|blz\.?)\s*\d+(?:\s*(?:van|of|/)\s*\d+)?|-?\s*\d{1,3}\s*-?|\d+\s*/\s*\d+)\s*$", re.I
)
# Vowel pairs read as one sound: Dutch writes a hyphen between them in a compound (energie-industrie,
# auto-ongeluk, mega-evenement), but not between others (brancheorganisatie, studieopdracht).
VOWEL_CLASHES = frozenset("aa ae ai au ee ei eu ie ii oe oi oo ou ui uu".split())
SPACING_WINDOW = 5  # neighbouring gaps that decide whether a single blank line is a paragraph break


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, in the original file
    text: str  # stripped; "" marks a paragraph break


def clean_lines(text: str) -> list[Line]:
    """The document's lines without extraction artefacts; blank entries mark paragraph breaks."""
    raw = [Line(n, line.strip()) for n, line in enumerate(text.split("\n"), start=1)]
    content = [i for i, line in enumerate(raw) if line.text]
    gaps = [b - a - 1 for a, b in zip(content, content[1:])]  # blank lines between neighbouring text lines
    artefact = _double_spaced_gaps(gaps)
    lines: list[Line] = []
    paragraph_break = False
    for k, i in enumerate(content):
        if k:
            paragraph_break |= gaps[k - 1] >= 2 or (gaps[k - 1] == 1 and not artefact[k - 1])
        if FOOTER.match(raw[i].text):
            continue  # a break on either side of a footer stays a break
        if paragraph_break and lines:
            lines.append(Line(raw[i - 1].number, ""))
        paragraph_break = False
        lines.append(raw[i])
    return lines


def _double_spaced_gaps(gaps: list[int]) -> list[bool]:
    """For each gap, whether its single blank line is an extraction artefact rather than a paragraph break.

    PDF extraction often puts a blank line after every line; then only extra blanks break paragraphs.
    As that can change from page to page, a gap is judged by the gaps just before it (the stretch its
    line belongs to), or when those are mixed or missing by the gaps just after it.
    """
    spaced = [0] + list(itertools.accumulate(1 if gap else 0 for gap in gaps))  # prefix sums

    def verdict(first: int, last: int) -> bool | None:
        first, last = max(first, 0), min(last, len(gaps))
        if last - first < 2:
            return None
        share = (spaced[last] - spaced[first]) / (last - first)
        return True if share >= 0.8 else False if share <= 0.2 else None

    everywhere = bool(gaps) and spaced[-1] >= 0.8 * len(gaps)
    decided = []
    for k in range(len(gaps)):
        before, after = verdict(k - SPACING_WINDOW, k), verdict(k + 1, k + 1 + SPACING_WINDOW)
        decided.append(before if before is not None else after if after is not None else everywhere)
    return decided


def reflow(lines: list[Line]) -> str:
    """Paragraphs of one line each, hyphenation at line ends undone; paragraphs joined by a blank line."""
    paragraphs: list[str] = []
    current: list[str] = []  # pieces, joined once: adding to one long string would copy it per line
    for line in lines:
        if not line.text:
            if current:
                paragraphs.append("".join(current))
            current = []
        elif current:
            drop, between = _glue(current[-1], line.text)
            current[-1] = current[-1][: len(current[-1]) - drop]
            current += [between, line.text]
        else:
            current = [line.text]
    if current:
        paragraphs.append("".join(current))
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def _join(left: str, right: str) -> str:
    """Join two lines; undo a line-end hyphen unless the word keeps it.

    >>> _join("offshore energie-", "industrie"), _join("domein-", "overstijgende"), _join("Noord-", "Holland")
    ('offshore energie-industrie', 'domeinoverstijgende', 'Noord-Holland')
    >>> _join("diverse kunst-", "en cultuurinstellingen")
    'diverse kunst- en cultuurinstellingen'
    """
    if not left:
        return right
    drop, between = _glue(left, right)
    return left[: len(left) - drop] + between + right


def _glue(left: str, right: str) -> tuple[int, str]:
    """Where two non-empty lines meet: how many characters to drop from the end of left, and what goes between."""
    if left.endswith("-") and right.split(maxsplit=1)[:1] in (["en"], ["of"]):
        return 0, " "  # "kunst- en cultuursector": the hyphen stands for a shared second part
    if left.endswith("-") and len(left) >= 2 and left[-2].isalpha() and right[:1].isalpha():
        before, after = left[-2], right[0]
        # Dutch keeps the hyphen at a vowel clash (energie-industrie) and before a capital (Noord-Holland).
        if before.islower() and after.islower() and fold(before + after) not in VOWEL_CLASHES:
            return 1, ""
        return 0, ""
    return 0, " "
