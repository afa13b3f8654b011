"""One municipality's report as bytes, from a request that names everything it reads.

Shared by ``jobmaal report`` (in its own process) and the report service (``reports/service.py``), so
that both make exactly the same file. Paths in a request are absolute: the service does not share the
command's working directory.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jobmaal.plans import PlanStore
    from jobmaal.reports.helper import ChartHelper

# As jobmaal.plans.database (a test keeps them equal): repeated here so that choosing the database does
# not import SQLAlchemy (a report sent to the service never needs it in the command).
DEFAULT_DB_FILE = "jobmaal-plans.sqlite"
DB_ENV_VAR = "JOBMAAL_DB_URL"


def plan_db_choice(db: str | None, cwd: Path, environ: dict[str, str] | os._Environ[str]) -> str | None:
    """The plan database a report reads: ``--db``, else ``$JOBMAAL_DB_URL``, else ``jobmaal-plans.sqlite``
    in ``cwd`` if it exists, else none (no plans). A file path comes back absolute, a URL as given."""
    chosen = db or environ.get(DB_ENV_VAR)
    if not chosen:
        default = cwd / DEFAULT_DB_FILE
        return str(default) if default.exists() else None
    if "://" in chosen:
        return chosen
    path = Path(chosen).expanduser()
    return str(path if path.is_absolute() else cwd / path)


@dataclass(frozen=True)
class OneReport:
    """What ``jobmaal report -m …`` makes: every input named, paths absolute."""

    kind: str
    results: str
    year: int
    municipality: str
    fmt: str
    lang: str = "da"
    db: str | None = None  # from plan_db_choice: None = no plans
    run: str | None = None
    conditions: str | None = None
    data: str | None = None
    clusters: str | None = None
    own_text: str | None = None  # the text itself
    charts: bool = True

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OneReport:
        return cls(**data)


def areas_of(municipality: str) -> tuple[str, str, str]:
    """The areas a municipality's reports show figures of: its own, its RAR area's and the country's."""
    from jobmaal.reference import COUNTRY_CODE
    from jobmaal.reference import municipality as find_municipality

    m = find_municipality(municipality)
    return m.code, m.rar_code, COUNTRY_CODE


def open_store(db: str | None) -> PlanStore | None:
    """The plan store of ``db`` (checked to be at the current schema), or None."""
    if db is None:
        return None
    from jobmaal.plans import PlanStore
    from jobmaal.plans.database import resolve_url

    return PlanStore.open_checked(resolve_url(db))


def make_one(request: OneReport, chart_helper: ChartHelper | None = None,
             pdf_helper: ChartHelper | None = None) -> bytes:
    """The report's file content. Charts are drawn in ``chart_helper`` if given, the PDF laid out in
    ``pdf_helper`` if it makes PDFs (else here)."""
    from jobmaal.reports.make import plan_report, render, results_report
    from jobmaal.reports.sources import FollowupOptions, load_plans, load_run

    def path(value: str | None) -> Path | None:
        return Path(value) if value is not None else None

    options = FollowupOptions(conditions=path(request.conditions), data_dir=path(request.data),
                              clusters=path(request.clusters))
    # Only the areas the report shows; its follow-up comes from the disk cache (else from the whole run).
    # Both reports read the run up to their year (a plan's baselines are the year before it).
    source = load_run(Path(request.results), request.run, up_to_year=request.year,
                      areas=areas_of(request.municipality))
    store = open_store(request.db)
    try:
        plans = load_plans(store, request.year, municipality=request.municipality)
    finally:
        if store is not None:
            store.close()
    if request.kind == "results":
        report = results_report(source, request.year, request.municipality, plans=plans, lang=request.lang,
                                options=options, charts=request.charts, own_text=request.own_text,
                                chart_helper=chart_helper)
    else:
        report = plan_report(source, request.year, request.municipality, plans=plans, lang=request.lang,
                             options=options)
    return render(report, request.fmt, pdf_helper)
