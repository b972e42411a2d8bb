"""Beheer says when a trip's theme is only its closest (issue 19, item 8): Controleren marks the trip and names the
guess, in both languages, on a real store file under AppTest."""

from __future__ import annotations

import pytest
from apptest import fresh_store, run_beheer

CONTROLE = "pages/beheer_controle.py"
DOCUMENT = b"""Werkbezoek Leuven (Belgie)
De waarde van kennis en innovatie
door wethouder Kasmi
Mei 2025
Wethouder Kasmi spreekt met de universiteit over de waarde van kennis.
"""


@pytest.mark.parametrize(
    "lang, label, said",
    [
        ("nl", "regel 1 · Werkbezoek Leuven (Belgie) · 1 waarschuwing", "het dichtstbijzijnde thema gegeven: Economie"),
        ("en", "line 1 · Werkbezoek Leuven (Belgie) · 1 warning", "the closest theme given: Economy"),
    ],
)
def test_controleren_says_a_trips_theme_is_only_the_closest(lang, label, said):
    with fresh_store() as store:
        document = store.add_document("thema.txt", DOCUMENT, "anna")
        store.set_status(document.id, "published", "anna")
        at = run_beheer(CONTROLE, lang=lang)
        at.selectbox(key="review_document").select(document.key).run()
        assert not at.exception, [e.value for e in at.exception]
        labels = [e.label.replace("\\", "") for e in at.expander]
        assert f"⚠️ {label}" in labels
        texts = " ".join(str(getattr(element, "value", "")) for element in at.main)
        assert said in texts.replace("\\", "")
