"""The signals every layout shares: trip words, officials, places abroad, dates and costs.

Readers find trips by these signals rather than by line positions:

- trip words (werkbezoek, dienstreis, ambtsreis, studiereis, handelsmissie, netwerkreis, "bezoek aan", ...);
- officials: a role word and a name ("wethouder Simons", "Burgemeester mr. Ivo Opstelten");
- places the gazetteer knows outside the Netherlands, and country names (Babel's Dutch and English);
- periods ("van 15 tot en met 17 september", "16 - 17 november 2017", "Mei 2006"), read by
  ``reisatlas.periods`` once weekdays are dropped, the year lent by the document when a line lacks it;
- costs ("€ 3.563", "26.700 euro", "Totale kosten: €8.250") and who paid (``costs``, read here too).

A place that appears only as context does not count: one glued to another capitalised word (an
organisation such as "Business Support Office (NBSO) Manchester", "London International Shipping Week"
counts only when the city is named on its own elsewhere), a visitor's or official's home ("burgemeester
Han Zheng van Shanghai", "uit Kopenhagen"), and every place in the Netherlands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..countries import _codes_by_name
from ..model import Official
from ..periods import month_numbers
from ..text import fold
from ..vocabulary import plural_forms, role_of, role_pattern, role_words
from .costs import find_costs, parse_amount  # noqa: F401  (a signal too: store.corrections reads costs here)
from .dates import FoundPeriod, _weekdays, find_period, weekdays, year_of_weekday  # noqa: F401  (every layout's)
from .names import (  # noqa: F401  (city_names: the Rotterdam blocks' too)
    HOME_COUNTRY,
    STOPWORDS,
    cities_seen_from,
    city_names,
    country_of_home,
    dutch_names,
    names_at_home,
)

TRIP_WORDS = (
    "werkbezoek",
    "werkbezoeken",
    "dienstreis",
    "dienstreizen",
    "ambtsreis",
    "studiereis",
    "studiereizen",
    "handelsmissie",
    "handelsmissies",
    "economische missie",
    "netwerkreis",
    "bezoek aan",
    "bezoekt",
    "brengt een bezoek",
    "brengen een bezoek",
    "reist",
    "reisde",
    "reizen naar",
    "reis naar",
    "missie",
    "conferentie",
    "congres",
    "naar het buitenland",
    # in English
    "trade mission",
    "working visit",
    "business trip",
    "study trip",
    "visit to",
    "visited",
    "travel to",
    "travelled to",
    "traveled to",
    "went to",
)
# Officials by the roles of data/vocabulary.toml found in running text: the words that open a role.
ROLE_WORDS = role_words(in_text=True)
TITLES = frozenset("mr mr. dr dr. drs drs. ir ir. prof prof. ing ing. mevrouw mw mw. heer dhr dhr.".split())
PARTICLES = frozenset("van de der den ter ten te 't d' la le du da di von".split())
MIN_POPULATION_ANYWHERE = 200_000  # a city this large counts wherever it is named
TRAVEL_CUES = frozenset(
    "naar aan in te bezoekt bezoeken bezocht bezochten tot en ambtsreis werkbezoek dienstreis studiereis netwerkreis"
    " handelsmissie".split()
    + "to visited visiting".split()  # in English
)
CONTEXT_BEFORE = frozenset("van uit".split())  # "burgemeester van Shanghai", "bezoek uit Kopenhagen"
# Where an embassy or consulate is, not where anyone travels: "de Nederlandse ambassade in Zuid-Korea",
# "de ambassadeur van Nederland in Nieuw-Zeeland".
EMBASSY_WORDS = frozenset("ambassade ambassades ambassadeur ambassadrice consulaat consul consul-generaal".split())
# Receiving a visitor is an appointment at home: "Burgemeester X ontvangt de ambassadeur van …".
RECEIVES = re.compile(r"\b(?:ontvangt|ontvangen|verwelkomt|verwelkomen)\b", re.IGNORECASE)
WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ][\w'’.-]*|[()€]|\d[\d.,]*|\S")


@dataclass(frozen=True)
class Place:
    """A destination found in text: a city (with its country), or a country or region on its own."""

    name: str  # as written
    country_code: str
    kind: str  # "city", "country" or "region"
    canonical: str  # the gazetteer's own name, to tell "Londen" and "London" apart from two cities
    position: int  # character offset in the text


def _capitalised(token: str) -> bool:
    return token[:1].isupper()


def find_places(text: str, home: str = "") -> list[Place]:
    """Destinations named in a text, in order, each once; a country named beside one of its cities is
    only that city's country, not a destination of its own.

    >>> [(p.name, p.country_code, p.kind) for p in find_places("bezoek aan Shanghai en Beijing (China)")]
    [('Shanghai', 'CN', 'city'), ('Beijing', 'CN', 'city')]
    >>> [(p.name, p.kind) for p in find_places("Juni 2006 Suriname. Totale kosten: €3386.00")]
    [('Suriname', 'country')]
    >>> find_places("de burgemeester van Shanghai ontvangt bezoek uit Kopenhagen in Utrecht")
    []
    """
    tokens = [(m.group(), m.start()) for m in WORD.finditer(text)]
    countries = _codes_by_name()
    home_country = country_of_home(home)
    cities = city_names() if home_country == HOME_COUNTRY else cities_seen_from(home_country)
    dutch = dutch_names() if home_country == HOME_COUNTRY else names_at_home(home_country)
    skip_home = fold(home)
    found: list[Place] = []
    of: list[Place] = []  # cities after "van": a home ("burgemeester van Shanghai") unless their country is visited
    i = 0
    while i < len(tokens):
        token, start = tokens[i]
        if not _capitalised(token) or fold(token).rstrip(".") in STOPWORDS or i and _after_role(tokens, i):
            i += 1
            continue
        if _where_an_embassy_is(tokens, i) or _a_dated_month(tokens, i):
            i += 1
            continue
        for length in (4, 3, 2, 1):
            words = tokens[i : i + length]
            if len(words) < length or not all(_capitalised(w) or fold(w) in PARTICLES or w == "-" for w, _ in words):
                continue
            name = " ".join(w for w, _ in words).replace(" - ", "-").rstrip(".,")
            folded = fold(name)
            if folded == skip_home or folded in dutch:
                if length == 1 or folded == skip_home:
                    i += length - 1
                    break
                continue
            before = fold(tokens[i - 1][0]).rstrip(".") if i else ""
            after = tokens[i + length][0].rstrip(".,") if i + length < len(tokens) else ""
            # Words on another line or after a sentence's end, and dates, are never part of a name ("Ambtsreis
            # Wenen\nVrijdag 11 oktober", "… naar Parijs. Snijders bezocht …").
            if i + length < len(tokens) and (
                "\n" in text[words[-1][1] : tokens[i + length][1]]
                or _is_date_word(after)
                or (words[-1][0].endswith(".") and len(words[-1][0]) > 3 and fold(words[-1][0]) not in TITLES)
            ):
                after = ""
            if i and "\n" in text[tokens[i - 1][1] : start]:
                before = "\n"
            # "Italië Turijn", "Spanje Bilbao": a country beside a city is no name glued together
            glued_before = (
                bool(i)
                and before != "\n"
                and (
                    (
                        _capitalised(tokens[i - 1][0])
                        and before not in STOPWORDS
                        and before not in countries
                        and not _is_date_word(before)
                    )
                    or tokens[i - 1][0] == ")"
                )
            )
            # A role word starts a sentence, not a name: "… naar Oxford Burgemeester Henri Lenferink brengt …"
            glued_after = (
                _capitalised(after)
                and fold(after) not in STOPWORDS
                and fold(after) not in countries
                and fold(after) not in ROLE_WORDS
            )
            if folded in countries and glued_after and cities.get(fold(after), ("",))[0] == countries[folded]:
                glued_after = False
            previous_word = next(
                (fold(t).rstrip(".") for t, _ in reversed(tokens[max(0, i - 2) : i]) if t not in (",", "(")), ""
            )
            if glued_after and countries.get(previous_word) == cities.get(folded, ("",))[0]:
                glued_after = False  # "Spanje, Bilbao Kennisbezoek …": a table row, country first
            glued = glued_before or glued_after
            if folded in countries and not glued:
                if countries[folded] != home_country:  # "de Koreaanse ambassade in Nederland": home, never abroad
                    found.append(Place(name, countries[folded], "country", name, start))
                i += length - 1
                break
            region = _regions().get(folded)
            if region and not glued and not cities.get(folded) and before not in CONTEXT_BEFORE:
                found.append(Place(name, region[0], "region", name, start))
                i += length - 1
                break
            city = cities.get(folded)
            if city and name.isupper() and len(name) <= 4:
                continue  # an acronym ("KLM", "NBSO"), not a city that happens to be spelled so
            if city and not glued and before not in CONTEXT_BEFORE and not _speaker(tokens, i + length):
                near = {fold(t) for t, _ in _same_sentence(tokens[max(0, i - 3) : i])}
                cue = (
                    bool(near & TRAVEL_CUES)
                    or before in countries
                    or before in (",", ":")
                    or (found and before == "en")
                )
                # Uncued, only a large city by its own name counts ("Cosco" is also a name of Cusco).
                large = city[2] >= MIN_POPULATION_ANYWHERE and folded == fold(city[1])
                if large or cue or _country_follows(tokens, i + length, city[0]):
                    found.append(Place(name, city[0], "city", city[1], start))
                    i += length - 1
                    break
            if city and not glued and before == "van" and length == 1:
                of.append(Place(name, city[0], "city", city[1], start))  # "het stadhuis van Kopenhagen"
        i += 1
    # A country, then one of its cities as "… van Kopenhagen": the city of that country's visit, not someone's home.
    found += [city for city in of if any(p.kind == "country" and p.country_code == city.country_code for p in found)]
    return _dedupe(sorted(found, key=lambda place: place.position), text)


def _a_dated_month(tokens: list[tuple[str, int]], i: int) -> bool:
    """Whether the token is a month of a date ("in March 2020", "4 October"), not a place called so."""
    if fold(tokens[i][0]).rstrip(".") not in month_numbers():
        return False
    after = tokens[i + 1][0] if i + 1 < len(tokens) else ""
    before = tokens[i - 1][0] if i else ""
    return bool(re.fullmatch(r"\d{4}", after) or re.fullmatch(r"\d{1,2}", before))


def _where_an_embassy_is(tokens: list[tuple[str, int]], i: int) -> bool:
    """Whether the place at ``i`` follows "in"/"te" after an embassy word a few words back."""
    if not i or fold(tokens[i - 1][0]) not in ("in", "te"):
        return False
    return any(fold(word).rstrip(".") in EMBASSY_WORDS for word, _ in tokens[max(0, i - 5) : i - 1])


def receives_visitor(text: str) -> bool:
    """Whether an item is an official receiving someone at home, with no word of travelling.

    >>> receives_visitor("Burgemeester van der Tuuk ontvangt de plaatsvervangend ambassadeur van Nederland in Nieuw-Zeeland")
    True
    >>> receives_visitor("De burgemeester brengt een werkbezoek aan Brno en wordt er ontvangen door de burgemeester")
    False
    """
    return bool(RECEIVES.search(text)) and not has_trip_word(text)


def _is_date_word(word: str) -> bool:
    folded = fold(word).rstrip(".")
    return folded in _weekdays() or folded in month_numbers()


def _after_role(tokens: list[tuple[str, int]], i: int) -> bool:
    """Whether the token is part of an official's name ("wethouder Kool", "Burgemeester mr. Ivo Opstelten"),
    also further on in a list of names after the role ("wethouders Bredemeijer, De Mos en Revis")."""
    k = i - 1
    while k >= 0 and (
        _capitalised(tokens[k][0])
        or fold(tokens[k][0]) in TITLES
        or fold(tokens[k][0]) in PARTICLES
        or (tokens[k][0] in (",", "en") and k + 1 < i and _capitalised(tokens[k + 1][0]))
    ):
        if fold(tokens[k][0]) in ROLE_WORDS:
            return True
        k -= 1
    return k >= 0 and fold(tokens[k][0]) in ROLE_WORDS


def _speaker(tokens: list[tuple[str, int]], k: int) -> bool:
    """Whether a name is followed by a colon and a quotation: someone speaking ("Bos: “Maar …"), not a place."""
    following = [t for t, _ in tokens[k : k + 2]]
    return len(following) == 2 and following[0] == ":" and following[1][:1] in "“\"'‘„«"


def _same_sentence(tokens: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The tokens after the last sentence end among them ("… te behartigen. Bos": "te" cues nothing for Bos)."""
    for k in range(len(tokens) - 1, -1, -1):
        word = tokens[k][0]
        if word in (".", "!", "?") or (
            word[-1:] in ".!?" and len(word) > 3 and "." not in word[:-1] and word[0].islower()
        ):
            return tokens[k + 1 :]
    return tokens


def _country_follows(tokens, k: int, code: str) -> bool:
    """ "Brno (Tsjechië)", "Preston, Engeland": the city's own country right after it."""
    following = [fold(t) for t, _ in tokens[k : k + 4] if t not in ("(", ",", ")")]
    countries = _codes_by_name()
    return bool(following) and (countries.get(following[0]) == code or countries.get(" ".join(following[:2])) == code)


def _regions() -> dict[str, tuple[str, str]]:
    from ..geocoding.areas import regions

    return regions()


# Between a city and its country when the country only says where the city is: "Shanghai (China)",
# "Preston, Engeland", "Yangzhou in China", "China (Shanghai)".
BESIDE = re.compile(r"[\s,()]*(?:in(?:\s+het)?\b)?[\s,()]*")


def _dedupe(found: list[Place], text: str) -> list[Place]:
    seen: set[tuple[str, str]] = set()
    out = []
    for place in found:
        # A country or region right beside one of its cities says where that city is; named apart in a list
        # ("Chicago, Rome, Italië, Oostenrijk, Parijs") it is a destination of its own.
        if place.kind != "city" and any(_beside(place, other, text) for other in found if other.kind == "city"):
            continue
        if place.kind == "country" and _bracketed_after(place, found, text):
            continue  # "Hamburg, Kopenhagen en Malmö (Duitsland, Denemarken en Zweden)"
        # "Denemarken. … in Kopenhagen": a country told first and then one of its cities (not in one list of
        # destinations, "Oostenrijk, Parijs, Wales, Wenen") is where the city is: the city is the stop.
        if place.kind == "country" and any(
            other.kind == "city"
            and other.country_code == place.country_code
            and other.position > place.position
            and not _one_list(text[place.position + len(place.name) : other.position])
            for other in found
        ):
            continue
        key = (place.country_code, fold(place.canonical))
        if key not in seen:
            seen.add(key)
            out.append(place)
    return out


def _bracketed_after(country: Place, found: list[Place], text: str) -> bool:
    """Whether a country stands in brackets right after cities, one of them its own: it says where that city is."""
    opening = text.rfind("(", 0, country.position)
    if opening < 0 or ")" in text[opening : country.position]:
        return False
    return any(
        p.kind == "city"
        and p.country_code == country.country_code
        and p.position < opening
        and _one_list(text[p.position + len(p.name) : opening])  # a list of cities up to the bracket
        for p in found
    )


def _one_list(between: str) -> bool:
    """Whether the text between two places is that of a list of names ("Oostenrijk, Parijs, Wales, Wenen")."""
    return all(word in (",", "en", "and", "&") or word[:1].isupper() for word in re.findall(r"[\w'’-]+|,|&", between))


def one_destination(places: list[Place]) -> list[Place]:
    """The places of one destination field ("Ljubljana (Slovenië)", "Spanje, Bilbao"): a country or region
    with one of its cities only says where the city is."""
    cities = {p.country_code for p in places if p.kind == "city"}
    return [p for p in places if p.kind == "city" or p.country_code not in cities]


def _beside(place: Place, city: Place, text: str) -> bool:
    if place.country_code != city.country_code:
        return False
    first, second = sorted((place, city), key=lambda p: p.position)
    return bool(BESIDE.fullmatch(text[first.position + len(first.name) : second.position]))


def has_trip_word(text: str) -> bool:
    folded = fold(text)
    return any(re.search(rf"(?<!\w){re.escape(word)}", folded) for word in TRIP_WORDS)


def _official_pattern(lang: str) -> re.Pattern:
    return re.compile(
        r"(?<![\w-])(?P<role>(?i:" + role_pattern(in_text=True, lang=lang) + r"))\s+"
        r"(?P<name>(?:(?:mr|dr|drs|ir|prof|ing)\.?\s+)*(?:(?:[A-Z][\w'’-]+|(?:van|de|der|den|ter|ten)\b)\s*){1,4})",
    )


OFFICIAL = _official_pattern("nl")
OFFICIAL_EN = _official_pattern("en")  # "Mayor John Jorritsma", "alderman Steenbakkers": only in English text
ENGLISH_WORDS = frozenset("the and of to with was were will from for his her their has have".split())
DUTCH_WORDS = frozenset("de het een van en naar met was werd zal voor zijn haar hun heeft hebben".split())


def is_english(text: str) -> bool:
    """Whether a text is in English rather than Dutch, by its commonest small words.

    >>> is_english("The mayor will travel to Munich with the alderman"), is_english("De burgemeester reist naar Gent")
    (True, False)
    """
    words = re.findall(r"[a-z]+", text.lower())
    english = sum(word in ENGLISH_WORDS for word in words)
    return english >= 2 and english > sum(word in DUTCH_WORDS for word in words)


def find_officials(text: str) -> tuple[Official, ...]:
    """Officials named with their role; a first name and titles dropped ("Burgemeester mr. Ivo Opstelten" →
    burgemeester Opstelten); not an official of elsewhere ("burgemeester van Rotterdam").

    >>> [str(o) for o in find_officials("reist wethouder Simons (Haven) af; wethouders Paul de Beer en Boaz Adank")]
    ['wethouder Simons', 'wethouder de Beer', 'wethouder Adank']
    """
    officials: list[Official] = []
    english = is_english(text)
    matches = [*OFFICIAL.finditer(text), *(OFFICIAL_EN.finditer(text) if english else ())]
    for match in sorted(matches, key=lambda m: m.start()):
        written = " ".join(match["role"].split())
        role = role_of(written, in_text=True) or role_of(written, in_text=True, lang="en")
        names = [match["name"]]
        rest = text[match.end() :]
        # "wethouders Paul de Beer (D66) en Boaz Adank": more names after "en" or a comma
        while written.lower() in plural_forms() and (
            more := re.match(
                r"\s*(?:\([^()]*\)\s*)?(?:,|en|and)\s+((?:[A-Z][\w'’-]+|van|de|der|den)(?:\s+(?:[A-Z][\w'’-]+|van|de|der|den))*)",
                rest,
            )
        ):
            if more[1].split()[0].lower() in ROLE_WORDS:
                break
            names.append(more[1])
            rest = rest[more.end() :]
        for raw in names:
            if _of_elsewhere(raw):
                continue  # "burgemeester Han Zheng van Shanghai", "wethouder Smit van Utrecht": someone else's
            name = _surname(raw)
            if name and not any(o.name == name for o in officials):
                officials.append(Official(role, name))
    return tuple(officials)


def _of_elsewhere(raw: str) -> bool:
    """Whether a name reads "… van <place>" or "… uit <place>": someone of that place, not a traveller
    ("burgemeester Han Zheng van Shanghai", "wethouders van Eindhoven")."""
    words = raw.split()
    for k, word in enumerate(words[:-1]):
        if fold(word) in ("van", "uit") and is_place_name(" ".join(words[k + 1 : k + 3])):
            return True
    return False


def is_place_name(text: str) -> bool:
    """Whether a text starts with a place's name, Dutch or foreign ("Shanghai", "Den Haag", "Utrecht en …")."""
    words = text.split()
    return any(
        fold(" ".join(words[:n])).rstrip(".,") in city_names()
        or fold(" ".join(words[:n])).rstrip(".,") in dutch_names()
        for n in (1, 2)
    )


def _surname(raw: str) -> str:
    words = [w for w in raw.split() if fold(w) not in TITLES]
    places, countries = city_names(), _codes_by_name()
    for k in range(1, len(words)):  # "Wethouder Kool New York": the name ends where a place begins
        pair = fold(" ".join(words[k : k + 2])) if k + 1 < len(words) else ""
        if fold(words[k]) in PARTICLES:
            continue
        if fold(words[k]) in countries or pair in places or pair in countries:
            words = words[:k]
            break
    while words and not _capitalised(words[-1]):
        words.pop()  # "wethouder Kool is ..." stops before lowercase words
    if not words or fold(words[0]) in STOPWORDS and fold(words[0]) not in PARTICLES:
        return ""
    # A first name before the surname: "Ivo Opstelten", "Paul de Beer" (particles start the surname).
    if len(words) >= 2 and _capitalised(words[0]) and fold(words[0]) not in PARTICLES:
        words = words[1:]
    return " ".join(words)
