"""The results file: runs kept, partial recomputation, failed runs leave results untouched."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from jobmaal.engine.results import list_runs, read_values
from jobmaal.engine.runner import ComputeRequest, compute
from jobmaal.errors import RegisterError, ResultsError
from tests.engine.builder import Registers

IND = "public_support_fulltime_share"


def _registers(extra_week: bool = False) -> Registers:
    r = Registers()
    r.person("a", "1980-01-01").weeks("a", "2021-01-04", 12)
    if extra_week:
        r.person("b", "1980-01-01").weeks("b", "2021-03-01", 1)
    return r


def test_runs_are_kept_and_the_latest_is_read(tmp_path: Path) -> None:
    data, results = _registers().write(tmp_path / "d1"), tmp_path / "r.duckdb"
    first = compute(ComputeRequest(data, results, indicators=[IND]))
    second = compute(ComputeRequest(data, results, indicators=[IND]))
    assert [r.run_id for r in list_runs(results)] == [first.run_id, second.run_id]
    assert set(read_values(results).run_id) == {second.run_id}
    assert set(read_values(results, run_id=first.run_id).run_id) == {first.run_id}
    assert first.data_fingerprint == second.data_fingerprint
    with pytest.raises(ResultsError, match="no run 'nope'"):
        read_values(results, run_id="nope")


def test_recomputing_a_month_replaces_only_that_month(tmp_path: Path) -> None:
    results = tmp_path / "r.duckdb"
    compute(ComputeRequest(_registers().write(tmp_path / "d1"), results, indicators=[IND]))
    before = read_values(results, areas=["101"], breakdowns=False).set_index("period")
    # New data adds a person on benefits in March; recompute March only.
    changed = _registers(extra_week=True).write(tmp_path / "d2")
    run = compute(ComputeRequest(changed, results, indicators=[IND], period_from=dt.date(2021, 3, 1),
                                 period_to=dt.date(2021, 3, 1)))
    after = read_values(results, areas=["101"], breakdowns=False).set_index("period")
    assert set(after.run_id) == {run.run_id}
    assert list(after.index) == list(before.index)  # every month still there
    march = pd.Timestamp("2021-03-01")
    assert after.loc[march, "denominator"] == before.loc[march, "denominator"] + 1
    others = [p for p in before.index if p != march]
    assert after.loc[others, "value"].tolist() == before.loc[others, "value"].tolist()


def test_a_failed_run_leaves_the_previous_results(tmp_path: Path) -> None:
    results = tmp_path / "r.duckdb"
    good = compute(ComputeRequest(_registers().write(tmp_path / "d1"), results, indicators=[IND]))
    before = read_values(results)
    broken = _registers().write(tmp_path / "d2")
    for f in (broken / "persons").glob("*.parquet"):
        f.unlink()
    with pytest.raises(RegisterError, match="persons"):
        compute(ComputeRequest(broken, results, indicators=[IND]))
    assert [r.run_id for r in list_runs(results)] == [good.run_id]
    assert read_values(results).equals(before)


def test_missing_results_file(tmp_path: Path) -> None:
    with pytest.raises(ResultsError, match="results file not found"):
        read_values(tmp_path / "none.duckdb")


def test_person_ranges_give_the_same_figures(tmp_path: Path) -> None:
    """Computing range by range of persons must equal computing all at once (distinct counts too)."""
    from jobmaal.engine.backend import BackendSettings

    r = Registers()
    for i in range(9):
        key, muni = f"k{i}", ["101", "147", "151"][i % 3]
        r.person(key, f"19{60 + i}-0{1 + i % 9}-15", sex=["male", "female"][i % 2], municipality=muni)
        r.weeks(key, "2021-01-04", 3 + i, group=["a_dagpenge", "kontanthjaelp"][i % 2], municipality=muni)
        r.activity(key, "ordinary_education", "2021-01-13", "2021-03-01", municipality=muni)
        r.hours(key, "2021-01-01", 10 * i)
    r.move("k0", "147", "2021-02-10").weeks("k0", "2021-02-15", 2, group="a_dagpenge", municipality="147")
    data = r.write(tmp_path / "d")
    frames = []
    for chunk in (1_000_000, 4):
        results = tmp_path / f"r{chunk}.duckdb"
        compute(ComputeRequest(data, results, settings=BackendSettings(chunk_persons=chunk)))
        frames.append(read_values(results).drop(columns="run_id"))
    for other in frames[1:]:
        pd.testing.assert_frame_equal(frames[0], other)
    assert frames[0][frames[0].area_code == "000"].numerator_persons.max() >= 9


def test_data_that_does_not_match_the_model(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = _registers().write(tmp_path / "d")
    weeks = pq.read_table(data / "benefit_weeks")
    weeks = weeks.set_column(1, "week_start", pa.array([str(d) for d in weeks.column("week_start").to_pylist()]))
    pq.write_table(weeks, data / "benefit_weeks" / "part-00000.parquet")
    expected = r"benefit_weeks: wrong column type\(s\): week_start is VARCHAR, expected DATE"
    with pytest.raises(RegisterError, match=expected):
        compute(ComputeRequest(data, tmp_path / "r.duckdb", indicators=[IND]))
    pq.write_table(weeks.drop(["benefit_group"]), data / "benefit_weeks" / "part-00000.parquet")
    with pytest.raises(RegisterError, match=r"benefit_weeks: missing column\(s\) \['benefit_group'\]"):
        compute(ComputeRequest(data, tmp_path / "r.duckdb", indicators=[IND]))
    assert not (tmp_path / "r.duckdb").exists()


@pytest.fixture(scope="module")
def synthetic_full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    from jobmaal.registers.synthetic import GenerateOptions, generate

    tmp = tmp_path_factory.mktemp("window")
    data = tmp / "data"
    generate(GenerateOptions.build(data, persons=3000, seed=11, start="2020-01", end="2021-12"))
    results = tmp / "full.duckdb"
    compute(ComputeRequest(data, results))  # 24 months: no copy of a window into memory
    return data, read_values(results).drop(columns="run_id")


@pytest.mark.parametrize("month", ["2020-01-01", "2020-12-01", "2021-03-01", "2021-12-01"])
@pytest.mark.parametrize("window_months", [0, 4])
def test_recomputing_one_month_equals_the_full_run(
    tmp_path: Path, synthetic_full: tuple[Path, pd.DataFrame], month: str, window_months: int
) -> None:
    """One month, read through the copied window (window_months=4) or the files (0): the full run's figures.

    December checks the yearly indicator (November's hours), March the three-month look-back, January
    the first month (weeks starting in the previous December). With the copy, ranges hold 8 × 150 persons.
    """
    from jobmaal.engine.backend import BackendSettings

    data, full = synthetic_full
    m = dt.date.fromisoformat(month)
    results = tmp_path / "one.duckdb"
    settings = BackendSettings(window_months=window_months, chunk_persons=150 if window_months else 1200)
    compute(ComputeRequest(data, results, period_from=m, period_to=m, settings=settings))
    one = read_values(results).drop(columns="run_id")
    yearly = full.indicator_id == "disability_employment_rate"  # period: the year's 1 January, set in December
    period = pd.to_datetime(full.period)
    expected = full[(~yearly & (period == pd.Timestamp(m)))
                    | (yearly & (m.month == 12) & (period == pd.Timestamp(m.year, 1, 1)))]
    keys = ["indicator_id", "area_type", "area_code", "period", "breakdown", "breakdown_value"]
    recruitment = "recruitment_unsuccessful_share"  # half-yearly, from an aggregated table
    one, expected = (f[f.indicator_id != recruitment].sort_values(keys).reset_index(drop=True) for f in (one, expected))
    assert len(expected) > 1000
    pd.testing.assert_frame_equal(one, expected, check_exact=False, rtol=1e-12)
    assert (one.indicator_id == "disability_employment_rate").any() == (m.month == 12)


def test_a_narrow_window_is_copied_only_for_few_months() -> None:
    from jobmaal.catalog import default_catalog
    from jobmaal.engine.backend import BackendSettings
    from jobmaal.engine.runner import _narrow_reads

    cat = default_catalog()
    inds = [cat.indicator(i) for i in cat.indicators]
    k = 2021 * 12 + 11
    windows, chunk = _narrow_reads(inds, k, k, BackendSettings())
    assert windows is not None and set(windows) >= {"benefit_weeks", "employment_months", "residence"}
    weeks = windows["benefit_weeks"]
    assert weeks is not None and (weeks.first, weeks.last) == (dt.date(2021, 11, 25), dt.date(2021, 12, 31))
    employment = windows["employment_months"]  # the 190-hour indicator sums three months
    assert employment is not None and employment.first == dt.date(2021, 10, 1)
    assert chunk == BackendSettings().chunk_persons * 8
    assert _narrow_reads(inds, k - 11, k, BackendSettings()) == (None, BackendSettings().chunk_persons)


def test_the_person_attributes_hold_every_age_the_indicators_compare_with() -> None:
    from jobmaal.catalog import default_catalog
    from jobmaal.engine.assemble import indicator_age_bounds

    cat = default_catalog()
    groups = {16, 30, 50, 67}  # the age groups 16-29, 30-49, 50-66: each group's first age and the age after it
    assert indicator_age_bounds(cat.indicator("public_support_fulltime_share"), cat.breakdowns) == groups
    # the refugees are counted from 18 (nested in the measure's population)
    assert indicator_age_bounds(cat.indicator("mm13_refugees_employed_share"), cat.breakdowns) == groups | {18}


def test_identical_frames_and_populations_are_planned_once(tmp_path: Path) -> None:
    from jobmaal.catalog import default_catalog
    from jobmaal.engine.backend import BackendSettings, RegisterViews, connect
    from jobmaal.engine.runner import _people, _plan_jobs

    cat = default_catalog()
    inds = [cat.indicator(i) for i in cat.indicators]
    con = connect(BackendSettings())
    try:
        views = RegisterViews(con, _registers().write(tmp_path / "d"))
        _, people = _people(con, views.tables(), cat, inds)
        jobs = {j.partials.indicator.id: j for j in _plan_jobs(con, views.tables(), cat, inds, 24253, 24255, people)}
    finally:
        con.disconnect()
    assert jobs["mm17_upskilling_share"].numerator is jobs["mm17_upskilling_starts"].numerator
    assert jobs["mm13_refugees_190h_share"].population is jobs["mm13_refugees_employed_share"].population
    assert jobs["public_support_fulltime_share"].population is not jobs["mm13_refugees_employed_share"].population
