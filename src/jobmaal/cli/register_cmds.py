"""Register data commands: ``jobmaal generate`` (synthetic registers); one function per command."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from jobmaal.registers.synthetic.options import CHUNK_PERSONS, Scale


def generate(
    out: Path = typer.Option(..., "--out", help="Mappe til registerdata / Folder for the register data."),
    scale: Scale = typer.Option(
        None, "--scale", case_sensitive=False,
        help="Størrelse / Preset size: small (20.000), medium (500.000), national (4,5 mio. personer 16-74 år).",
    ),
    persons: int = typer.Option(None, "--persons", help="Antal personer / Number of persons (overrides --scale)."),
    seed: int = typer.Option(1, "--seed", help="Startværdi / Random seed: the same seed gives the same files."),
    start: str = typer.Option("2019-01", "--start", help="Første måned / First month, YYYY-MM."),
    end: str = typer.Option("2024-12", "--end", help="Sidste måned / Last month, YYYY-MM."),
    workers: int = typer.Option(
        0, "--workers",
        help="Processer / Worker processes (0 = one per CPU core, at most 2; each takes about 0.6 GB). "
             "Does not change the output.",
    ),
    quiet: bool = typer.Option(False, "--quiet", help="Ingen statuslinje / No progress bar."),
) -> None:
    """Generér syntetiske registerdata / Generate synthetic register data (marked "syntetiske data")."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from jobmaal.registers.synthetic import GenerateOptions
    from jobmaal.registers.synthetic import generate as run

    options = GenerateOptions.build(out, persons=persons, seed=seed, start=start, end=end, scale=scale,
                                    chunk_persons=CHUNK_PERSONS)
    # By default at most two workers, so that national scale stays under 2 GB of memory.
    n_workers = workers if workers > 0 else min(2, os.cpu_count() or 1)
    console = Console(stderr=True)
    with Progress(TextColumn("[bold]Genererer / Generating"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("personer / persons"), TimeElapsedColumn(), console=console,
                  disable=quiet or options.n_chunks < 2) as bar:
        task = bar.add_task("generate", total=options.persons)
        meta = run(options, workers=n_workers, progress=lambda done, _total: bar.advance(task, done))
    rows = meta["tables"]
    summary = ", ".join(f"{name} {info['rows']:,}" for name, info in rows.items())
    typer.echo(f"Syntetiske data skrevet til / Synthetic data written to {options.out} ({summary} rows).")


class _ImportProgress:
    """Draws the importer's phases as rich progress bars on stderr."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._bars = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                              TimeElapsedColumn(), console=Console(stderr=True), transient=False)
        self._task: int | None = None

    def __enter__(self) -> _ImportProgress:
        self._bars.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bars.stop()

    def phase(self, description: str, total: int) -> None:
        if self._task is not None:
            self._bars.update(self._task, completed=self._bars.tasks[self._task].total)
        self._task = self._bars.add_task(description, total=total)

    def advance(self, amount: int = 1) -> None:
        if self._task is not None:
            self._bars.advance(self._task, amount)


def import_registers(
    source: Path = typer.Option(..., "--from", help="Kildemappe i den kanoniske model (Parquet eller CSV) / "
                                "source directory in the canonical model (Parquet or CSV)."),
    data: Path = typer.Option(..., "--data", help="Registerdatamappen, der udskiftes atomisk / the register "
                              "data directory, replaced atomically."),
    key_file: Path | None = typer.Option(None, "--key-file", help="Fil med pseudonymiseringsnøglen / file with "
                                         "the pseudonymisation key (else $JOBMAAL_PSEUDONYM_KEY or "
                                         "$JOBMAAL_PSEUDONYM_KEY_FILE)."),
    memory_limit: str | None = typer.Option(None, "--memory-limit", help="DuckDB's memory limit, e.g. 4GB "
                                            "(default: DuckDB's own, 80% of RAM); more spills to disk."),
) -> None:
    """Importér registerdata: valider alt, pseudonymisér personnøgler, skift atomisk / import register data."""
    from rich.console import Console
    from rich.table import Table

    from jobmaal.registers.importer import import_registers as run_import
    from jobmaal.registers.pseudonym import load_key

    key = load_key(key_file)  # refuse before any work
    with _ImportProgress() as progress:
        summary = run_import(source, data, key, memory_limit=memory_limit, progress=progress)
    table = Table("Tabel / table", "Rækker / rows", title=f"Importeret / imported into {summary.data_dir}")
    for name, rows in summary.rows.items():
        table.add_row(name, f"{rows:,}".replace(",", "."))
    total = sum(summary.rows.values())
    table.add_row("i alt / total", f"{total:,}".replace(",", "."), end_section=True)
    Console().print(table)
    typer.echo(f"{summary.seconds:.1f} s, {total / max(summary.seconds, 1e-9):,.0f} rækker/rows per s; "
               f"version {summary.version_dir.name}")


def register(app: typer.Typer) -> None:
    """Add the register data commands to the app."""
    app.command("generate")(generate)
    app.command("import")(import_registers)
