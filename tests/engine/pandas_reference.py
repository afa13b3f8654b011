"""A straightforward pandas implementation of the indicator definitions (totals only).

Written independently of the engine — by dates and days, not month indices — so that it can
check the engine's figures on synthetic data and serve as the benchmark's baseline.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from jobmaal.reference import municipalities

GROUPS4 = ["a_dagpenge", "kontanthjaelp", "uddannelseshjaelp", "ledighedsydelse"]
UPSKILLING = ["ordinary_education", "job_oriented_education", "adult_apprenticeship"]


def _read(data: Path, table: str) -> pd.DataFrame:
    return pd.read_parquet(data / table)


def _areas() -> pd.DataFrame:
    return pd.DataFrame(
        [(m.code, m.region_code, m.rar_code) for m in municipalities()],
        columns=["municipality_code", "region_code", "rar_code"],
    )


def _age(birth: pd.Series, d1: pd.Timestamp) -> pd.Series:
    b = pd.to_datetime(birth)
    before_birthday = (b.dt.month > d1.month) | ((b.dt.month == d1.month) & (b.dt.day > d1.day))
    return d1.year - b.dt.year - before_birthday.astype(int)


def _levels(df: pd.DataFrame, value: str | None) -> pd.DataFrame:
    """Sum ``value`` (or count distinct persons) per area level; df has person_key, month, municipality_code."""
    df = df.merge(_areas(), on="municipality_code")
    out = []
    for area_type, col in [("municipality", "municipality_code"), ("region", "region_code"), ("rar", "rar_code"),
                           ("country", None)]:
        keys = [col, "month"] if col else ["month"]
        g = df.groupby(keys)
        agg = g["person_key"].nunique().rename("persons").to_frame()
        agg["amount"] = g[value].sum() if value else agg["persons"]
        agg = agg.reset_index()
        agg["area_code"] = agg[col] if col else "000"
        agg["area_type"] = area_type
        out.append(agg[["area_type", "area_code", "month", "amount", "persons"]])
    return pd.concat(out, ignore_index=True)


def _residents(data: Path, months: list[pd.Timestamp], persons: pd.DataFrame, age: tuple[int, int]) -> pd.DataFrame:
    res = _read(data, "residence")
    res["valid_from"] = pd.to_datetime(res["valid_from"])
    res["valid_to"] = pd.to_datetime(res["valid_to"])
    res = res.merge(persons, on="person_key")
    parts = []
    for m in months:
        d1 = m + pd.offsets.MonthEnd(0)
        on = res[(res.valid_from <= d1) & (res.valid_to.isna() | (d1 < res.valid_to))]
        a = _age(on.birth_date, d1)
        on = on[(a >= age[0]) & (a <= age[1])]
        parts.append(on.assign(month=m)[["person_key", "municipality_code", "month"]])
    return pd.concat(parts, ignore_index=True)


def _months(weeks: pd.DataFrame) -> list[pd.Timestamp]:
    ws = pd.to_datetime(weeks.week_start)
    first = (ws.min() + pd.Timedelta(days=6)).to_period("M").to_timestamp()  # the month the first week ends in
    return list(pd.date_range(first, ws.max().to_period("M").to_timestamp(), freq="MS"))


def _share(num: pd.DataFrame, den: pd.DataFrame, num_value: str | None) -> pd.DataFrame:
    n = _levels(num, num_value).rename(columns={"amount": "numerator", "persons": "numerator_persons"})
    d = _levels(den, None).rename(columns={"amount": "denominator", "persons": "denominator_persons"})
    out = d.merge(n, on=["area_type", "area_code", "month"], how="left")
    out = out.fillna({"numerator": 0, "numerator_persons": 0})
    out["value"] = np.where(out.denominator > 0, 100 * out.numerator / out.denominator, np.nan)
    return out


def public_support(data: Path) -> pd.DataFrame:
    persons = _read(data, "persons")[["person_key", "birth_date"]]
    weeks = _read(data, "benefit_weeks")
    months = _months(weeks)
    ws = pd.to_datetime(weeks.week_start)
    dim = ws.dt.days_in_month
    first = np.minimum(7, dim - ws.dt.day + 1)
    m1 = ws.dt.to_period("M").dt.to_timestamp()
    part1 = pd.DataFrame({"person_key": weeks.person_key, "municipality_code": weeks.municipality_code,
                          "month": m1, "days": first})
    rest = first < 7
    part2 = pd.DataFrame({"person_key": weeks.person_key[rest], "municipality_code": weeks.municipality_code[rest],
                          "month": m1[rest] + pd.offsets.MonthBegin(1), "days": 7 - first[rest]})
    parts = pd.concat([part1, part2], ignore_index=True)
    parts = parts[parts.month.isin(months)].merge(persons, on="person_key")
    d1 = parts.month + pd.offsets.MonthEnd(0)
    b = pd.to_datetime(parts.birth_date)
    age = d1.dt.year - b.dt.year - ((b.dt.month > d1.dt.month) | ((b.dt.month == d1.dt.month) & (b.dt.day > d1.dt.day)))
    parts = parts[(age >= 16) & (age <= 66)]
    parts = parts.assign(fulltime=parts.days / parts.month.dt.days_in_month)
    den = _residents(data, months, persons, (16, 66))
    return _share(parts, den, "fulltime").assign(indicator_id="public_support_fulltime_share")


def upskilling(data: Path) -> pd.DataFrame:
    weeks = _read(data, "benefit_weeks")
    months = _months(weeks)
    w4 = weeks[weeks.benefit_group.isin(GROUPS4)].copy()
    w4["week_start"] = pd.to_datetime(w4.week_start)
    acts = _read(data, "activities")
    acts = acts[acts.activity_type.isin(UPSKILLING)].copy()
    start = pd.to_datetime(acts.start_date)
    acts["week_start"] = start - pd.to_timedelta(start.dt.weekday, unit="D")
    acts["month"] = start.dt.to_period("M").dt.to_timestamp()
    starts = acts[["person_key", "week_start", "month"]].merge(
        w4[["person_key", "week_start", "municipality_code"]], on=["person_key", "week_start"])
    starts = starts[starts.month.isin(months)]
    counts = _levels(starts, None).rename(columns={"amount": "value", "persons": "numerator_persons"})
    counts = counts.assign(indicator_id="mm17_upskilling_starts", numerator=counts.value)
    w4["month"] = w4.week_start.dt.to_period("M").dt.to_timestamp()
    share = _share(starts, w4[w4.month.isin(months)], None).assign(indicator_id="mm17_upskilling_share")
    return pd.concat([counts, share], ignore_index=True)


def refugees(data: Path) -> pd.DataFrame:
    persons = _read(data, "persons")
    weeks = _read(data, "benefit_weeks")
    months = _months(weeks)
    ref = persons[persons.residence_basis.isin(["refugee", "family_reunified_refugee"])
                  & (pd.to_datetime(persons.first_residence_permit_date) >= pd.Timestamp("2004-01-01"))]
    base = _residents(data, months, ref[["person_key", "birth_date"]], (18, 66))
    base = base.merge(ref[["person_key", "first_residence_permit_date"]], on="person_key")
    base = base[pd.to_datetime(base.first_residence_permit_date) <= base.month + pd.offsets.MonthEnd(0)]
    emp = _read(data, "employment_months")
    emp["month"] = pd.to_datetime(emp.month)
    hours = emp.set_index(["person_key", "month"]).unsupported_wage_hours
    out = []
    for ind, window, test in [("mm13_refugees_employed_share", 1, lambda h: h > 0),
                              ("mm13_refugees_190h_share", 3, lambda h: h >= 190)]:
        total = pd.Series(0.0, index=pd.MultiIndex.from_frame(base[["person_key", "month"]]))
        for lag in range(window):
            keys = pd.MultiIndex.from_arrays([base.person_key, base.month - pd.DateOffset(months=lag)])
            total += hours.reindex(keys).fillna(0).to_numpy()
        num = base[test(total.to_numpy())]
        out.append(_share(num, base, None).assign(indicator_id=ind))
    return pd.concat(out, ignore_index=True)


def compute_all(data: Path) -> pd.DataFrame:
    """Totals of the monthly register indicators for every area with data, by month."""
    frames = [public_support(data), upskilling(data), refugees(data)]
    out = pd.concat(frames, ignore_index=True)
    out["period"] = out.month.dt.date
    return out.drop(columns="month")
