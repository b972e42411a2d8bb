"""The Over page's account of the CO₂ estimate, written from data/emission_factors.csv and
data/emission_factors_comparison.csv: which source gives each mode's factors and why, the flight classes, what is and
is not counted, the extra warming of flying, the factor table and how the UK government's factors compare. Nothing
here says more than the tables do: a sentence about a part, a class or a check follows the rows."""

from __future__ import annotations

import math
from typing import Sequence

from .emissions import MODES, Comparison, Factor, load_comparison, load_factors
from .i18n import t

# A value read from a public repository is linked to the file at the very commit it was read from.
_BLOB = "https://github.com/{repository}/blob/{commit}/{path}"


def _decimal(value: float, lang: str, pattern: str = "0.000#") -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, format=pattern, locale=lang)


def distance_class(min_km: float, max_km: float, lang: str = "nl") -> str:
    """A factor's distance class in words (a number and its "km" never split over two lines).

    >>> [text.replace("\xa0", "_") for text in (distance_class(0, 1000), distance_class(1000, 3500, "en"), distance_class(3500, math.inf))]
    ['tot 1.000_km', '1,000 – 3,500_km', 'vanaf 3.500_km']
    >>> distance_class(0, math.inf)
    'elke afstand'
    """
    from .i18n import number

    if max_km == math.inf:
        return t("distance_any", lang) if min_km == 0 else t("distance_from", lang, km=number(min_km, lang))
    if min_km == 0:
        return t("distance_to", lang, km=number(max_km, lang))
    return f"{number(min_km, lang)} – {number(max_km, lang)}\u00a0km"


def _join(words: list[str], lang: str) -> str:
    """ "a, b en c" """
    return t("and_join", lang, first=", ".join(words[:-1]), last=words[-1]) if len(words) > 1 else "".join(words)


def _ratio(values: Sequence[float], lang: str) -> str:
    """A range of ratios to one decimal: "0,8" or "0,8 – 1,1"."""
    low, high = (_decimal(round(v, 1), lang, "0.0") for v in (min(values), max(values)))
    return low if low == high else f"{low} – {high}"


def _part(part: str, mode: str, lang: str) -> str:
    """A part of a factor in words, for a mode ("de kerosine") or any ("de brandstof of stroom")."""
    try:
        return t(f"about_part_{part}_{mode}", lang)
    except KeyError:
        return t(f"about_part_{part}", lang)


def method_notes(factors: Sequence[Factor] | None = None, lang: str = "nl") -> list[str]:
    """The Over page's paragraphs on the factors, from the table's rows: the estimate, each mode's source and
    whether it was read from the file itself, why that source, the flight classes, what is counted and what is not,
    and the extra warming of flying (how big the table says it is, and how uncertain).

    >>> from reisatlas.emissions import Value
    >>> fuel = Value("fuel", 0.019, 2026, "co2emissiefactoren", "", "", scope="wtw")
    >>> for paragraph in method_notes([Factor("train", 0, math.inf, (fuel,))], "en"): print(paragraph)
    The CO₂ is an **estimate per traveller**: kilometres times an emission factor per passenger-kilometre, in kilograms of CO₂-equivalent.
    **Train:** the Dutch list of CO₂ emission factors (CO2emissiefactoren.nl), list 2026; taken from a public copy, not yet compared with the source itself (`data/emission_factors.md`).
    For the train, counted: the electricity, with its production (*well-to-wheel*). Not counted: building, maintaining and scrapping the train.
    Never counted: building airports, railways and stations, and local travel at the destination.
    """
    factors = list(factors if factors is not None else load_factors())
    modes = [mode for mode in MODES if any(f.mode == mode for f in factors)]
    paragraphs = [t("about_factors_intro", lang)]
    for mode in reversed(modes):  # the plane first: most of the CO₂, and the question the page answers
        values = [v for f in factors if f.mode == mode for v in f.values]
        sources = list(dict.fromkeys(v.source_key for v in values))
        named = []
        for key in sources:
            years = sorted({v.year for v in values if v.source_key == key and v.year})
            name = t(f"source_name_{key}", lang)
            named.append(t("about_factors_list", lang, source=name, years="/".join(map(str, years))) if years else name)
        state = "checked" if all(v.checked for v in values) else "unchecked"
        paragraphs.append(
            t("about_factors_mode_source", lang, mode=t(f"mode_{mode}", lang).capitalize(), sources="; ".join(named))
            + t(f"about_factors_{state}", lang)
        )
        for key in sources:
            try:
                paragraphs.append(t(f"about_factors_why_{key}", lang))
            except KeyError:  # a source needs no reason beyond its name
                pass
    flights = sorted((f for f in factors if f.mode == "flight"), key=lambda f: f.min_km)
    if flights:
        classes = [distance_class(f.min_km, f.max_km, lang) for f in flights]
        paragraphs.append(t("about_factors_classes", lang, n=len(flights), classes=_join(classes, lang)))
    for mode in reversed(modes):
        mine = [f for f in factors if f.mode == mode]
        counted = [p for p in ("fuel", "construction") if all(f.part(p) > 0 for f in mine)]
        missing = [p for p in ("fuel", "construction") if p not in counted]
        scopes = {v.scope for f in mine for v in f.values if v.part == "fuel"}
        words = [_part(p, mode, lang) for p in counted]
        if "fuel" in counted:
            words[0] += t(f"about_scope_{scopes.pop() if len(scopes) == 1 else 'unknown'}", lang)
        text = t("about_factors_counted", lang, mode=t(f"mode_{mode}_the", lang), parts=_join(words, lang))
        if missing:
            text += " " + t(
                "about_factors_not_counted", lang, parts=_join([_part(p, mode, lang) for p in missing], lang)
            )
        paragraphs.append(text)
    paragraphs.append(t("about_factors_never", lang))
    warmed = [f for f in flights if f.non_co2 > 0]
    if warmed:
        paragraphs.append(
            t("about_non_co2", lang, ratio=_ratio([f.non_co2 / f.co2 for f in warmed], lang))
            + " "
            + t("about_non_co2_uncertain", lang)
        )
    elif flights:
        paragraphs.append(t("about_non_co2_missing", lang))
    return paragraphs


def factor_table(factors: Sequence[Factor] | None = None, lang: str = "nl") -> str:
    """The factors as a Markdown table (mode and distance per leg; kg per passenger-km of CO₂, of the extra warming
    and of both, in the language's decimals), with the sources as links below it and, for values read from a public
    repository, a link to the file at that commit ("Nagelezen in": what was checked; ``method_notes`` says it per mode
    too). Narrow enough for a phone: four columns.

    >>> from reisatlas.emissions import Value
    >>> fuel = Value("fuel", 0.019, 2026, "co2emissiefactoren", "", "https://example.org/trein", scope="wtw", checked=True)
    >>> print(factor_table([Factor("train", 0, math.inf, (fuel,))]))
    | Vervoer, afstand per etappe | CO₂ | + extra opwarming | samen |
    |---|--:|--:|--:|
    | trein, elke afstand | 0,019 | — | 0,019 |
    <BLANKLINE>
    Bron: [trein](https://example.org/trein)
    """
    from .text import markdown_literal

    factors = list(factors if factors is not None else load_factors())
    columns = ("about_factor_leg", "about_factor_co2", "about_factor_non_co2", "about_factor_total")
    lines = ["| " + " | ".join(t(key, lang) for key in columns) + " |", "|---|--:|--:|--:|"]
    for f in sorted(factors, key=lambda f: (-MODES.index(f.mode), f.min_km)):
        cells = (
            f"{t(f'mode_{f.mode}', lang)}, {distance_class(f.min_km, f.max_km, lang)}",
            _decimal(f.co2, lang),
            _decimal(f.non_co2, lang) if f.non_co2 else "—",
            _decimal(f.total, lang),
        )
        lines.append("| " + " | ".join(cells) + " |")
    sources: dict[str, list[str]] = {}  # page → the modes it is the source for, in the table's order
    files: dict[str, list[str]] = {}  # the file at its commit → the modes read from it
    for f in sorted(factors, key=lambda f: -MODES.index(f.mode)):
        mode = t(f"mode_{f.mode}", lang)
        for v in f.values:
            if v.source and mode not in sources.setdefault(v.source, []):
                sources[v.source].append(mode)
            if v.repository and v.path and v.commit:
                blob = _BLOB.format(repository=v.repository, commit=v.commit, path=v.path)
                if mode not in files.setdefault(blob, []):
                    files[blob].append(mode)

    def links(pages: dict[str, list[str]]) -> str:
        return " · ".join(
            f"[{', '.join(modes)}]({url})"
            if url.startswith("https://") and " " not in url
            else f"{', '.join(modes)}: {markdown_literal(url)}"
            for url, modes in pages.items()
        )

    text = "\n".join(lines)
    if sources:
        text += "\n\n" + t("about_factor_source", lang) + ": " + links(sources)
    if files:
        text += "  \n" + t("about_factor_read_in", lang) + ": " + links(files)
    return text


def comparison_notes(
    factors: Sequence[Factor] | None = None, comparison: Sequence[Comparison] | None = None, lang: str = "nl"
) -> str:
    """How another official source's flight factors (the UK government's) compare with the ones used: a sentence and
    a table of both, per passenger-km, without and with the extra warming; "" when there is nothing to compare.

    >>> from reisatlas.emissions import Value
    >>> ours = [Factor("flight", 0, math.inf, (Value("fuel", 0.1, None, "ademe", "", ""), Value("non_co2", 0.08, None, "ademe", "", "")))]
    >>> theirs = [Comparison("long-haul", 0, math.inf, 0.09, 0.153, 2025, "desnz", "https://example.org", False, "a copy")]
    >>> print(comparison_notes(ours, theirs, "en").split("\\n\\n")[1])
    | Source, distance per leg | CO₂ | with extra warming |
    |---|--:|--:|
    | ADEME, any distance | 0.100 | 0.180 |
    | UK government (DESNZ) 2025, any distance | 0.090 | 0.153 |
    """
    factors = [f for f in (factors if factors is not None else load_factors()) if f.mode == "flight"]
    comparison = list(comparison if comparison is not None else load_comparison())
    if not factors or not comparison:
        return ""

    def short_name(key: str, year: int | None) -> str:
        name = t(f"source_short_{key}", lang)
        return f"{name} {year}" if year else name

    ratio = _ratio([(c.with_non_co2 - c.without_non_co2) / c.without_non_co2 for c in comparison], lang)
    sentence = t(
        "about_compare",
        lang,
        source=t(f"source_name_{comparison[0].source_key}", lang),
        ratio=ratio,
        read=t("about_compare_checked" if all(c.checked for c in comparison) else "about_compare_unchecked", lang),
    )
    lines = [
        "| " + " | ".join(t(k, lang) for k in ("about_compare_leg", "about_factor_co2", "about_compare_total")) + " |",
        "|---|--:|--:|",
    ]
    for f in sorted(factors, key=lambda f: f.min_km):
        keys = {v.source_key for v in f.values}
        name = short_name(keys.pop() if len(keys) == 1 else "mixed", None)
        lines.append(
            f"| {name}, {distance_class(f.min_km, f.max_km, lang)} | {_decimal(f.co2, lang)} | {_decimal(f.total, lang)} |"
        )
    for c in comparison:
        lines.append(
            f"| {short_name(c.source_key, c.year)}, {distance_class(c.min_km, c.max_km, lang)} | "
            f"{_decimal(c.without_non_co2, lang)} | {_decimal(c.with_non_co2, lang)} |"
        )
    return sentence + "\n\n" + "\n".join(lines) + "\n\n" + t("about_compare_why", lang)
