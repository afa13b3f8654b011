"""The web server's chart helper for report downloads (``jobmaal.reports.charts.ChartHelper``).

A download draws its charts in the helper process, on another core and without holding this process's
GIL, while the report is put together and its PDF laid out. Started on first use (``jobmaal serve``
starts it while warming up), kept for the server's life, restarted if it dies, closed at shutdown.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jobmaal.reports.helper import ChartHelper


class ReportCharts:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._helper: ChartHelper | None = None

    def helper(self) -> ChartHelper:
        with self._lock:
            if self._helper is None:
                from jobmaal.reports.helper import ChartHelper

                self._helper = ChartHelper(restart=True)
            return self._helper

    def close(self) -> None:
        with self._lock:
            helper, self._helper = self._helper, None
        if helper is not None:
            helper.close()
