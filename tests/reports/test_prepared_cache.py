"""The prepared follow-up of a year is kept on disk per run (``jobmaal.reports.prepared``): a new process
reads it instead of fitting the models again, gets exactly the follow-up it would have computed (targets
applied afterwards, every municipality's series included), and anything that could change it, or values
not published from the run, never read a file."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from jobmaal import publication
from jobmaal.analysis import to_jsonable
from jobmaal.reports import prepared
from jobmaal.reports.sources import FollowupOptions, PlanSource, RunSource, followup_of, load_run
from tests.reports.conftest import CODE, YEAR


@pytest.fixture()
def results(results_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the session's results file with an empty cache folder (the default, next to it)."""
    copy = tmp_path / "results.duckdb"
    shutil.copy2(results_file, copy)
    monkeypatch.delenv(publication.ENV_VAR, raising=False)
    return copy


def _files(results: Path) -> list[Path]:
    return sorted(results.with_name(results.name + ".disclosed").glob("*-followup-*.pickle"))


def _no_models(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("fitted the models again instead of reading the cache")

    monkeypatch.setattr(prepared, "_prepare", refuse)


def _doc(source: RunSource, targets: pd.DataFrame | None = None, code: str = CODE) -> object:
    return to_jsonable(followup_of(source, YEAR, code, targets=targets))


def test_a_new_process_reads_the_same_follow_up_from_disk(results: Path, plans: PlanSource,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    source = load_run(results, up_to_year=YEAR)
    targets = plans.targets()
    assert (targets["municipality_code"] == CODE).any()  # the targets are applied after reading: tested too
    with monkeypatch.context() as m:
        m.setenv(publication.ENV_VAR, "off")
        computed = [_doc(source, targets, code) for code in (CODE, "851")]
    assert _files(results) == []
    first = _doc(source, targets)  # computes and writes
    assert len(_files(results)) == 1
    _no_models(monkeypatch)
    again = [_doc(source, targets, code) for code in (CODE, "851")]
    assert again == computed and first == computed[0]
    (municipality,) = computed[0]["municipalities"]  # type: ignore[index]
    indicators = [i for g in municipality["goals"] for i in g["indicators"]] + municipality["context"]
    points = [p for i in indicators for p in i["series"]]
    assert any(p["seasonally_adjusted"] is not None for p in points)
    # Every area's seasonal adjustment is in the file: a reader fits nothing, whichever municipality it is.
    (file,) = _files(results)
    models = prepared._read(file, prepared.cache_key(source, YEAR, FollowupOptions(), None))
    assert models is not None
    monthly = [p for p in models.indicators if p.iy.indicator.period.value == "month" and p.iy.latest is not None]
    assert monthly and all(p._series is not None and len(p._series.adjusted) == len(p._series.position) == 98
                           for p in monthly)


def test_the_key_separates_years_indicators_options_windows_and_changed_results(
        results: Path, results_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = load_run(results, up_to_year=YEAR)
    followup_of(source, YEAR, CODE)
    followup_of(source, YEAR - 1, CODE)
    followup_of(source, YEAR, CODE, indicators=["public_support_fulltime_share"])
    conditions = tmp_path / "conditions.csv"
    options = FollowupOptions(conditions=None)
    assert len(_files(results)) == 3
    # A window ending before the year holds less than the run: its own file, never the run's.
    window = load_run(results, up_to_year=YEAR - 1)
    assert prepared.cache_key(window, YEAR, options, None)["window"] == YEAR - 1
    assert prepared.cache_key(window, YEAR - 1, options, None) == prepared.cache_key(source, YEAR - 1, options, None)
    # A conditions file is keyed by its content.
    frame = pd.DataFrame({"municipality_code": ["101"], "year": [YEAR], "population_16_66": [1.0]})
    frame.to_csv(conditions, index=False)
    one = prepared.cache_key(source, YEAR, FollowupOptions(conditions=conditions), None)
    frame.assign(population_16_66=2.0).to_csv(conditions, index=False)
    assert prepared.cache_key(source, YEAR, FollowupOptions(conditions=conditions), None) != one
    # Any write to the results file (here: only its time) makes the old files unusable.
    before = prepared.cache_key(source, YEAR, options, None)
    st = results.stat()
    os.utime(results, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert prepared.cache_key(source, YEAR, options, None) != before


def test_values_not_published_from_the_run_are_never_cached(results: Path, source: RunSource) -> None:
    by_hand = RunSource(results, source.run, source.disclosed)  # e.g. a test's or a bypass's values
    assert not by_hand.published
    followup_of(by_hand, YEAR, CODE)
    assert _files(results) == []


def test_a_damaged_foreign_or_unsafe_file_is_computed_again(results: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = load_run(results, up_to_year=YEAR)
    expected = _doc(source)
    (file,) = _files(results)
    file.write_bytes(b"not a pickle")
    assert _doc(source) == expected  # recomputed, and the file replaced
    assert prepared._read(file, prepared.cache_key(source, YEAR, FollowupOptions(), None)) is not None
    # Another key's file under this name is not trusted.
    assert prepared._read(file, {**prepared.cache_key(source, YEAR, FollowupOptions(), None), "year": 1999}) is None
    # Writable by others: a pickle runs code when read, so it is not read at all.
    file.chmod(0o666)
    _no_models(monkeypatch)
    with pytest.raises(AssertionError, match="fitted the models again"):
        followup_of(source, YEAR, CODE)


def test_an_unreadable_conditions_file_gets_the_follow_ups_own_error(results: Path, tmp_path: Path) -> None:
    from jobmaal.errors import JobmaalError

    source = load_run(results, up_to_year=YEAR)
    with pytest.raises(JobmaalError, match=r"missing\.csv"):
        followup_of(source, YEAR, CODE, options=FollowupOptions(conditions=tmp_path / "missing.csv"))
    assert _files(results) == []
