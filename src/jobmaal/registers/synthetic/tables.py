"""Turn the generator's integer arrays into Arrow tables of the canonical model, fast.

Person keys ("P000000001") and municipality codes have a fixed width, so their string
columns are built straight from byte matrices instead of from Python strings.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from jobmaal.catalog.models import ACTIVITY_TYPES, BENEFIT_GROUPS, RESIDENCE_BASES
from jobmaal.registers.schema import EDUCATIONS, TABLES
from jobmaal.registers.synthetic.calendar import NEVER

KEY_DIGITS = 9


def person_keys(index: np.ndarray) -> np.ndarray:
    """(n × 10) bytes of "P" + 9 digits of ``index + 1`` (0-based global person index)."""
    number = np.asarray(index, dtype=np.int64) + 1
    out = np.empty((len(number), KEY_DIGITS + 1), dtype=np.uint8)
    out[:, 0] = ord("P")
    for j in range(KEY_DIGITS):
        out[:, KEY_DIGITS - j] = 48 + (number // 10**j) % 10
    return out


def fixed_strings(matrix: np.ndarray) -> pa.Array:
    """A string array from an (n × width) byte matrix."""
    n, width = matrix.shape
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(matrix)))


def codes_matrix(codes: tuple[str, ...]) -> np.ndarray:
    """(k × width) bytes of equal-width codes such as municipality codes."""
    width = len(codes[0])
    return np.frombuffer("".join(codes).encode("ascii"), dtype=np.uint8).reshape(len(codes), width)


def _dates(days: np.ndarray, null: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(days, dtype=np.int32), type=pa.int32(), mask=null).cast(pa.date32())


def _labels(values: tuple[str, ...], index: np.ndarray) -> pa.Array:
    """Strings by index; -1 is null."""
    index = np.asarray(index)
    null = index < 0
    taken = pa.array(values).take(pa.array(np.where(null, 0, index).astype(np.int32)))
    if not null.any():
        return taken
    return pc.if_else(pa.array(null), pa.nulls(len(index), pa.string()), taken)


def _table(name: str, columns: list[pa.Array]) -> pa.Table:
    return pa.Table.from_arrays(columns, schema=TABLES[name].arrow_schema)


class TableBuilder:
    """Builds the tables of one chunk; ``keys`` are the chunk's person keys in row order of persons."""

    def __init__(self, keys: np.ndarray, mun_codes: tuple[str, ...]) -> None:
        self.keys = keys
        self.mun = codes_matrix(mun_codes)

    def _key(self, person: np.ndarray) -> pa.Array:
        return fixed_strings(self.keys[person])

    def _mun(self, mun: np.ndarray) -> pa.Array:
        return fixed_strings(self.mun[np.asarray(mun, dtype=np.int64)])

    def persons(self, birth: np.ndarray, female: np.ndarray, education: np.ndarray, basis: np.ndarray,
                permit: np.ndarray, disability: np.ndarray) -> pa.Table:
        return _table("persons", [
            fixed_strings(self.keys),
            _dates(birth),
            pa.array(np.where(female, "female", "male")),
            _labels(EDUCATIONS, education),
            _labels(RESIDENCE_BASES, basis),
            _dates(permit, permit == NEVER),
            pa.array(disability == 1, mask=disability < 0),
        ])

    def residence(self, rows: dict[str, np.ndarray]) -> pa.Table:
        return _table("residence", [
            self._key(rows["person"]),
            self._mun(rows["municipality"]),
            _dates(rows["valid_from"]),
            _dates(rows["valid_to"], rows["valid_to"] == NEVER),
        ])

    def benefit_weeks(self, rows: dict[str, np.ndarray], mondays: np.ndarray) -> pa.Table:
        return _table("benefit_weeks", [
            self._key(rows["person"]),
            _dates(mondays[rows["week"]]),
            _labels(BENEFIT_GROUPS, rows["code"].astype(np.int32) - 1),
            self._mun(rows["municipality"]),
        ])

    def activities(self, rows: dict[str, np.ndarray]) -> pa.Table:
        return _table("activities", [
            self._key(rows["person"]),
            _labels(ACTIVITY_TYPES, rows["type"]),
            _dates(rows["start"]),
            _dates(rows["end"]),
            self._mun(rows["municipality"]),
        ])

    def employment_months(self, rows: dict[str, np.ndarray], month_starts: np.ndarray) -> pa.Table:
        return _table("employment_months", [
            self._key(rows["person"]),
            _dates(month_starts[rows["month"]]),
            pa.array(rows["unsupported"], type=pa.float64()),
            pa.array(rows["supported"], type=pa.float64()),
        ])


def recruitment_table(rows: dict[str, np.ndarray]) -> pa.Table:
    return _table("recruitment", [
        pa.array(rows["rar_code"].tolist(), type=pa.string()),
        _dates(rows["period_start"]),
        pa.array(rows["attempts"], type=pa.int64()),
        pa.array(rows["unsuccessful"], type=pa.int64()),
    ])
