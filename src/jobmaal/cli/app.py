"""The ``jobmaal`` entry point: builds the Typer app and turns user errors into one clear line."""

from __future__ import annotations

import sys

import typer

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
        from jobmaal import __version__

        typer.echo(f"jobmaal {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version."),
) -> None:
    """jobmaal: goals, indicators, follow-up and reports for the minister's employment-policy goals."""


def _register() -> None:
    # Command groups added by later layers register themselves here, one line each.
    if sys.argv[1:2] in (["report"], ["report-service"]):
        # `jobmaal report` (and its service's commands) alone: it asks the report service or starts its
        # helper processes (chart engine, WeasyPrint) before it imports the data modules, instead of after
        # every command group's imports.
        from jobmaal.cli import report_cmds

        report_cmds.register(app)
        return
    from jobmaal.cli import (
        analysis_cmds,
        catalog_cmds,
        demo_cmds,
        engine_cmds,
        plans_cmds,
        reference_cmds,
        register_cmds,
        report_cmds,
        source_cmds,
        web_cmds,
    )

    for module in (reference_cmds, catalog_cmds, demo_cmds, register_cmds, engine_cmds, analysis_cmds, plans_cmds,
                   source_cmds, report_cmds, web_cmds):
        module.register(app)


_register()


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; a ``JobmaalError`` prints one line on stderr and exits with status 2.

    Typer itself reports usage errors (unknown option, bad value) with the command's usage.
    """
    try:
        app(args=argv, prog_name="jobmaal")
    except JobmaalError as exc:
        typer.secho(f"jobmaal: error: {exc}", fg=typer.colors.RED, err=True)
        sys.exit(2)
    except SystemExit as done:
        if argv is None and sys.argv[1:2] == ["report"] and done.code in (0, None):
            _exit_now()
        raise


def _exit_now() -> None:
    """End a finished ``jobmaal report`` at once: the exit handlers run (temporary files, logging), but the
    interpreter does not tear down its modules and free the follow-up's objects one by one (~0.6 s after
    the report is written); the operating system frees the memory."""
    import atexit
    import os

    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
