"""The filters that choose among options, as one registry: official, theme, country, municipality, mode.

Each facet is one entry of ``FACETS`` with the same few methods, the way datasette's ``facets.py`` works: its
query name (which is also its command-line flag ``--name`` and the key of its heading in data/texts.toml), how it
reads a value (an id, or a label in either language, case- and accent-insensitive), how it says a value in words,
which trips it keeps and how many trips each of its options would show. ``Selection`` (links, feeds, exports, the
command line), the sidebar and the option counts all walk this list, so a filter behaves alike everywhere, and a
new filter is one entry here and its texts.

>>> [facet.name for facet in FACETS]
['official', 'theme', 'country', 'municipality', 'mode']
>>> by_name("mode").resolve(["Trein", "plane", "vliegtuig"], trips=None)
('train', 'plane')
>>> by_name("theme").resolve(["Klimaat", "Education & youth", "klimaat"], trips=None)
('klimaat', 'onderwijs')
"""

from __future__ import annotations

import threading
import weakref
from collections import Counter
from itertools import chain
from typing import TYPE_CHECKING, Iterable, Mapping

from .errors import SelectionError
from .i18n import LANGUAGES, official, t
from .text import fold

if TYPE_CHECKING:  # numpy and pandas when a table is filtered: the command line's parse starts without them
    import numpy as np
    import pandas as pd


class Facet:
    """One filter over a column of the trips table (a list of values per trip, or one value)."""

    name = ""  # query parameter, command-line flag (--name) and the text key of its heading
    field = ""  # the Selection's attribute of its ids ("officials")
    column = ""  # the trips table's column of its values
    lists = True  # the column holds a list per trip (else one value)
    unknown = ""  # the text key of the error for a value it does not know ({value}, {known})
    metavar = "NAME"
    help = ""  # the command line's help (English, as every other flag's)
    min_options = 0  # the sidebar offers the list from this many options

    def known(self, trips: pd.DataFrame | None) -> list[str]:
        """The ids a value may name, in the order an error lists them: those the trips have."""
        return sorted(self.present(trips))

    def named(self, trips: pd.DataFrame | None, lang: str) -> dict[str, str]:
        """Every known id with its label in ``lang``, in the order the sidebar lists them."""
        return {value: self.word(value, lang) for value in self.known(trips)}

    def word(self, value: str, lang: str, written: Mapping[str, str] | None = None) -> str:
        """One id in words (``written``: the documents' own labels by id, where a facet has them)."""
        return value

    def id_of(self, cell: str) -> str | None:
        """The id of a value of the column (None: no option, e.g. a trip without a mode)."""
        return cell or None

    def cells(self, ids: Iterable[str]) -> list[str]:
        """The column's values of these ids."""
        return list(ids)

    def present(self, trips: pd.DataFrame | None) -> set[str]:
        """The ids some trip has."""
        if trips is None or not len(trips):
            return set()
        return {found for found in map(self.id_of, values_of(trips, self.column)[2]) if found}

    def options(self, trips: pd.DataFrame, lang: str) -> dict[str, str]:
        """The options the sidebar offers (the ids some trip has) with their labels in ``lang``, in its order."""
        present = self.present(trips)
        return {value: label for value, label in self.named(trips, lang).items() if value in present}

    def resolve(self, given: Iterable[str], trips: pd.DataFrame | None, *, strict: bool = True) -> tuple[str, ...]:
        """The ids ``given`` names, each as an id or a label in either language, in any case. A value no option
        knows raises SelectionError naming what is known (``strict``: feeds, command line) or is left out (a link,
        which still shows what it can)."""
        lookup = self._lookup(trips)
        found = []
        for value in given:
            match = lookup.get(fold(value))
            if match is None and strict:
                known = ", ".join(self.known(trips))
                raise SelectionError.said(self.unknown, value=repr(value), known=known)
            if match is not None:
                found.append(match)
        return tuple(dict.fromkeys(found))

    def _lookup(self, trips: pd.DataFrame | None) -> dict[str, str]:
        def make() -> dict[str, str]:
            lookup: dict[str, str] = {}
            for lang in LANGUAGES:
                for value, label in self.named(trips, lang).items():
                    lookup.setdefault(fold(label), value)
            lookup.update({fold(value): value for value in self.known(trips)})  # an id wins over a label
            return lookup

        return memo(trips, ("lookup", self.name), make) if trips is not None else make()

    def mask(self, trips: pd.DataFrame, ids: Iterable[str]) -> pd.Series:
        """True for each trip with one of these ids."""
        import pandas as pd

        cells = self.cells(ids)
        if not self.lists:
            return trips[self.column].isin(cells)
        keys = f"_{self.column}"
        column = trips[keys] if keys in trips else trips[self.column].map(key)
        any_of = pd.Series(False, index=trips.index)
        for cell in cells:
            any_of |= column.str.contains(f"|{cell}|", regex=False)
        return any_of

    def counts(self, trips: pd.DataFrame, keep: np.ndarray) -> Counter:
        """How many of the ``keep`` trips each option has."""
        import numpy as np

        positions, codes, values = values_of(trips, self.column)
        tally = np.bincount(codes[keep[positions]], minlength=len(values))
        counted: Counter = Counter()
        for cell, n in zip(values, tally):
            found = self.id_of(cell) if n else None
            if found:
                counted[found] += int(n)
        return counted


class Officials(Facet):
    name, field, column, unknown = "official", "officials", "officials", "error_unknown_official"
    help = "only trips by this official (surname, or as written: 'burgemeester Schouten')"

    def known(self, trips):
        return sorted(official_labels(trips)) if trips is not None else []

    def named(self, trips, lang):
        if trips is None:
            return {}
        written = official_labels(trips)
        by_surname = sorted(written, key=lambda n: written[n].split()[-1:])  # a blank label (a correction's) first
        return {name: official(written[name], lang) for name in by_surname}

    def word(self, value, lang, written=None):
        return official((written or {}).get(value, value), lang)


class Themes(Facet):
    name, field, column, unknown = "theme", "themes", "themes", "error_unknown_theme"
    metavar = "ID"
    help = "only trips with this theme (id from data/themes.toml, or its label)"

    def known(self, trips):
        from .themes import theme_labels

        return list(theme_labels())  # every theme of the taxonomy, whether a trip has it yet or not

    def named(self, trips, lang):
        from .themes import theme_labels

        return dict(theme_labels(lang))

    def word(self, value, lang, written=None):
        from .themes import theme_labels

        return theme_labels(lang).get(value, value)


class Countries(Facet):
    name, field, column, unknown = "country", "countries", "countries", "error_unknown_country_code"
    metavar = "CODE"
    help = "only trips to this country (ISO code such as SE, or its name)"

    def named(self, trips, lang):
        names = {code: self.word(code, lang) for code in self.present(trips)}
        return dict(sorted(names.items(), key=lambda item: item[1]))

    def word(self, value, lang, written=None):
        from .countries import country_name

        return country_name(value, lang)


class Municipalities(Facet):
    name, field, column, unknown = "municipality", "municipalities", "municipality", "error_unknown_municipality"
    lists = False
    help = "only trips of this home municipality"
    min_options = 2  # a list to compare municipalities: only for documents of several


class Modes(Facet):
    name, field, column, unknown = "mode", "modes", "mode", "error_unknown_mode"
    lists = False
    metavar = "{train,plane}"
    help = "only trips by train or by plane (the mode assumed, see data/train_rule.toml)"
    min_options = 1
    CELLS = {"train": "train", "plane": "flight"}  # id -> the trips table's mode (reisatlas.emissions)

    def known(self, trips):
        return list(self.CELLS)

    def word(self, value, lang, written=None):
        return t(f"mode_{self.CELLS[value]}", lang) if value in self.CELLS else value

    def id_of(self, cell):
        return next((value for value, mode in self.CELLS.items() if mode == cell), None)

    def cells(self, ids):
        return [self.CELLS[value] for value in ids if value in self.CELLS]


FACETS: tuple[Facet, ...] = (Officials(), Themes(), Countries(), Municipalities(), Modes())


def by_name(name: str) -> Facet:
    return next(facet for facet in FACETS if facet.name == name)


def key(values: Iterable[str]) -> str:
    """ "|a|b|" so that membership of one value is a plain substring test on the whole column."""
    return "|" + "|".join(values) + "|"


def official_labels(trips: pd.DataFrame) -> dict[str, str]:
    """Every official of the trips by name, with the label the documents first give them ("wethouder Kasmi")."""

    def make() -> dict[str, str]:
        labels: dict[str, str] = {}
        for names, written in zip(trips["officials"], trips["official_labels"]):
            for name, label in zip(names, written):
                labels.setdefault(name, label)
        return labels

    return dict(memo(trips, "official_labels", make))


def values_of(trips: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """A column of lists (or of single values) as flat arrays: each value's trip position, its code, and the
    values by code."""

    def make():
        import numpy as np
        import pandas as pd

        cells = trips[column].tolist()
        lists = [[cell] if isinstance(cell, str) else cell for cell in cells]
        positions = np.repeat(np.arange(len(lists)), [len(values) for values in lists])
        codes, values = pd.factorize(pd.Series(list(chain.from_iterable(lists)), dtype=object))
        return positions, codes, list(values)

    return memo(trips, ("values", column), make)


_memos: dict[int, tuple[weakref.ref, dict]] = {}
_memos_lock = threading.Lock()  # sessions' threads add tables at once


def memo(trips: pd.DataFrame, name, make):
    """``make()`` worked out once per trips table while it lives (the atlas's is shared by every session and
    rerun). Read the answer, never change it."""
    entry = _memos.get(id(trips))  # one read: another session's thread may replace it meanwhile
    if entry is None or entry[0]() is not trips:
        with _memos_lock:
            for number in [number for number, (ref, _) in _memos.items() if ref() is None]:
                del _memos[number]  # tables no longer alive
            entry = _memos[id(trips)] = (weakref.ref(trips), {})
    if name not in entry[1]:
        entry[1][name] = make()
    return entry[1][name]
