"""``jobmaal demo``: synthetic registers → every indicator → demo plans → the follow-up (→ the dashboard)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

DEMO_YEAR = 2021
DEMO_MUNICIPALITY = "730"  # Randers, the job centre manager of docs/USERS.md


def _registers_ready(folder: Path, scale: str, seed: int) -> bool:
    meta = folder / "_jobmaal_meta.json"
    if not meta.is_file():
        return False
    info = json.loads(meta.read_text(encoding="utf-8"))
    return bool(info.get("synthetic")) and info.get("scale") == scale and info.get("seed") == seed


def demo(
    folder: Path = typer.Option(Path("demo-data"), "--dir", help="Mappe til demo-data / Folder for the demo data."),
    scale: str = typer.Option("small", "--scale", help="small (20.000 personer) or medium (500.000)."),
    seed: int = typer.Option(1, "--seed", help="Startværdi / Random seed."),
    serve: bool = typer.Option(True, "--serve/--no-serve", help="Start the dashboard afterwards (if installed)."),
    port: int = typer.Option(8000, "--port", help="Port for the dashboard."),
) -> None:
    """Kør hele kæden på syntetiske data / Run the whole chain on synthetic data (DuckDB, embedded)."""
    from jobmaal.engine.runner import ComputeRequest, compute
    from jobmaal.plans import PlanStore, targets_frame
    from jobmaal.plans.demo import seed_demo
    from jobmaal.registers.synthetic import GenerateOptions, generate

    console = Console(stderr=True, highlight=False)
    folder.mkdir(parents=True, exist_ok=True)
    registers, results = folder / "registers", folder / "results.duckdb"
    plans_url = f"sqlite:///{(folder / 'plans.sqlite').resolve()}"

    if _registers_ready(registers, scale, seed):
        console.print(f"1/4 Syntetiske registerdata findes / Synthetic registers exist: {registers}")
    else:
        console.print(f"1/4 Genererer syntetiske registerdata / Generating synthetic registers ({scale}) …")
        generate(GenerateOptions.build(registers, scale=scale, seed=seed))
    console.print("2/4 Beregner alle indikatorer / Computing every indicator (DuckDB) …")
    run = compute(ComputeRequest(registers, results))
    console.print(f"    run {run.run_id}: {run.period_from} – {run.period_to} (syntetiske data / synthetic data)")
    console.print("3/4 Opretter demo-brugere og -planer / Creating demo users and plans …")
    store = PlanStore(plans_url)
    seeded = seed_demo(store)
    targets = folder / f"targets-{DEMO_YEAR}.csv"
    targets_frame(store, DEMO_YEAR).to_csv(targets, index=False)
    console.print(f"4/4 Opfølgning / Follow-up {DEMO_YEAR}, Randers ({DEMO_MUNICIPALITY}):")
    from jobmaal.cli.analysis_cmds import followup_cmd

    followup_cmd(results=results, year=DEMO_YEAR, municipality=DEMO_MUNICIPALITY, indicator=None, targets=targets,
                 conditions=None, data=registers, clusters=None, run=None, fmt="table", lang="da")
    console.print(f"Demo-brugere / demo users: {', '.join(u.username for u in seeded.users)} (docs/plans.md)")
    if serve:
        _serve(results, plans_url, registers, port, console)


def _serve(results: Path, plans_url: str, registers: Path, port: int, console: Console) -> None:
    try:
        from jobmaal.cli import web_cmds
    except ImportError:
        console.print("Dashboardet er ikke installeret / the dashboard is not installed: done.")
        return
    web_cmds.serve_app(results=results, plans_url=plans_url, data_dir=registers, port=port)


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
