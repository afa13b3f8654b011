"""What outputs may show: a run's indicator values after the disclosure gate, computed once per run.

Every output (exports, web pages, API, reports) reads figures through ``published``; the
disclosed run is cached per process, keyed by results file, run and policy.
"""

from __future__ import annotations

import threading
from pathlib import Path

from jobmaal.disclosure import DEFAULT_POLICY, DisclosedValues, DisclosurePolicy, disclose
from jobmaal.engine.results import read_values, resolve_run

_CACHE: dict[tuple[str, str, DisclosurePolicy], DisclosedValues] = {}
_LOCK = threading.Lock()
_MAX_ENTRIES = 4


def published(results: Path, run_id: str | None = None, policy: DisclosurePolicy = DEFAULT_POLICY) -> DisclosedValues:
    """The whole run (the latest unless named) after disclosure control; filter it afterwards."""
    run = resolve_run(results, run_id)
    key = (str(Path(results).resolve()), run.run_id, policy)
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
    disclosed = disclose(read_values(results, run_id=run.run_id), policy)
    with _LOCK:
        if len(_CACHE) >= _MAX_ENTRIES:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = disclosed
    return disclosed
