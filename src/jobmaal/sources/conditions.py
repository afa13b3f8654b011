"""Framework conditions from official tables, in the format ``jobmaal.analysis`` reads (docs/analysis.md).

StatBank tables give the population and its composition (``mappings/statbank/conditions.yaml``); the
fetched Jobindsats tables give the refugee share (MM13's denominator) and the public-support level of
the rest of the RAR area (PTVA02), computed as ``jobmaal.analysis`` computes them from results. The
frame is validated exactly like a conditions file a user imports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from importlib.resources import files
from pathlib import Path

import pandas as pd
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jobmaal.analysis import derive
from jobmaal.analysis.conditions import POPULATION, VARIABLE_KEYS, validate_conditions
from jobmaal.analysis.results import normalise_values
from jobmaal.errors import MappingError, SourceError
from jobmaal.sources.areas import default_resolver
from jobmaal.sources.load import read_fetched
from jobmaal.sources.statbank import VALUE_COLUMN, parse_body
from jobmaal.sources.store import Fetch, FetchStore


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class CodeRange(_Strict):
    """Codes that are whole numbers from ``from`` to ``to`` (both included), e.g. single-year ages."""

    from_: int = Field(alias="from")
    to: int


Selection = dict[str, tuple[str, ...] | CodeRange]


class ConditionSpec(_Strict):
    variable: str
    table: str
    area: str = "OMRÅDE"
    time: str = "Tid"
    time_code: str = "{year}"
    filters: dict[str, tuple[str, ...]] = {}
    numerator: Selection
    denominator: Selection | None = None


class _SpecFile(_Strict):
    conditions: tuple[ConditionSpec, ...]


def load_specs(path: Path | str | None = None) -> tuple[ConditionSpec, ...]:
    where = str(path) if path else "jobmaal/sources/mappings/statbank/conditions.yaml"
    text = (Path(path).read_text(encoding="utf-8") if path else
            files("jobmaal.sources").joinpath("mappings", "statbank", "conditions.yaml").read_text(encoding="utf-8"))
    try:
        specs = _SpecFile.model_validate(yaml.safe_load(text)).conditions
    except (yaml.YAMLError, ValidationError) as exc:
        raise MappingError(f"{where}: {exc}") from exc
    allowed = {*VARIABLE_KEYS, POPULATION}
    bad = [s.variable for s in specs if s.variable not in allowed]
    if bad:
        raise MappingError(f"{where}: unknown condition variable(s) {bad}; allowed: {sorted(allowed)}")
    return specs


def statbank_requests(specs: Sequence[ConditionSpec], years: Sequence[int]) -> dict[str, dict[str, list[str]]]:
    """Per table, the variables and codes to ask for so that every spec can be computed for ``years``."""
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for s in specs:
        req = out[s.table]
        req[s.area].add("*")
        req[s.time] |= {s.time_code.format(year=y) for y in years}
        for var, codes in s.filters.items():
            req[var] |= set(codes)
        for sel in (s.numerator, s.denominator or {}):
            for var, pick in sel.items():
                req[var] |= {"*"} if isinstance(pick, CodeRange) else set(pick)
    return {t: {v: (["*"] if "*" in codes else sorted(codes)) for v, codes in req.items()} for t, req in out.items()}


def _matches(column: pd.Series, pick: tuple[str, ...] | CodeRange) -> pd.Series:
    if isinstance(pick, CodeRange):
        as_int = pd.to_numeric(column.where(column.str.fullmatch(r"\d+")), errors="coerce")
        return as_int.between(pick.from_, pick.to)
    return column.isin(pick)


def _frame_for(spec: ConditionSpec, frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    needed = {v.upper() for v in (spec.area, spec.time, *spec.filters, *spec.numerator, *(spec.denominator or {}))}
    usable = [f for f in frames if needed <= set(f.columns)]
    if not usable:
        raise SourceError(f"no fetched StatBank table {spec.table} with the variables {sorted(needed)} "
                          f"(for {spec.variable}); run `jobmaal fetch statbank --conditions --years …`")
    cols = [c for c in usable[0].columns if c != VALUE_COLUMN]
    both = pd.concat([f[[*cols, VALUE_COLUMN]] for f in usable if set(cols) <= set(f.columns)])
    return both.drop_duplicates(subset=cols, keep="last")  # frames are oldest first: the newest wins


def conditions_from_statbank(frames: dict[str, list[pd.DataFrame]], specs: Sequence[ConditionSpec],
                             years: Sequence[int]) -> pd.DataFrame:
    """One row per municipality and year with the variables of ``specs`` (long StatBank frames in)."""
    resolver = default_resolver()
    parts: list[pd.Series] = []
    for s in specs:
        df = _frame_for(s, frames.get(s.table.upper(), []))
        codes = {s.time_code.format(year=y): y for y in years}
        area, time = s.area.upper(), s.time.upper()
        df = df[df[time].isin(codes)]
        for var, keep in s.filters.items():
            df = df[df[var.upper()].isin(keep)]
        refs = {c: resolver.resolve_statbank(c) for c in df[area].unique()}
        munis = {c: r.code for c, r in refs.items() if r is not None and r.area_type == "municipality"}
        df = df[df[area].isin(munis)].copy()
        df["municipality_code"] = df[area].map(munis)
        df["year"] = df[time].map(codes)

        def total(sel: Selection, frame: pd.DataFrame = df) -> pd.Series:
            mask = pd.Series(True, index=frame.index)
            for var, pick in sel.items():
                mask &= _matches(frame[var.upper()].astype(str), pick)
            return frame[mask].groupby(["municipality_code", "year"])[VALUE_COLUMN].sum(min_count=1)

        num = total(s.numerator)
        if s.denominator is None:
            parts.append(num.rename(s.variable))
        else:
            den = total(s.denominator)
            parts.append((100.0 * num / den.where(den > 0)).rename(s.variable))
    if not parts:
        return pd.DataFrame(columns=["municipality_code", "year"])
    return pd.concat(parts, axis=1).reset_index()


def _statbank_frames(fetches: Sequence[Fetch]) -> dict[str, list[pd.DataFrame]]:
    out: dict[str, list[pd.DataFrame]] = defaultdict(list)
    for f in fetches:
        fmt = str((f.request or {}).get("format", "CSV")) if isinstance(f.request, dict) else "CSV"
        out[f.table.upper()].append(parse_body(f.table, f.body, fmt, str(f.path)))
    return out


def official_conditions(fetched: Path | str, years: Sequence[int], *, specs_path: Path | str | None = None,
                        mappings_dir: Path | str | None = None, skip_unknown_areas: bool = False) -> pd.DataFrame:
    """Framework conditions for ``years`` from a fetch folder: StatBank where fetched, else Jobindsats.

    StatBank's population (1 January) replaces the one derived from PTVA02; the result is validated
    like an imported conditions file (every municipality, shares within 0–100).
    """
    store = FetchStore(fetched)
    specs = load_specs(specs_path)
    sb_fetches = store.fetches("statbank", kind="data")
    frame: pd.DataFrame | None = None
    if sb_fetches:
        frames = _statbank_frames(sb_fetches)
        frame = conditions_from_statbank(frames, [s for s in specs if s.table.upper() in frames], years)
    try:
        loaded = read_fetched(fetched, mappings_dir=mappings_dir, skip_unknown_areas=skip_unknown_areas)
    except SourceError:
        loaded = None  # no Jobindsats tables: StatBank alone
    if loaded is not None:
        values = normalise_values(pd.DataFrame(loaded.values))
        from_results = derive.conditions_from_results(values, list(years))
        if frame is None:
            frame = from_results
        else:
            extra = [c for c in from_results.columns if c not in frame.columns or c in ("municipality_code", "year")]
            frame = frame.merge(from_results[extra], on=["municipality_code", "year"], how="outer")
            if "refugee_share" in frame and POPULATION in from_results:
                # the refugee share over the official population rather than PTVA02's derived one
                pop = from_results.set_index(["municipality_code", "year"])[POPULATION]
                key = pd.MultiIndex.from_frame(frame[["municipality_code", "year"]])
                ratio = pop.reindex(key).to_numpy() / frame[POPULATION].where(frame[POPULATION] > 0).to_numpy()
                frame["refugee_share"] = frame["refugee_share"].to_numpy() * ratio
    if frame is None or frame.empty:
        raise SourceError(f"{fetched}: nothing to derive framework conditions from (fetch StatBank tables with "
                          "`jobmaal fetch statbank --conditions` or Jobindsats tables first)")
    keep = ["municipality_code", "year", *[c for c in (*VARIABLE_KEYS, POPULATION) if c in frame.columns]]
    frame = frame[keep]
    frame = frame[frame["year"].isin(list(years))]
    return validate_conditions(frame.astype({"municipality_code": str}).reset_index(drop=True),
                               "official framework conditions")


def years_of(text: str) -> list[int]:
    """ "2020,2021" or "2019-2021" → the years."""
    out: list[int] = []
    for part in str(text).split(","):
        part = part.strip()
        if not part:
            continue
        try:
            if "-" in part:
                a, b = (int(x) for x in part.split("-", 1))
                out.extend(range(a, b + 1))
            else:
                out.append(int(part))
        except ValueError:
            raise SourceError(f"--years {text!r}: expected years such as 2021 or 2020,2021 or 2019-2021") from None
    if not out:
        raise SourceError("--years: no year given")
    return sorted(set(out))

