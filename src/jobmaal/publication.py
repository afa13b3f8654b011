"""What outputs may show: a run's indicator values after the disclosure gate, computed once per run.

Every output (exports, web pages, API, reports) reads figures through ``published``. Disclosing a run
takes seconds to minutes, so the result is kept twice:

- per process, keyed by results file, run, policy and period window (at most a few runs);
- on disk, in a Parquet file per run, policy and window in the folder ``<results file>.disclosed/`` next
  to the results file, so that a new process (a one-off ``jobmaal report``, a restarted server) reads
  the disclosed run instead of disclosing it again.

A cache file is used only when its key matches in full: the run (id, time, data fingerprint), the
results file's size and modification time (any write to the file invalidates every cache file of it),
the policy, the period window, and a fingerprint of the gate itself (its source, the catalogue facts it
uses and the geography), so a change of the disclosure rules never reads an old result. The key is
stored inside the file and checked on reading; an unreadable or mismatching file is recomputed and
replaced (written to a temporary file and renamed, so readers never see half a file). The files hold
only disclosed values (no person counts), the same as any export. ``JOBMAAL_DISCLOSURE_CACHE=off``
turns the disk cache off; a folder path puts the files there instead. The folder may be deleted at any
time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import asdict
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from jobmaal.disclosure import DEFAULT_POLICY, DisclosedValues, DisclosurePolicy, disclose
from jobmaal.engine.results import Run, read_values, resolve_run
from jobmaal.package_digest import package_digest

log = logging.getLogger("jobmaal.publication")

ENV_VAR = "JOBMAAL_DISCLOSURE_CACHE"
FORMAT_VERSION = 1
_CACHE: dict[tuple[str, str, DisclosurePolicy, int | None], DisclosedValues] = {}
_LOCK = threading.Lock()
_MAX_ENTRIES = 4


def published(results: Path, run_id: str | None = None, policy: DisclosurePolicy = DEFAULT_POLICY, *,
              up_to_year: int | None = None, areas: Iterable[str] | None = None) -> DisclosedValues:
    """The run (the latest unless named) after disclosure control; filter it afterwards.

    With ``up_to_year`` only the periods up to that year's end are read and disclosed (no disclosure
    relation crosses periods, so each of those figures is suppressed exactly as in the whole run).
    With ``areas``, the same as ``.filter(areas=areas)`` of the result, but read from the disk cache
    without reading the other areas (a one-off report of one municipality); the whole run is still
    disclosed (and cached) when no cache file has it yet.
    """
    path = Path(results)
    areas = list(areas) if areas is not None else None
    run = resolve_run(path, run_id)
    if up_to_year is not None and run.period_to is not None and run.period_to <= dt.date(up_to_year, 12, 1):
        up_to_year = None  # the run ends in that year: the whole run is the same thing
    key = (str(path.resolve()), run.run_id, policy, up_to_year)
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key] if areas is None else _CACHE[key].filter(areas=areas)
    if areas is not None:
        file_key = cache_key(path, run, policy, up_to_year)
        file = cache_file(path, file_key)
        if file is not None and file.is_file():
            subset = _read(file, file_key, policy, areas=areas)
            if subset is not None:
                return subset
        return published(path, run.run_id, policy, up_to_year=up_to_year).filter(areas=areas)
    disclosed = _from_disk_or_disclose(path, run, policy, up_to_year)
    with _LOCK:
        if len(_CACHE) >= _MAX_ENTRIES:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = disclosed
    return disclosed


def _disclose(path: Path, run: Run, policy: DisclosurePolicy, up_to_year: int | None) -> DisclosedValues:
    values = read_values(path, run_id=run.run_id)
    if up_to_year is not None:
        values = values[pd.to_datetime(values["period"]) <= pd.Timestamp(up_to_year, 12, 1)]
    return disclose(values, policy)


@cache
def gate_fingerprint() -> str:
    """Changes whenever the gate could disclose differently: its source, catalogue facts and geography."""
    from jobmaal.disclosure import default_facts, reference_geography

    h = hashlib.sha256(package_digest("jobmaal.disclosure").encode())
    facts = default_facts()
    for mapping in (facts.sources, facts.families, facts.breakdown_kinds):
        h.update(repr(sorted(mapping.items())).encode())
    h.update(repr(sorted((k, sorted(v)) for k, v in facts.cells.items())).encode())
    geo = reference_geography()
    h.update(repr((sorted(geo.region_of.items()), sorted(geo.rar_of.items()))).encode())
    return h.hexdigest()


def cache_key(path: Path, run: Run, policy: DisclosurePolicy, up_to_year: int | None) -> dict[str, object]:
    """Everything a cached disclosed run depends on."""
    st = path.stat()
    return {
        "format": FORMAT_VERSION,
        "run_id": run.run_id,
        "computed_at": str(run.computed_at),
        "data_fingerprint": run.data_fingerprint,
        "results_file": {"size": st.st_size, "mtime_ns": st.st_mtime_ns},
        "policy": asdict(policy),
        "up_to_year": up_to_year,
        "gate": gate_fingerprint(),
    }


def cache_folder(path: Path) -> Path | None:
    """Where the cache files of ``path`` go; None when the disk cache is off."""
    setting = os.environ.get(ENV_VAR, "").strip()
    if setting.lower() in ("off", "0", "no", "false"):
        return None
    if setting:
        digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]
        return Path(setting) / f"{path.name}-{digest}"
    return path.with_name(path.name + ".disclosed")


def cache_file(path: Path, key: dict[str, object]) -> Path | None:
    folder = cache_folder(path)
    if folder is None:
        return None
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:20]
    return folder / f"{key['run_id']}-{digest}.parquet"


def _from_disk_or_disclose(path: Path, run: Run, policy: DisclosurePolicy,
                           up_to_year: int | None) -> DisclosedValues:
    key = cache_key(path, run, policy, up_to_year)
    file = cache_file(path, key)
    if file is not None and file.is_file():
        restored = _read(file, key, policy)
        if restored is not None:
            return restored
    disclosed = _disclose(path, run, policy, up_to_year)
    if file is not None:
        _write(file, key, disclosed, path.stat().st_mode & 0o666)
    return disclosed


_KEY = b"jobmaal.publication.key"
_RESPONSES = "__responses_rule"


def _read(file: Path, key: dict[str, object], policy: DisclosurePolicy, areas: list[str] | None = None
          ) -> DisclosedValues | None:
    """The cached disclosed run (only the rows of ``areas`` if given), or None if it cannot be used."""
    import pyarrow.parquet as pq

    from jobmaal.disclosure.gate import restore

    try:
        stored = json.loads((pq.read_schema(file).metadata or {}).get(_KEY, b"null"))
        if stored != json.loads(json.dumps(key)):
            log.info("disclosure cache %s: key differs; disclosing again", file)
            return None
        table = pq.read_table(file)
        if areas is not None:  # filtered in Arrow (the dataset filter costs 0.2 s to set up in a new process)
            import pyarrow as pa
            import pyarrow.compute as pc

            table = table.filter(pc.is_in(table["area_code"], pa.array(areas, pa.string())))
        frame = table.to_pandas()
        responses = frame.pop(_RESPONSES).to_numpy(dtype=bool)
        return restore(frame, policy, responses)
    except Exception as exc:  # a damaged or foreign file: disclose again and replace it
        log.warning("disclosure cache %s unreadable (%s); disclosing again", file, exc)
        return None


def _write(file: Path, key: dict[str, object], disclosed: DisclosedValues, mode: int = 0o644) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        frame = disclosed.frame
        frame[_RESPONSES] = np.asarray(disclosed._responses, dtype=bool)  # the gate's own flags
        table = pa.Table.from_pandas(frame, preserve_index=False)
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), _KEY: json.dumps(key).encode()})
        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
        os.close(fd)
        try:
            pq.write_table(table, tmp, compression="zstd")
            os.chmod(tmp, mode)  # readable by whoever may read the results file
            os.replace(tmp, file)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:  # a read-only folder: the cache is an optimisation only
        log.info("disclosure cache %s not written (%s)", file, exc)
