"""``jobmaal report``: the results report or the employment plan of one municipality, or of all 98."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jobmaal.errors import ReportError

if TYPE_CHECKING:
    from jobmaal.plans import PlanStore
    from jobmaal.reports.helper import ChartHelper
    from jobmaal.reports.sources import FollowupOptions, PlanSource, RunSource

_KIND_HELP = "results (resultatrevision) or plan (beskæftigelsesplan)."


def _store(db: str | None) -> PlanStore | None:
    """The plan store: --db or $JOBMAAL_DB_URL; the default file only if it exists (else no plans)."""
    from jobmaal.plans import PlanStore
    from jobmaal.plans.database import DEFAULT_DB_FILE, ENV_VAR, resolve_url

    if db is None and not os.environ.get(ENV_VAR) and not Path(DEFAULT_DB_FILE).exists():
        return None
    store = PlanStore(resolve_url(db))
    try:
        store.check_schema()
    except Exception:
        store.close()
        raise
    return store


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
    # Light modules only until the helper has started (below); the data modules are imported after it.
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
    helper = pdf_helper = None
    draws = kind == "results" and charts and fmt_ != "xlsx"
    if not all_ and (draws or fmt_ == "pdf"):
        from jobmaal.reports.helper import ChartHelper

        # Helper processes start the chart engine and WeasyPrint while this one imports its modules, reads
        # the run and computes the follow-up; then one draws the charts while the other lays out the PDF.
        helper = ChartHelper(charts=True, nice=True) if draws else None
        pdf_helper = ChartHelper(pdf=True, charts=False, nice=True) if fmt_ == "pdf" else None
    store = None
    try:
        from jobmaal.reports.sources import FollowupOptions, load_plans, load_run

        options = FollowupOptions(conditions=conditions, data_dir=data, clusters=clusters)
        # Both reports read the run up to their year (a plan's baselines are the year before it).
        source = load_run(results, run, up_to_year=year)
        store = _store(db)
        if all_:
            _all(kind, year, out, fmt_, lang, source, store, options, workers, charts, quiet, started)
            return
        assert municipality is not None
        plans = load_plans(store, year, municipality=municipality)
        text = _read_text(own_text) if own_text is not None else None
        _one(kind, year, municipality, out, fmt_, lang, source, plans, options, charts, text, helper, pdf_helper)
    finally:
        for started_helper in (helper, pdf_helper):
            if started_helper is not None:
                started_helper.close()
        if store is not None:
            store.close()
    if not quiet:
        typer.echo(f"{out} ({time.perf_counter() - started:.1f} s)", err=True)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError(f"{path}: cannot read the assessment text ({exc})") from exc


def _one(kind: str, year: int, municipality: str, out: Path, fmt: str, lang: str, source: RunSource,
         plans: PlanSource, options: FollowupOptions, charts: bool, own_text: str | None,
         helper: ChartHelper | None = None, pdf_helper: ChartHelper | None = None) -> None:
    from jobmaal.reports.make import plan_report, results_report, write_report

    if kind == "results":
        report = results_report(source, year, municipality, plans=plans, lang=lang, options=options, charts=charts,
                                own_text=own_text, chart_helper=helper)
    else:
        report = plan_report(source, year, municipality, plans=plans, lang=lang, options=options)
    write_report(report, out, fmt, pdf_helper)


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


def register(app: typer.Typer) -> None:
    app.command("report")(report_cmd)
