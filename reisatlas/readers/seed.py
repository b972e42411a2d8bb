"""Rotterdam's 2025 overview: a sequence of trip blocks, possibly after a title::

Werkbezoek Malmö, Botkyrka en Stockholm (Zweden)      <- header: kind, places, country
Kennisuitwisseling voorschoolse educatie              <- subtitle: the purpose
door wethouder Kasmi                                  <- officials
Juni 2025                                             <- period
Wethouder Kasmi is voornemens ...                     <- description, until the next header
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..countries import country_code, is_country
from ..errors import DocumentError, UnknownCountryError
from ..model import Notice, Official, Source, Stop, Trip
from ..periods import Period, parse_period
from ..text import fold
from ..vocabulary import role_of, role_pattern
from .base import Context, ParsedDocument, Reader
from .lines import Line, reflow

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
OFFICIALS = re.compile(r"^door\s+(?P<who>.+)$", re.IGNORECASE)
# Any role of data/vocabulary.toml opens an official on the "door …" line, minister and directeur too.
LEADING_ROLE = re.compile(r"(?i:" + role_pattern() + r")(?=\s|$)")
HEADER_LOOKAHEAD = 3
# Real headers are one short line; longer lines are prose, and the place pattern is slow on them.
HEADER_MAX_LENGTH = 300
NAME_PARTICLES = frozenset("van de der den ter ten 't d' la le du".split())


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
    if any(role_of(word) or role_of(word[:-1]) for word in words):
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
        names = _place_names(places)
        listed = _listed_countries(country)
        if listed is None:
            note(number, "notice_unknown_country", country=repr(country))
            listed = [(country, None)]
        for k, name in enumerate(names):
            # "Hamburg, Kopenhagen en Malmö (Duitsland, Denemarken, Zweden)": each place in one of the countries
            country_of, code = _country_of(name, k, len(names), listed)
            kind = "region" if _is_region(name, code) else "city"  # "Werkbezoek Beieren (Duitsland)"
            stops.append(Stop(name=name, country=country_of, country_code=code, kind=kind))
    return tuple(stops)


def _listed_countries(text: str) -> list[tuple[str, str]] | None:
    """The countries of a header's brackets, one or a list ("Duitsland, Denemarken en Zweden"), with their codes;
    None when one of them is no known country."""
    parts = [text] if is_country(text) else [part.strip() for part in PLACE_SEPARATOR.split(text) if part.strip()]
    try:
        return [(part, country_code(part)) for part in parts]
    except UnknownCountryError:
        return None


def _country_of(name: str, k: int, count: int, listed: list[tuple[str, str | None]]) -> tuple[str, str | None]:
    """Which of the listed countries a place is in: the one the gazetteer knows it in, else the k-th of as many
    countries as places, else the first."""
    if len(listed) == 1:
        return listed[0]
    from ..geonames import table

    codes = {code for _, code in listed}
    for code in codes:
        if code and f"{code}|{fold(name)}" in table("coordinates"):
            return next(pair for pair in listed if pair[1] == code)
    from .signals import city_names

    found = city_names().get(fold(name))
    if found and found[0] in codes:
        return next(pair for pair in listed if pair[1] == found[0])
    return listed[k] if len(listed) == count else listed[0]


def _is_region(name: str, code: str | None) -> bool:
    """Whether a header's place is a region of its country ("Beieren", "Ontario"), not a city of that name."""
    from ..geocoding.areas import regions

    found = regions().get(fold(name))
    return bool(found and code and found[0] == code)


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
    >>> [str(o) for o in parse_officials("schepenen Peeters en Claes en commissaris van de Koning Brok")]
    ['schepen Peeters', 'schepen Claes', 'commissaris van de Koning Brok']
    """
    officials = []
    role = ""
    for part in PLACE_SEPARATOR.split(who.strip().rstrip(".")):
        part = part.strip()
        if leading := LEADING_ROLE.match(part):  # "wethouders", "schepen", "commissaris van de Koning"
            role, part = role_of(" ".join(leading.group().split())), part[leading.end() :]
        words = part.split()
        if words:
            officials.append(Official(role=role, name=" ".join(words)))
    return tuple(officials)


class BlockReader(Reader):
    name = "rotterdam-2025"
    label = "Blokken per reis (Rotterdam 2025)"
    default_municipality = "Rotterdam"  # the layout is Rotterdam's own
    # The most specific layout: a header, a purpose, a "door …" line and a period, in that order.
    priority = 60
    # A register's heading ("Dienstreis burgemeester X naar Stad (Land)") and a table's row ending in "(Land)" can
    # read as a block header; no other layout's text does. When neither of those scores, the blocks are certain and
    # the other readers need not look (they read every line for place names, which costs time on a long overview).
    rivals = frozenset({"register", "table"})
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
    return bool(match) and any(role_of(fold(word), in_text=True) for word in match["rest"].split())
