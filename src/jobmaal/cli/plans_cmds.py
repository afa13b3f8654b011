"""``jobmaal db|users|plans|targets|audit``: the plan store from the command line.

The command line has direct database access and acts as administrator; the audit log records it
as ``cli:<OS user>``. The database is ``--db URL`` (or a SQLite file path), else ``$JOBMAAL_DB_URL``,
else ``jobmaal-plans.sqlite`` in the working directory.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from jobmaal.catalog import default_catalog
from jobmaal.errors import PlanError, PlanValidationError
from jobmaal.plans.database import ENV_VAR, resolve_url
from jobmaal.plans.principals import Role, cli_actor
from jobmaal.plans.records import PlanVersion
from jobmaal.plans.store import PlanStore
from jobmaal.plans.targets import targets_frame, write_targets_csv
from jobmaal.reference import municipality

DB_OPTION = typer.Option(None, "--db", envvar=ENV_VAR, show_envvar=True,
                         help="Database URL or SQLite file (default: jobmaal-plans.sqlite here).")
MUNI_OPTION = typer.Option(..., "--municipality", "-m", help="Municipality code, e.g. 730.")
YEAR_OPTION = typer.Option(..., "--year", "-y", help="The plan year, e.g. 2021.")

db_app = typer.Typer(help="Plandatabasen / the plan database: create or migrate its schema.", no_args_is_help=True)
users_app = typer.Typer(help="Brugere / users of the plan store.", no_args_is_help=True)
plans_app = typer.Typer(help="Beskæftigelsesplaner / employment plans: show, export, import, versions.",
                        no_args_is_help=True)
targets_app = typer.Typer(help="Mål / the targets file the follow-up reads.", no_args_is_help=True)


def _console() -> Console:
    # Wide when piped or captured, so tables are not folded into unreadable columns.
    return Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 200)


def _store(db: str | None, *, check: bool = True) -> PlanStore:
    return PlanStore.open_checked(resolve_url(db)) if check else PlanStore(resolve_url(db))


# -- db ---------------------------------------------------------------------------------------
@db_app.command("upgrade")
def db_upgrade(db: str | None = DB_OPTION) -> None:
    """Opret eller opdatér tabellerne / create or migrate the plan tables (safe to run again)."""
    with _store(db, check=False) as store:
        before = store.schema_revision()
        reached = store.upgrade()
        url = store.engine.url.render_as_string(hide_password=True)
    change = "already at" if before == reached else f"upgraded from {before or 'empty'} to"
    typer.echo(f"plan database {url}: {change} schema revision {reached}")


# -- users ------------------------------------------------------------------------------------
@users_app.command("add")
def users_add(
    username: str = typer.Argument(..., help="Login name: a–z, 0–9, '.', '_', '@', '-'."),
    role: Role = typer.Option(..., "--role", help="admin, ministry, editor or viewer."),
    municipalities: list[str] = typer.Option([], "--municipality", "-m",
                                             help="A municipality of an editor or viewer (repeat for more)."),
    full_name: str = typer.Option("", "--full-name", help="The person's name, shown in the log."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin."),
    db: str | None = DB_OPTION,
) -> None:
    """Opret bruger / add a user (asks for the password twice unless --password-stdin)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("Adgangskode / password", hide_input=True, confirmation_prompt=True)
    with _store(db) as store:
        user = store.add_user(cli_actor(), username, password, role, municipalities, full_name=full_name)
    where = f" for {', '.join(sorted(user.municipalities))}" if user.municipalities else ""
    typer.echo(f"added user {user.username} ({user.role.value}{where})")


@users_app.command("list")
def users_list(db: str | None = DB_OPTION) -> None:
    """Vis brugere / list users with role, municipalities and whether active."""
    with _store(db) as store:
        users = store.list_users(cli_actor())
    table = Table("username", "role", "municipalities", "active", "name")
    for u in users:
        name = ("DEMO · " if u.is_demo and "DEMO" not in u.full_name else "") + u.full_name
        table.add_row(u.username, u.role.value, " ".join(sorted(u.municipalities)) or "(alle / all)",
                      "yes" if u.active else "NO (disabled)", escape(name))
    _console().print(table)


@users_app.command("disable")
def users_disable(username: str = typer.Argument(...), db: str | None = DB_OPTION) -> None:
    """Deaktivér bruger / disable a user: no logins, tokens stop working; history is kept."""
    with _store(db) as store:
        store.disable_user(cli_actor(), username)
    typer.echo(f"disabled user {username}")


# -- plans ------------------------------------------------------------------------------------
def _print_plan(plan: PlanVersion) -> None:
    console = _console()
    cat = default_catalog()
    name = municipality(plan.municipality_code).name
    demo = " [bold red]DEMO[/bold red]" if plan.is_demo else ""
    console.print(f"[bold]Beskæftigelsesplan {plan.year} — {name} ({plan.municipality_code}){demo}[/bold]")
    adopted = f", vedtaget / adopted {plan.content.adopted_on.isoformat()}" if plan.content.adopted_on else ""
    console.print(f"version {plan.version} of {plan.current_version} · {plan.state.value}{adopted} · "
                  f"saved {plan.saved_at:%Y-%m-%d %H:%M} UTC by {plan.saved_by}")
    for goal in cat.year(plan.year).goals:
        console.print(f"\n[bold]{goal.number}. {goal.title.da}[/bold]")
        text = plan.content.strategies.get(goal.key)
        console.print(f"   {escape(text)}" if text else "   (ingen strategitekst / no strategy text)")
        for ind_id in goal.indicators:
            target = plan.content.target_for(ind_id)
            shown = f"{target.kind.value} = {target.value:g}" if target else "(intet mål / no target)"
            comment = f"  # {escape(target.comment)}" if target and target.comment else ""
            console.print(f"   - {ind_id}: {shown}{comment}")
        for local in (li for li in plan.content.local_indicators if li.goal == goal.key):
            goal_text = f"{local.target.kind.value} = {local.target.value:g}" if local.target else "(intet mål)"
            console.print(f"   - lokal / local {local.key}: {escape(local.name)} \\[{local.unit.value}] {goal_text}")
    if plan.content.assessment:
        console.print("\n[bold]Jobcentrets vurdering / the job centre's assessment[/bold]")
        console.print(f"   {escape(plan.content.assessment)}")


@plans_app.command("show")
def plans_show(municipality_code: str = MUNI_OPTION, year: int = YEAR_OPTION,
               version: int | None = typer.Option(None, "--version", help="An earlier version."),
               db: str | None = DB_OPTION) -> None:
    """Vis plan / print a plan: state, strategy texts, targets and local indicators per goal."""
    with _store(db) as store:
        _print_plan(store.get_plan(cli_actor(), municipality_code, year, version))


@plans_app.command("export")
def plans_export(municipality_code: str = MUNI_OPTION, year: int = YEAR_OPTION,
                 version: int | None = typer.Option(None, "--version", help="An earlier version."),
                 output: Path | None = typer.Option(None, "--output", "-o", help="YAML file (default: stdout)."),
                 db: str | None = DB_OPTION) -> None:
    """Eksportér plan / write a plan as YAML (edit it and 'plans import' it back)."""
    with _store(db) as store:
        text = store.export_plan_yaml(cli_actor(), municipality_code, year, version)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}", err=True)


@plans_app.command("import")
def plans_import(file: Path = typer.Argument(..., help="A plan YAML file (see 'plans export')."),
                 note: str = typer.Option("", "--note", help="A note for the version list."),
                 db: str | None = DB_OPTION) -> None:
    """Importér plan / validate a plan YAML file and save it as a new version."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanValidationError([f"{file}: cannot read: {exc}"], header=f"{file} refused") from exc
    with _store(db) as store:
        result = store.import_plan_yaml(cli_actor(), text, source=str(file), note=note)
    typer.echo(f"saved version {result.version} from {file}")
    for warning in result.warnings:
        typer.secho(f"warning: {warning}", fg=typer.colors.YELLOW, err=True)


@plans_app.command("set-assessment")
def plans_set_assessment(
    municipality_code: str = MUNI_OPTION, year: int = YEAR_OPTION,
    file: Path = typer.Option(..., "--file", "-f", help="Plain text (UTF-8; blank lines separate paragraphs); "
                                                       "'-' reads stdin; an empty file removes the text."),
    note: str = typer.Option("", "--note", help="A note for the version list."),
    db: str | None = DB_OPTION,
) -> None:
    """Jobcentrets vurdering / set the job centre's own assessment of the year's results (shown in the
    results report of that year) as a new version of the plan."""
    from jobmaal.errors import PlanNotFound
    from jobmaal.plans.edits import with_assessment

    try:
        text = sys.stdin.read() if str(file) == "-" else file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanValidationError([f"{file}: cannot read: {exc}"], header=f"{file} refused") from exc
    actor = cli_actor()
    with _store(db) as store:
        try:
            base = store.get_plan(actor, municipality_code, year).version
        except PlanNotFound:
            base = 0  # no plan for the year yet: a new draft holding the assessment only
        result = store.edit_plan(actor, municipality_code, year, base,
                                 lambda content: with_assessment(content, text), note=note)
    typer.echo(f"saved version {result.version} of the plan {municipality(municipality_code).code}/{year}")
    for warning in result.warnings:
        typer.secho(f"warning: {warning}", fg=typer.colors.YELLOW, err=True)


@plans_app.command("versions")
def plans_versions(municipality_code: str = MUNI_OPTION, year: int = YEAR_OPTION,
                   db: str | None = DB_OPTION) -> None:
    """Versioner / list every saved version of a plan."""
    with _store(db) as store:
        versions = store.list_versions(cli_actor(), municipality_code, year)
    table = Table("version", "state", "adopted", "saved (UTC)", "by", "note")
    for v in versions:
        table.add_row(str(v.version), v.state.value, v.adopted_on.isoformat() if v.adopted_on else "",
                      f"{v.saved_at:%Y-%m-%d %H:%M}", v.saved_by, escape(v.note))
    _console().print(table)


@plans_app.command("diff")
def plans_diff(municipality_code: str = MUNI_OPTION, year: int = YEAR_OPTION,
               from_version: int = typer.Option(..., "--from", help="The older version."),
               to_version: int = typer.Option(..., "--to", help="The newer version."),
               db: str | None = DB_OPTION) -> None:
    """Sammenlign versioner / show what changed between two versions of a plan."""
    with _store(db) as store:
        changes = store.diff_versions(cli_actor(), municipality_code, year, from_version, to_version)
    if not changes:
        typer.echo("no differences")
    for change in changes:
        typer.echo(f"{change.field}:\n  - {json.dumps(change.before, ensure_ascii=False)}\n"
                   f"  + {json.dumps(change.after, ensure_ascii=False)}")


@plans_app.command("values-import")
def plans_values_import(file: Path = typer.Argument(..., help="CSV: indicator_key,period,value."),
                        municipality_code: str = MUNI_OPTION, db: str | None = DB_OPTION) -> None:
    """Lokale indikatorværdier / store values of local indicators from a CSV file (all or none)."""
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise PlanValidationError([f"{file}: cannot read: {exc}"], header=f"{file} refused") from exc
    with _store(db) as store:
        count = store.import_local_values_csv(cli_actor(), municipality_code, text, source=str(file))
    typer.echo(f"stored {count} value(s) from {file}")


# -- targets ----------------------------------------------------------------------------------
@targets_app.command("export")
def targets_export(year: int = YEAR_OPTION,
                   output: Path = typer.Option(Path("targets.csv"), "--output", "-o", help="The CSV file to write."),
                   adopted_only: bool = typer.Option(False, "--adopted-only",
                                                     help="Only adopted plans (default: the current versions)."),
                   db: str | None = DB_OPTION) -> None:
    """Eksportér mål / write the targets file: indicator_id,municipality_code,year,kind,value."""
    with _store(db) as store:
        frame = targets_frame(store, year, cli_actor(), adopted_only=adopted_only)
    rows = write_targets_csv(frame, output)
    typer.echo(f"wrote {rows} target(s) for {year} to {output}")


# -- audit ------------------------------------------------------------------------------------
def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise PlanError(f"{option}: {value!r} is not an ISO date (YYYY-MM-DD)") from exc


def audit(
    user: str | None = typer.Option(None, "--user", help="Only entries by this username."),
    municipality_code: str | None = typer.Option(None, "--municipality", "-m", help="Only this municipality."),
    action: str | None = typer.Option(None, "--action", help="An action, or a prefix ending in *: 'plan.*'."),
    since: str | None = typer.Option(None, "--since", help="From this day (YYYY-MM-DD, UTC)."),
    until: str | None = typer.Option(None, "--until", help="To this day, inclusive."),
    limit: int = typer.Option(1000, "--limit", help="At most this many (the newest)."),
    output_format: str = typer.Option("table", "--format", help="table or json (one object a line)."),
    db: str | None = DB_OPTION,
) -> None:
    """Revisionsspor / the audit log: who changed what, when, with before and after (json)."""
    if output_format not in ("table", "json"):
        raise PlanError(f"--format: {output_format!r} is not table or json")
    with _store(db) as store:
        entries = store.audit(cli_actor(), actor=user, municipality=municipality_code, action=action,
                              since=_date(since, "--since"), until=_date(until, "--until"), limit=limit)
    if output_format == "json":
        for e in entries:
            typer.echo(json.dumps({"id": e.id, "at": e.at.isoformat(), "actor": e.actor, "action": e.action,
                                   "object_type": e.object_type, "object_id": e.object_id,
                                   "municipality_code": e.municipality_code, "before": e.before,
                                   "after": e.after}, ensure_ascii=False))
        return
    table = Table("id", "at (UTC)", "actor", "action", "object", "municipality")
    for e in entries:
        table.add_row(str(e.id), f"{e.at:%Y-%m-%d %H:%M:%S}", escape(e.actor), e.action,
                      escape(f"{e.object_type} {e.object_id}"), e.municipality_code or "")
    _console().print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
    app.add_typer(users_app, name="users")
    app.add_typer(plans_app, name="plans")
    app.add_typer(targets_app, name="targets")
    app.command("audit")(audit)
