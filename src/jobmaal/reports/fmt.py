"""Numbers, periods and dates as people read them: Danish first (decimal comma), English second.

Danish: ``1.234,5``, ``12,8 %``, ``−3,1 procentpoint``, ``marts 2021``; English: ``1,234.5``, ``12.8%``,
``−3.1 percentage points``, ``March 2021``. The minus sign is the typographic one (U+2212).
"""

from __future__ import annotations

import datetime as dt
import math

MINUS = "\u2212"
DASH = "\u2013"  # en dash: spans of months ("januar–september") and missing figures
MISSING = DASH

MONTHS = {
    "da": ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
           "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}
SHORT_MONTHS = {
    "da": ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def _finite(x: float | None) -> bool:
    return x is not None and not (isinstance(x, float) and (math.isnan(x) or math.isinf(x)))


def number(x: float | None, decimals: int = 1, lang: str = "da", *, signed: bool = False) -> str:
    """``x`` with ``decimals`` decimals and thousands separators; ``–`` when missing."""
    if not _finite(x):
        return MISSING
    assert x is not None
    value = round(float(x), decimals)
    if value == 0:
        value = 0.0  # no "−0,0"
    text = f"{abs(value):,.{decimals}f}"
    if lang == "da":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    sign = MINUS if value < 0 else ("+" if signed and value > 0 else "")
    return sign + text


def percent(x: float | None, lang: str = "da", decimals: int = 1, *, signed: bool = False) -> str:
    """A share: ``12,8 %`` (Danish puts a space before the sign) or ``12.8%``."""
    if not _finite(x):
        return MISSING
    return number(x, decimals, lang, signed=signed) + ("\u00a0%" if lang == "da" else "%")


def points(x: float | None, lang: str = "da", decimals: int = 1, *, signed: bool = False, short: bool = False) -> str:
    """A change in percentage points: ``3,1 procentpoint`` / ``3.1 percentage points`` (short: ``pct.point``/``pp``)."""
    if not _finite(x):
        return MISSING
    if short:
        word = "pct.point" if lang == "da" else "pp"
    else:
        word = "procentpoint" if lang == "da" else ("percentage point" if abs(round(x or 0, decimals)) == 1
                                                    else "percentage points")
    return f"{number(x, decimals, lang, signed=signed)}\u00a0{word}"


def decimals_for(unit: str, value: float | None = None) -> int:
    """Shares with one decimal; persons as whole numbers when large, one decimal for small averages."""
    if unit == "percent":
        return 1
    if value is not None and _finite(value) and abs(value) >= 100:
        return 0
    return 1


def figure(x: float | None, unit: str, lang: str = "da", *, signed: bool = False) -> str:
    """A figure in its indicator's unit: shares with ``%``, persons as a plain number."""
    if unit == "percent":
        return percent(x, lang, signed=signed)
    return number(x, decimals_for(unit, x), lang, signed=signed)


def change(x: float | None, unit: str, lang: str = "da", *, short: bool = True) -> str:
    """A change against a benchmark: percentage points for shares, persons otherwise (always signed)."""
    if unit == "percent":
        return points(x, lang, signed=True, short=short)
    return number(x, decimals_for(unit, x), lang, signed=True)


def month(d: dt.date, lang: str = "da") -> str:
    return f"{MONTHS[lang][d.month - 1]} {d.year}"


def short_month(d: dt.date, lang: str = "da") -> str:
    return SHORT_MONTHS[lang][d.month - 1]


def period(d: dt.date, periodicity: str, lang: str = "da") -> str:
    """One period: ``marts 2021``, ``2. halvår 2021`` / ``H2 2021``, ``2021``."""
    if periodicity == "year":
        return str(d.year)
    if periodicity == "half_year":
        half = 1 if d.month <= 6 else 2
        return f"{half}. halvår {d.year}" if lang == "da" else f"H{half} {d.year}"
    return month(d, lang)


def span(first: dt.date, last: dt.date, periodicity: str, lang: str = "da") -> str:
    """Several periods: ``januar–september 2021``, ``december 2020–marts 2021``; one period as ``period``."""
    if first == last:
        return period(first, periodicity, lang)
    if periodicity == "month":
        if first.year == last.year:
            return f"{MONTHS[lang][first.month - 1]}{DASH}{MONTHS[lang][last.month - 1]} {last.year}"
        return f"{month(first, lang)}{DASH}{month(last, lang)}"
    if periodicity == "half_year" and first.year == last.year:
        return f"1.{DASH}2. halvår {last.year}" if lang == "da" else f"H1{DASH}H2 {last.year}"
    return f"{period(first, periodicity, lang)}{DASH}{period(last, periodicity, lang)}"


def date(d: dt.date | dt.datetime | None, lang: str = "da") -> str:
    """A calendar date: ``15. juni 2020`` / ``15 June 2020``."""
    if d is None:
        return MISSING
    if lang == "da":
        return f"{d.day}. {MONTHS['da'][d.month - 1]} {d.year}"
    return f"{d.day} {MONTHS['en'][d.month - 1]} {d.year}"
