"""The report's tables as an XLSX workbook (openpyxl): typed number cells, the marker where suppressed.

One sheet for the front matter and the summary, one per kind of table, one for the assessment texts and
one for the definitions. A suppressed figure is the text ``[d]`` with its explanation listed under the
table; a missing figure is ``–``; every shown figure is a number cell (Excel shows the decimal comma).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from jobmaal.disclosure import SYMBOL
from jobmaal.reports.html import notes_of
from jobmaal.reports.model import Definition, Meta, PlanReport, Report, ResultsReport, Shown, Table
from jobmaal.reports.output_file import atomic_write
from jobmaal.reports.texts import t

_FORMATS = {"percent": "0.0", "percent_change": "+0.0;-0.0;0.0", "persons": "#,##0.0",
            "full_time_persons": "#,##0", "number": "0.0"}
_BOLD = Font(bold=True)
_HEAD = Font(bold=True, color="FFFFFF")
_HEAD_FILL = PatternFill("solid", fgColor="10305A")
_CAPTION = Font(bold=True, size=12, color="10305A")
_RED = Font(bold=True, color="B00020")


def _sheet_name(text: str) -> str:
    for ch in "[]:*?/\\":
        text = text.replace(ch, " ")
    return text[:31]


def _cell_value(c: Shown) -> object:
    return c.value if c.value is not None and not c.suppressed else c.text


def _write_table(ws: Worksheet, row: int, table: Table) -> int:
    """Write ``table`` from ``row``; returns the next free row (one blank row after)."""
    ws.cell(row, 1, table.caption).font = _CAPTION
    row += 1
    for j, h in enumerate(table.head, start=1):
        cell = ws.cell(row, j, h)
        cell.font, cell.fill = _HEAD, _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    row += 1
    for r in table.rows:
        label = ws.cell(row, 1, r.label)
        if r.kind in ("own", "goal", "total"):
            label.font = _BOLD
        for j, c in enumerate(r.cells, start=2):
            value = _cell_value(c)
            cell = ws.cell(row, j, value)
            if isinstance(value, float):
                unit = c.unit if c.unit in _FORMATS else "number"
                cell.number_format = "+0.0;-0.0;0.0" if c.text.startswith(("+", "\u2212")) else _FORMATS[unit]
            cell.alignment = Alignment(horizontal="right")
        row += 1
    for note in (*table.notes, *(f"{SYMBOL} {n}" for n in notes_of([table]))):
        ws.cell(row, 1, note).font = Font(italic=True, size=9)
        row += 1
    return row + 1


def _write_lines(ws: Worksheet, row: int, lines: Iterable[str], font: Font | None = None) -> int:
    for line in lines:
        cell = ws.cell(row, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if font is not None:
            cell.font = font
        row += 1
    return row


def _front(ws: Worksheet, meta: Meta, extra: Sequence[tuple[str, str]] = ()) -> int:
    lang = meta.lang
    ws.cell(1, 1, f"{meta.title} – {meta.municipality}").font = Font(bold=True, size=14, color="10305A")
    facts = [(t("municipality", lang), f"{meta.municipality} ({meta.municipality_code})"),
             (t("job_centre", lang), meta.job_centre), (t("region", lang), meta.region),
             (t("rar_area", lang), meta.rar_area), (t("data_month", lang), meta.data_month_label), *extra,
             (t("source", lang), meta.source_line), (t("run", lang), meta.run_id),
             (t("generated", lang), meta.generated_on)]
    row = 3
    for key, value in facts:
        ws.cell(row, 1, key).font = _BOLD
        ws.cell(row, 2, value)
        row += 1
    if meta.synthetic:
        ws.cell(row, 1, t("synthetic_banner", lang)).font = _RED
        row += 1
    return row + 1


def _definitions(ws: Worksheet, definitions: Sequence[Definition], lang: str) -> None:
    head = ("Id", t("indicator", lang), t("description", lang), t("unit", lang), t("direction", lang),
            t("periodicity", lang), t("source", lang), t("official_measure", lang))
    for j, h in enumerate(head, start=1):
        cell = ws.cell(1, j, h)
        cell.font, cell.fill = _HEAD, _HEAD_FILL
    for i, d in enumerate(definitions, start=2):
        for j, v in enumerate((d.indicator_id, d.title, d.description, d.unit, d.direction, d.periodicity, d.source,
                               d.official_measure), start=1):
            ws.cell(i, j, v).alignment = Alignment(wrap_text=True, vertical="top")
    for j, width in enumerate((30, 40, 80, 14, 16, 12, 16, 40), start=1):
        ws.column_dimensions[get_column_letter(j)].width = width


def _widths(ws: Worksheet, first: int = 48, rest: int = 16) -> None:
    ws.column_dimensions["A"].width = first
    for j in range(2, max(ws.max_column, 2) + 1):
        ws.column_dimensions[get_column_letter(j)].width = rest


def _tables_sheet(wb: Workbook, title: str, tables: Sequence[Table], rest: int = 16) -> None:
    if not tables:
        return
    ws = wb.create_sheet(_sheet_name(title))
    row = 1
    for table in tables:
        row = _write_table(ws, row, table)
    _widths(ws, rest=rest)


def _results(wb: Workbook, report: ResultsReport) -> None:
    lang = report.meta.lang
    ws = wb.active
    ws.title = _sheet_name(t("summary", lang))
    row = _front(ws, report.meta)
    row = _write_lines(ws, row, report.summary_sentences) + 1
    _write_table(ws, row, report.summary)
    _widths(ws, first=60)
    sections = report.sections()
    _tables_sheet(wb, t("comparison", lang), [s.comparison for s in sections], rest=26)
    _tables_sheet(wb, t("development", lang), [s.development for s in sections], rest=10)
    _tables_sheet(wb, t("sheet_benefits", lang), [report.benefits] if report.benefits else [])
    _tables_sheet(wb, t("local_indicators", lang),
                  [lc.values for g in report.goals for lc in g.local if lc.values is not None])
    ws = wb.create_sheet(_sheet_name(t("assessment", lang)))
    row = 1
    for grp in report.assessment:
        ws.cell(row, 1, grp.heading).font = _CAPTION
        row = _write_lines(ws, row + 1, grp.sentences) + 1
    ws.cell(row, 1, t("assessment_own", lang)).font = _CAPTION
    _write_lines(ws, row + 1, [report.own_assessment or t("assessment_own_missing", lang)])
    ws.column_dimensions["A"].width = 140
    _tables_sheet(wb, t("comparable", lang),
                  [report.appendix.conditions] if report.appendix.conditions else [], rest=20)
    _definitions(wb.create_sheet(t("sheet_definitions", lang)), report.appendix.definitions, lang)


def _plan(wb: Workbook, report: PlanReport) -> None:
    lang = report.meta.lang
    ws = wb.active
    ws.title = _sheet_name(report.meta.title)
    extra = [(t("plan_state", lang), report.state_line)]
    if report.version_line:
        extra.append(("Version", report.version_line))
    row = _front(ws, report.meta, extra)
    lines = [x for x in (report.letter_line, report.plan_note, t("demo", lang) if report.demo else "") if x]
    _write_lines(ws, row, lines)
    _widths(ws, first=30, rest=80)
    ws = wb.create_sheet("Mål og strategier" if lang == "da" else "Goals and strategies")
    head = ("#", t("goal", lang), t("explanation", lang), t("strategy", lang))
    for j, h in enumerate(head, start=1):
        cell = ws.cell(1, j, h)
        cell.font, cell.fill = _HEAD, _HEAD_FILL
    for i, g in enumerate(report.goals, start=2):
        for j, v in enumerate((g.number, g.title, g.explanation, g.strategy or t("strategy_missing", lang)), start=1):
            ws.cell(i, j, v).alignment = Alignment(wrap_text=True, vertical="top")
    for j, width in enumerate((5, 40, 80, 80), start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    _tables_sheet(wb, t("targets", lang), [g.targets for g in report.goals if g.targets is not None], rest=22)
    _tables_sheet(wb, t("local_indicators", lang),
                  [lc.values for g in report.goals for lc in g.local if lc.values is not None])
    _definitions(wb.create_sheet(t("sheet_definitions", lang)), report.appendix.definitions, lang)


def xlsx_bytes(report: Report) -> bytes:
    wb = Workbook()
    if isinstance(report, ResultsReport):
        _results(wb, report)
    else:
        _plan(wb, report)
    wb.properties.title = f"{report.meta.title} – {report.meta.municipality}"
    wb.properties.creator = "jobmaal"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(report: Report, out: Path) -> Path:
    return atomic_write(Path(out), xlsx_bytes(report))
