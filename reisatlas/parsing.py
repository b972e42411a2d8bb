"""From a document's text to trips.

A document is a sequence of trip blocks, possibly after a title::

    Werkbezoek Malmö, Botkyrka en Stockholm (Zweden)      <- header: kind, places, country
    Kennisuitwisseling voorschoolse educatie              <- subtitle: the purpose
    door wethouder Kasmi                                  <- officials
    Juni 2025                                             <- period
    Wethouder Kasmi is voornemens ...                     <- description, until the next header

Text extracted from PDFs brings artefacts: a blank line after every line, trailing spaces, lines
holding only a space, end-of-line hyphenation and page footers. They are removed before the blocks
are read, and line numbers always refer to the original file.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from .countries import country_code, is_country
from .errors import DocumentError, UnknownCountryError
from .model import Notice, Official, Source, Stop, Trip
from .periods import Period, parse_period
from .text import fold

KINDS = (
    "Werkbezoek en handelsmissie",
    "Werkbezoek",
    "Handelsmissie",
    "Economische missie",
    "Dienstreis",
    "Studiereis",
    "Deelname",
    "Bezoek",
)
HEADER = re.compile(
    r"^(?P<kind>" + "|".join(re.escape(k) for k in KINDS) + r")\b\s*[:\-–]?\s*(?:(?:aan|naar)\s+)?(?P<rest>.*\))\s*$",
    re.IGNORECASE,
)
PLACE_GROUP = re.compile(r"\s*(?P<places>[^()]+?)\s*\((?P<country>[^()]+)\)\s*(?:,|\ben\b|&)?")
PLACE_SEPARATOR = re.compile(r"\s*,\s*|\s+en\s+|\s*&\s*|\s+and\s+")
FOOTER = re.compile(
    r"^\s*(?:(?:pagina|page|blz\.?)\s*\d+(?:\s*(?:van|of|/)\s*\d+)?|-?\s*\d{1,3}\s*-?|\d+\s*/\s*\d+)\s*$", re.I
)
OFFICIALS = re.compile(r"^door\s+(?P<who>.+)$", re.IGNORECASE)
ROLES = (
    "loco-burgemeester",
    "burgemeester",
    "wethouder",
    "gemeentesecretaris",
    "raadslid",
    "gedeputeerde",
    "commissaris",
    "directeur",
    "staatssecretaris",
    "minister",
)
# Vowel pairs read as one sound: Dutch writes a hyphen between them in a compound (energie-industrie,
# auto-ongeluk, mega-evenement), but not between others (brancheorganisatie, studieopdracht).
VOWEL_CLASHES = frozenset("aa ae ai au ee ei eu ie ii oe oi oo ou ui uu".split())
HEADER_LOOKAHEAD = 3
SPACING_WINDOW = 5  # neighbouring gaps that decide whether a single blank line is a paragraph break
# Real headers are one short line; longer lines are prose, and the place pattern is slow on them.
HEADER_MAX_LENGTH = 300
NAME_PARTICLES = frozenset("van de der den ter ten 't d' la le du".split())


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, in the original file
    text: str  # stripped; "" marks a paragraph break


@dataclass
class ParsedDocument:
    trips: list[Trip] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


def parse_document(text: str, file: str, municipality: str | None = None, tables=None) -> ParsedDocument:
    """Every trip in a document's text, with notices about what was skipped or incomplete.

    The document's layout is recognised by the readers of ``reisatlas.readers`` (the Rotterdam 2025
    blocks below are one of them); ``municipality`` names the home municipality when the text does not;
    ``tables`` are a PDF's tables as pdfplumber finds them.
    Raises DocumentError when the text holds no trip at all.
    """
    from .readers import read_text

    return read_text(text, file, municipality, tables)


def block_starts(lines: list[Line]) -> list[int]:
    """Where the Rotterdam 2025 blocks ("Werkbezoek Plaats (Land)" headers) begin."""
    starts: list[int] = []
    previous = -1  # the last line with text
    for i, line in enumerate(lines):
        if not line.text:
            continue
        # A subtitle such as "Deelname Urban20 Mayors Summit (U20)" reads like a header of its own.
        under_header = bool(starts) and starts[-1] == previous
        if _is_header(lines, i) and not (under_header and not _names_known_countries(line.text)):
            starts.append(i)
        previous = i
    return starts


def parse_blocks(lines: list[Line], file: str, starts: list[int] | None = None) -> ParsedDocument:
    """The Rotterdam 2025 blocks of a document's cleaned lines (``starts``: their block_starts, when known);
    DocumentError when there is none."""
    starts = block_starts(lines) if starts is None else starts
    if not starts:
        raise DocumentError.about(file, "document_no_trip_blocks")
    result = ParsedDocument()
    for begin, end in zip(starts, starts[1:] + [len(lines)]):
        trip = _read_block(lines[begin:end], file, result.notices)
        result.trips.append(trip)
    return result


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


def _is_header(lines: list[Line], i: int) -> bool:
    text = lines[i].text
    # A header starts with its kind capitalised; "bezoek aan Bergen (Noorwegen)" mid-sentence is description.
    if len(text) > HEADER_MAX_LENGTH or not text[:1].isupper():
        return False
    match = HEADER.match(text)
    if not match:
        return False
    if _block_shape_follows(lines, i):
        return True
    # Without a "door …" or period line after it (a block missing both), only a line that starts a
    # paragraph and names capitalised places in known countries is a header; a description line that
    # happens to end in "(België)" is not.
    groups = _place_groups(match["rest"])
    # A header that follows a finished sentence (text extracted without blank lines) starts one too: a
    # header-only block is its own trip, never silently part of the previous trip's description.
    starts_paragraph = i == 0 or not lines[i - 1].text or lines[i - 1].text[-1:] in ".!?"
    return (
        starts_paragraph
        and bool(groups)
        and all(is_country(country) and _capitalised(_place_names(places)) for places, country in groups)
    )


def _block_shape_follows(lines: list[Line], i: int) -> bool:
    """Whether an officials or period line follows within a few lines, before the next header."""
    seen = 0
    for k in range(i + 1, len(lines)):  # no slice: that would copy the rest of the document per candidate
        line = lines[k]
        if not line.text:
            continue
        if seen == HEADER_LOOKAHEAD or _names_known_countries(line.text):
            return False
        if _is_officials_line(line.text) or _period(line.text):
            return True
        seen += 1
    return False


def _names_known_countries(text: str) -> bool:
    """Whether a line reads as a header naming places in known countries ("Werkbezoek Oslo (Noorwegen)")."""
    match = HEADER.match(text) if len(text) <= HEADER_MAX_LENGTH else None
    groups = _place_groups(match["rest"]) if match else []
    return bool(groups) and all(is_country(country) for _, country in groups)


def _is_officials_line(text: str) -> bool:
    """ "door wethouder Kasmi", "door Aboutaleb"; not "Door samenwerking sterker" or "door de gemeente Oslo"."""
    match = OFFICIALS.match(text)
    if not match:
        return False
    officials = parse_officials(match["who"])
    return bool(officials) and all(_names_someone(official) for official in officials)


def _names_someone(official: Official) -> bool:
    """A surname after the role ("wethouder de Jong"), only names ("Aboutaleb", "van der Meer"), or a role
    ("de burgemeester")."""
    words = official.name.split()
    if official.role:
        return any(word[:1].isupper() for word in words)  # not "wethouder en stad"
    if any(word.lower() in ROLES or word.lower()[:-1] in ROLES for word in words):
        return True
    return all(word[:1].isupper() or word.lower() in NAME_PARTICLES for word in words)


def _place_groups(rest: str) -> list[tuple[str, str]]:
    """("Malmö, Botkyrka en Stockholm", "Zweden") pairs; [] when the text is not places (country)."""
    groups, position = [], 0
    for match in PLACE_GROUP.finditer(rest):
        if match.start() != position:
            return []
        groups.append((match["places"], match["country"].strip()))
        position = match.end()
    return groups if position == len(rest) else []


def _period(text: str) -> Period | None:
    try:
        return parse_period(text)
    except ValueError:
        return None


def _read_block(block: list[Line], file: str, notices: list[Notice]) -> Trip:
    header = block[0]
    source = Source(file, header.number)
    note = lambda line, key, **values: notices.append(Notice.said(file, line, key, **values))  # noqa: E731
    match = HEADER.match(header.text)
    kind = match["kind"][0].upper() + match["kind"][1:]
    stops = _stops(match["rest"], header.number, note)

    body = block[1:]
    subtitle, officials, period = "", (), None
    position = 0
    content = [i for i, line in enumerate(body) if line.text]
    for step, i in enumerate(content):
        if i < position:
            continue  # the continuation of a wrapped officials line
        text = body[i].text
        if officials == () and OFFICIALS.match(text) and _is_officials_line(_joined_officials(body, i)[0]):
            text, extra = _joined_officials(body, i)
            officials = parse_officials(OFFICIALS.match(text)["who"])
            position = i + 1 + extra
        elif period is None and (period := _checked_period(text, body[i].number, note)) is not None:
            position = i + 1
        elif period is None and _is_period_like(text):
            position = i + 1  # an impossible date: reported, and not description
        elif not subtitle and not officials and step == 0:
            subtitle = text
            position = i + 1
        elif subtitle and not officials and period is None and _officials_within(body, content[step:], 2):
            subtitle = f"{subtitle} {text}"  # a subtitle wrapped over two lines
            position = i + 1
        else:
            break
        if officials and period is not None:
            break
    if not officials:
        note(header.number, "notice_block_no_official")
    if period is None:
        note(header.number, "notice_block_no_period")
    period = period or Period(())
    return Trip(
        title=header.text,
        kind=kind,
        subtitle=subtitle,
        officials=officials,
        months=period.months,
        start=period.start,
        end=period.end,
        description=reflow(body[position:]),
        stops=stops,
        source=source,
    )


def _officials_within(body: list[Line], content: list[int], window: int) -> bool:
    return any(_is_officials_line(body[i].text) for i in content[1 : 1 + window])


def _joined_officials(body: list[Line], i: int) -> tuple[str, int]:
    """The officials line, joined with its continuation when it ends in "en" or a comma (a few lines at most)."""
    text = body[i].text
    extra = 0
    while (
        extra < HEADER_LOOKAHEAD
        and re.search(r"(,|\ben)$", text)
        and i + extra + 1 < len(body)
        and body[i + extra + 1].text
    ):
        extra += 1
        text = f"{text} {body[i + extra].text}"
    return text, extra


def _checked_period(text: str, number: int, note) -> Period | None:
    try:
        return parse_period(text)
    except ValueError:
        note(number, "notice_impossible_date", text=repr(text))
        return None


def _is_period_like(text: str) -> bool:
    try:
        parse_period(text)
    except ValueError:
        return True
    return False


def _stops(rest: str, number: int, note) -> tuple[Stop, ...]:
    stops = []
    groups = _place_groups(rest)
    if not groups:
        note(number, "notice_places_not_recognised", text=repr(rest))
    for places, country in groups:
        try:
            code = country_code(country)
        except UnknownCountryError:
            note(number, "notice_unknown_country", country=repr(country))
            code = None
        for name in _place_names(places):
            stops.append(Stop(name=name, country=country, country_code=code))
    return tuple(stops)


def _place_names(places: str) -> list[str]:
    """["Malmö", "Botkyrka", "Stockholm"] from "Malmö, Botkyrka en Stockholm"."""
    # "Deelname U20 Mayors Summit in Johannesburg (Zuid-Afrika)": the places follow the last " in ".
    places = places.rsplit(" in ", 1)[-1]
    return [name.strip() for name in PLACE_SEPARATOR.split(places) if name.strip()]


def _capitalised(names: list[str]) -> bool:
    return bool(names) and all(name[:1].isupper() for name in names)


def parse_officials(who: str) -> tuple[Official, ...]:
    """Officials from the text after "door".

    >>> [str(o) for o in parse_officials("burgemeester Schouten en wethouder Simons")]
    ['burgemeester Schouten', 'wethouder Simons']
    >>> [str(o) for o in parse_officials("wethouders Kasmi en De Jong")]
    ['wethouder Kasmi', 'wethouder De Jong']
    """
    officials = []
    role = ""
    for part in PLACE_SEPARATOR.split(who.strip().rstrip(".")):
        words = part.split()
        if not words:
            continue
        first = words[0].lower()
        singular = first[:-1] if first.endswith("s") and first[:-1] in ROLES else first
        if singular in ROLES:
            role, words = singular, words[1:]
        if words:
            officials.append(Official(role=role, name=" ".join(words)))
    return tuple(officials)


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
