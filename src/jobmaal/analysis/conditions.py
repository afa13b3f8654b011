"""Framework conditions ("rammevilkår") per municipality and year: the variables and the file format.

A conditions frame has one row per municipality and year: ``municipality_code``, ``year`` and any of
the variables below (percent of residents aged 16–66 on 1 January of the year unless stated).
They come from the register data (``derive.py``), from a file of official figures (``read_conditions``)
or, as a fallback, from the results file alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from jobmaal.catalog import Text
from jobmaal.errors import AnalysisInputError
from jobmaal.reference import municipalities


@dataclass(frozen=True, slots=True)
class ConditionVariable:
    key: str
    label: Text
    share: bool  # a percentage (0–100), checked on import


VARIABLES: tuple[ConditionVariable, ...] = (
    ConditionVariable("unskilled_share", Text(
        da="Ufaglærte i pct. af de 16-66-årige", en="Unskilled in percent of residents aged 16-66"), True),
    ConditionVariable("refugee_share", Text(
        da="Flygtninge og familiesammenførte i pct. af de 16-66-årige",
        en="Refugees and family-reunified refugees in percent of residents aged 16-66"), True),
    ConditionVariable("other_nonnative_share", Text(
        da="Øvrige indvandrere i pct. af de 16-66-årige",
        en="Other immigrants in percent of residents aged 16-66"), True),
    ConditionVariable("age_16_29_share", Text(
        da="16-29-årige i pct. af de 16-66-årige", en="Aged 16-29 in percent of residents aged 16-66"), True),
    ConditionVariable("age_50_66_share", Text(
        da="50-66-årige i pct. af de 16-66-årige", en="Aged 50-66 in percent of residents aged 16-66"), True),
    ConditionVariable("rar_rest_public_support", Text(
        da="Offentligt forsørgede (fuldtid) i resten af RAR-området, pct.",
        en="Full-time persons on public support in the rest of the RAR area, percent"), True),
)
VARIABLE_KEYS: tuple[str, ...] = tuple(v.key for v in VARIABLES)
# Not a model variable: the size, used as the exposure of count indicators.
POPULATION = "population_16_66"
KEY_COLUMNS = ("municipality_code", "year")


def variable(key: str) -> ConditionVariable:
    return {v.key: v for v in VARIABLES}[key]


def model_variables(frame: pd.DataFrame) -> list[str]:
    """The variables present in a conditions frame with at least two distinct values."""
    return [k for k in VARIABLE_KEYS if k in frame.columns and frame[k].nunique(dropna=True) > 1]


def conditions_for_year(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows of ``year``, or of the nearest year available (earlier preferred); indexed by code."""
    if frame.empty:
        return frame.set_index("municipality_code") if "municipality_code" in frame else frame
    years = sorted(int(y) for y in frame["year"].unique())
    chosen = min(years, key=lambda y: (abs(y - year), y > year))
    return frame[frame["year"] == chosen].set_index("municipality_code").sort_index()


def _read_table(path: Path) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return pd.read_parquet(path)
    if suffix in (".csv", ".txt"):
        # Read everything as text first, so that codes keep their leading zeros and bad numbers can be named.
        return pd.read_csv(path, dtype=str, keep_default_na=False)
    raise AnalysisInputError([f"{path}: unsupported file type {suffix!r}; use .csv or .parquet"],
                             header=f"{path}: framework conditions refused")


def read_conditions(path: Path | str) -> pd.DataFrame:
    """A framework-conditions file (CSV or Parquet), validated fully; every problem is reported at once."""
    path = Path(path)
    if not path.exists():
        raise AnalysisInputError([f"{path}: file not found"], header="framework conditions refused")
    raw = _read_table(path)
    return validate_conditions(raw, str(path))


def validate_conditions(raw: pd.DataFrame, where: str = "framework conditions") -> pd.DataFrame:
    """Check columns, codes, years and numbers; return a clean frame or raise with every problem."""
    problems: list[str] = []
    allowed = set(KEY_COLUMNS) | set(VARIABLE_KEYS) | {POPULATION}
    for col in raw.columns:
        if col not in allowed:
            problems.append(f"{where}: unknown column {col!r}; allowed: {sorted(allowed)}")
    for col in KEY_COLUMNS:
        if col not in raw.columns:
            problems.append(f"{where}: missing column {col!r}")
    present = [k for k in VARIABLE_KEYS if k in raw.columns]
    if not present:
        problems.append(f"{where}: no variable column; expected at least one of {list(VARIABLE_KEYS)}")
    if problems:
        raise AnalysisInputError(problems, header=f"{where}: framework conditions refused")

    known = {m.code for m in municipalities()}
    out_rows: list[dict[str, object]] = []
    seen: set[tuple[str, int]] = set()
    shares = {v.key for v in VARIABLES if v.share}
    for i, rec in enumerate(raw.to_dict("records")):
        row_no = i + 2  # the header is line 1
        code = str(rec["municipality_code"]).strip()
        if code.isdigit() and len(code) < 3:
            code = code.zfill(3)
        if code not in known:
            problems.append(f"{where}: row {row_no} field 'municipality_code': unknown municipality {code!r}")
        year = _int(rec["year"])
        if year is None or not 1990 <= year <= 2100:
            problems.append(f"{where}: row {row_no} field 'year': {rec['year']!r} is not a year")
        clean: dict[str, object] = {"municipality_code": code, "year": year}
        for col in [*present, *([POPULATION] if POPULATION in raw.columns else [])]:
            num = _float(rec[col])
            if num is None and str(rec[col]).strip() not in ("", "nan", "None"):
                problems.append(f"{where}: row {row_no} field {col!r}: {rec[col]!r} is not a number")
            elif num is not None and col in shares and not 0 <= num <= 100:
                problems.append(f"{where}: row {row_no} field {col!r}: {num} is outside 0–100")
            elif num is not None and col == POPULATION and num < 0:
                problems.append(f"{where}: row {row_no} field {col!r}: {num} is negative")
            clean[col] = num
        if year is not None and (code, year) in seen:
            problems.append(f"{where}: row {row_no}: municipality {code} and year {year} appear twice")
        seen.add((code, year or 0))
        out_rows.append(clean)
    if not problems:
        for year in sorted({int(r["year"]) for r in out_rows}):  # type: ignore[call-overload]
            have = {r["municipality_code"] for r in out_rows if r["year"] == year}
            lacking = sorted(known - have)
            if lacking:
                problems.append(f"{where}: year {year} lacks {len(lacking)} municipalities: {lacking[:10]}"
                                + (" …" if len(lacking) > 10 else ""))
    if problems:
        raise AnalysisInputError(problems, header=f"{where}: framework conditions refused")
    frame = pd.DataFrame(out_rows)
    frame["year"] = frame["year"].astype("int64")
    for col in frame.columns.drop(list(KEY_COLUMNS)):
        frame[col] = frame[col].astype("float64")  # a column of missing values only would be object
    return frame.sort_values(["year", "municipality_code"]).reset_index(drop=True)


def write_conditions(frame: pd.DataFrame, path: Path | str) -> None:
    """Write a conditions frame as CSV (dot decimals, ISO) or Parquet, by the file's suffix."""
    path = Path(path)
    if path.suffix.lower() == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False, float_format="%.6g")


def _int(value: object) -> int | None:
    try:
        f = float(str(value).strip())
    except ValueError:
        return None
    return int(f) if f.is_integer() else None


def _float(value: object) -> float | None:
    text = str(value).strip()
    if text in ("", "nan", "None", "NaN"):
        return None
    try:
        return float(text)
    except ValueError:
        return None
