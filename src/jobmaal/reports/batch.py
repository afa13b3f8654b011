"""Reports for every municipality at once, in parallel processes.

The parent computes the follow-up of all 98 municipalities once and, per municipality, the small
pieces its report needs (that municipality's follow-up and its suppressed cells); worker processes
draw the charts and write the files. Workers are started with ``spawn``: no state is shared with the
parent beyond what each job carries.
"""

from __future__ import annotations

import multiprocessing
import os
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from jobmaal.analysis.objects import FollowupResult
from jobmaal.plans import LocalValue, PlanVersion
from jobmaal.reference import COUNTRY_CODE, municipalities
from jobmaal.reports.disclosed import Suppressions
from jobmaal.reports.make import check_format, check_kind, plan_indicators, slim
from jobmaal.reports.sources import FollowupOptions, PlanSource, RunSource, followup_of

_NAMES = {("results", "da"): "resultatrevision", ("results", "en"): "results-report",
          ("plan", "da"): "beskaeftigelsesplan", ("plan", "en"): "employment-plan"}
_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def file_name(kind: str, year: int, code: str, name: str, fmt: str, lang: str) -> str:
    """``resultatrevision-2021-101-koebenhavn.pdf``: ASCII, so it survives any zip or mail client."""
    ascii_name = unicodedata.normalize("NFKD", name.translate(_ASCII)).encode("ascii", "ignore").decode()
    slug = "-".join("".join(ch if ch.isalnum() else " " for ch in ascii_name.lower()).split())
    return f"{_NAMES[(kind, lang)]}-{year}-{code}-{slug}.{fmt}"


@dataclass(frozen=True)
class Job:
    """Everything one worker needs for one municipality's report (picklable, small)."""

    kind: str
    year: int
    code: str
    lang: str
    fmt: str
    out: Path
    followup: FollowupResult | None  # this municipality only (the baseline year's for a plan)
    suppressions: Suppressions | None
    plan: PlanVersion | None
    local_values: tuple[LocalValue, ...]
    source: RunSource
    charts: bool


def run_job(job: Job) -> tuple[str, Path, float]:
    """Make and write one report; returns (code, path, seconds)."""
    from jobmaal.reports.make import plan_report, results_report, write_report

    started = time.perf_counter()
    plans = PlanSource(job.year, {job.code: job.plan} if job.plan else {}, {job.code: list(job.local_values)})
    if job.kind == "results":
        assert job.followup is not None and job.suppressions is not None
        report = results_report(job.source, job.year, job.code, plans=plans, lang=job.lang, fr=job.followup,
                                charts=job.charts, disclosed=job.suppressions)
    else:
        report = plan_report(job.source, job.year, job.code, plans=plans, lang=job.lang, baseline=job.followup,
                             disclosed=job.suppressions)
    write_report(report, job.out, job.fmt)
    return job.code, job.out, time.perf_counter() - started


def jobs_for_all(kind: str, year: int, fmt: str, out_dir: Path, source: RunSource, plans: PlanSource, *,
                 lang: str = "da", options: FollowupOptions | None = None, charts: bool = True,
                 codes: list[str] | None = None) -> Iterator[Job]:
    """One job per municipality (all 98 unless ``codes``), with the follow-up computed once for all.

    A generator: the workers start on the first reports while the parent prepares the rest."""
    check_kind(kind)
    check_format(fmt)
    if kind == "results":
        fr = followup_of(source, year, None, targets=plans.targets(), options=options)
    else:
        fr = followup_of(source, year - 1, None, options=options, indicators=plan_indicators(year))
    # Jobs carry their own municipality's suppressed cells, not the whole disclosed run.
    light = RunSource(source.results, source.run, source.disclosed.filter(areas=[]))
    frame = source.disclosed.frame
    texts = source.disclosed.explanations(lang).to_numpy()
    rows_of = frame.groupby("area_code", sort=False).indices  # area → row positions, found once
    for m in municipalities():
        if codes is not None and m.code not in codes:
            continue
        mf = fr.municipality(m.code)
        positions = np.concatenate([rows_of.get(a, np.zeros(0, dtype=np.intp))
                                    for a in dict.fromkeys([m.code, mf.rar_code, COUNTRY_CODE])])
        sup = Suppressions.from_rows(frame.iloc[positions], texts[positions], lang)
        yield Job(kind=kind, year=year, code=m.code, lang=lang, fmt=fmt,
                  out=Path(out_dir) / file_name(kind, year, m.code, m.name, fmt, lang),
                  followup=slim(fr, m.code), suppressions=sup, plan=plans.plan(m.code),
                  local_values=tuple(plans.values(m.code)), source=light, charts=charts)


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))


def run_jobs(jobs: Iterable[Job], workers: int | None = None,
             progress: Callable[[str, Path, float], None] | None = None) -> list[Path]:
    """Run the jobs in ``workers`` processes (1: in this process); ``progress`` is called per report."""
    workers = workers or default_workers()
    done: list[Path] = []

    def finished(result: tuple[str, Path, float]) -> None:
        code, path, seconds = result
        done.append(path)
        if progress:
            progress(code, path, seconds)

    if workers == 1:
        for job in jobs:
            finished(run_job(job))
        return done
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending: set[Future[tuple[str, Path, float]]] = set()
        try:
            for job in jobs:  # submitted as they are made; collect what is ready meanwhile
                pending.add(pool.submit(run_job, job))
                ready, pending = wait(pending, timeout=0, return_when=FIRST_EXCEPTION)
                for future in ready:
                    finished(future.result())  # re-raises a worker's error here
            while pending:
                ready, pending = wait(pending, return_when=FIRST_EXCEPTION)
                for future in ready:
                    finished(future.result())
        except BaseException:
            pool.shutdown(wait=True, cancel_futures=True)  # stop at the first failure
            raise
    return sorted(done)
