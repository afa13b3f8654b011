"""How the pages write numbers, periods and names in Danish and English."""

from __future__ import annotations

import datetime as dt

from jobmaal.web.i18n import TEXTS, danish_sort_key, number, period_label, text, with_unit


def test_numbers_in_danish_and_english() -> None:
    assert number(1234.56, "da", 1) == "1.234,6" and number(1234.56, "en", 1) == "1,234.6"
    assert number(-1.26, "da", 1, sign=True) == "−1,3"  # a real minus sign
    assert number(-0.02, "da", 1, sign=True) == "0,0"  # never "−0,0"
    assert number(None, "da") == "–" and number(float("nan"), "en") == "–"
    assert with_unit(12.345, "percent", "da") == "12,3 %"
    assert with_unit(1.5, "percent", "da", sign=True, change=True) == "+1,5 pct.-point"
    assert with_unit(1.5, "percent", "en", sign=True, change=True) == "+1.5 percentage points"
    assert with_unit(1234.0, "persons", "da") == "1.234"


def test_periods_and_names() -> None:
    jan, mar = dt.date(2021, 1, 1), dt.date(2021, 3, 1)
    assert period_label(mar, mar, "month", "da") == "marts 2021"
    assert period_label(jan, mar, "month", "en") == "January – March 2021"
    assert period_label(dt.date(2021, 7, 1), dt.date(2021, 7, 1), "half_year", "da") == "2. halvår 2021"
    assert period_label(jan, jan, "year", "en") == "2021"
    names = ["Aarhus", "Ærø", "Odder", "Aabenraa", "Vejle", "Ålborg-test", "Allerød"]
    # æ, ø, å after z; an initial "Aa" is "Å" (so Ålborg-test sits between Aabenraa and Aarhus)
    assert sorted(names, key=danish_sort_key) == ["Allerød", "Odder", "Vejle", "Ærø", "Aabenraa", "Ålborg-test",
                                                  "Aarhus"]


def test_every_text_has_both_languages() -> None:
    for key, (da, en) in TEXTS.items():
        assert da.strip() and en.strip(), key
        assert text(key, "da") == da or "{" in da
