"""Register entries: one heading per trip holding official and destination, then a date line and labelled
fields, as municipal travel registers publish them::

    Dienstreis burgemeester Weerwind naar Ljubljana (Slovenië)
    16 - 17 november 2017
    Aanleiding
    …
    Doel
    …
    Kosten: € 1.250

Headings also read "… naar Duitsland (Hamburg) van 3 tot en met 5 mei 2021" and "… naar Denemarken, Aarhus
van 12 – 13 juni 2022" (the period on the heading itself).
"""

from __future__ import annotations

import re

from ..model import Trip
from ..vocabulary import role_pattern
from .base import Context, Reader, build_trip
from .lines import Line
from .signals import find_officials, find_places, one_destination

# "Dienstreis burgemeester X naar …", and its variants: "Dienstreis van burgemeester X naar …", "Buitenlandse
# dienstreis wethouder Y naar Land (Stad) van … tot en met …", "Verslag buitenlandse dienstreis van burgemeester Z
# naar Land, Stad van 28 – 29 september 2023": the role, the name, "naar", the place in either order, the dates.
HEADING = re.compile(
    r"^(?:verslag\s+(?:van\s+(?:de|het)\s+)?)?(?:buitenlandse?\s+)?"
    r"(?P<kind>dienstreis|werkbezoek|studiereis|ambtsreis|handelsmissie|netwerkreis|reis)\s+(?:van\s+(?:de\s+)?)?"
    r"(?P<who>(?:(?:" + role_pattern(in_text=True) + r")\b.*?))\s+naar\s+(?P<where>.+)$",
    re.IGNORECASE,
)
LABELS = re.compile(
    r"^(?P<label>aanleiding|reden(?: en doel)?(?: van de reis)?|doel(?: van de reis)?|kosten|reiskosten|"
    r"aantal (?:meereizende )?ambtenaren|meereizende ambtenaren|verslag|resultaat|programma|datum|periode)\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


class RegisterReader(Reader):
    name = "register"
    priority = 50  # one heading names kind, official and destination: more specific than any table or agenda
    label = "Registerregels (dienstreizenregister)"
    example = (
        "Dienstreis burgemeester Weerwind naar Ljubljana (Slovenië) / 16 - 17 november 2017 / Aanleiding … / Doel …"
    )

    def score(self, lines: list[Line], context: Context) -> float:
        return 3.0 * sum(1 for line in lines if _heading(line.text))

    def read(self, lines: list[Line], context: Context) -> list[Trip]:
        starts = [i for i, line in enumerate(lines) if _heading(line.text)]
        trips = []
        for begin, end in zip(starts, starts[1:] + [len(lines)]):
            heading = lines[begin]
            match = _heading(heading.text)
            body = [line for line in lines[begin + 1 : end] if line.text]
            fields: dict[str, list[str]] = {}
            label = "beschrijving"
            for line in body:
                if labelled := LABELS.match(line.text):
                    label = labelled["label"].lower()
                    if labelled["rest"]:
                        fields.setdefault(label, []).append(labelled["rest"])
                    continue
                fields.setdefault(label, []).append(line.text)
            purpose = " ".join(
                text for name, texts in fields.items() if name.startswith(("doel", "reden")) for text in texts
            )
            where = re.sub(r"\s+(?:van|op)\s+\d.*$", "", match["where"])
            places = one_destination(find_places(_as_places(where), context.municipality))
            date_text = " ".join([heading.text, *(line.text for line in body[:2])])
            description = "\n\n".join(
                " ".join(texts) for name, texts in fields.items() if not name.startswith(("doel", "reden", "kosten"))
            )
            trip = build_trip(
                title=heading.text,
                text=" ".join([heading.text, *(line.text for line in body)]),
                line=heading.number,
                context=context,
                layout=self.name,
                confidence=1.0,
                officials=find_officials(match["who"]),
                places=places,
                subtitle=" ".join(purpose.lstrip("•- ").split()),
                description=" ".join(description.split()) if description else "",
                period_text=date_text,
            )
            if trip is None:
                context.note(heading.number, "notice_destination_not_recognised", text=repr(where))
                continue
            trips.append(trip)
        return trips


def _heading(text: str):
    return HEADING.match(text) if len(text) < 200 else None


def _as_places(where: str) -> str:
    """ "Ljubljana (Slovenië)", "Duitsland (Hamburg)", "Denemarken, Aarhus": a cue before each name, so
    that smaller cities count as destinations."""
    names = [part.strip() for part in re.split(r"[(),]|\s+en\s+", where) if part.strip()]
    return " , ".join(f"naar {name}" for name in names)
