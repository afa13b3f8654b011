"""Tiny hand-made registers for engine tests, written as real Parquet files."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from jobmaal.registers.schema import TABLES

D = dt.date.fromisoformat


@dataclass
class Registers:
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {t: [] for t in TABLES})

    def person(self, key: str, birth: str, sex: str = "female", education: str | None = "unskilled",
               basis: str | None = "native", permit: str | None = None, disability: bool | None = None,
               municipality: str | None = "101", since: str = "1990-01-01") -> Registers:
        self.rows["persons"].append(dict(
            person_key=key, birth_date=D(birth), sex=sex, education=education, residence_basis=basis,
            first_residence_permit_date=D(permit) if permit else None, disability=disability))
        if municipality:
            self.residence(key, municipality, since)
        return self

    def residence(self, key: str, municipality: str, valid_from: str, valid_to: str | None = None) -> Registers:
        self.rows["residence"].append(dict(person_key=key, municipality_code=municipality,
                                           valid_from=D(valid_from), valid_to=D(valid_to) if valid_to else None))
        return self

    def move(self, key: str, new_municipality: str, on: str) -> Registers:
        """End the person's open residence the day before ``on`` (exclusive end = on) and start a new one."""
        for r in self.rows["residence"]:
            if r["person_key"] == key and r["valid_to"] is None:
                r["valid_to"] = D(on)
        return self.residence(key, new_municipality, on)

    def week(self, key: str, monday: str, group: str = "kontanthjaelp", municipality: str = "101") -> Registers:
        assert D(monday).weekday() == 0, monday
        self.rows["benefit_weeks"].append(dict(person_key=key, week_start=D(monday), benefit_group=group,
                                               municipality_code=municipality))
        return self

    def weeks(self, key: str, first_monday: str, n: int, **kw: Any) -> Registers:
        for i in range(n):
            self.week(key, (D(first_monday) + dt.timedelta(weeks=i)).isoformat(), **kw)
        return self

    def activity(self, key: str, kind: str, start: str, end: str, municipality: str = "101") -> Registers:
        self.rows["activities"].append(dict(person_key=key, activity_type=kind, start_date=D(start),
                                            end_date=D(end), municipality_code=municipality))
        return self

    def hours(self, key: str, month: str, unsupported: float, supported: float = 0.0) -> Registers:
        self.rows["employment_months"].append(dict(person_key=key, month=D(month),
                                                   unsupported_wage_hours=float(unsupported),
                                                   supported_wage_hours=float(supported)))
        return self

    def recruitment(self, rar: str, period_start: str, attempts: int, unsuccessful: int) -> Registers:
        self.rows["recruitment"].append(dict(rar_code=rar, period_start=D(period_start), attempts=attempts,
                                             unsuccessful=unsuccessful))
        return self

    def write(self, directory: Path) -> Path:
        for name, spec in TABLES.items():
            folder = directory / name
            folder.mkdir(parents=True, exist_ok=True)
            table = pa.Table.from_pylist(self.rows[name], schema=spec.arrow_schema)
            pq.write_table(table, folder / "part-00000.parquet")
        return directory
