"""The PDFs render to PNG pages with pdftoppm; one page per report kind is kept under test-artifacts/."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from jobmaal.analysis.objects import FollowupResult
from jobmaal.reports.make import plan_report, results_report, write_report
from jobmaal.reports.sources import PlanSource, RunSource
from tests.reports.conftest import ARTIFACTS, CODE, YEAR


def _pages(pdf: Path, out: Path, dpi: int = 40, page: int | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    only = ["-f", str(page), "-l", str(page)] if page else []
    subprocess.run(["pdftoppm", "-r", str(dpi), *only, "-png", str(pdf), str(out / "page")], check=True,
                   capture_output=True)
    return sorted(out.glob("page-*.png"))


def _page_with(pdf: Path, pages: int, text: str) -> int:
    """The first page whose text contains ``text``."""
    for page in range(1, pages + 1):
        done = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(pdf), "-"],
                              check=True, capture_output=True, text=True)
        if text in done.stdout:
            return page
    raise AssertionError(f"no page of {pdf} has {text!r}")


@pytest.mark.parametrize("kind", ["results", "plan"])
def test_every_page_renders_and_one_is_kept(kind: str, source: RunSource, plans: PlanSource,
                                            followup_all: FollowupResult, tmp_path: Path) -> None:
    if kind == "results":
        report = results_report(source, YEAR, CODE, plans=plans, fr=followup_all)
        heading = "Mål 3: Flere flygtninge"  # chart, comparison, target and development tables
    else:
        report = plan_report(source, YEAR, CODE, plans=plans)
        heading = "Mål 2: Flere ledige skal opkvalificeres"  # explanation, strategy, targets with baselines
    pdf = write_report(report, tmp_path / f"{kind}.pdf")
    pages = _pages(pdf, tmp_path / "png")
    assert len(pages) >= (8 if kind == "results" else 6)
    for page in pages:
        assert page.stat().st_size > 2_000 and page.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    keep = _page_with(pdf, len(pages), heading)
    (kept,) = _pages(pdf, tmp_path / "keep", dpi=100, page=keep)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{kind}-page-*.png"):
        old.unlink()
    shutil.copy(kept, ARTIFACTS / f"{kind}-page-{keep}.png")
    shutil.copy(pdf, ARTIFACTS / f"{kind}-{CODE}.pdf")
    assert (ARTIFACTS / f"{kind}-page-{keep}.png").stat().st_size > 20_000
