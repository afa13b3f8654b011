"""What every chart shares: the locale, the language's texts, the unit's axis format."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jobmaal.errors import JobmaalError

if TYPE_CHECKING:
    import altair as alt

LANGUAGES = ("da", "en")

# d3 locales (the same that vl-convert reports for da-DK / en-US), so that the page and the
# report image format numbers and months alike: 12,5 % and "jan 2021" in Danish.
_LOCALES: dict[str, dict[str, Any]] = {
    "da": {
        "number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " kr."]},
        "time": {
            "dateTime": "%A den %d %B %Y %X", "date": "%d-%m-%Y", "time": "%H:%M:%S", "periods": ["AM", "PM"],
            "days": ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
            "shortDays": ["søn", "man", "tir", "ons", "tor", "fre", "lør"],
            "months": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
                       "oktober", "november", "december"],
            "shortMonths": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
        },
    },
    "en": {
        "number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]},
        "time": {
            "dateTime": "%x, %X %p", "date": "%-m/%-d/%Y", "time": "%-I:%M:%S %p", "periods": ["AM", "PM"],
            "days": ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
            "shortDays": ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
            "months": ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                       "October", "November", "December"],
            "shortMonths": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
        },
    },
}

FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


class ChartError(JobmaalError):
    """A chart asked for with arguments it cannot draw (unknown language, colouring or unit)."""


def check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ChartError(f"chart: unknown language {lang!r}; use one of {list(LANGUAGES)}")
    return lang


def value_format(unit: str) -> str:
    """d3 format of a value in ``unit``: shares with one decimal, persons as whole numbers."""
    return ",.1f" if unit == "percent" else ",.0f"


def unit_title(unit: str, lang: str) -> str:
    return {
        ("percent", "da"): "Procent", ("percent", "en"): "Percent",
        ("persons", "da"): "Personer", ("persons", "en"): "Persons",
        ("full_time_persons", "da"): "Fuldtidspersoner", ("full_time_persons", "en"): "Full-time persons",
        ("number", "da"): "Antal", ("number", "en"): "Number",
    }.get((unit, lang), unit)


def named(name: str) -> alt.Data:
    """A reference to a dataset that ``finish`` puts in the spec's top-level ``datasets``.

    Handing Altair the rows themselves would make it validate every row (~50 ms a chart)."""
    import altair as alt

    return alt.Data(name=name)


def finish(chart: alt.TopLevelMixin, lang: str, description: str,
           datasets: dict[str, list[dict[str, Any]]] | None = None) -> dict[str, Any]:
    """The plain spec with its data, the locale and a text for screen readers (the tests validate it
    against the Vega-Lite schema; skipping that here keeps a page with eight charts fast)."""
    return finish_spec(chart.to_dict(validate=False), lang, description, datasets)


def finish_spec(spec: dict[str, Any], lang: str, description: str,
                datasets: dict[str, list[dict[str, Any]]] | None = None) -> dict[str, Any]:
    """``finish`` for a spec written as a plain dict."""
    if datasets:
        spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    spec["description"] = description
    config = spec.setdefault("config", {})
    config["locale"] = _LOCALES[lang]
    config.setdefault("font", FONT)
    config.setdefault("view", {}).update({"stroke": None})
    config["axis"] = {"labelFontSize": 11, "titleFontSize": 11, "grid": True, "gridColor": "#e4e4e4"}
    config["legend"] = {"labelFontSize": 11, "titleFontSize": 11, "orient": "bottom", "columns": 3,
                        "labelLimit": 260}
    return spec


def iso(period: Any) -> str | None:
    """A period as an ISO date text (Vega-Lite parses it as a date)."""
    if period is None:
        return None
    return period.isoformat()[:10] if hasattr(period, "isoformat") else str(period)[:10]


def number(x: Any) -> float | None:
    """A finite float or None (JSON has no NaN)."""
    if x is None:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return f if f == f and f not in (float("inf"), float("-inf")) else None
