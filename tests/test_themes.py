"""The theme taxonomy in data/themes.toml and the classifier that reads it.

The sentences are general policy phrasing written for this test, not lines from the seed: the
taxonomy must classify documents nobody has read yet.
"""

from __future__ import annotations

import re
import tomllib

import pytest

from reisatlas.themes import THEMES_FILE, classify_themes, keyword_pattern, load_themes

IDS = [
    "onderwijs",
    "cultuur",
    "zorg",
    "sport",
    "haven",
    "economie",
    "klimaat",
    "wonen",
    "mobiliteit",
    "veiligheid",
    "internationaal",
]


def test_exactly_the_theme_ids_of_the_issue():
    assert sorted(theme.id for theme in load_themes()) == sorted(IDS)
    assert len(load_themes()) == len(IDS)  # no id twice


@pytest.mark.parametrize("theme", load_themes(), ids=lambda t: t.id)
def test_theme_has_labels_colour_and_keywords(theme):
    assert theme.label("nl").strip() and theme.label("en").strip()
    assert theme.label("nl") != theme.label("en")  # two languages, not one label copied
    assert re.fullmatch(r"#[0-9a-fA-F]{6}", theme.colour), theme.colour
    assert all(0 <= channel <= 255 for channel in theme.rgb)
    assert theme.keywords
    for keyword in theme.keywords:
        assert keyword == keyword.strip() and keyword.strip("*"), repr(keyword)
        re.compile(keyword_pattern(keyword))


def test_colours_and_labels_are_distinct():
    themes = load_themes()
    assert len({t.colour.lower() for t in themes}) == len(themes)
    assert all(len({t.label(lang) for t in themes}) == len(themes) for lang in ("nl", "en"))


def test_file_holds_nothing_the_loader_drops():
    with THEMES_FILE.open("rb") as handle:
        raw = tomllib.load(handle)
    assert set(raw) == {"theme"}
    for entry in raw["theme"]:
        assert set(entry) == {"id", "nl", "en", "colour", "keywords", "related"}, entry["id"]


@pytest.mark.parametrize(
    "sentence, theme",
    [
        ("Het college wil de onderwijsachterstanden in de wijken verkleinen.", "onderwijs"),
        ("Gesprekken met schoolbesturen over het lerarentekort.", "onderwijs"),
        ("Een bezoek aan musea en theaters over publieksbereik.", "cultuur"),
        ("De stad ondersteunt kunstenaars en het lokale erfgoed.", "cultuur"),
        ("Kennis over de aanpak van eenzaamheid onder ouderen.", "zorg"),
        ("Gesprekken over jeugdzorg en de ggz.", "zorg"),
        ("Meer kinderen aan het sporten in de buurt.", "sport"),
        ("De gemeente wil de breedtesport in de wijken versterken.", "sport"),
        ("Overleg met de havenautoriteit over scheepvaart.", "haven"),
        ("Afspraken over containeroverslag en logistiek.", "haven"),
        ("Ondersteuning van startups bij de export naar Azië.", "economie"),
        ("Het aantrekken van buitenlandse investeerders.", "economie"),
        ("Aanpak van hittestress met meer groen.", "klimaat"),
        ("De aanleg van warmtenetten in bestaande wijken.", "klimaat"),
        ("Betaalbare woningbouw voor middeninkomens.", "wonen"),
        ("Gebiedsontwikkeling rond het centraal station.", "wonen"),
        ("Meer ruimte voor fietsers en het openbaar vervoer.", "mobiliteit"),
        ("De bereikbaarheid van de binnenstad.", "mobiliteit"),
        ("Samenwerking tegen ondermijning en georganiseerde criminaliteit.", "veiligheid"),
        ("Afspraken met de politie over de aanpak van drugshandel.", "veiligheid"),
        ("Deelname aan de jaarvergadering van Eurocities.", "internationaal"),
        ("Gesprekken met de Europese Commissie over subsidies.", "internationaal"),
    ],
)
def test_classifies_unseen_policy_sentences(sentence, theme):
    assert theme in classify_themes(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Het programma wordt later bekendgemaakt.",
        "De wethouder spreekt met haar collega's.",
        "De delegatie bestaat uit drie personen.",
        "Het bezoek duurt twee dagen.",
    ],
)
def test_sentences_without_policy_words_get_no_theme(sentence):
    assert classify_themes(sentence) == ()


@pytest.mark.parametrize(
    "sentence, not_theme",
    [
        ("Het transport van goederen over de weg neemt toe.", "sport"),
        ("Een energieke wethouder opent de dag.", "klimaat"),
        ("Rotterdam wil het vestigingsklimaat voor bedrijven verbeteren.", "klimaat"),
        ("Bewoners zijn bezorgd over de overlast.", "zorg"),
        ("De stad wil een internationaal erkend keurmerk ontvangen.", "internationaal"),
        ("Een zorgvuldige afweging van de kosten.", "zorg"),
        ("De aanleg van kunstgrasvelden.", "cultuur"),
        ("Een reportage over het stadsbestuur.", "haven"),
        ("De studiebeurs van studenten.", "economie"),
    ],
)
def test_false_friends(sentence, not_theme):
    assert not_theme not in classify_themes(sentence)


def test_vestigingsklimaat_is_economy():
    assert classify_themes("Het vestigingsklimaat voor bedrijven.") == ("economie",)


def test_themes_come_in_taxonomy_order_and_once():
    text = "Internationale samenwerking in de EU over onderwijs, zorg en klimaat."
    themes = classify_themes(text)
    assert list(themes) == [t for t in IDS if t in themes]
    assert len(set(themes)) == len(themes)
    assert {"internationaal", "onderwijs", "zorg", "klimaat"} <= set(themes)


def test_matching_ignores_case_and_diacritics():
    assert classify_themes("ONDERWIJS") == classify_themes("onderwijs") == ("onderwijs",)
    assert "cultuur" in classify_themes("Culturële instellingen")


def test_every_trip_gets_a_theme_the_closest_with_lower_confidence_when_no_keyword_fits(tmp_path):
    """Issue 19, item 8: an empty theme list is a bug. A trip about innovation and the value of knowledge holds no
    keyword; its closest theme (economy, by the related words of data/themes.toml) is given and said to be a guess
    at the trip's line, which is what Beheer shows."""
    from reisatlas.atlas import read_document
    from reisatlas.geocoding import default_geocoder

    path = tmp_path / "overzicht.txt"
    path.write_text(
        "Werkbezoek Leuven (België)\nDe waarde van kennis en innovatie\ndoor wethouder Kasmi\nMei 2025\n"
        "Wethouder Kasmi spreekt met de universiteit over de waarde van kennis.\n\n"
        "Werkbezoek Lyon (Frankrijk)\nKennismaking\ndoor burgemeester Schouten\nJuni 2025\nEen eerste kennismaking.\n",
        encoding="utf-8",
    )
    parsed = read_document(path, default_geocoder(online=False))
    assert [t.themes for t in parsed.trips] == [("economie",), ("internationaal",)]
    guessed = [(n.line, n.key) for n in parsed.notices if n.key == "notice_theme_guessed"]
    assert guessed == [(1, "notice_theme_guessed"), (7, "notice_theme_guessed")]


def test_a_keyword_still_decides_and_is_no_guess():
    from reisatlas.themes import guessed_theme, trip_themes

    assert trip_themes("Werkbezoek Oslo (Noorwegen)", "Walstroom in de haven", "") == ("haven", "klimaat")
    assert guessed_theme("Werkbezoek Leuven", "De waarde van kennis en innovatie", "") == "economie"


def test_a_passing_mention_in_one_sentence_of_the_description_adds_no_theme():
    """Issue 19, item 8: words of a theme within one sentence of the description ("sportvoorzieningen in de wijken,
    met woningbouw en nieuwbouw eromheen") pass by; a theme the description returns to in another sentence, or
    that names a party to the trip, still counts."""
    from reisatlas.themes import trip_themes

    purpose = ("Werkbezoek Lyon (Frankrijk)", "Kennisuitwisseling breedtesport")
    passing = "De delegatie bekijkt sportvoorzieningen in de wijken, met woningbouw en nieuwbouw eromheen."
    returning = passing + " Daarna volgt een gesprek over woningbouw met de stad."
    assert trip_themes(*purpose, passing) == ("sport",)
    assert trip_themes(*purpose, returning) == ("sport", "wonen")
