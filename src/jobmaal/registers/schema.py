"""The canonical register model: exactly these tables and columns (docs/registers/).

A register data directory holds one folder per table with any number of Parquet
files in it, and ``_jobmaal_meta.json`` beside them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from jobmaal.catalog.models import ACTIVITY_TYPES, BENEFIT_GROUPS, RESIDENCE_BASES

SEXES: tuple[str, ...] = ("male", "female")
EDUCATIONS: tuple[str, ...] = ("unskilled", "vocational", "higher")
META_FILE = "_jobmaal_meta.json"


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    nullable: bool = False
    allowed: tuple[str, ...] | None = None  # allowed string values
    description: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    description: str
    key: tuple[str, ...] = ()  # columns that must be unique together

    @property
    def arrow_schema(self) -> pa.Schema:
        return pa.schema([pa.field(c.name, c.type, nullable=c.nullable) for c in self.columns])

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


PERSONS = Table(
    "persons",
    (
        Column("person_key", pa.string(), description="pseudonymised person id"),
        Column("birth_date", pa.date32()),
        Column("sex", pa.string(), allowed=SEXES),
        Column("education", pa.string(), nullable=True, allowed=EDUCATIONS,
               description="highest completed education; null when unknown"),
        Column("residence_basis", pa.string(), nullable=True, allowed=RESIDENCE_BASES),
        Column("first_residence_permit_date", pa.date32(), nullable=True),
        Column("disability", pa.bool_(), nullable=True,
               description="known only for persons in the labour force survey; null when unknown"),
    ),
    "The whole population that lived in Denmark in the period, one row per person.",
    key=("person_key",),
)
RESIDENCE = Table(
    "residence",
    (
        Column("person_key", pa.string()),
        Column("municipality_code", pa.string(), description="official three digits"),
        Column("valid_from", pa.date32()),
        Column("valid_to", pa.date32(), nullable=True, description="exclusive end; null = still living there"),
    ),
    "Where each person lived, as periods.",
    key=("person_key", "valid_from"),
)
BENEFIT_WEEKS = Table(
    "benefit_weeks",
    (
        Column("person_key", pa.string()),
        Column("week_start", pa.date32(), description="the Monday of the week"),
        Column("benefit_group", pa.string(), allowed=BENEFIT_GROUPS),
        Column("municipality_code", pa.string(), description="the responsible municipality"),
    ),
    "DREAM style: one row per person per week on a benefit; no row means no benefit that week.",
    key=("person_key", "week_start"),
)
ACTIVITIES = Table(
    "activities",
    (
        Column("person_key", pa.string()),
        Column("activity_type", pa.string(), allowed=ACTIVITY_TYPES),
        Column("start_date", pa.date32()),
        Column("end_date", pa.date32(), description="inclusive"),
        Column("municipality_code", pa.string()),
    ),
    "Active measures and upskilling, one row per activity.",
)
EMPLOYMENT_MONTHS = Table(
    "employment_months",
    (
        Column("person_key", pa.string()),
        Column("month", pa.date32(), description="first day of the month"),
        Column("unsupported_wage_hours", pa.float64()),
        Column("supported_wage_hours", pa.float64()),
    ),
    "One row per person and month with any wage hours; no row means no hours.",
    key=("person_key", "month"),
)
RECRUITMENT = Table(
    "recruitment",
    (
        Column("rar_code", pa.string()),
        Column("period_start", pa.date32(), description="1 January or 1 July"),
        Column("attempts", pa.int64()),
        Column("unsuccessful", pa.int64()),
    ),
    "STAR's recruitment survey, per RAR area and half-year.",
    key=("rar_code", "period_start"),
)

TABLES: dict[str, Table] = {
    t.name: t for t in (PERSONS, RESIDENCE, BENEFIT_WEEKS, ACTIVITIES, EMPLOYMENT_MONTHS, RECRUITMENT)
}
