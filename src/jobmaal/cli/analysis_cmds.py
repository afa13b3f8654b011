"""``jobmaal followup`` (the follow-up of a municipality or an indicator) and ``jobmaal conditions``."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from jobmaal.analysis.labels import Status
from jobmaal.analysis.objects import to_jsonable
from jobmaal.analysis.rows import ROW_COLUMNS, indicator_rows, municipality_rows
from jobmaal.reference import municipalities

_FORMATS = ("table", "json", "csv")

_HEAD = {
    "da": ("Indikator", "Periode", "Seneste", "År til dato", "Ændring", "Landet", "Klynge", "Forventet",
           "Forskel", "Rang", "Mål", "Status"),
    "en": ("Indicator", "Period", "Latest", "Year to date", "Change", "Country", "Cluster", "Expected",
           "Difference", "Rank", "Target", "Status"),
}


def _num(x: float | None, lang: str, signed: bool = False) -> str:
    if x is None:
        return "–"
    text = f"{x:+.1f}" if signed else f"{x:.1f}"
    return text.replace(".", ",") if lang == "da" else text


def _status_text(r: dict[str, Any], lang: str) -> str:
    return Status(r["status"]).label.get(lang)


def _table_row(r: dict[str, Any], first: str, lang: str) -> list[str]:
    rank = f"{r['rank']}/{r['ranked']}" if r["rank"] is not None else "–"
    target = _num(r["target"], lang) if r["target"] is not None else "–"
    return [first, r["latest_period_label"] or "–", _num(r["latest_value"], lang),
            _num(r["year_value"], lang), _num(r["year_change"], lang, signed=True), _num(r["country"], lang),
            _num(r["cluster_value"], lang), _num(r["expected"], lang),
            _num(r["difference"], lang, signed=True), rank, target, _status_text(r, lang)]


def _new_table(title: str, lang: str, first: str | None = None) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    heads = list(_HEAD[lang])
    if first:
        heads[0] = first
    for i, h in enumerate(heads):
        table.add_column(h, justify="left" if i in (0, 1, 11) else "right")
    return table


def _write_csv(rows: list[dict[str, Any]]) -> None:
    writer = csv.DictWriter(sys.stdout, fieldnames=list(ROW_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: ("" if v is None else v) for k, v in r.items()})


def followup_cmd(
    results: Path = typer.Option(..., "--results", help="The DuckDB results file from 'jobmaal compute'."),
    year: int = typer.Option(..., "--year", help="The goal year, e.g. 2021."),
    municipality: str | None = typer.Option(None, "--municipality", help="Code or name, e.g. 101."),
    indicator: str | None = typer.Option(None, "--indicator", help="One indicator for all 98 municipalities."),
    targets: Path | None = typer.Option(None, "--targets", help="A targets file (CSV or YAML)."),
    conditions: Path | None = typer.Option(None, "--conditions", help="A framework-conditions file."),
    data: Path | None = typer.Option(None, "--data", help="Register data directory (framework conditions)."),
    clusters: Path | None = typer.Option(None, "--clusters", help="A cluster file overriding the clusters."),
    run: str | None = typer.Option(None, "--run", help="A run id (default: the latest run)."),
    fmt: str = typer.Option("table", "--format", help="table, json or csv."),
    lang: str = typer.Option("da", "--lang", help="da (Danish, default) or en (English)."),
) -> None:
    """Opfølgning / follow-up of a year: one municipality per goal and indicator, or one indicator for all 98."""
    from jobmaal.analysis import followup

    if fmt not in _FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(_FORMATS)}")
    if lang not in ("da", "en"):
        raise typer.BadParameter("--lang must be da or en")
    if (municipality is None) == (indicator is None):
        raise typer.BadParameter("give exactly one of --municipality and --indicator")
    from jobmaal.analysis import read_run_info, results_from_frame
    from jobmaal.publication import published

    # The follow-up shown is an output: its figures come through the disclosure gate.
    run_info = read_run_info(results, run)
    disclosed = published(results, run_info.run_id).filter(breakdowns=False)
    source = results_from_frame(disclosed.frame, run_info)
    result = followup(source, year, municipality, targets, indicators=[indicator] if indicator else None,
                      conditions=conditions, data_dir=data, clusters=clusters,
                      with_series=fmt == "json", policy=disclosed.policy)
    console = Console(highlight=False, width=200)
    synthetic = (" — syntetiske data" if lang == "da" else " — synthetic data") if result.synthetic else ""
    if municipality is not None:
        m = result.municipalities[0]
        rows = municipality_rows(m)
        if fmt == "json":
            typer.echo(json.dumps({"year": year, "run_id": result.run_id, "synthetic": result.synthetic,
                                   "municipality": to_jsonable(m)}, ensure_ascii=False, indent=1))
        elif fmt == "csv":
            _write_csv(rows)
        else:
            _print_municipality(console, result, m, rows, lang, synthetic)
        return
    assert indicator is not None
    rows = indicator_rows(result, indicator)
    if fmt == "json":
        data_out = [{"municipality_code": m.code, "municipality": m.name, "cluster": m.cluster,
                     "followup": to_jsonable(ind)} for m, ind in result.indicator_rows(indicator)]
        typer.echo(json.dumps({"year": year, "run_id": result.run_id, "synthetic": result.synthetic,
                               "indicator_id": indicator, "municipalities": data_out},
                              ensure_ascii=False, indent=1))
    elif fmt == "csv":
        _write_csv(rows)
    else:
        from jobmaal.catalog import default_catalog

        title = default_catalog().indicator(indicator).title.get(lang)
        table = _new_table(f"{title} {year}{synthetic}", lang, "Kommune" if lang == "da" else "Municipality")
        for r in rows:
            table.add_row(*_table_row(r, f"{r['municipality_code']} {r['municipality']}", lang))
        console.print(table)


def _print_municipality(console: Console, result: Any, m: Any, rows: list[dict[str, Any]], lang: str,
                        synthetic: str) -> None:
    head = "Opfølgning" if lang == "da" else "Follow-up"
    console.print(f"[bold]{head} {result.year}: {m.code} {m.name}[/bold]{synthetic}")
    cluster_word = "Klynge" if lang == "da" else "Cluster"
    names = {x.code: x.name for x in municipalities()}
    console.print(f"{cluster_word} {m.cluster}: {', '.join(names[c] for c in m.cluster_members)}")
    by_id = {r["indicator_id"]: r for r in rows}
    for g in m.goals:
        table = _new_table(f"{g.number}. {g.title.get(lang)}", lang)
        for ind in g.indicators:
            table.add_row(*_table_row(by_id[ind.indicator_id], ind.title.get(lang), lang))
        if not g.indicators:
            note = g.no_official_indicator.get(lang) if g.no_official_indicator else ""
            console.print(f"\n[bold]{g.number}. {g.title.get(lang)}[/bold]\n   {note}")
            continue
        console.print(table)
    if m.context:
        table = _new_table("Kontekst" if lang == "da" else "Context", lang)
        for ind in m.context:
            table.add_row(*_table_row(by_id[ind.indicator_id], ind.title.get(lang), lang))
        console.print(table)


def conditions_cmd(
    year: list[int] = typer.Option(..., "--year", help="Year(s) to compute; repeat for more."),
    data: Path | None = typer.Option(None, "--data", help="Register data directory."),
    results: Path | None = typer.Option(None, "--results", help="Results file (for the RAR variable)."),
    out: Path | None = typer.Option(None, "--out", help="Write the conditions here (.csv or .parquet)."),
    clusters_out: Path | None = typer.Option(None, "--clusters-out", help="Write the clusters here (CSV)."),
) -> None:
    """Rammevilkår / framework conditions per municipality and year, and the clusters they give.

    Andele, der bygger på færre end 5 personer, udelades (diskretionering).

    Shares resting on fewer than 5 persons are left empty (disclosure control).
    """
    from jobmaal.analysis import derive
    from jobmaal.analysis.clusters import compute_clusters
    from jobmaal.analysis.conditions import conditions_for_year, write_conditions
    from jobmaal.analysis.results import read_results

    if data is None and results is None:
        raise typer.BadParameter("give --data (register data) and/or --results")
    values = read_results(results).values if results is not None else None
    if data is not None:
        frame = derive.conditions_from_registers(data, year, values)
    else:
        assert values is not None
        frame = derive.conditions_from_results(values, year)
    if out is not None:
        write_conditions(frame, out)
    else:
        frame.to_csv(sys.stdout, index=False, float_format="%.4f")
    if clusters_out is not None:
        cond = conditions_for_year(frame, max(year)).reindex([m.code for m in municipalities()])
        labels = compute_clusters(cond)
        names = {m.code: m.name for m in municipalities()}
        with clusters_out.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["municipality_code", "cluster", "name"])
            for code, label in labels.items():
                w.writerow([code, label, names[code]])


def register(app: typer.Typer) -> None:
    app.command("followup")(followup_cmd)
    app.command("conditions")(conditions_cmd)
