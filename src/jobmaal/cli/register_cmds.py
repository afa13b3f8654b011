"""Command group placeholder; filled in by its layer."""

from __future__ import annotations

from pathlib import Path

import typer


# --- jobmaal import ---------------------------------------------------------------------------


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
    """Add this group's commands to the app."""
    app.command("import")(import_registers)
