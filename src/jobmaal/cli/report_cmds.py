"""``jobmaal report``: the results report or the employment plan of one municipality, or of all 98; and
``jobmaal report-service``, the long-lived process that makes one municipality's report at once."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jobmaal.errors import ReportError

if TYPE_CHECKING:
    from jobmaal.plans import PlanStore
    from jobmaal.reports.one import OneReport
    from jobmaal.reports.sources import FollowupOptions, RunSource

_KIND_HELP = "results (resultatrevision) or plan (beskæftigelsesplan)."


def report_cmd(
    kind: str = typer.Option("results", "--kind", help=_KIND_HELP),
    results: Path = typer.Option(..., "--results", help="The DuckDB results file from 'jobmaal compute'."),
    year: int = typer.Option(..., "--year", help="The year of the report, e.g. 2021."),
    municipality: str | None = typer.Option(None, "--municipality", "-m", help="Code or name, e.g. 101."),
    all_: bool = typer.Option(False, "--all", help="All 98 municipalities into the folder --out, in parallel."),
    out: Path = typer.Option(..., "--out", help="The report file (or the folder, with --all)."),
    fmt: str | None = typer.Option(None, "--format", help="pdf, html or xlsx (default: from the --out suffix; "
                                                          "pdf with --all)."),
    lang: str = typer.Option("da", "--lang", help="da (Danish, default) or en (English)."),
    db: str | None = typer.Option(None, "--db", envvar="JOBMAAL_DB_URL", show_envvar=True,
                                  help="Plan database (targets, strategy texts, local indicators); default "
                                       "jobmaal-plans.sqlite here if it exists."),
    run: str | None = typer.Option(None, "--run", help="A run id (default: the latest run)."),
    data: Path | None = typer.Option(None, "--data", help="Register data directory (framework conditions)."),
    conditions: Path | None = typer.Option(None, "--conditions", help="A framework-conditions file."),
    clusters: Path | None = typer.Option(None, "--clusters", help="A cluster file overriding the clusters."),
    own_text: Path | None = typer.Option(None, "--own-text", help="A text file with the job centre's own "
                                                                  "assessment (results report)."),
    workers: int = typer.Option(0, "--workers", help="Processes for --all (0 = one per core, at most 2)."),
    charts: bool = typer.Option(True, "--charts/--no-charts", help="Draw the charts (default) or leave them out."),
    quiet: bool = typer.Option(False, "--quiet", help="No progress bar."),
) -> None:
    """Resultatrevision eller beskæftigelsesplan / results report or employment plan as PDF, HTML or XLSX."""
    # Light modules only: a report service may make the report (then nothing heavy is imported here), else
    # the helper processes start before this one imports the data modules (_one).
    from jobmaal.reference import municipality as find_municipality
    from jobmaal.reports.formats import check_kind, format_of
    from jobmaal.reports.texts import check_lang

    check_kind(kind)
    check_lang(lang)
    if all_ == (municipality is not None):
        raise typer.BadParameter("give exactly one of --municipality and --all")
    if own_text is not None and (all_ or kind != "results"):
        raise typer.BadParameter("--own-text is for the results report of one municipality")
    # Refuse a bad format or municipality before any work.
    fmt_ = "pdf" if all_ and fmt is None else format_of(out, fmt)
    if municipality is not None:
        find_municipality(municipality)
    started = time.perf_counter()
    if all_:
        _all_cmd(kind, results, year, out, fmt_, lang, db, run, data, conditions, clusters, workers, charts,
                 quiet, started)
        return
    assert municipality is not None
    from jobmaal.reports.one import OneReport, plan_db_choice

    def absolute(path: Path | None) -> str | None:
        return str(path.resolve()) if path is not None else None

    request = OneReport(kind=kind, results=str(results.resolve()), year=year, municipality=municipality,
                        fmt=fmt_, lang=lang, db=plan_db_choice(db, Path.cwd(), os.environ), run=run,
                        conditions=absolute(conditions), data=absolute(data), clusters=absolute(clusters),
                        own_text=_read_text(own_text) if own_text is not None else None, charts=charts)
    from jobmaal.reports.output_file import atomic_write
    from jobmaal.reports.service_client import make_report

    made = make_report(request.to_json())  # a running report service (jobmaal report-service) makes it at once
    by = ", rapporttjenesten / report service" if made is not None else ""
    if made is None:
        made = _one(request)
    atomic_write(out, made)
    if not quiet:
        typer.echo(f"{out} ({time.perf_counter() - started:.1f} s{by})", err=True)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"{path}: cannot read the assessment text ({exc})") from exc


def _one(request: OneReport) -> bytes:
    """The report made in this process, with helper processes for the charts and the PDF."""
    from jobmaal.reports.helper import ChartHelper

    draws = request.kind == "results" and request.charts and request.fmt != "xlsx"
    # Helper processes start the chart engine and WeasyPrint while this one imports its modules, reads
    # the run and its follow-up; then one draws the charts while the other lays out the PDF.
    helper = ChartHelper(charts=True, nice=True) if draws else None
    pdf_helper = ChartHelper(pdf=True, charts=False, nice=True) if request.fmt == "pdf" else None
    try:
        from jobmaal.reports.one import make_one

        return make_one(request, chart_helper=helper, pdf_helper=pdf_helper)
    finally:
        for started_helper in (helper, pdf_helper):
            if started_helper is not None:
                started_helper.close()


def _all_cmd(kind: str, results: Path, year: int, out: Path, fmt: str, lang: str, db: str | None,
             run: str | None, data: Path | None, conditions: Path | None, clusters: Path | None, workers: int,
             charts: bool, quiet: bool, started: float) -> None:
    from jobmaal.reports.one import open_store, plan_db_choice
    from jobmaal.reports.sources import FollowupOptions, load_run

    options = FollowupOptions(conditions=conditions, data_dir=data, clusters=clusters)
    source = load_run(results, run, up_to_year=year)
    store = open_store(plan_db_choice(db, Path.cwd(), os.environ))
    try:
        _all(kind, year, out, fmt, lang, source, store, options, workers, charts, quiet, started)
    finally:
        if store is not None:
            store.close()


def _all(kind: str, year: int, out: Path, fmt: str, lang: str, source: RunSource, store: PlanStore | None,
         options: FollowupOptions, workers: int, charts: bool, quiet: bool, started: float) -> None:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from jobmaal.reference import municipalities
    from jobmaal.reports.batch import jobs_for_all, run_jobs
    from jobmaal.reports.sources import load_plans

    if out.exists() and not out.is_dir():
        raise ReportError(f"{out}: with --all, --out must be a folder")
    out.mkdir(parents=True, exist_ok=True)
    plans = load_plans(store, year)
    jobs = jobs_for_all(kind, year, fmt, out, source, plans, lang=lang, options=options, charts=charts)
    if quiet:
        paths = run_jobs(jobs, workers or None)
    else:
        label = "Rapporter" if lang == "da" else "Reports"
        with Progress(TextColumn(f"{label} {{task.description}}"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=Console(stderr=True)) as bar:
            task = bar.add_task("", total=len(municipalities()))
            paths = run_jobs(jobs, workers or None,
                             progress=lambda code, path, s: bar.update(task, advance=1, description=code))
    if not quiet:
        what = "rapporter skrevet til" if lang == "da" else "reports written to"
        typer.echo(f"{len(paths)} {what} {out} ({time.perf_counter() - started:.1f} s)", err=True)


service_app = typer.Typer(
    name="report-service", no_args_is_help=True,
    help="Rapporttjeneste / report service: keeps the report engines warm, so that each 'jobmaal report "
         "-m …' takes about 1.5 s instead of 2.5 s.")


@service_app.command("start")
def service_start(idle_minutes: float = typer.Option(30.0, "--idle-minutes", min=0.1,
                                                    help="End after this long without a report.")) -> None:
    """Start the report service in the background (if it is not running)."""
    from jobmaal.reports.service_client import socket_path, start

    state = start(idle_minutes=idle_minutes)
    typer.echo(f"report service {state['pid']} at {socket_path()} (since {state['started']}, "
               f"{state['reports']} reports)")


@service_app.command("status")
def service_status() -> None:
    """Is the report service running? (exit status 1 if not)"""
    from jobmaal.reports.service_client import socket_path, status

    state = status()
    if state is None:
        typer.echo(f"no report service at {socket_path()}")
        raise typer.Exit(1)
    typer.echo(f"report service {state['pid']} at {socket_path()} (since {state['started']}, "
               f"{state['reports']} reports)")


@service_app.command("stop")
def service_stop() -> None:
    """Stop the report service."""
    from jobmaal.reports.service_client import socket_path, stop

    typer.echo(f"report service at {socket_path()} " + ("stopped" if stop() else "was not running"))


def register(app: typer.Typer) -> None:
    app.command("report")(report_cmd)
    app.add_typer(service_app)
