"""Classifying trips by policy theme, from the taxonomy in data/themes.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping

from .i18n import LANGUAGES
from .model import Notice, Trip
from .paths import DATA
from .text import fold

THEMES_FILE = DATA / "themes.toml"


@dataclass(frozen=True)
class Theme:
    """A policy theme: a stable id (used in links and exports), its label per language, colour and keywords."""

    id: str
    labels: Mapping[str, str]  # language -> label
    colour: str
    keywords: tuple[str, ...]
    related: tuple[str, ...] = ()  # words that only hint at the theme: for the closest theme when no keyword fits

    def label(self, lang: str = "nl") -> str:
        return self.labels.get(lang) or self.labels["nl"]

    @property
    def rgb(self) -> tuple[int, int, int]:
        value = self.colour.lstrip("#")
        return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))


@cache
def load_themes(path: Path = THEMES_FILE) -> tuple[Theme, ...]:
    """The taxonomy, in file order."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return tuple(
        Theme(
            t["id"],
            MappingProxyType({lang: t[lang] for lang in LANGUAGES}),
            t["colour"],
            tuple(t["keywords"]),
            tuple(t.get("related", ())),
        )
        for t in data["theme"]
    )


@cache
def theme_labels(lang: str = "nl") -> dict[str, str]:
    """Theme id → label in ``lang``, in taxonomy order."""
    return {theme.id: theme.label(lang) for theme in load_themes()}


def theme_names(theme_ids: Iterable[str], lang: str = "nl") -> str:
    """Themes by label, as one line: "Onderwijs, Cultuur"; an unknown id stays as it is."""
    labels = theme_labels(lang)
    return ", ".join(labels.get(theme, theme) for theme in theme_ids)


def keyword_pattern(keyword: str) -> str:
    """A regex for one keyword; ``*`` at either end lets the word go on.

    >>> bool(re.search(keyword_pattern("*school*"), "voorschoolse educatie"))
    True
    >>> bool(re.search(keyword_pattern("sport*"), "transport"))
    False
    """
    word = fold(keyword)
    head = r"\w*" if word.startswith("*") else ""
    tail = r"\w*" if word.endswith("*") else ""
    body = r"\s+".join(re.escape(part) for part in word.strip("*").split())
    return rf"(?<!\w){head}{body}{tail}(?!\w)"


@cache
def _matchers(path: Path = THEMES_FILE) -> tuple[tuple[str, tuple[tuple[str, re.Pattern], ...]], ...]:
    """Per theme, each keyword as (the words it must contain, its pattern).

    A keyword can only match text holding its words, and most texts lack most keywords: a plain
    substring test rules those out before the pattern (with its word boundaries) runs, which is
    what keeps classifying thousands of trips fast.
    """
    return tuple(
        (
            theme.id,
            tuple((" ".join(fold(k).strip("*").split()), re.compile(keyword_pattern(k))) for k in theme.keywords),
        )
        for theme in load_themes(path)
    )


def classify_themes(text: str, path: Path = THEMES_FILE) -> tuple[str, ...]:
    """Ids of every theme whose keywords the text holds, in taxonomy order.

    >>> classify_themes("Kennisuitwisseling voorschoolse educatie")
    ('onderwijs',)
    """
    folded = fold(text)  # whitespace folded to single spaces, so a keyword's words appear as one substring
    return tuple(
        theme_id
        for theme_id, keywords in _matchers(path)
        if any(words in folded and pattern.search(folded) for words, pattern in keywords)
    )


def theme_counts(text: str, path: Path = THEMES_FILE) -> dict[str, int]:
    """How much each theme's keywords weigh in a text: one per occurrence, two for an occurrence in a
    name (capitalised inside a sentence: "het Havenbedrijf", an organisation taking part); themes that do
    not occur are left out.

    >>> theme_counts("Sportpark en sportclubs, en de woningen rond het stadion")
    {'sport': 3, 'wonen': 1}
    >>> theme_counts("Er wordt samengewerkt met het Havenbedrijf Rotterdam.")
    {'haven': 2, 'economie': 2}
    """
    folded = fold(text)
    if len(folded) != len(text):  # folding changed the length (a ligature, a combining mark): no names then
        text = folded
    counts = {}
    for theme_id, keywords in _matchers(path):
        # each place in the text once, however many keywords match it ("woning*" and "*woningen")
        starts = {m.start() for words, pattern in keywords if words in folded for m in pattern.finditer(folded)}
        if starts:
            counts[theme_id] = sum(2 if _in_a_name(text, start) else 1 for start in starts)
    return counts


def _in_a_name(text: str, start: int) -> bool:
    """Whether the word at ``start`` is capitalised inside a sentence (a name, not the sentence's first word)."""
    before = text[:start].rstrip()
    return text[start : start + 1].isupper() and bool(before) and before[-1] not in ".!?:\n"


def trip_themes(title: str, subtitle: str, description: str, path: Path = THEMES_FILE) -> tuple[str, ...]:
    """A trip's themes: every theme of its purpose (the title and the subtitle or "Doel" line; without one,
    the description's first sentence), and a theme of the rest of the description only when it returns
    there or names a party to the trip (the port company): a word the description merely passes by (the
    houses around a new stadium on a sport trip) does not make the trip about it.

    >>> trip_themes("Werkbezoek Madrid (Spanje)", "Kennisuitwisseling topsport", "Het nieuwe stadion. Er komen ook woningen.")
    ('sport',)
    """
    purpose = f"{title}\n{subtitle}"
    rest = description
    if not subtitle.strip():
        first, _, rest = description.partition(". ")
        purpose = f"{purpose}\n{first}"
    themes = set(classify_themes(purpose, path))
    themes |= {theme for theme, found in _returning_themes(rest, path).items() if found >= 2}
    return tuple(theme.id for theme in load_themes(path) if theme.id in themes)


SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"'(])")


def _returning_themes(text: str, path: Path = THEMES_FILE) -> dict[str, int]:
    """How often each theme returns in a description: in how many of its sentences it occurs (a name counts for
    two, as in ``theme_counts``); words of a theme within one sentence are one mention, passing by."""
    counts: dict[str, int] = {}
    for sentence in SENTENCE_END.split(text):
        for theme, found in theme_counts(sentence, path).items():
            counts[theme] = counts.get(theme, 0) + min(found, 2 if _names_a_party(sentence, theme, path) else 1)
    return counts


def _names_a_party(sentence: str, theme: str, path: Path) -> bool:
    """Whether a theme's word in the sentence is in a name ("het Havenbedrijf"): a party to the trip."""
    folded = fold(sentence)
    if len(folded) != len(sentence):
        return False
    keywords = dict(_matchers(path)).get(theme, ())
    return any(
        _in_a_name(sentence, m.start())
        for words, pattern in keywords
        if words in folded
        for m in pattern.finditer(folded)
    )


def main_theme(subtitle: str, description: str = "", title: str = "", path: Path = THEMES_FILE) -> str | None:
    """The theme a trip is mostly about: the one whose keyword comes first in its purpose line (the
    subtitle), else in its description, else in its title; None when no keyword matches.

    Colouring by theme uses it, so a sport trip whose text also mentions health shows as sport.

    >>> main_theme("Sportieve samenwerking rond de marathon", "Ook de zorg voor ouderen komt aan bod.")
    'sport'
    >>> main_theme("Werkbezoek", "Overleg over de haven en over onderwijs.")
    'haven'
    """
    for text in (subtitle, description, title):
        folded = fold(text)
        first: tuple[int, int, str] | None = None
        for order, (theme_id, keywords) in enumerate(_matchers(path)):
            for words, pattern in keywords:
                if words in folded and (found := pattern.search(folded)):
                    if first is None or (found.start(), order) < first[:2]:
                        first = (found.start(), order, theme_id)
        if first is not None:
            return first[2]
    return None


class Named(dict):
    """A value of a text named in every language: ``{theme:en}`` in data/texts.toml says it in English."""

    def __format__(self, lang: str) -> str:
        return self.get(lang) or self["nl"]


THEME_GUESSED = "notice_theme_guessed"  # the notice of a trip whose theme is only its closest
FALLBACK_THEME = "internationaal"  # a trip abroad with no hint of any theme is international work
STEM = 5  # a word starting with a keyword's first letters hints at it ("innovaties", "kennisdeling")


@cache
def _hints(path: Path = THEMES_FILE) -> tuple[tuple[str, tuple[re.Pattern, ...], tuple[str, ...]], ...]:
    """Per theme, its related words as patterns, and its keywords' stems for a loose match."""
    return tuple(
        (
            theme.id,
            tuple(re.compile(keyword_pattern(word)) for word in theme.related),
            tuple({fold(k).strip("*")[:STEM] for k in theme.keywords if len(fold(k).strip("*")) >= STEM}),
        )
        for theme in load_themes(path)
    )


def guessed_theme(title: str, subtitle: str, description: str, path: Path = THEMES_FILE) -> str:
    """The closest theme of a trip no keyword fits: the one whose related words (twice as much in its purpose
    line) and keyword stems its text holds most; the first in taxonomy order on a tie; ``FALLBACK_THEME`` when
    nothing hints at any theme.

    >>> guessed_theme("Werkbezoek Leuven", "De waarde van kennis en innovatie", "")
    'economie'
    """
    purpose, rest = fold(f"{title}\n{subtitle}"), fold(description)
    words = re.findall(r"\w{%d,}" % STEM, f"{purpose} {rest}")
    best, best_score = FALLBACK_THEME, 0.0
    for theme_id, related, stems in _hints(path):
        score = sum(2 * len(p.findall(purpose)) + len(p.findall(rest)) for p in related)
        score += 0.5 * sum(1 for word in words if word[:STEM] in stems)
        if score > best_score:
            best, best_score = theme_id, score
    return best


def classify_trips(trips: Iterable[Trip]) -> list[Trip]:
    return classify_trips_noting(trips)[0]


def classify_trips_noting(trips: Iterable[Trip]) -> tuple[list[Trip], list[Notice]]:
    """Every trip with its themes, and a notice for each trip whose theme is only the closest one (no keyword
    fits it): an empty theme list would hide the trip from every theme's filter and colour."""
    out, notices = [], []
    for trip in trips:
        themes = trip_themes(trip.title, trip.subtitle, trip.description)
        if not themes:
            themes = (guessed_theme(trip.title, trip.subtitle, trip.description),)
            names = Named({lang: theme_names(themes, lang) for lang in LANGUAGES})
            notices.append(Notice.said(trip.source.file, trip.source.line, THEME_GUESSED, theme=names))
        out.append(replace(trip, themes=themes))
    return out, notices
