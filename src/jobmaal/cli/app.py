"""The ``jobmaal`` entry point: builds the Typer app and turns user errors into one clear line."""

from __future__ import annotations

import sys

import typer

from jobmaal import __version__
from jobmaal.cli import catalog_cmds, demo_cmds, reference_cmds
from jobmaal.errors import JobmaalError

app = typer.Typer(
    name="jobmaal",
    help="Follow-up of Denmark's employment-policy goals (målopfølgning) for all 98 municipalities.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jobmaal {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """jobmaal: goals, indicators, follow-up and reports for the minister's employment-policy goals."""


for module in (reference_cmds, catalog_cmds, demo_cmds):
    module.register(app)


def _register_optional() -> None:
    # Command groups added by later layers register themselves here, one line each.
    from jobmaal.cli import analysis_cmds, engine_cmds, plans_cmds, register_cmds, report_cmds, source_cmds, web_cmds

    for module in (register_cmds, engine_cmds, analysis_cmds, plans_cmds, source_cmds, report_cmds, web_cmds):
        module.register(app)


_register_optional()


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; a ``JobmaalError`` prints one line on stderr and exits with status 2.

    Typer itself reports usage errors (unknown option, bad value) with the command's usage.
    """
    try:
        app(args=argv, prog_name="jobmaal")
    except JobmaalError as exc:
        typer.secho(f"jobmaal: error: {exc}", fg=typer.colors.RED, err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
