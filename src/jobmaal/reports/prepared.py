"""The prepared follow-up of a year (``prepare_followup``: the models over all 98), kept on disk per run.

A one-off ``jobmaal report`` spends most of its own time on what is the same for every municipality and
plan: the expected-level fits, the pooled figures, the clusters. Like the disclosed run
(``jobmaal.publication``), that part is computed once per run and year and written next to the results
file (``<results file>.disclosed/…-followup-<year>.pickle``), so that the next report of the same run
and year, in any process, reads it in a few hundredths of a second (and never imports SciPy or
statsmodels). The targets are applied after reading (``followup_from``): a changed plan never needs a
new file.

A file is used only when its key matches in full: everything the disclosed run's cache is keyed by
(run, results file, policy, the gate's fingerprint), the year, the indicators asked for, the framework
conditions and clusters given (their files' contents, or the register folder's data fingerprint), and a
fingerprint of the follow-up's own code, the catalogue and the geography, and of the Python, NumPy and
pandas versions the pickle was written with. Pickles run code when read, so a file is
read only if it belongs to this user (or root) and no one else may write it or its folder; anything
else is computed again and replaced. ``JOBMAAL_DISCLOSURE_CACHE=off`` turns this cache off too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import pickle
import platform
import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from jobmaal import publication
from jobmaal.engine.fingerprint import data_fingerprint
from jobmaal.package_digest import package_digest

if TYPE_CHECKING:
    from jobmaal.analysis.followup import FollowupModels
    from jobmaal.reports.sources import FollowupOptions, RunSource

log = logging.getLogger("jobmaal.reports.prepared")

FORMAT_VERSION = 1
_CODE_PACKAGES = ("jobmaal.analysis", "jobmaal.catalog", "jobmaal.reference")


def prepared_followup(source: RunSource, year: int, options: FollowupOptions, *,
                      indicators: list[str] | None = None) -> FollowupModels:
    """``prepare_followup`` of the disclosed run for ``year``: read from the disk cache, else computed
    (and written there for the next process, if the values are the published run's)."""
    key: dict[str, object] = {}
    file = None
    if source.published:
        try:
            key = cache_key(source, year, options, indicators)
        except OSError:  # e.g. a conditions file that cannot be read: the follow-up itself says what is wrong
            key = {}
        file = cache_file(source.results, key) if key else None
    if file is not None and file.is_file():
        restored = _read(file, key)
        if restored is not None:
            return restored
    models = _prepare(source, year, options, indicators)
    if file is not None:
        from jobmaal.analysis.followup import complete_series

        complete_series(models)  # every municipality's seasonal adjustment, so no reader fits one
        _write(file, key, models, source.results.stat().st_mode & 0o644)
    return models


def _prepare(source: RunSource, year: int, options: FollowupOptions, indicators: list[str] | None
             ) -> FollowupModels:
    from jobmaal.analysis.followup import prepare_followup
    from jobmaal.analysis.results import results_from_frame
    from jobmaal.reports.sources import whole

    source = whole(source)  # the models are fitted across all 98
    res = results_from_frame(source.disclosed.filter(breakdowns=False).frame, source.run)
    return prepare_followup(res, year, indicators=indicators, conditions=options.conditions,
                            data_dir=options.data_dir, clusters=options.clusters, policy=source.disclosed.policy)


@cache
def code_fingerprint() -> str:
    """Changes whenever the follow-up could come out differently from the same values: its code, the
    catalogue and the geography (package files), and the versions the pickle depends on."""
    import numpy
    import pandas

    versions = f"{platform.python_version()} {numpy.__version__} {pandas.__version__}"
    return hashlib.sha256(f"{package_digest(*_CODE_PACKAGES)} {versions}".encode()).hexdigest()


def _file_digest(path: Path | None) -> str | None:
    return None if path is None else hashlib.sha256(Path(path).read_bytes()).hexdigest()


def cache_key(source: RunSource, year: int, options: FollowupOptions, indicators: list[str] | None
              ) -> dict[str, object]:
    """Everything a prepared follow-up depends on."""
    st = source.results.stat()
    policy = source.disclosed.policy
    return {
        "format": FORMAT_VERSION,
        "run_id": source.run.run_id,
        "computed_at": str(source.run.computed_at),
        "results_file": {"size": st.st_size, "mtime_ns": st.st_mtime_ns},
        "policy": dataclasses.asdict(policy),
        "gate": publication.gate_fingerprint(),
        "year": year,
        # A window ending before the year holds less than the run; one ending in or after it, the same.
        "window": source.up_to_year if source.up_to_year is not None and source.up_to_year < year else None,
        "indicators": list(indicators) if indicators is not None else None,
        "conditions": _file_digest(options.conditions),
        "clusters": _file_digest(options.clusters),
        "data_dir": data_fingerprint(options.data_dir) if options.data_dir is not None else None,
        "code": code_fingerprint(),
    }


def cache_file(results: Path, key: dict[str, object]) -> Path | None:
    """Where the prepared follow-up of ``key`` goes; None when the disk cache is off."""
    folder = publication.cache_folder(results)
    if folder is None:
        return None
    digest = hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()[:20]
    return folder / f"{key['run_id']}-followup-{key['year']}-{digest}.pickle"


def _trusted(path: Path) -> bool:
    """Owned by this user (or root) and writable by no one else: safe to unpickle."""
    st = path.stat()
    return st.st_uid in (os.getuid(), 0) and not st.st_mode & 0o022


def _read(file: Path, key: dict[str, object]) -> FollowupModels | None:
    try:
        if not (_trusted(file) and _trusted(file.parent)):
            log.warning("follow-up cache %s: not safe to read (owner or permissions); computing again", file)
            return None
        with file.open("rb") as fh:
            stored_key = pickle.load(fh)
            if stored_key != json.loads(json.dumps(key, default=str)):
                log.info("follow-up cache %s: key differs; computing again", file)
                return None
            models: FollowupModels = pickle.load(fh)
    except Exception as exc:  # a damaged or foreign file: compute again and replace it
        log.warning("follow-up cache %s unreadable (%s); computing again", file, exc)
        return None
    from jobmaal.catalog import default_catalog

    # The catalogue is not stored (it is the shipped one, fingerprinted in the key): the process's own.
    return dataclasses.replace(models, catalog=default_catalog())


def _write(file: Path, key: dict[str, object], models: FollowupModels, mode: int) -> None:
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=f".{file.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(json.loads(json.dumps(key, default=str)), fh, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(dataclasses.replace(models, catalog=None), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.chmod(tmp, mode)  # readable by whoever may read the results file, writable by no one else
            os.replace(tmp, file)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except (OSError, pickle.PicklingError) as exc:  # a read-only folder: the cache is an optimisation only
        log.info("follow-up cache %s not written (%s)", file, exc)
