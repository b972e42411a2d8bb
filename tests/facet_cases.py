"""What the facet tests share (tests/test_facets.py: links and the command line; tests/test_feeds_server.py: the
feeds of a running server): the documents, and for every facet a value in its several forms and the trips it keeps."""

from __future__ import annotations

import pytest

# A document that tries to plant formulas in a journalist's spreadsheet (OWASP "CSV Injection").
FORMULAS = """Werkbezoek Oslo (Noorwegen)
=HYPERLINK("http://example.invalid/","klik")
door wethouder Kasmi
Juni 2025
@SUM(1+1) gaat over havens.

Werkbezoek Bergen (Noorwegen)
+31 10 123 4567 belt mee
door wethouder Kasmi
Juli 2025
-2+3 gaat over havens.
"""


JOHANNESBURG = "Werkbezoek Johannesburg (Zuid-Afrika)"
TOKIO = "Werkbezoek Tokio, Osaka en Kobe (Japan)"
SWEDEN = "Werkbezoek Malmö, Botkyrka en Stockholm (Zweden)"
MANCHESTER = "Werkbezoek Manchester (Verenigd Koninkrijk)"
OSLO_MISSION = "Werkbezoek en handelsmissie Oslo (Noorwegen)"
RICHMOND = "Werkbezoek Richmond (Canada)"
BRUSSEL = "Werkbezoek Brussel (België)"
OSLO, BERGEN = "Werkbezoek Oslo (Noorwegen)", "Werkbezoek Bergen (Noorwegen)"  # FORMULAS
EVERY_TRIP = [SWEDEN, MANCHESTER, OSLO_MISSION, RICHMOND, BRUSSEL, JOHANNESBURG, TOKIO, OSLO, BERGEN]

# facet -> one option's id, the values that name it (the id, its labels in either language, in another case),
# and the trips it keeps, in document order. Every facet of the registry has a line (test_every_facet_has_cases).
CASES = {
    "official": (
        "Schouten",
        ["Schouten", "schouten", "burgemeester Schouten", "Mayor Schouten"],
        [JOHANNESBURG, TOKIO],
    ),
    "theme": (
        "klimaat",
        ["klimaat", "Klimaat", "Klimaat, energie & duurzaamheid", "climate, energy & sustainability"],
        [OSLO_MISSION, BRUSSEL, TOKIO],
    ),
    "country": ("SE", ["SE", "se", "Zweden", "SWEDEN"], [SWEDEN]),
    "municipality": ("Rotterdam", ["Rotterdam", "rotterdam"], EVERY_TRIP),
    "mode": ("train", ["train", "Trein", "TRAIN"], [MANCHESTER, BRUSSEL]),
}
PAIRS = [
    pytest.param(facet, value, id_, titles, id=f"{facet}={value}")
    for facet, (id_, values, titles) in CASES.items()
    for value in values
]
