"""``jobmaal fetch jobindsats|statbank``, ``jobmaal load-official`` and ``jobmaal official-conditions``."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from jobmaal.errors import JobmaalError, SourceError, SourceKeyError

if TYPE_CHECKING:
    from jobmaal.sources.cache import ResponseCache
    from jobmaal.sources.http import HttpSettings

fetch_app = typer.Typer(
    help="Hent officielle tabeller / fetch official tables (Jobindsats, Statistikbanken) into a fetch store.",
    no_args_is_help=True,
)
_err = Console(stderr=True)

STORE_HELP = "Fetch store folder: every answer is kept here with its source and time."


def _split(values: list[str] | None) -> list[str]:
    return [p.strip() for v in values or [] for p in v.split(",") if p.strip()]


def _pairs(values: list[str] | None, option: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for v in values or []:
        name, sep, rest = v.partition("=")
        if not sep or not name.strip():
            raise JobmaalError(f"{option} {v!r}: expected NAME=VALUE[,VALUE…]")
        out[name.strip()] = [x.strip() for x in rest.split(",") if x.strip()]
    return out


def _http(timeout: float, retries: int, min_interval: float, cache_dir: Path | None, no_cache: bool,
          max_age: float) -> tuple[HttpSettings, ResponseCache | None]:
    from jobmaal.sources.cache import ResponseCache, default_cache_dir
    from jobmaal.sources.http import HttpSettings

    if timeout <= 0 or retries < 0 or min_interval < 0:
        raise JobmaalError("--timeout must be positive, --retries and --min-interval not negative")
    settings = HttpSettings(timeout=timeout, retries=retries, min_interval=min_interval)
    cache = None if no_cache else ResponseCache(cache_dir or default_cache_dir(), dt.timedelta(hours=max_age))
    return settings, cache


@fetch_app.command("jobindsats")
def fetch_jobindsats_cmd(
    tables: list[str] = typer.Option(None, "--tables", help="Table ids, e.g. PTVA02,Y01A02 (default: every "
                                     "table with a mapping file)."),
    periods: list[str] = typer.Option(None, "--periods", help="'l(M:24)' (the latest 24 months) or explicit "
                                      "periods 2021M01,2021Q1 (default: the mapping's default_periods)."),
    areas: list[str] = typer.Option(None, "--areas", help="Area codes or names (default: * = every area)."),
    dimension: list[str] = typer.Option(None, "--dimension", help="A filter NAME=V1,V2 (repeatable), e.g. "
                                        "_kon=Kvinder,Mænd."),
    store: Path = typer.Option(Path("fetched"), "--store", help=STORE_HELP),
    base_url: str | None = typer.Option(None, "--base-url", help="API base URL (env JOBINDSATS_BASE_URL; "
                                        "default https://api.jobindsats.dk/v2)."),
    mappings: Path | None = typer.Option(None, "--mappings", help="Your own mapping folder (*.yaml)."),
    list_tables: bool = typer.Option(False, "--list-tables", help="List the tables your key can read."),
    subject: str | None = typer.Option(None, "--subject", help="With --list-tables: only this subject."),
    list_subjects: bool = typer.Option(False, "--list-subjects", help="List the subjects."),
    describe: str | None = typer.Option(None, "--describe", help="Show a table's areas, periods, measures and "
                                        "dimensions."),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds to wait for an answer."),
    retries: int = typer.Option(4, "--retries", help="Further attempts after 5xx answers and timeouts."),
    min_interval: float = typer.Option(0.5, "--min-interval", help="Seconds between requests (be polite)."),
    cache_dir: Path | None = typer.Option(None, "--cache-dir", help="Response cache (default ~/.cache/jobmaal)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the response cache."),
    max_age: float = typer.Option(12.0, "--max-age", help="Hours a cached answer stays fresh."),
) -> None:
    """Hent tabeller fra Jobindsats / fetch tables from the Jobindsats API (key in JOBINDSATS_API_KEY)."""
    from jobmaal.sources.fetching import fetch_jobindsats
    from jobmaal.sources.jobindsats import JobindsatsClient
    from jobmaal.sources.mapping import load_mappings
    from jobmaal.sources.store import FetchStore

    settings, cache = _http(timeout, retries, min_interval, cache_dir, no_cache, max_age)
    # The key and base URL are read here, at the edge, and passed down.
    client = JobindsatsClient.from_env(os.environ, base_url=base_url, settings=settings, cache=cache)
    out = Console()
    if list_subjects:
        for s in client.subjects():
            out.print(json.dumps(s, ensure_ascii=False))
        return
    if list_tables:
        t = Table("Tabel / table", "Navn / name", "Emne / subject")
        for e in client.tables(subject):
            t.add_row(e.table_id, e.name, e.subject_name or e.subject_id)
        out.print(t)
        return
    if describe:
        info, _ = client.table_info(describe)
        out.print(f"[bold]{info.table_id}[/bold] {info.name}")
        out.print(f"Perioder / periods ({len(info.periods)}): {', '.join(info.periods[:12])}"
                  + (" …" if len(info.periods) > 12 else ""))
        out.print(f"Områder / areas: {len(info.areas)}")
        for m in info.measures:
            out.print(f"  måling / measure: {m.label}  [{m.name}]")
        for d in info.dimensions:
            out.print(f"  dimension: {d.label}  [{d.name}]: {', '.join(d.values[:10])}"
                      + (" …" if len(d.values) > 10 else ""))
        return
    maps = load_mappings(mappings)
    failed: list[str] = []
    for table in _split(tables) or sorted(maps):
        # One table at a time: a table the key cannot read does not stop the others (a bad key does).
        try:
            (r,) = fetch_jobindsats(client, FetchStore(store), [table], periods=_split(periods) or None,
                                    areas=_split(areas) or ["*"], dimensions=_pairs(dimension, "--dimension"),
                                    mappings=maps)
        except SourceKeyError:
            raise
        except SourceError as exc:
            failed.append(f"{table.upper()}: {exc}")
            _err.print(f"[red]{table.upper()}: ikke hentet / not fetched: {exc}")
            continue
        cached = " (fra cache / from cache)" if r.from_cache else ""
        _err.print(f"{r.table}: {r.rows} rækker / rows → {r.path}{cached}")
    s = client.http.stats
    _err.print(f"{s.requests} forespørgsler / requests, {s.retries} gentagelser / retries, "
               f"{s.cache_hits} fra cache / cache hits")
    if failed:
        raise SourceError(f"{len(failed)} table(s) not fetched (the others are stored): " + "; ".join(failed))


@fetch_app.command("statbank")
def fetch_statbank_cmd(
    tables: list[str] = typer.Option(None, "--tables", help="Table ids, e.g. FOLK1A (with --var)."),
    var: list[str] = typer.Option(None, "--var", help="A variable selection CODE=V1,V2 (repeatable), e.g. "
                                  "OMRÅDE=* --var Tid=2021K1."),
    conditions: bool = typer.Option(False, "--conditions", help="Fetch every table the framework conditions "
                                    "need (mappings/statbank/conditions.yaml) for --years."),
    years: str | None = typer.Option(None, "--years", help="With --conditions: 2021, 2020,2021 or 2019-2021."),
    specs: Path | None = typer.Option(None, "--specs", help="Your own conditions spec (YAML)."),
    fmt: str = typer.Option("csv", "--format", help="csv or jsonstat."),
    store: Path = typer.Option(Path("fetched"), "--store", help=STORE_HELP),
    base_url: str | None = typer.Option(None, "--base-url", help="API base URL (env STATBANK_BASE_URL; "
                                        "default https://api.statbank.dk/v1)."),
    list_tables: bool = typer.Option(False, "--list-tables", help="List StatBank's tables."),
    describe: str | None = typer.Option(None, "--describe", help="Show a table's variables and codes."),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds to wait for an answer."),
    retries: int = typer.Option(4, "--retries", help="Further attempts after 5xx answers and timeouts."),
    min_interval: float = typer.Option(0.5, "--min-interval", help="Seconds between requests (be polite)."),
    cache_dir: Path | None = typer.Option(None, "--cache-dir", help="Response cache (default ~/.cache/jobmaal)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the response cache."),
    max_age: float = typer.Option(12.0, "--max-age", help="Hours a cached answer stays fresh."),
) -> None:
    """Hent tabeller fra Statistikbanken / fetch tables from Statistics Denmark's StatBank."""
    from jobmaal.sources.conditions import load_specs, statbank_requests, years_of
    from jobmaal.sources.fetching import fetch_statbank
    from jobmaal.sources.statbank import StatbankClient
    from jobmaal.sources.store import FetchStore

    if fmt.lower() not in ("csv", "jsonstat"):
        raise JobmaalError(f"--format {fmt!r}: use csv or jsonstat")
    settings, cache = _http(timeout, retries, min_interval, cache_dir, no_cache, max_age)
    client = StatbankClient.from_env(os.environ, base_url=base_url, settings=settings, cache=cache)
    out = Console()
    if list_tables:
        t = Table("Tabel / table", "Navn / name", "Opdateret / updated")
        for e in client.tables():
            t.add_row(str(e.get("id", "")), str(e.get("text", "")), str(e.get("updated", "")))
        out.print(t)
        return
    if describe:
        info, _ = client.tableinfo(describe)
        out.print(f"[bold]{info.table_id}[/bold] {info.text} ({info.unit}; opdateret / updated {info.updated})")
        for v in info.variables:
            codes = ", ".join(f"{c}={t}" for c, t in v.values[:8])
            more = " …" if len(v.values) > 8 else ""
            out.print(f"  {v.id} ({v.text}): {len(v.values)} koder / codes: {codes}{more}")
        return
    requests: dict[str, dict[str, list[str]]] = {}
    if conditions:
        if not years:
            raise JobmaalError("--conditions needs --years, e.g. --years 2020,2021")
        requests = statbank_requests(load_specs(specs), years_of(years))
    for t in _split(tables):
        requests[t.upper()] = _pairs(var, "--var") or {}
    if not requests:
        raise JobmaalError("nothing to fetch: give --tables FOLK1A --var OMRÅDE=* --var Tid=2021K1, or "
                           "--conditions --years 2021")
    for table, variables in requests.items():
        r = fetch_statbank(client, FetchStore(store), table, variables, fmt.upper())
        cached = " (fra cache / from cache)" if r.from_cache else ""
        _err.print(f"{r.table}: {r.rows} rækker / rows → {r.path}{cached}")


def load_official_cmd(
    from_fetched: Path = typer.Option(..., "--from-fetched", help="The fetch store (jobmaal fetch --store)."),
    results: Path = typer.Option(..., "--results", help="Results file (DuckDB); a new run is added."),
    mappings: Path | None = typer.Option(None, "--mappings", help="Your own mapping folder (*.yaml)."),
    skip_unknown_areas: bool = typer.Option(False, "--skip-unknown-areas",
                                            help="Leave out rows of areas jobmaal does not know (listed)."),
) -> None:
    """Indlæs officielle tal / turn fetched Jobindsats tables into a results run (Kilde: Jobindsats.dk)."""
    from jobmaal.sources.load import load_official

    report = load_official(from_fetched, results, mappings_dir=mappings, skip_unknown_areas=skip_unknown_areas)
    loaded = report.loaded
    _err.print(f"Run {report.run_id}: {report.values} værdier / values, {report.period_from} – {report.period_to}, "
               f"{report.official_expected} rækker forventet niveau / official expected rows → {results} "
               f"(Kilde: Jobindsats.dk; tabeller / tables {', '.join(loaded.tables)}; "
               f"{loaded.fetch_files} svar / answers)")
    if loaded.unmapped_tables:
        _err.print(f"[yellow]Uden mapping (ikke brugt) / no mapping (not used): {', '.join(loaded.unmapped_tables)}")
    if loaded.skipped_areas:
        _err.print(f"[yellow]Ukendte områder udeladt / unknown areas left out: {', '.join(loaded.skipped_areas)}")
    if loaded.unmapped_values:
        _err.print(f"[yellow]Værdier uden jobmaal-opdeling udeladt / values without a jobmaal breakdown left out: "
                   f"{', '.join(loaded.unmapped_values)}")
    if loaded.absent:
        _err.print(f"[yellow]Ikke i de hentede tabeller / not in the fetched tables: {', '.join(loaded.absent)}")
    if loaded.missing_country:
        _err.print(f"[yellow]Intet landstal / no country figure for: {', '.join(loaded.missing_country)} "
                   "(fetch with --areas '*')")


def official_conditions_cmd(
    from_fetched: Path = typer.Option(..., "--from-fetched", help="The fetch store (jobmaal fetch --store)."),
    years: str = typer.Option(..., "--years", help="2021, 2020,2021 or 2019-2021."),
    out: Path = typer.Option(..., "--out", help="Conditions file to write (.csv or .parquet)."),
    specs: Path | None = typer.Option(None, "--specs", help="Your own conditions spec (YAML)."),
    mappings: Path | None = typer.Option(None, "--mappings", help="Your own Jobindsats mapping folder."),
    skip_unknown_areas: bool = typer.Option(False, "--skip-unknown-areas", help="As for load-official."),
) -> None:
    """Rammevilkår fra officielle tabeller / framework conditions from fetched tables (for --conditions)."""
    from jobmaal.analysis.conditions import write_conditions
    from jobmaal.sources.conditions import official_conditions, years_of

    frame = official_conditions(from_fetched, years_of(years), specs_path=specs, mappings_dir=mappings,
                                skip_unknown_areas=skip_unknown_areas)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_conditions(frame, out)
    cols = [c for c in frame.columns if c not in ("municipality_code", "year")]
    _err.print(f"{len(frame)} rækker / rows ({', '.join(cols)}) → {out}")


def register(app: typer.Typer) -> None:
    app.add_typer(fetch_app, name="fetch")
    app.command("load-official")(load_official_cmd)
    app.command("official-conditions")(official_conditions_cmd)
