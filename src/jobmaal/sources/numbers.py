"""Numbers as the official sources publish them: JSON numbers, or text with Danish or English notation.

Suppressed or missing figures ("..", "-", "x", ":", empty) are ``None`` — shown as missing, never 0.
A text with both separators is read by their order ("12.345,6" and "12,345.6"), and so is a text with
several groups ("1.234.567"). Otherwise a single comma is a decimal comma ("12,5" and "12,345") and a
single point a decimal point ("12.5" and "12.345"), as JSON writes it.
"""

from __future__ import annotations

import math
import re

SUPPRESSED = frozenset({"", ".", "..", "...", "-", "–", "x", "X", ":", "n/a", "NA", "null", "None"})
_DANISH = re.compile(r"^-?\d{1,3}((\.\d{3}){2,}(,\d+)?|(\.\d{3})+,\d+)$")
_ENGLISH = re.compile(r"^-?\d{1,3}((,\d{3}){2,}(\.\d+)?|(,\d{3})+\.\d+)$")
_COMMA_DECIMAL = re.compile(r"^-?\d+,\d+$")


class NotANumber(ValueError):
    pass


def number(value: object) -> float | None:
    """The value as a float, ``None`` when suppressed or missing; ``NotANumber`` otherwise."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise NotANumber(repr(value))
    if isinstance(value, (int, float)):
        f = float(value)
        return None if math.isnan(f) else f
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if text in SUPPRESSED:
        return None
    if _DANISH.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif _ENGLISH.match(text):
        text = text.replace(",", "")
    elif _COMMA_DECIMAL.match(text):
        text = text.replace(",", ".")
    try:
        f = float(text)
    except ValueError as exc:
        raise NotANumber(repr(value)) from exc
    return None if math.isnan(f) else f
