"""``jobmaal serve``: the web dashboard, the JSON API and the downloads."""

from __future__ import annotations

import time
from pathlib import Path

import typer
from rich.console import Console

from jobmaal.errors import JobmaalError


def serve_cmd(
    results: Path = typer.Option(..., "--results", help="Resultatfil / results file (DuckDB) from `jobmaal compute`."),
    db: str | None = typer.Option(None, "--db", help="Plan store URL or SQLite file (default: $JOBMAAL_DB_URL or "
                                  "jobmaal-plans.sqlite)."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    boundaries: Path | None = typer.Option(None, "--boundaries", help="GeoJSON with municipality boundaries "
                                           "(feature property with the 3-digit code: --boundary-code-property); "
                                           "without it the map is a tile grid."),
    boundary_code_property: str = typer.Option("lau_1", "--boundary-code-property"),
    conditions: Path | None = typer.Option(None, "--conditions", help="Framework conditions file for the follow-up."),
    data: Path | None = typer.Option(None, "--data", help="Register data (to derive the framework conditions)."),
    clusters: Path | None = typer.Option(None, "--clusters", help="Cluster file overriding the computed clusters."),
    secret_key_file: Path | None = typer.Option(None, "--secret-key-file", help="File whose content signs session "
                                                "cookies (default: a random key per start)."),
    https_cookies: bool = typer.Option(False, "--https-cookies", help="Mark cookies Secure (behind HTTPS)."),
    warm: bool = typer.Option(True, "--warm/--no-warm", help="Compute disclosure and follow-up before serving."),
) -> None:
    """Start the web application (Danish/English pages, /api/v1, /api/docs)."""
    if boundaries is not None and not boundaries.is_file():
        raise JobmaalError(f"--boundaries {boundaries}: file not found")
    key = None
    if secret_key_file is not None:
        if not secret_key_file.is_file():
            raise JobmaalError(f"--secret-key-file {secret_key_file}: file not found")
        key = secret_key_file.read_text(encoding="utf-8").strip()
        if len(key) < 32:
            raise JobmaalError(f"--secret-key-file {secret_key_file}: the key must be at least 32 characters")
    serve_app(results=results, plans_url=db, host=host, port=port, boundaries=boundaries,
              boundary_code_property=boundary_code_property, conditions=conditions, data_dir=data, clusters=clusters,
              secret_key=key, https_cookies=https_cookies, warm=warm)


def serve_app(*, results: Path, plans_url: str | None = None, host: str = "127.0.0.1", port: int = 8000,
              boundaries: Path | None = None, boundary_code_property: str = "lau_1", conditions: Path | None = None,
              data_dir: Path | None = None, clusters: Path | None = None, secret_key: str | None = None,
              https_cookies: bool = False, warm: bool = True) -> None:
    """Serve the dashboard until interrupted (``jobmaal serve`` and ``jobmaal demo`` call this)."""
    import uvicorn

    from jobmaal.plans import PUBLIC, PlanStore
    from jobmaal.web import WebSettings, create_app
    from jobmaal.web.services import Services

    kw = {"secret_key": secret_key} if secret_key else {}
    settings = WebSettings(results=results, plans_url=plans_url, boundaries=boundaries,
                           boundary_code_property=boundary_code_property, conditions=conditions, data_dir=data_dir,
                           clusters=clusters, https_only_cookies=https_cookies, **kw)
    store = PlanStore(plans_url)
    store.check_schema()  # a clear message to run `jobmaal db upgrade` instead of errors per request
    services = Services(settings, store=store)
    console = Console(stderr=True)
    run = services.run()
    app = create_app(settings, services=services)
    if warm:
        started = time.perf_counter()
        app.state.report_charts.helper()  # the report downloads' chart engine starts meanwhile, in its own process
        with console.status("Diskretionering og opfølgning / disclosure control and follow-up …"):
            services.values()
            services.followup_all(PUBLIC, services.default_year())
            from jobmaal.reports.layout import warm_up

            warm_up()  # WeasyPrint and its fonts: the first report download need not wait for them
        console.print(f"Klar / ready in {time.perf_counter() - started:.1f} s")
    label = " — SYNTETISKE DATA / synthetic data" if run.synthetic else ""
    console.print(f"jobmaal: http://{host}:{port}/  (run {run.run_id}{label}; API docs /api/docs)")
    uvicorn.run(app, host=host, port=port, log_level="info", access_log=False,
                ws="none")  # no websockets: plain HTTP only


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cmd)
