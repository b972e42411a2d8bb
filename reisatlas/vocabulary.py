"""The words for officials, from one list (data/vocabulary.toml): every reader finds officials by them, and the
app says a role in the reader's language by them.

>>> role_of("Wethouders"), role_of("schepenen"), role_of("locoburgemeester"), role_of("Havenbedrijf")
('wethouder', 'schepen', 'loco-burgemeester', None)
>>> role_label("schepen", "en"), role_label("wethouder", "en", plural=True), role_label("gedeputeerde", "nl")
('alderman', 'aldermen', 'gedeputeerde')
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from .paths import DATA

VOCABULARY_FILE = DATA / "vocabulary.toml"


@dataclass(frozen=True)
class Role:
    name: str  # the singular as documents write it, the role an Official carries
    labels: dict[str, tuple[str, str]]  # language → (singular, plural)
    also: tuple[str, ...]  # other spellings of the singular documents use
    also_plural: tuple[str, ...]  # and of the plural
    in_text: bool  # found in running text by every layout, not only on a "door …" line

    @property
    def plural(self) -> str:
        return self.labels["nl"][1]


@cache
def roles() -> tuple[Role, ...]:
    """Every role of data/vocabulary.toml, in its order."""
    with VOCABULARY_FILE.open("rb") as handle:
        table = tomllib.load(handle)["roles"]
    return tuple(
        Role(
            name,
            {lang: tuple(entry[lang]) for lang in ("nl", "en")},
            tuple(entry.get("also", ())),
            tuple(entry.get("also_plural", ())),
            bool(entry.get("in_text", False)),
        )
        for name, entry in table.items()
    )


DOCUMENTS = "nl"  # the language documents are written in; "also" spellings are of that language


@cache
def role_forms(in_text: bool = False, lang: str = "nl") -> dict[str, str]:
    """Every way a document writes a role, lower-cased (singular, plural, other spellings) → the role;
    ``in_text``: only the roles found in running text; ``lang`` "en": the English forms, for a text in English."""
    forms: dict[str, str] = {}
    for role in roles():
        if in_text and not role.in_text:
            continue
        # the documents' own language with its other spellings; another language by its labels alone
        written = (*role.labels[lang], *role.also, *role.also_plural) if lang == DOCUMENTS else role.labels[lang]
        for form in written:
            forms.setdefault(form.lower(), role.name)
    return forms


@cache
def role_words(in_text: bool = False) -> frozenset[str]:
    """The words that open a role ("wethouders", "commissaris" of "commissaris van de Koning"): a name after
    one of them is a person's, and a capitalised one starts a sentence rather than continuing a place's name."""
    return frozenset(form.split()[0] for form in role_forms(in_text))


@cache
def plural_forms() -> frozenset[str]:
    """The lower-cased forms that name several officials ("wethouders", "schepenen", "mayors"): more names may
    follow."""
    return frozenset(
        form.lower() for role in roles() for form in (role.plural, *role.also_plural, role.labels["en"][1])
    )


def role_of(word: str, in_text: bool = False, lang: str = "nl") -> str | None:
    """The role a word or words name (any form, any case), None when they name none."""
    return role_forms(in_text, lang).get(word.lower())


@cache
def role_pattern(in_text: bool = False, lang: str = "nl") -> str:
    """A regular expression alternation of every form, longest first (so "wethouders" is not read as
    "wethouder" and a stray "s"); case is the caller's to ignore."""
    forms = sorted(role_forms(in_text, lang), key=len, reverse=True)
    return "|".join(re.escape(form).replace(r"\ ", r"\s+") for form in forms)


def role_label(role: str, lang: str = "nl", plural: bool = False) -> str:
    """A role as the reader's language says it."""
    for entry in roles():
        if entry.name == role:
            return entry.labels.get(lang, entry.labels["nl"])[1 if plural else 0]
    raise KeyError(role)
