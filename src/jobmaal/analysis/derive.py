"""Deriving framework conditions from the register data (DuckDB over the Parquet files) and the results.

Residents are counted on 1 January of each year (the conditions a municipality starts the year with),
with age in completed years on that day. The public-support level of the rest of the RAR area comes from
the results file: the pooled ``public_support_fulltime_share`` of the other municipalities of the RAR
area over the twelve months before the year (the year itself when the data start in it).

The shares are published (the follow-up's ``conditions``, the report's *Rammevilkår*), so they pass
``jobmaal.disclosure.disclose_shares`` with the installation's policy: a share whose persons (numerator,
denominator or complement) are between 1 and the threshold − 1 is null, and so is a residents count below
the threshold. The person counts stay inside this module (``register_counts`` is for tests and checks).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from jobmaal.analysis.conditions import POPULATION, validate_conditions
from jobmaal.disclosure import DEFAULT_POLICY, DisclosurePolicy, ShareGroup, disclose_shares, small_counts
from jobmaal.errors import RegisterError
from jobmaal.reference import municipalities

PUBLIC_SUPPORT = "public_support_fulltime_share"
REFUGEE_POPULATION = "mm13_refugees_employed_share"  # its denominator: refugees 18-66 with a permit from 2004

# One query per year, with the reference date as a literal so that DuckDB can push the filters
# (resident on the day; born so as to be 16-66 on it) into the Parquet scans before the join.
_QUERY = """
WITH res AS (
    SELECT person_key, municipality_code FROM read_parquet($residence)
    WHERE valid_from <= DATE '{d}' AND (valid_to IS NULL OR valid_to > DATE '{d}')
),
pop AS (
    SELECT person_key, education, residence_basis,
           {year} - year(birth_date)
             - CASE WHEN month(birth_date) * 100 + day(birth_date) > 101 THEN 1 ELSE 0 END AS age
    FROM read_parquet($persons)
    WHERE birth_date > DATE '{oldest}' AND birth_date <= DATE '{youngest}'
)
SELECT {year} AS year, municipality_code,
       count(*) AS population_16_66,
       count(*) FILTER (WHERE education IS NOT NULL) AS education_known,
       count(*) FILTER (WHERE education = 'unskilled') AS unskilled,
       count(*) FILTER (WHERE residence_basis IN ('refugee', 'family_reunified_refugee')) AS refugees,
       count(*) FILTER (WHERE residence_basis = 'other_immigrant') AS other_immigrants,
       count(*) FILTER (WHERE age BETWEEN 16 AND 29) AS age_16_29,
       count(*) FILTER (WHERE age BETWEEN 50 AND 66) AS age_50_66
FROM res JOIN pop USING (person_key)
WHERE age BETWEEN 16 AND 66
GROUP BY municipality_code
"""

# Each share and the persons behind it. Shares over one denominator form a group: their rest (the
# 30-49 year olds; everyone neither refugee nor other immigrant) follows from them and is protected too.
SHARE_GROUPS: tuple[ShareGroup, ...] = (
    ShareGroup("education_known", (("unskilled_share", "unskilled"),)),
    ShareGroup(POPULATION, (("refugee_share", "refugees"), ("other_nonnative_share", "other_immigrants"))),
    ShareGroup(POPULATION, (("age_16_29_share", "age_16_29"), ("age_50_66_share", "age_50_66"))),
)
COUNT_COLUMNS: tuple[str, ...] = (POPULATION, "education_known", "unskilled", "refugees", "other_immigrants",
                                  "age_16_29", "age_50_66")


def _year_query(year: int) -> str:
    # 16 on 1 January: born on or before 1 January, 16 years earlier; 66: born after 1 January, 67 years earlier.
    return _QUERY.format(d=f"{year:04d}-01-01", year=year, oldest=f"{year - 67:04d}-01-01",
                         youngest=f"{year - 16:04d}-01-01")


def _glob(data_dir: Path, table: str) -> str:
    folder = data_dir / table
    if not folder.is_dir() or not any(folder.rglob("*.parquet")):
        raise RegisterError(f"{folder}: no Parquet files for table {table!r}; is {data_dir} a register data "
                            "directory (see 'jobmaal generate')?")
    return str(folder / "**" / "*.parquet")


def register_counts(data_dir: Path | str, years: list[int]) -> pd.DataFrame:
    """Persons per municipality and year behind the shares (``COUNT_COLUMNS``): never to be published."""
    import duckdb

    data_dir = Path(data_dir)
    params = {"residence": _glob(data_dir, "residence"), "persons": _glob(data_dir, "persons")}
    con = duckdb.connect()
    try:
        frame = pd.concat([con.execute(_year_query(y), params).df() for y in sorted(set(years))],
                          ignore_index=True)
    finally:
        con.close()
    frame["municipality_code"] = frame["municipality_code"].astype(str)
    # Every municipality and year: one without residents aged 16-66 (tiny test data) counts 0 persons,
    # which gives missing shares rather than a conditions frame lacking a municipality.
    full = pd.MultiIndex.from_product([[m.code for m in municipalities()], sorted(set(years))],
                                      names=["municipality_code", "year"])
    frame = frame.astype({"year": "int64"}).set_index(["municipality_code", "year"])
    frame = frame.reindex(full, fill_value=0).astype({c: "int64" for c in COUNT_COLUMNS})
    return frame.reset_index()


@dataclass(frozen=True)
class RegisterConditions:
    """Conditions from register data after disclosure control, and why a share is missing.

    ``frame``: a validated conditions frame, the shares null where hidden, no person counts.
    ``status``: ``municipality_code``, ``year`` and per share "primary", "secondary" or "".
    """

    frame: pd.DataFrame
    status: pd.DataFrame


def protected_conditions(data_dir: Path | str, years: list[int], values: pd.DataFrame | None = None,
                         policy: DisclosurePolicy = DEFAULT_POLICY) -> RegisterConditions:
    """Conditions per municipality and year from ``persons`` and ``residence`` (and ``values`` for the RAR),
    each share published only when the persons behind it pass ``policy`` (``disclose_shares``).

    ``values`` is a normalised results frame (``jobmaal.analysis.results``), the disclosed one for an
    output; without it the RAR variable is left out. ``policy`` must be the one the gate used.
    """
    counts = register_counts(data_dir, years)
    shares, status = disclose_shares(counts, SHARE_GROUPS, policy)
    keys = counts[["municipality_code", "year"]]
    population = counts[POPULATION].astype("float64")
    # The residents count is the count indicators' exposure, and `jobmaal conditions` writes it.
    population = population.mask(small_counts(population.to_numpy(), policy.threshold, policy))
    frame = pd.concat([keys, population, shares], axis=1)
    if values is not None:
        frame = frame.merge(rar_rest_public_support(values, years), on=["municipality_code", "year"], how="left")
    frame = validate_conditions(frame, f"register data in {data_dir}")
    status = pd.concat([keys, status], axis=1).sort_values(["year", "municipality_code"]).reset_index(drop=True)
    return RegisterConditions(frame, status)


def conditions_from_registers(data_dir: Path | str, years: list[int], values: pd.DataFrame | None = None,
                              policy: DisclosurePolicy = DEFAULT_POLICY) -> pd.DataFrame:
    """The frame of ``protected_conditions``: the conditions that may be published (null where hidden)."""
    return protected_conditions(data_dir, years, values, policy).frame


def _year_window(periods: pd.Series, year: int) -> pd.Series:
    """Periods of the twelve months before ``year`` if there are any, else those of ``year`` itself."""
    before = periods.dt.year == year - 1
    return before if before.any() else periods.dt.year == year


def rar_rest_public_support(values: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Pooled public-support share of the other municipalities in the same RAR area (region, then country
    when a RAR area has one municipality only, as Bornholm)."""
    ps = values[(values["indicator_id"] == PUBLIC_SUPPORT) & (values["area_type"] == "municipality")]
    ps = ps.dropna(subset=["numerator", "denominator"])
    ref = pd.DataFrame([(m.code, m.rar_code, m.region_code) for m in municipalities()],
                       columns=["municipality_code", "rar_code", "region_code"])
    frames: list[pd.DataFrame] = []
    for year in years:
        window = ps[_year_window(ps["period"], year)] if len(ps) else ps
        sums = window.groupby("area_code")[["numerator", "denominator"]].sum()
        own = ref.set_index("municipality_code").join(sums, how="left").fillna({"numerator": 0.0,
                                                                               "denominator": 0.0})
        value = pd.Series(float("nan"), index=own.index)
        # The rest of the RAR area; its region when it has no other municipality; else the country.
        for level in ("rar_code", "region_code", None):
            if level is None:
                num = own["numerator"].sum() - own["numerator"]
                den = own["denominator"].sum() - own["denominator"]
            else:
                num = own.groupby(level)["numerator"].transform("sum") - own["numerator"]
                den = own.groupby(level)["denominator"].transform("sum") - own["denominator"]
            fill = value.isna() & (den > 0)
            value[fill] = 100.0 * num[fill] / den[fill]
        frames.append(pd.DataFrame({"municipality_code": own.index, "year": year,
                                    "rar_rest_public_support": value.to_numpy()}))
    if not frames:
        return pd.DataFrame(columns=["municipality_code", "year", "rar_rest_public_support"])
    return pd.concat(frames, ignore_index=True)


def conditions_from_results(values: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """The fallback when neither register data nor a conditions file is at hand: what the results show.

    Refugee share: the denominator of MM13 (refugees aged 18-66 with a permit from 2004) in percent of
    the public-support denominator (residents 16-66), in the first month of the window; population:
    that denominator; plus the RAR variable. Unskilled, other immigrants and age are not in the results.
    """
    muni = values[values["area_type"] == "municipality"]
    codes = [m.code for m in municipalities()]
    out = rar_rest_public_support(values, years).set_index(["municipality_code", "year"])
    pop_rows: list[dict[str, object]] = []
    for year in years:
        for indicator, column in ((PUBLIC_SUPPORT, POPULATION), (REFUGEE_POPULATION, "_refugees")):
            sel = muni[muni["indicator_id"] == indicator].dropna(subset=["denominator"])
            sel = sel[_year_window(sel["period"], year)] if len(sel) else sel
            if sel.empty:
                continue
            first = sel[sel["period"] == sel["period"].min()].set_index("area_code")["denominator"]
            for code in codes:
                pop_rows.append({"municipality_code": code, "year": year, "column": column,
                                 "v": float(first.get(code, float("nan")))})
    if pop_rows:
        wide = pd.DataFrame(pop_rows).pivot_table(index=["municipality_code", "year"], columns="column",
                                                  values="v", dropna=False)
        out = out.join(wide, how="left")
        if "_refugees" in out and POPULATION in out:
            out["refugee_share"] = 100.0 * out["_refugees"] / out[POPULATION].where(out[POPULATION] > 0)
        out = out.drop(columns=[c for c in ("_refugees",) if c in out])
    frame = out.reset_index()
    frame["year"] = frame["year"].astype("int64")
    return frame


def planted_effort(data_dir: Path | str) -> dict[str, float] | None:
    """The synthetic generator's hidden per-municipality effort, if the data carry one."""
    meta_path = Path(data_dir) / "_jobmaal_meta.json"
    if not meta_path.exists():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    effort = meta.get("planted_effort")
    return {str(k): float(v) for k, v in effort.items()} if isinstance(effort, dict) else None
