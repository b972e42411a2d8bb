"""Costs as documents give them ("€ 3.563", "26.700 euro", "Totale kosten: €8.250") and who paid: a signal
every layout shares (``signals``)."""

from __future__ import annotations

import re

from ..model import Costs

AMOUNT = re.compile(r"€\s?(?P<a>\d[\d.,]*)|(?P<b>\d[\d.,]*)\s?(?:euros?|EUR)\b")
PAID_BY = re.compile(
    r"(?:betaald (?:door|uit)|voor rekening (?:van )?)\s*(?P<who>[\w' -]{2,40}?)(?=[.,;)]|\s+(?:Begin|Verslag)|$)", re.I
)


def parse_amount(raw: str) -> float | None:
    """Euros from a Dutch or English amount.

    >>> parse_amount("3.563"), parse_amount("3386.00"), parse_amount("1.234,56"), parse_amount("8.250")
    (3563.0, 3386.0, 1234.56, 8250.0)
    >>> parse_amount("4,500"), parse_amount("4,50")
    (4500.0, 4.5)
    """
    raw = raw.rstrip(".,")
    if re.fullmatch(r"\d+\.\d{2}", raw):
        return float(raw)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw):
        return float(raw.replace(",", ""))  # English thousands: "4,500"
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    else:
        raw = raw.replace(".", "")
    try:
        return float(raw)
    except ValueError:
        return None


def find_costs(text: str) -> Costs | None:
    """The trip's costs as the text gives them; None when it names neither an amount nor a payer.

    >>> find_costs("6 tot en met 9 januari € 3.563 de gemeente")
    Costs(amount=3563.0, paid_by=None, text='')
    >>> find_costs("Totale kosten: €16.573.")
    Costs(amount=16573.0, paid_by=None, text='')
    """
    amount = None
    if match := AMOUNT.search(text):
        amount = parse_amount(match["a"] or match["b"])
    paid = PAID_BY.search(text)
    paid_by = paid["who"].strip() if paid else None
    if amount is None and paid_by is None:
        return None
    return Costs(amount, paid_by)
