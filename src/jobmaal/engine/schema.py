"""The shape of computed indicator values, shared by the engine, disclosure, analysis and outputs."""

from __future__ import annotations

import pyarrow as pa

INDICATOR_VALUES_SCHEMA = pa.schema(
    [
        pa.field("indicator_id", pa.string(), nullable=False),
        pa.field("area_type", pa.string(), nullable=False),  # country | region | rar | municipality
        pa.field("area_code", pa.string(), nullable=False),  # "000", "1081", "R01", "101"
        pa.field("period", pa.date32(), nullable=False),  # first day of the month / half-year / year
        pa.field("breakdown", pa.string(), nullable=False),  # "" for the total
        pa.field("breakdown_value", pa.string(), nullable=False),  # "" for the total
        pa.field("value", pa.float64()),  # null when the denominator is 0
        pa.field("numerator", pa.float64()),
        pa.field("denominator", pa.float64()),  # null for count indicators
        pa.field("numerator_persons", pa.int64()),  # distinct persons behind the numerator
        pa.field("denominator_persons", pa.int64()),  # distinct persons behind the denominator
        pa.field("run_id", pa.string(), nullable=False),
    ]
)
VALUE_COLUMNS: tuple[str, ...] = tuple(INDICATOR_VALUES_SCHEMA.names)

RUNS_SCHEMA = pa.schema(
    [
        pa.field("run_id", pa.string(), nullable=False),
        pa.field("computed_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("data_fingerprint", pa.string(), nullable=False),
        pa.field("synthetic", pa.bool_(), nullable=False),
        pa.field("jobmaal_version", pa.string(), nullable=False),
        pa.field("period_from", pa.date32()),
        pa.field("period_to", pa.date32()),
        pa.field("source", pa.string()),  # "registers" or e.g. "Jobindsats.dk"
    ]
)
