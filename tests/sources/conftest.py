from __future__ import annotations

from collections.abc import Iterator

import pytest

from jobmaal.sources.http import HttpSettings

from .fake_apis import FakeApis, running

# Fast, still real: two retries, tiny back-off, a short timeout, no pause between requests.
FAST = HttpSettings(timeout=0.4, retries=2, backoff=0.01, max_backoff=0.05, min_interval=0.0)


@pytest.fixture
def apis() -> Iterator[FakeApis]:
    with running() as a:
        yield a
