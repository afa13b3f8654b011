"""A scanner for published outputs: does any output show a figure that the disclosure gate hid, or a
figure resting on fewer persons than the threshold?

``Reference`` holds, per cell (indicator, area, period, breakdown, breakdown value), the engine's true
figures with their person counts, whether the cell is small by an independent, plain reading of the
policy (``0 < persons < threshold``; survey figures without person counts: ``0 < responses < 10``), and
the gate's status. The ``scan_*`` functions read one output each (rows of the API, CSV, XLSX, JSON-stat,
the follow-up JSON, the tables of a report's HTML) cell by cell and return what they found wrong:

- a cell the gate suppressed that shows a figure (value, numerator or denominator), or is not marked;
- a shown cell that is small (persons below the threshold) — independent of the gate's own logic;
- a shown figure that differs from the true one (the cell was mapped wrongly, or the output computes
  something it should only pass on);
- for derived figures of the follow-up: a change against last year, or a cluster value, that rests on a
  hidden figure.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import numpy as np
import pandas as pd

from jobmaal.disclosure import SYMBOL, DisclosedValues

THRESHOLD = 5
SURVEY_MIN_RESPONSES = 10
COUNTRY = "000"

Key = tuple[str, str, str, str, str]  # indicator, area code, period (ISO), breakdown, breakdown value


@dataclass(frozen=True, slots=True)
class Cell:
    value: float | None
    numerator: float | None
    denominator: float | None
    small: bool  # persons (or survey responses) between 1 and the threshold − 1
    status: str  # the gate's: "primary", "secondary" or ""


def _num(x: Any) -> float | None:
    if x is None or x is pd.NA:
        return None
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def iso(period: Any) -> str:
    return pd.Timestamp(period).strftime("%Y-%m-%d")


def year_before(period: str) -> str:
    d = dt.date.fromisoformat(period)
    return d.replace(year=d.year - 1).isoformat()


def small_rows(raw: pd.DataFrame) -> np.ndarray:
    """The policy's primary rule, read plainly: persons where the engine counted them, else responses."""
    n_p = raw["numerator_persons"].astype("float64").to_numpy()
    d_p = raw["denominator_persons"].astype("float64").to_numpy()
    has_persons = ~(np.isnan(n_p) & np.isnan(d_p))
    by_persons = ((n_p > 0) & (n_p < THRESHOLD)) | ((d_p > 0) & (d_p < THRESHOLD))
    den = raw["denominator"].astype("float64").to_numpy()
    num = raw["numerator"].astype("float64").to_numpy()
    responses = np.where(np.isnan(den), num, den)
    by_responses = (responses > 0) & (responses < SURVEY_MIN_RESPONSES)
    return np.where(has_persons, by_persons, by_responses)


class Reference:
    """Every cell of a run: true figures, smallness and the gate's status."""

    def __init__(self, raw: pd.DataFrame, disclosed: DisclosedValues) -> None:
        raw = raw.reset_index(drop=True)
        small = small_rows(raw)
        out = disclosed.frame
        status = {self._key_of(r): r.suppressed for r in out.itertuples(index=False)}
        self.cells: dict[Key, Cell] = {}
        for r, s in zip(raw.itertuples(index=False), small, strict=True):
            key = self._key_of(r)
            self.cells[key] = Cell(_num(r.value), _num(r.numerator), _num(r.denominator), bool(s), status[key])
        self.area_type = dict(zip(raw["area_code"], raw["area_type"], strict=True))
        self.indicator_areas = {(k[0], k[1]) for k in self.cells}

    @staticmethod
    def _key_of(r: Any) -> Key:
        return (r.indicator_id, str(r.area_code), iso(r.period), r.breakdown or "", r.breakdown_value or "")

    def hidden(self, key: Key) -> bool:
        cell = self.cells.get(key)
        return cell is not None and cell.status != ""

    def hidden_keys(self) -> set[Key]:
        return {k for k, c in self.cells.items() if c.status}

    def small_keys(self) -> set[Key]:
        return {k for k, c in self.cells.items() if c.small}


@dataclass
class Scan:
    """What one output showed: the hidden cells it covered (marked) and every problem found."""

    where: str
    hidden_seen: set[Key] = field(default_factory=set)
    small_seen: set[Key] = field(default_factory=set)
    shown: int = 0
    leaks: list[str] = field(default_factory=list)

    def leak(self, key: Key, what: str) -> None:
        self.leaks.append(f"{self.where}: {key}: {what}")

    def report(self, limit: int = 15) -> str:
        head = "\n".join(self.leaks[:limit])
        more = f"\n… and {len(self.leaks) - limit} more" if len(self.leaks) > limit else ""
        return f"{len(self.leaks)} problem(s) in {self.where}:\n{head}{more}"


def _small_note(cell: Cell) -> str:
    return f", and it rests on fewer than {THRESHOLD} persons" if cell.small else ""


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def check_row(scan: Scan, ref: Reference, key: Key, value: Any, numerator: Any, denominator: Any,
              marked: bool) -> None:
    """One published row of a structured output (API, CSV, XLSX, JSON-stat)."""
    cell = ref.cells.get(key)
    if cell is None:
        scan.leak(key, "a cell the run does not have")
        return
    figures = {"value": _num(value), "numerator": _num(numerator), "denominator": _num(denominator)}
    shown = {k: v for k, v in figures.items() if v is not None}
    if cell.small:
        scan.small_seen.add(key)
    if cell.status:
        scan.hidden_seen.add(key)
        if shown:
            scan.leak(key, f"suppressed ({cell.status}) but shows {shown}{_small_note(cell)}")
        if not marked:
            scan.leak(key, f"suppressed ({cell.status}) without the marker")
        return
    if marked:
        scan.leak(key, "marked as suppressed though the gate shows it")
    if shown:
        scan.shown += 1
        if cell.small:
            scan.leak(key, f"shows {shown} though it rests on fewer than {THRESHOLD} persons")
        for name, got in shown.items():
            want = getattr(cell, name)
            if want is None or not _close(got, want):
                scan.leak(key, f"{name} {got} differs from the true {want}")


# -- structured outputs -------------------------------------------------------------------------------
def scan_frame(where: str, ref: Reference, frame: pd.DataFrame, *, marker_column: str = "suppressed",
               columns: dict[str, str] | None = None) -> Scan:
    """Rows with the gate's key columns (renamed by ``columns``: output name → gate name)."""
    if columns:
        frame = frame.rename(columns=columns)
    scan = Scan(where)
    if "breakdown" not in frame.columns:
        frame = frame.assign(breakdown="", breakdown_value="")
    frame = frame.assign(breakdown=frame["breakdown"].fillna(""), breakdown_value=frame["breakdown_value"].fillna(""))
    marks = frame[marker_column].fillna("").astype(str).to_numpy()
    for r, mark in zip(frame.itertuples(index=False), marks, strict=True):
        key = (str(r.indicator_id), str(r.area_code), iso(r.period), str(r.breakdown), str(r.breakdown_value))
        check_row(scan, ref, key, r.value, getattr(r, "numerator", None), getattr(r, "denominator", None),
                  mark not in ("", "nan"))
    return scan


def scan_api_items(where: str, ref: Reference, items: Iterable[dict[str, Any]]) -> Scan:
    scan = Scan(where)
    for it in items:
        key = (it["indicator_id"], it["area_code"], it["period"], it["breakdown"], it["breakdown_value"])
        marked = bool(it["suppressed"]) and it["marker"] == SYMBOL and bool(it["explanation"])
        check_row(scan, ref, key, it["value"], it["numerator"], it["denominator"], marked)
    return scan


def scan_jsonstat(where: str, ref: Reference, doc: dict[str, Any], frame: pd.DataFrame) -> Scan:
    """``frame``: pyjstat's reading (columns indicator, area, period, value), in the dataset's order."""
    scan = Scan(where)
    status = doc.get("status") or {}
    for pos, r in enumerate(frame.itertuples(index=False)):
        key = (str(r.indicator), str(r.area), iso(r.period), "", "")
        if key not in ref.cells:  # the cube holds every combination; most indicators have no region cells etc.
            if _num(r.value) is not None:
                scan.leak(key, "a figure for a cell the run does not have")
            continue
        check_row(scan, ref, key, r.value, None, None, status.get(str(pos)) == SYMBOL)
    return scan


# -- the follow-up (API /followup) -------------------------------------------------------------------
def scan_followup(where: str, ref: Reference, municipality: dict[str, Any]) -> Scan:
    """The follow-up of one municipality as JSON: every figure that is one cell, and the derived figures
    (changes, cluster values) that could give a hidden cell away."""
    scan = Scan(where)
    members = list(municipality["cluster_members"])
    indicators = [i for g in municipality["goals"] for i in g["indicators"]] + list(municipality["context"])
    for ind in indicators:
        ind_id, area = ind["indicator_id"], ind["area_code"]

        def one(period: str, got: Any, what: str, area_code: str = area, ind_id: str = ind_id) -> bool:
            """Check a figure that is exactly one cell; True when the cell is hidden."""
            key = (ind_id, area_code, period, "", "")
            cell = ref.cells.get(key)
            if cell is None:
                if _num(got) is not None:
                    scan.leak(key, f"{what}: {got} for a cell the run does not have")
                return False
            if cell.status:
                scan.hidden_seen.add(key)
                if _num(got) is not None:
                    scan.leak(key, f"{what}: suppressed ({cell.status}) but shows {got}{_small_note(cell)}")
                return True
            if _num(got) is not None:
                scan.shown += 1
                if cell.small:
                    scan.leak(key, f"{what}: shows {got} resting on fewer than {THRESHOLD} persons")
                if cell.value is None or not _close(float(got), cell.value):
                    scan.leak(key, f"{what}: {got} differs from the true {cell.value}")
            return False

        for p in ind["series"]:
            period = p["period"]
            one(period, p["value"], "series value")
            one(period, p["country"], "series country", COUNTRY)
            last = year_before(period)
            if (ind_id, area, last, "", "") in ref.cells:
                one(last, p["last_year"], "series last year")
            _check_cluster(scan, ref, ind_id, period, members, p["cluster"], area)
        figures = [("latest", ind["latest"])]
        ytd = ind["year_to_date"]
        if ytd is not None and ytd["period_from"] == ytd["period_to"]:  # a year of one period: one cell
            figures.append(("year_to_date", ytd))
        for name, fig in figures:
            if fig is None:
                continue
            period = fig["period_to"]
            own_hidden = one(period, fig["value"], f"{name} value")
            for part in ("numerator", "denominator"):
                key = (ind_id, area, period, "", "")
                cell = ref.cells.get(key)
                if cell is not None and cell.status and _num(fig[part]) is not None:
                    scan.leak(key, f"{name} {part}: suppressed ({cell.status}) but shows {fig[part]}")
            last = year_before(period)
            last_hidden = one(last, fig["last_year"], f"{name} last year") if (
                ind_id, area, last, "", "") in ref.cells else False
            if (own_hidden or last_hidden) and (_num(fig["change"]) is not None
                                                or _num(fig["change_percent"]) is not None):
                scan.leak((ind_id, area, period, "", ""),
                          f"{name} change {fig['change']} ({fig['change_percent']} %) rests on a suppressed figure")
            c_hidden = one(period, fig["country"], f"{name} country", COUNTRY)
            c_last_hidden = ref.hidden((ind_id, COUNTRY, last, "", ""))
            if (c_hidden or c_last_hidden) and _num(fig["country_change"]) is not None:
                scan.leak((ind_id, COUNTRY, period, "", ""),
                          f"{name} country change {fig['country_change']} rests on a suppressed figure")
    return scan


def _check_cluster(scan: Scan, ref: Reference, ind_id: str, period: str, members: list[str], got: Any,
                   area: str) -> None:
    """A cluster's value must be pooled from its members' shown figures only."""
    value = _num(got)
    if value is None or area not in members:  # RAR-level indicators have no cluster
        return
    cells = [(m, ref.cells.get((ind_id, m, period, "", ""))) for m in members]
    shown = [c for _, c in cells if c is not None and not c.status and c.value is not None]
    hidden = [m for m, c in cells if c is not None and c.status]
    if not hidden:
        return
    key = (ind_id, f"cluster of {area}", period, "", "")
    if not shown:
        scan.leak(key, f"cluster value {value} though every member is suppressed ({hidden})")
        return
    dens = [c.denominator for c in shown]
    if all(d is not None for d in dens):
        nums = [c.numerator or 0.0 for c in shown]
        total = sum(d for d in dens if d is not None)
        expected = 100.0 * sum(nums) / total if total > 0 else None
    else:
        expected = sum(c.value for c in shown if c.value is not None) / len(shown)
    if expected is None or not _close(value, expected):
        scan.leak(key, f"cluster value {value} is not pooled from the shown members ({expected}); "
                       f"suppressed members {hidden}")


# -- HTML tables (reports, pages) -------------------------------------------------------------------------
@dataclass
class HtmlTable:
    caption: str
    head: list[str]
    rows: list[tuple[str, list[str]]]  # (the row's class, its cells' texts: row header first)


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[HtmlTable] = []
        self._table: HtmlTable | None = None
        self._row: list[str] | None = None
        self._row_class = ""
        self._in_head = False
        self._text: list[str] | None = None
        self._caption: list[str] | None = None
        self._skip = 0  # inside a hidden explanation (screen-reader text, tooltips are attributes)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._table = HtmlTable("", [], [])
        elif self._table is None:
            return
        elif tag == "caption":
            self._caption = []
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row, self._row_class = [], a.get("class") or ""
        elif tag in ("td", "th"):
            self._text = []
        elif tag == "span" and "visually-hidden" in (a.get("class") or ""):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if self._table is None:
            return
        if tag == "table":
            self.tables.append(self._table)
            self._table = None
        elif tag == "caption" and self._caption is not None:
            self._table.caption = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._text is not None and self._row is not None:
            self._row.append(" ".join("".join(self._text).split()))
            self._text = None
        elif tag == "tr" and self._row is not None:
            if self._in_head:
                self._table.head = self._row
            else:
                self._table.rows.append((self._row_class, self._row))
            self._row = None
        elif tag == "span" and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._caption is not None:
            self._caption.append(data)
        if self._text is not None:
            self._text.append(data)


def html_tables(text: str) -> list[HtmlTable]:
    parser = _Tables()
    parser.feed(text)
    return parser.tables


_NUMBER = re.compile(r"^[−+-]?\d{1,3}(?:\.\d{3})*(?:,\d+)?(?: ?%)?$")


def danish_number(text: str) -> float | None:
    """``12,5 %`` → 12.5, ``1.234,0`` → 1234.0; None for a marker, a dash or other text."""
    t = html.unescape(text).replace("\u00a0", " ").strip()
    if not _NUMBER.match(t):
        return None
    t = t.replace("%", "").strip().replace(".", "").replace(",", ".").replace("−", "-")
    return float(t)


_MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def column_periods(head: list[str]) -> list[str | None]:
    """The period of each column of a development table: months of the year in the first heading,
    years, or half-years ("1. halvår 2021")."""
    out: list[str | None] = []
    year = head[0] if head and head[0].isdigit() else None
    for h in head[1:]:
        h = h.strip()
        if h in _MONTHS and year:
            out.append(f"{year}-{_MONTHS.index(h) + 1:02d}-01")
        elif re.fullmatch(r"\d{4}", h):
            out.append(f"{h}-01-01")
        elif m := re.fullmatch(r"([12])\. halvår (\d{4})", h):
            out.append(f"{m.group(2)}-{'01' if m.group(1) == '1' else '07'}-01")
        else:
            out.append(None)
    return out


def check_html_cell(scan: Scan, ref: Reference, key: Key, text: str, *, decimals: int) -> None:
    """One printed table cell that is exactly one cell of the run."""
    cell = ref.cells.get(key)
    number = danish_number(text)
    if cell is None:
        if number is not None:
            scan.leak(key, f"prints {text!r} for a cell the run does not have")
        return
    if cell.small:
        scan.small_seen.add(key)
    if cell.status:
        scan.hidden_seen.add(key)
        if text != SYMBOL:
            note = _small_note(cell) if number is not None else ""
            scan.leak(key, f"suppressed ({cell.status}) but printed {text!r}, not the marker{note}")
        return
    if number is None:
        if text == SYMBOL:
            scan.leak(key, "printed as suppressed though the gate shows it")
        return
    scan.shown += 1
    if cell.small:
        scan.leak(key, f"prints {text!r} though it rests on fewer than {THRESHOLD} persons")
    if cell.value is None or abs(number - cell.value) > 0.5 * 10 ** -decimals + 1e-9:
        scan.leak(key, f"prints {text!r}, the true value is {cell.value}")


def scan_results_report(where: str, ref: Reference, text: str, code: str, rar: str,
                        captions: dict[str, str], benefit_labels: dict[str, str], year: int) -> Scan:
    """The tables of a results report's HTML. ``captions``: table caption → the typed table's key
    (``development:<indicator>``, ``comparison:<indicator>``, ``benefits``)."""
    scan = Scan(where)
    tables = html_tables(text)
    found = {captions[t.caption] for t in tables if t.caption in captions}
    missing = sorted(set(captions.values()) - found)
    if missing:
        scan.leaks.append(f"{where}: tables not found in the HTML: {missing}")
    for t in tables:
        key = captions.get(t.caption)
        if key is None:
            continue
        kind, _, ind_id = key.partition(":")
        if kind == "development":
            periods = column_periods(t.head)
            for row_class, cells in t.rows:
                for period, cell_text in zip(periods, cells[1:], strict=True):
                    if period is None:
                        continue
                    area = _row_area(row_class, ind_id, code, rar, ref)
                    if area is None:
                        continue
                    p = year_before(period) if "last-year" in row_class else period
                    check_html_cell(scan, ref, (ind_id, area, p, "", ""), cell_text, decimals=_decimals(ind_id))
        elif kind == "comparison":
            latest = [i for i, h in enumerate(t.head) if h.startswith("Seneste")]
            ytd = [i for i, h in enumerate(t.head) if h.startswith("År til dato")]
            cols: list[tuple[int, str]] = []
            if latest:
                cols.append((latest[0], _period_label(t.head[latest[0]].split(": ", 1)[1])))
            if ytd and (p := _period_label(t.head[ytd[0]].split(": ", 1)[1])):
                cols.append((ytd[0], p))  # a year of one period (annual indicators): one cell
            for row_class, cells in t.rows:
                area = _row_area(row_class, ind_id, code, rar, ref)
                if area is None:
                    continue
                for i, period in cols:
                    if period and i < len(cells):
                        text_i = cells[i].split(" (")[0]  # drop an interval
                        check_html_cell(scan, ref, (ind_id, area, period, "", ""), text_i,
                                        decimals=_decimals(ind_id))
        elif kind == "benefits":
            _scan_benefits(scan, ref, t, code, benefit_labels, year)
    return scan


def _decimals(ind_id: str) -> int:
    return 1


def _row_area(row_class: str, ind_id: str, code: str, rar: str, ref: Reference) -> str | None:
    """The area of a printed row: the country, or the report's own area (the municipality, or its RAR
    area for indicators published per RAR area only); None for derived rows (cluster, expected level)."""
    classes = row_class.split()
    if "country" in classes:
        return COUNTRY
    if "own" in classes or "last-year" in classes:
        return code if (ind_id, code) in ref.indicator_areas else rar
    return None


_MONTH_NAMES = ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
                "november", "december")


def _period_label(label: str) -> str | None:
    """One period printed in Danish ("december 2021", "2. halvår 2021", "2021"); None for a span."""
    label = label.strip()
    if re.fullmatch(r"\d{4}", label):
        return f"{label}-01-01"
    if m := re.fullmatch(r"([12])\. halvår (\d{4})", label):
        return f"{m.group(2)}-{'01' if m.group(1) == '1' else '07'}-01"
    parts = label.split()
    if len(parts) == 2 and parts[0] in _MONTH_NAMES and parts[1].isdigit():
        return f"{parts[1]}-{_MONTH_NAMES.index(parts[0]) + 1:02d}-01"
    return None


def _scan_benefits(scan: Scan, ref: Reference, t: HtmlTable, code: str, labels: dict[str, str], year: int) -> None:
    """The benefit-group table: averages over the year's months; a group with any suppressed month must
    be the marker, in its year's column and in the change columns."""
    ind = "public_support_fulltime_share"
    for _, cells in t.rows:
        label = cells[0]
        if label not in labels:
            continue
        group = labels[label]
        bd = ("benefit_group", group) if group else ("", "")
        hidden = {}
        for col, y in ((1, year), (2, year - 1)):
            keys = [(ind, code, f"{y}-{m:02d}-01", *bd) for m in range(1, 13)]
            keys = [k for k in keys if k in ref.cells]
            hidden[col] = [k for k in keys if ref.cells[k].status]
            for k in hidden[col]:
                scan.hidden_seen.add(k)
            if hidden[col] and cells[col] != SYMBOL:
                scan.leak(keys[0], f"benefit group {label!r} {y}: {len(hidden[col])} suppressed month(s) but "
                                   f"printed {cells[col]!r}")
            if not hidden[col] and danish_number(cells[col]) is not None:
                scan.shown += 1
                shown = [ref.cells[k] for k in keys]
                mean = sum(c.numerator or 0.0 for c in shown) / len(shown)
                if abs(mean - (danish_number(cells[col]) or 0.0)) > 0.05 + 1e-9:
                    scan.leak(keys[0], f"benefit group {label!r} {y}: printed {cells[col]!r}, the mean is {mean}")
        if (hidden[1] or hidden[2]) and any(danish_number(c) is not None for c in cells[3:5]):
            scan.leak((ind, code, str(year), *bd), f"benefit group {label!r}: a change {cells[3:5]} rests on a "
                                                   "suppressed month")


def scan_plan_report(where: str, ref: Reference, text: str, code: str, rar: str, titles: dict[str, str],
                     year: int) -> Scan:
    """The plan's baseline table: a baseline (and the country's) that is one period — an annual indicator
    — is one cell of the year before the plan."""
    scan = Scan(where)
    for t in html_tables(text):
        if "Udgangspunkt" not in t.head:
            continue
        i_base, i_country, i_period = t.head.index("Udgangspunkt"), t.head.index("Hele landet"), t.head.index("Periode")
        for _, cells in t.rows:
            ind_id = titles.get(cells[0])
            if ind_id is None:
                continue
            period = _period_label(cells[i_period])
            if period is None:
                continue
            area = _row_area("own", ind_id, code, rar, ref) or code
            check_html_cell(scan, ref, (ind_id, area, period, "", ""), cells[i_base], decimals=1)
            check_html_cell(scan, ref, (ind_id, COUNTRY, period, "", ""), cells[i_country], decimals=1)
    return scan


def iter_pages(first: dict[str, Any], fetch: Any) -> Iterator[dict[str, Any]]:
    """The items of a paginated API answer, following ``next``."""
    page = first
    while True:
        yield from page["items"]
        if not page["next"]:
            return
        offset = page["offset"]
        page = fetch(page["next"])
        assert page["offset"] > offset, "the next page does not move on"


# -- framework conditions derived from the register data (``--data``) ------------------------------------
# share → (numerator, denominator, group); shares of one group share their denominator, and the group's
# rest (denominator − their numerators) follows from them.
CONDITION_SHARES: dict[str, tuple[str, str, str]] = {
    "unskilled_share": ("unskilled", "known_education", "education"),
    "refugee_share": ("refugees", "residents", "origin"),
    "other_nonnative_share": ("other_immigrants", "residents", "origin"),
    "age_16_29_share": ("aged_16_29", "residents", "age"),
    "age_50_66_share": ("aged_50_66", "residents", "age"),
}
CONDITION_LABELS_DA = {
    "Ufaglærte i pct. af de 16-66-årige": "unskilled_share",
    "Flygtninge og familiesammenførte i pct. af de 16-66-årige": "refugee_share",
    "Øvrige indvandrere i pct. af de 16-66-årige": "other_nonnative_share",
    "16-29-årige i pct. af de 16-66-årige": "age_16_29_share",
    "50-66-årige i pct. af de 16-66-årige": "age_50_66_share",
}


def _completed_years(born: pd.Series, on: dt.date) -> pd.Series:
    before_birthday = [(b.month, b.day) > (on.month, on.day) for b in born]
    return on.year - pd.Series([b.year for b in born], index=born.index) - pd.Series(before_birthday,
                                                                                       index=born.index).astype(int)


class ConditionsReference:
    """The persons behind each framework condition, read plainly from the register Parquet files with
    pandas (not with the DuckDB query the code uses): residents on 1 January of ``year`` aged 16–66."""

    def __init__(self, data_dir: Any, year: int) -> None:
        day = dt.date(year, 1, 1)
        persons = pd.read_parquet(f"{data_dir}/persons")
        res = pd.read_parquet(f"{data_dir}/residence")
        until = res["valid_to"].fillna(dt.date.max)  # an open period: still living there
        on_day = res[(res["valid_from"] <= day) & (until > day)]
        people = on_day[["person_key", "municipality_code"]].merge(persons, on="person_key")
        people = people[_completed_years(people["birth_date"], day).between(16, 66).to_numpy()]
        age = _completed_years(people["birth_date"], day)
        basis = people["residence_basis"]
        flags = pd.DataFrame({
            "municipality_code": people["municipality_code"].astype(str),
            "residents": 1,
            "known_education": people["education"].notna().astype(int),
            "unskilled": (people["education"] == "unskilled").astype(int),
            "refugees": basis.isin(["refugee", "family_reunified_refugee"]).astype(int),
            "other_immigrants": (basis == "other_immigrant").astype(int),
            "aged_16_29": age.between(16, 29).astype(int).to_numpy(),
            "aged_50_66": age.between(50, 66).astype(int).to_numpy(),
        })
        self.counts = flags.groupby("municipality_code").sum()

    def count(self, code: str, column: str) -> float:
        return float(self.counts.loc[code, column]) if code in self.counts.index else 0.0

    def true_value(self, code: str, key: str) -> float | None:
        num, den, _ = CONDITION_SHARES[key]
        d = self.count(code, den)
        return 100.0 * self.count(code, num) / d if d > 0 else None

    def small(self, code: str, key: str) -> bool:
        """Numerator, denominator or the rest (100 % − x) between 1 and the threshold − 1."""
        num, den, _ = CONDITION_SHARES[key]
        n, d = self.count(code, num), self.count(code, den)
        return any(0 < c < THRESHOLD for c in (n, d, d - n))

    def group_rest_small(self, code: str, group: str) -> bool:
        keys = [k for k, (_, _, g) in CONDITION_SHARES.items() if g == group]
        if len(keys) < 2:
            return False
        d = self.count(code, CONDITION_SHARES[keys[0]][1])
        rest = d - sum(self.count(code, CONDITION_SHARES[k][0]) for k in keys)
        return 0 < rest < THRESHOLD


def _condition_key(key: str, code: str, year: int) -> Key:
    return (f"condition:{key}", code, f"{year}-01-01", "", "")


def check_conditions(scan: Scan, ref: ConditionsReference, code: str, year: int, values: dict[str, float | None],
                     markers: dict[str, bool]) -> None:
    """One municipality's conditions as an output shows them (``values``: None where not shown;
    ``markers``: shown as hidden by disclosure control)."""
    for key, value in values.items():
        k = _condition_key(key, code, year)
        small = ref.small(code, key)
        if small:
            scan.small_seen.add(k)
        if value is None:
            if ref.true_value(code, key) is not None:
                scan.hidden_seen.add(k)
                if not markers.get(key):
                    scan.leak(k, "a hidden condition without the marker")
            continue
        scan.shown += 1
        if small:
            scan.leak(k, f"shows {value} though it rests on fewer than {THRESHOLD} persons")
        true = ref.true_value(code, key)
        if true is None or abs(value - true) > 0.05 + 1e-9:  # reports print one decimal
            scan.leak(k, f"{value} differs from the true {true}")
    for group in {g for _, _, g in CONDITION_SHARES.values()}:
        keys = [key for key, (_, _, g) in CONDITION_SHARES.items() if g == group and key in values]
        if keys and ref.group_rest_small(code, group) and all(values[key] is not None for key in keys):
            scan.leak(_condition_key(group, code, year),
                      f"the rest of {keys} rests on fewer than {THRESHOLD} persons and follows from the shown shares")


def check_condition_averages(scan: Scan, code: str, year: int, averages: dict[str, float | None],
                             published: dict[str, list[float]]) -> None:
    """The country average must be the mean of the municipalities' published values only."""
    for key, got in averages.items():
        shown = published.get(key, [])
        want = sum(shown) / len(shown) if shown else None
        if (got is None) != (want is None) or (got is not None and want is not None and abs(got - want) > 0.05 + 1e-9):
            scan.leak(_condition_key(key, code, year), f"country average {got}; the mean of the published is {want}")


def scan_followup_conditions(where: str, ref: ConditionsReference, municipality: dict[str, Any], year: int,
                             published: dict[str, list[float]] | None = None) -> Scan:
    """The ``conditions`` of one municipality's follow-up JSON."""
    scan = Scan(where)
    conds = [c for c in municipality["conditions"] if c["key"] in CONDITION_SHARES]
    values = {c["key"]: _num(c["value"]) for c in conds}
    markers = {c["key"]: bool(c.get("suppressed")) and bool(c.get("explanation")) for c in conds}
    check_conditions(scan, ref, municipality["code"], year, values, markers)
    if published is not None:
        check_condition_averages(scan, municipality["code"], year,
                                 {c["key"]: _num(c["country_average"]) for c in conds}, published)
    return scan


def scan_conditions_table(where: str, ref: ConditionsReference, text: str, code: str, year: int,
                          published: dict[str, list[float]] | None = None) -> Scan:
    """The *Rammevilkår* table of a report's HTML (the municipality's column, then the country's)."""
    scan = Scan(where)
    table = next((t for t in html_tables(text) if t.caption == "Rammevilkår"), None)
    if table is None:
        scan.leaks.append(f"{where}: no Rammevilkår table")
        return scan
    rows = {CONDITION_LABELS_DA[cells[0]]: cells for _, cells in table.rows if cells[0] in CONDITION_LABELS_DA}
    check_conditions(scan, ref, code, year, {k: danish_number(c[1]) for k, c in rows.items()},
                     {k: c[1] == SYMBOL for k, c in rows.items()})
    if published is not None:
        check_condition_averages(scan, code, year, {k: danish_number(c[2]) for k, c in rows.items()}, published)
    return scan
