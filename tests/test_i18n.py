"""One way to say things: every text in data/texts.toml, complete in Dutch and English."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from reisatlas.i18n import LANGUAGES, official, t, texts

ROOT = Path(__file__).resolve().parent.parent
CODE = [*ROOT.glob("reisatlas/**/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]
# t("key", ...) and Error.said("key", ...) with a literal key; f-string keys are checked by their prefix.
ASKED = re.compile(r"""\b(?:t|said)\(\s*(f?)["']([a-z_][\w-]*)(\{)?""")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_text_has_both_languages_with_the_same_values():
    """One test over every key (not a case per key: they are one property), naming each key that breaks it."""
    wrong = {}
    for key, entry in sorted(texts().items()):
        if set(entry) != set(LANGUAGES):
            wrong[key] = f"languages {sorted(entry)}"
        elif not all(entry[lang].strip() for lang in LANGUAGES):
            wrong[key] = "an empty text"
        elif fields(entry["nl"]) != fields(entry["en"]):
            wrong[key] = f"values {sorted(fields(entry['nl']))} against {sorted(fields(entry['en']))}"
    assert len(texts()) > 300  # the whole file was read
    assert wrong == {}


def test_every_text_the_code_asks_for_exists():
    known = set(texts())
    missing = []
    for path in CODE:
        for is_f, key, brace in ASKED.findall(path.read_text(encoding="utf-8")):
            if is_f and brace:
                if not any(name.startswith(key) for name in known):
                    missing.append(f"{path.name}: {key}…")
            elif key not in known:
                missing.append(f"{path.name}: {key}")
    assert missing == []


def test_no_language_is_chosen_inline_in_the_code():
    """Texts go through t(); a `lang == "en"` choice in code is a text outside the table."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in CODE
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"""lang\s*[!=]=\s*["'](en|nl)["']""", line)
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "label, lang, expected",
    [
        ("wethouder Kasmi", "en", "alderman Kasmi"),
        ("burgemeester Schouten", "en", "mayor Schouten"),
        ("loco-burgemeester De Vries", "en", "deputy mayor De Vries"),
        ("Wethouder Kasmi", "en", "alderman Kasmi"),
        ("wethouder Kasmi", "nl", "wethouder Kasmi"),
        ("Jansen", "en", "Jansen"),  # no role, nothing to translate
    ],
)
def test_roles_in_the_readers_language(label, lang, expected):
    assert official(label, lang) == expected


def test_a_missing_language_falls_back_to_dutch():
    assert t("trip_many", "de", n=2) == "2 reizen"


def test_every_way_a_stop_is_placed_is_said_in_words_and_every_layer_is_one_of_them():
    """Stop.source names how a stop was placed; the Over page and the exports say it in words (a missing text once
    broke the Over page for a stop placed by hand in Beheer)."""
    from reisatlas.fixes import CORRECTED
    from reisatlas.geocoding import AnswerCache, Gazetteer, NominatimLayer, ReviewedPlaces
    from reisatlas.model import PLACED_BY, Stop, placed_by

    layers = {layer.name for layer in (Gazetteer, ReviewedPlaces, AnswerCache, NominatimLayer)}
    areas = {"country", "region"}  # reisatlas.geocoding.areas
    assert layers | areas | {CORRECTED, Stop("x", "", None).source} == set(PLACED_BY)
    for source in PLACED_BY:
        for lang in LANGUAGES:
            assert placed_by(source, lang) == t(f"source_{source}", lang) != source
    assert placed_by("corrected", "nl") == "met de hand geplaatst in Beheer"
