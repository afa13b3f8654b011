"""Fetched Jobindsats tables → a results run (``runs.source = "Jobindsats.dk"``) + ``official_expected``.

Every stored data answer is read through its table's mapping file. Where two answers give the same
figure (indicator, area, period, breakdown), the table with the lower ``precedence`` wins, and between
answers of equal precedence the later fetch wins (a re-fetch revises a month). The run's fingerprint
names exactly the answers it was made from, so the same fetch folder gives the same figures offline.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from jobmaal import __version__
from jobmaal.catalog import Catalog, default_catalog
from jobmaal.engine.results import Run, write_run
from jobmaal.engine.schema import INDICATOR_VALUES_SCHEMA
from jobmaal.errors import SourceError
from jobmaal.sources.areas import default_resolver
from jobmaal.sources.complete import complete_cells
from jobmaal.sources.extract import VALUE_KEY, extract
from jobmaal.sources.jobindsats import parse_data
from jobmaal.sources.mapping import load_mappings
from jobmaal.sources.official import OFFICIAL_EXPECTED_SCHEMA, write_official_expected
from jobmaal.sources.store import FetchStore, fingerprint

SOURCE = "Jobindsats.dk"
_EXPECTED_KEY = ("source_table", "indicator_id", "area_type", "area_code", "period_label", "breakdown",
                 "breakdown_value")


@dataclass(frozen=True)
class Loaded:
    """What the fetched tables give, before anything is written."""

    values: list[dict[str, Any]]
    expected: list[dict[str, Any]]
    tables: tuple[str, ...]
    unmapped_tables: tuple[str, ...]
    fetch_files: int
    fingerprint: str
    skipped_areas: tuple[str, ...]
    unmapped_values: tuple[str, ...]
    cross_rows: int
    absent: tuple[str, ...]  # mapped indicators a fetched table did not carry
    unpublished: int  # rows added for cells no table published (all figures null; see complete.py)

    @property
    def missing_country(self) -> tuple[str, ...]:
        """Indicators without any country figure: the follow-up needs one to find the latest period."""
        ids = {r["indicator_id"] for r in self.values}
        have = {r["indicator_id"] for r in self.values if r["area_type"] == "country" and r["breakdown"] == ""
                and r["value"] is not None}
        return tuple(sorted(ids - have))


@dataclass(frozen=True)
class LoadReport:
    run_id: str
    results: Path
    values: int
    official_expected: int
    period_from: dt.date | None
    period_to: dt.date | None
    loaded: Loaded


def read_fetched(fetched: Path | str, *, mappings_dir: Path | str | None = None, catalog: Catalog | None = None,
                 skip_unknown_areas: bool = False) -> Loaded:
    catalog = catalog or default_catalog()
    mappings = load_mappings(mappings_dir, catalog)
    resolver = default_resolver()
    fetches = FetchStore(fetched).fetches("jobindsats", kind="data")
    best: dict[tuple[Any, ...], tuple[int, int, dict[str, Any]]] = {}
    expected: dict[tuple[Any, ...], dict[str, Any]] = {}
    used, unmapped_tables, skipped, unmapped_values, absent = [], set(), set(), set(), set()
    cross = 0
    for order, fetch in enumerate(fetches):
        mapping = mappings.get(fetch.table.upper())
        if mapping is None:
            unmapped_tables.add(fetch.table.upper())
            continue
        table = parse_data(fetch.table, fetch.json(), fetch.url)
        got = extract(table, mapping, catalog, resolver, skip_unknown_areas=skip_unknown_areas,
                      where=f"{fetch.path} (table {fetch.table})")
        used.append(fetch)
        skipped |= got.skipped_areas
        unmapped_values |= got.unmapped
        cross += got.cross_rows
        absent |= set(got.absent)
        for row in got.values:
            key = tuple(row[k] for k in VALUE_KEY)
            old = best.get(key)
            if old is None or mapping.precedence < old[0] or (mapping.precedence == old[0] and order >= old[1]):
                best[key] = (mapping.precedence, order, row)
        for row in got.expected:
            expected[tuple(row[k] for k in _EXPECTED_KEY)] = row
    if not used:
        raise SourceError(f"{fetched}: no fetched Jobindsats table that a mapping file covers "
                          f"(found: {sorted(unmapped_tables) or 'none'}; mapped: {sorted(mappings)})")
    published = [v[2] for v in best.values()]
    values, added = complete_cells(published, catalog)  # readers sort; the order here is the store's
    exp_rows = _with_ranked(sorted(expected.values(), key=lambda r: tuple(str(r[k]) for k in _EXPECTED_KEY)))
    return Loaded(values, exp_rows, tuple(sorted({f.table.upper() for f in used})), tuple(sorted(unmapped_tables)),
                  len(used), fingerprint(used), tuple(sorted(skipped)), tuple(sorted(unmapped_values)), cross,
                  tuple(sorted(absent)), added)


def _with_ranked(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    group = ("source_table", "indicator_id", "period_label", "breakdown", "breakdown_value")
    counts = Counter(tuple(r[k] for k in group) for r in rows
                     if r["area_type"] == "municipality" and r["rank"] is not None)
    return [{**r, "ranked": counts.get(tuple(r[k] for k in group)) or None} for r in rows]


def load_official(fetched: Path | str, results: Path | str, *, mappings_dir: Path | str | None = None,
                  catalog: Catalog | None = None, skip_unknown_areas: bool = False,
                  now: dt.datetime | None = None) -> LoadReport:
    """Write the fetched tables as a new run of ``results``; the previous runs stay as they were."""
    loaded = read_fetched(fetched, mappings_dir=mappings_dir, catalog=catalog,
                          skip_unknown_areas=skip_unknown_areas)
    now = now or dt.datetime.now(dt.UTC)
    run_id = now.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    value_rows = [{**r, "run_id": run_id} for r in loaded.values]
    values = pa.Table.from_pylist(value_rows, schema=INDICATOR_VALUES_SCHEMA)
    periods = [r["period"] for r in loaded.values]
    run = Run(run_id=run_id, computed_at=now, data_fingerprint=loaded.fingerprint, synthetic=False,
              jobmaal_version=__version__, period_from=min(periods) if periods else None,
              period_to=max(periods) if periods else None, source=SOURCE)
    if loaded.expected:  # first: rows of a run that then fails are never read (readers go through runs)
        write_official_expected(results, pa.Table.from_pylist([{**r, "run_id": run_id} for r in loaded.expected],
                                                              schema=OFFICIAL_EXPECTED_SCHEMA))
    write_run(Path(results), run, values)
    return LoadReport(run_id, Path(results), values.num_rows, len(loaded.expected), run.period_from,
                      run.period_to, loaded)
