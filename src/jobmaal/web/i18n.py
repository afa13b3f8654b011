# ruff: noqa: E501  (a table of texts reads better one entry per line)
"""The user interface's texts in Danish (default) and English, and how numbers and dates are written."""

from __future__ import annotations

import datetime as dt
import math

LANGUAGES = ("da", "en")
DEFAULT_LANG = "da"

_MONTHS = {
    "da": ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
           "november", "december"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}

TEXTS: dict[str, tuple[str, str]] = {
    "site": ("Beskæftigelsespolitisk målopfølgning", "Employment-policy follow-up"),
    "skip": ("Gå til indhold", "Skip to content"),
    "front": ("Forside", "Front page"),
    "municipality": ("Kommune", "Municipality"),
    "municipalities": ("Kommuner", "Municipalities"),
    "choose_municipality": ("Vælg kommune", "Choose municipality"),
    "show": ("Vis", "Show"),
    "year": ("År", "Year"),
    "goals_of_year": ("Ministerens beskæftigelsespolitiske mål for {year}", "The minister's employment-policy goals for {year}"),
    "letter": ("Ministerens brev af {date} ({reference}), {minister}", "The minister's letter of {date} ({reference}), {minister}"),
    "synthetic_banner": ("Syntetiske data: tallene er dannet af en generator og beskriver ingen virkelige personer eller kommuner.",
                         "Synthetic data: the figures come from a generator and describe no real persons or municipalities."),
    "synthetic_short": ("syntetiske data", "synthetic data"),
    "source": ("Kilde: {source}", "Source: {source}"),
    "data_month": ("Seneste datamåned", "Latest data month"),
    "computed": ("Beregnet", "Computed"),
    "run": ("Kørsel", "Run"),
    "status_summary": ("Status for de 98 kommuner", "Status of the 98 municipalities"),
    "no_official_indicator": ("Ingen officiel indikator", "No official indicator"),
    "indicator": ("Indikator", "Indicator"),
    "indicators": ("Indikatorer", "Indicators"),
    "status": ("Status", "Status"),
    "count": ("Antal kommuner", "Municipalities"),
    "value": ("Værdi", "Value"),
    "latest": ("Seneste", "Latest"),
    "year_to_date": ("Året til dato", "Year to date"),
    "change": ("Ændring ift. sidste år", "Change against last year"),
    "country": ("Hele landet", "Whole country"),
    "cluster": ("Klynge", "Cluster"),
    "cluster_value": ("Sammenlignelige kommuner", "Comparable municipalities"),
    "expected": ("Forventet niveau", "Expected level"),
    "difference": ("Forskel fra forventet", "Difference from expected"),
    "rank": ("Rang", "Rank"),
    "target": ("Mål", "Target"),
    "region": ("Region", "Region"),
    "rar": ("RAR-område", "RAR area"),
    "all": ("Alle", "All"),
    "filter": ("Filtrér", "Filter"),
    "sort_by": ("Sortér efter {column}", "Sort by {column}"),
    "definition": ("Definition", "Definition"),
    "unit": ("Enhed", "Unit"),
    "direction": ("Retning", "Direction"),
    "higher_is_better": ("Højere er bedre", "Higher is better"),
    "lower_is_better": ("Lavere er bedre", "Lower is better"),
    "period": ("Periode", "Period"),
    "periodicity": ("Periodicitet", "Periodicity"),
    "month": ("Måned", "Month"),
    "half_year": ("Halvår", "Half-year"),
    "source_kind": ("Datakilde", "Data source"),
    "register": ("Registerdata (DREAM m.fl.)", "Register data (DREAM and others)"),
    "survey": ("Spørgeskemaundersøgelse", "Survey"),
    "aggregated_table": ("Aggregeret tabel", "Aggregated table"),
    "goal": ("Mål", "Goal"),
    "map": ("Kort", "Map"),
    "map_colour": ("Farv efter", "Colour by"),
    "map_tiles": ("Kortet viser hver kommune som et lige stort felt med kommunekoden; lysegrå: intet tal eller diskretioneret. Tabellen ovenfor har de samme tal.",
                  "The map shows each municipality as an equal square with its code; light grey: no figure or suppressed. The table above has the same figures."),
    "map_boundaries": ("Kortet viser kommunegrænserne; tabellen ovenfor har de samme tal.",
                       "The map shows the municipal boundaries; the table above has the same figures."),
    "comparison": ("Sammenligning over tid", "Comparison over time"),
    "compare_choose": ("Vælg kommuner at sammenligne (hold Ctrl nede for flere)", "Choose municipalities to compare (hold Ctrl for several)"),
    "compare": ("Sammenlign", "Compare"),
    "chart_data": ("Tallene bag diagrammet", "The figures behind the chart"),
    "all_municipalities": ("Alle kommuner", "All municipalities"),
    "table_caption_indicator": ("{title}: de 98 kommuner, {period}", "{title}: the 98 municipalities, {period}"),
    "shown_rows": ("Viser {n} af 98 kommuner", "Showing {n} of 98 municipalities"),
    "strategy": ("Kommunens strategi", "The municipality's strategy"),
    "no_strategy": ("Ingen strategitekst i planen.", "No strategy text in the plan."),
    "plan": ("Beskæftigelsesplan", "Employment plan"),
    "plan_draft": ("Udkast (version {version})", "Draft (version {version})"),
    "plan_adopted": ("Vedtaget {date} (version {version})", "Adopted {date} (version {version})"),
    "no_plan": ("Ingen plan, du kan se, for dette år.", "No plan you can see for this year."),
    "edit_plan": ("Redigér planen", "Edit the plan"),
    "local_indicators": ("Lokale indikatorer", "Local indicators"),
    "local": ("lokal", "local"),
    "no_values": ("Ingen værdier endnu.", "No values yet."),
    "downloads": ("Hent tallene", "Download the figures"),
    "csv": ("CSV", "CSV"),
    "csv_da": ("CSV til dansk Excel", "CSV for Danish Excel"),
    "xlsx": ("Excel (XLSX)", "Excel (XLSX)"),
    "jsonstat": ("JSON-stat", "JSON-stat"),
    "comparisons": ("Sammenligninger", "Comparisons"),
    "vs_last_year": ("I forhold til sidste år", "Against last year"),
    "vs_expected": ("I forhold til forventet", "Against expected"),
    "projection": ("Fremskrivning til årets udgang", "Projection to the year's end"),
    "attainment": ("Målopfyldelse indtil nu", "Attainment so far"),
    "interval": ("interval {lower} – {upper}", "interval {lower} – {upper}"),
    "members": ("Sammenlignelige kommuner (klynge {cluster})", "Comparable municipalities (cluster {cluster})"),
    "context_indicators": ("Sammenhængsindikatorer", "Context indicators"),
    "missing": ("Ingen data", "No data"),
    "disclosure_legend": ("Diskretionering", "Disclosure control"),
    "login": ("Log ind", "Log in"),
    "logout": ("Log ud", "Log out"),
    "logged_in_as": ("Logget ind som {name}", "Logged in as {name}"),
    "username": ("Brugernavn", "Username"),
    "password": ("Adgangskode", "Password"),
    "language": ("English", "Dansk"),
    "language_name": ("Sprog", "Language"),
    "save": ("Gem", "Save"),
    "delete": ("Slet", "Delete"),
    "saved": ("Gemt som version {version}.", "Saved as version {version}."),
    "conflict_title": ("Ikke gemt: planen er ændret af en anden", "Not saved: someone else changed the plan"),
    "reload": ("Hent den nyeste version", "Load the newest version"),
    "invalid_title": ("Ikke gemt: ret disse fejl", "Not saved: correct these problems"),
    "kind": ("Art", "Kind"),
    "comment": ("Kommentar", "Comment"),
    "version": ("Version", "Version"),
    "state": ("Status for planen", "Plan state"),
    "draft": ("Udkast", "Draft"),
    "adopted": ("Vedtaget", "Adopted"),
    "adopt": ("Markér som vedtaget", "Mark as adopted"),
    "back_to_draft": ("Tilbage til udkast", "Back to draft"),
    "adopted_on": ("Vedtaget den", "Adopted on"),
    "key": ("Nøgle", "Key"),
    "name": ("Navn", "Name"),
    "description": ("Beskrivelse", "Description"),
    "add_local": ("Tilføj eller ret lokal indikator", "Add or change a local indicator"),
    "local_values_upload": ("Indlæs værdier (CSV: indicator_key,period,value)", "Load values (CSV: indicator_key,period,value)"),
    "upload": ("Indlæs", "Load"),
    "targets": ("Mål for indikatorerne", "Targets for the indicators"),
    "no_target_set": ("Intet mål sat", "No target set"),
    "forbidden": ("Du har ikke adgang til dette.", "You do not have access to this."),
    "not_found": ("Siden findes ikke.", "The page does not exist."),
    "error": ("Fejl", "Error"),
    "method": ("Metode", "Method"),
    "api": ("API", "API"),
    "percent_points": ("pct.-point", "percentage points"),
    "of": ("af", "of"),
    "municipality_page_title": ("{name} Kommune", "{name} Municipality"),
    "plan_page_title": ("Beskæftigelsesplan {year} for {name}", "Employment plan {year} for {name}"),
    "login_title": ("Log ind for at redigere planer", "Log in to edit plans"),
    "seasonally_adjusted": ("Sæsonkorrigeret", "Seasonally adjusted"),
    "goal_explanation": ("Ministerens begrundelse", "The minister's explanation"),
    "percent": ("Procent", "Percent"),
    "persons": ("Personer", "Persons"),
    "full_time_persons": ("Fuldtidspersoner", "Full-time persons"),
    "number": ("Antal", "Number"),
    "results_report": ("Resultatrevision (PDF)", "Results report (PDF)"),
    "plan_report": ("Beskæftigelsesplan (PDF)", "Employment plan (PDF)"),
    "no_data_yet": ("Ingen tal for året endnu", "No figures for the year yet"),
}


def text(key: str, lang: str, **kw: object) -> str:
    da, en = TEXTS[key]
    s = en if lang == "en" else da
    return s.format(**kw) if kw else s


def _finite(x: float | None) -> bool:
    return x is not None and not (isinstance(x, float) and (math.isnan(x) or math.isinf(x)))


def number(x: float | None, lang: str, decimals: int = 1, sign: bool = False) -> str:
    """12.345 → "12,3" (da) / "12.3" (en); thousands separated; "–" for a missing number."""
    if not _finite(x):
        return "–"
    assert x is not None
    if round(x, decimals) == 0:
        x, sign = 0.0, False  # never "−0" or "+0,0": a change that rounds to nothing is 0
    s = f"{x:+,.{decimals}f}" if sign else f"{x:,.{decimals}f}"
    if lang == "da":
        s = s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return s.replace("-", "−")  # a real minus sign


def decimals_for(unit: str) -> int:
    return 1 if unit in ("percent", "full_time_persons", "number") else 0


def with_unit(x: float | None, unit: str, lang: str, sign: bool = False, change: bool = False) -> str:
    """A figure in its unit: "12,3 %" / "+1,2 pct.-point" / "1.234"."""
    s = number(x, lang, decimals_for(unit), sign=sign)
    if s == "–" or unit != "percent":
        return s
    if change:
        return f"{s} {text('percent_points', lang)}"
    return f"{s} %"


def month(day: dt.date | None, lang: str) -> str:
    if day is None:
        return "–"
    return f"{_MONTHS[lang][day.month - 1]} {day.year}"


def period_label(first: dt.date | None, last: dt.date | None, periodicity: str, lang: str) -> str:
    """"marts 2021", "januar – marts 2021", "1. halvår 2021", "2021"."""
    if first is None or last is None:
        return "–"
    if periodicity == "year":
        return str(last.year)
    if periodicity == "half_year":
        def half(d: dt.date) -> str:
            n = 1 if d.month <= 6 else 2
            return f"{n}. halvår {d.year}" if lang == "da" else f"H{n} {d.year}"
        return half(last) if first == last else f"{half(first)} – {half(last)}"
    if first == last:
        return month(last, lang)
    if first.year == last.year:
        return f"{_MONTHS[lang][first.month - 1]} – {month(last, lang)}"
    return f"{month(first, lang)} – {month(last, lang)}"


def date(day: dt.date | dt.datetime | None) -> str:
    """ISO dates everywhere (and UTC minutes for times)."""
    if day is None:
        return "–"
    if isinstance(day, dt.datetime):
        return day.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return day.isoformat()


def danish_sort_key(name: str) -> str:
    """Alphabetical order as in Danish: æ, ø, å after z, and an initial "Aa" as å (Aabenraa after Vordingborg)."""
    low = name.lower()
    if low.startswith("aa"):
        low = "å" + low[2:]
    return low.translate(str.maketrans({"æ": "{", "ø": "|", "å": "}", "é": "e", "ü": "y"}))
