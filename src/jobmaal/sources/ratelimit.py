"""A polite rate limit: at least ``min_interval`` seconds between two requests to the same service."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class RateLimiter:
    """Spaces calls out in time; thread-safe, so a client shared by threads stays polite."""

    def __init__(self, min_interval: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.min_interval = max(0.0, float(min_interval))
        self._clock = clock
        self._sleep = sleep
        self._next = 0.0
        self._lock = threading.Lock()
        self.waited = 0.0  # total seconds spent waiting (reported by the fetch commands)

    def wait(self) -> None:
        with self._lock:
            now = self._clock()
            delay = self._next - now
            if delay > 0:
                self._sleep(delay)
                self.waited += delay
                now = self._clock()
            self._next = max(now, self._next) + self.min_interval
