"""``jobmaal compute`` and ``jobmaal export``."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from jobmaal.errors import JobmaalError


def _month(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        parsed = dt.date.fromisoformat(text + "-01" if len(text) == 7 else text)
    except ValueError as exc:
        raise JobmaalError(f"{option} {text!r}: expected a month as YYYY-MM") from exc
    return parsed.replace(day=1)


def compute_cmd(
    data: str = typer.Option(
        ..., "--data", help="Register data directory (canonical model); on Spark also a URL, e.g. s3://bucket/registers."
    ),
    results: Path = typer.Option(..., "--results", help="Results file (DuckDB); created if missing."),
    period_from: str | None = typer.Option(None, "--from", help="First month to compute, YYYY-MM."),
    period_to: str | None = typer.Option(None, "--to", help="Last month to compute, YYYY-MM."),
    indicator: list[str] = typer.Option(None, "--indicator", help="Only these indicators (repeatable)."),
    memory_limit: str | None = typer.Option(
        None, "--memory-limit", help='DuckDB memory limit, e.g. "4GB" (default 2GB; spills to disk beyond it).'
    ),
    threads: int | None = typer.Option(None, "--threads", help="DuckDB threads (default: all cores)."),
    backend: str | None = typer.Option(None, "--backend", help="duckdb (default) or pyspark (see docs/spark.md)."),
    backend_url: str | None = typer.Option(
        None, "--backend-url", help="Spark Connect (sc://host:15002) or any Ibis backend URL (trino://…)."
    ),
    spark_master: str | None = typer.Option(
        None, "--spark-master", help="Spark master: local[4], spark://host:7077, yarn."
    ),
    spark_conf: list[str] = typer.Option(None, "--spark-conf", help="Spark setting KEY=VALUE (repeatable)."),
) -> None:
    """Compute every indicator for every area and month into the results file (a new run)."""
    from jobmaal.engine.backend import BackendSettings
    from jobmaal.engine.backends.target import parse_target
    from jobmaal.engine.runner import ComputeRequest, compute

    duckdb_only = [name for name, v in (("--memory-limit", memory_limit), ("--threads", threads)) if v]
    target = parse_target(backend, backend_url, spark_master, spark_conf or [], duckdb_only)
    request = ComputeRequest(
        data_dir=Path(data),
        results=results,
        period_from=_month(period_from, "--from"),
        period_to=_month(period_to, "--to"),
        indicators=indicator or None,
        settings=BackendSettings(**{k: v for k, v in (("memory_limit", memory_limit), ("threads", threads)) if v}),
    )
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
                  TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task("Beregner / computing", total=None)

        def report(ind_id: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=f"Beregner / computing {ind_id}")

        if target is None:
            run = compute(request, progress=report)
        else:
            from jobmaal.engine.backends.run import compute_on

            run = compute_on(request, target, data, progress=report)
    label = " (syntetiske data / synthetic data)" if run.synthetic else ""
    console.print(f"Run {run.run_id}: {run.period_from} – {run.period_to} → {results}{label}")


class ExportFormat(StrEnum):
    CSV = "csv"
    CSV_DA = "csv-da"  # semicolon, decimal comma, UTF-8 with BOM: opens in Danish Excel
    XLSX = "xlsx"
    JSONSTAT = "jsonstat"


def export_cmd(
    results: Path = typer.Option(..., "--results", help="Results file (DuckDB)."),
    out: Path = typer.Option(..., "--out", help="Output file."),
    fmt: ExportFormat = typer.Option(ExportFormat.CSV, "--format", help="Output format."),
    indicator: list[str] = typer.Option(None, "--indicator", help="Only these indicators (repeatable)."),
    area: list[str] = typer.Option(None, "--area", help="Only these area codes (repeatable)."),
    breakdowns: bool = typer.Option(False, "--breakdowns", help="Add breakdown rows and columns."),
    run_id: str | None = typer.Option(None, "--run", help="A named run (default: the latest)."),
    no_disclosure: bool = typer.Option(
        False, "--no-disclosure", help="Secure zone only: skip disclosure control (logged)."
    ),
    lang: str = typer.Option("da", "--lang", help="Language of XLSX/JSON-stat labels: da or en."),
) -> None:
    """Export indicator values (through disclosure control) as CSV, CSV for Danish Excel, XLSX or JSON-stat 2.0."""
    from jobmaal.exports.csv_export import write_csv
    from jobmaal.exports.gate import export_values

    if lang not in ("da", "en"):
        raise JobmaalError(f"--lang {lang!r}: use da or en")
    frame, extra = export_values(results, run_id=run_id, indicators=indicator, areas=area, breakdowns=breakdowns,
                                 no_disclosure=no_disclosure, command="export", out=out)
    if fmt is ExportFormat.XLSX:
        from jobmaal.exports.xlsx_export import write_xlsx

        n = write_xlsx(frame, out, with_breakdowns=breakdowns, lang=lang)
    elif fmt is ExportFormat.JSONSTAT:
        from jobmaal.exports.jsonstat_export import write_jsonstat

        n = write_jsonstat(frame, out, lang=lang)
    else:
        n = write_csv(frame, out, with_breakdowns=breakdowns, extra=extra,
                      dialect="excel-da" if fmt is ExportFormat.CSV_DA else "plain")
    Console(stderr=True).print(f"{n} rækker / rows → {out}")


def register(app: typer.Typer) -> None:
    app.command("compute")(compute_cmd)
    app.command("export")(export_cmd)
