"""Settings for the whole test session."""

from __future__ import annotations

import os

# Every report is made by the test's own code, never by a report service the developer may be running
# (tests/reports/test_report_service.py starts its own and turns this back on).
os.environ["JOBMAAL_REPORT_SERVICE"] = "off"
