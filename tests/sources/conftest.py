from __future__ import annotations

from collections.abc import Iterator

import pytest

from jobmaal.sources.http import HttpSettings

from .fake_apis import FakeApis, running

# Fast, still real: two retries, tiny back-off, no pause between requests; a timeout that a loaded CI
# machine never reaches for a normal answer. SHORT is for the timeout tests (the fake waits 3 s there).
FAST = HttpSettings(timeout=30.0, retries=2, backoff=0.01, max_backoff=0.05, min_interval=0.0)
SHORT = HttpSettings(timeout=1.0, retries=2, backoff=0.01, max_backoff=0.05, min_interval=0.0)


@pytest.fixture
def apis() -> Iterator[FakeApis]:
    with running() as a:
        yield a
