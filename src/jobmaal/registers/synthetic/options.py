"""What to generate: scale presets and checked options."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from jobmaal.errors import GeneratorError

# Persons are generated and written in chunks of this many (one part file per table and chunk);
# part of the output's identity, so it is fixed, not derived from the machine.
CHUNK_PERSONS = 100_000
# The time profiles (covid, trends, refugee cohorts) are written for these years.
FIRST_YEAR, LAST_YEAR = 2008, 2030


class Scale(StrEnum):
    SMALL = "small"
    MEDIUM = "medium"
    NATIONAL = "national"


SCALE_PERSONS: dict[Scale, int] = {
    Scale.SMALL: 20_000,
    Scale.MEDIUM: 500_000,
    Scale.NATIONAL: 4_500_000,  # about everyone aged 16-74 in Denmark
}

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str, option: str) -> dt.date:
    """``"2019-01"`` → 1 January 2019; anything else is a ``GeneratorError`` naming the option."""
    match = _MONTH.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise GeneratorError(f"{option} {text!r}: expected a month as YYYY-MM, e.g. 2019-01")
    year = int(match.group(1))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise GeneratorError(f"{option} {text!r}: the generator covers {FIRST_YEAR}-{LAST_YEAR} only")
    return dt.date(year, int(match.group(2)), 1)


@dataclass(frozen=True)
class GenerateOptions:
    out: Path
    persons: int
    seed: int
    first_month: dt.date
    last_month: dt.date
    scale: Scale | None = None
    chunk_persons: int = CHUNK_PERSONS

    @classmethod
    def build(
        cls,
        out: Path | str,
        *,
        persons: int | None = None,
        seed: int = 1,
        start: str = "2019-01",
        end: str = "2024-12",
        scale: Scale | str | None = None,
        chunk_persons: int = CHUNK_PERSONS,
    ) -> GenerateOptions:
        """Check the options a user gave; ``persons`` defaults to the scale's (small if neither is given)."""
        if scale is not None:
            try:
                scale = Scale(scale)
            except ValueError:
                raise GeneratorError(f"--scale {scale!r}: choose small, medium or national") from None
        if persons is None:
            persons = SCALE_PERSONS[scale or Scale.SMALL]
        if persons < 1 or persons > 99_999_999:
            raise GeneratorError(f"--persons {persons}: choose between 1 and 99,999,999")
        if seed < 0 or seed >= 2**63:
            raise GeneratorError(f"--seed {seed}: choose a whole number from 0 to 2^63-1")
        if chunk_persons < 1:
            raise GeneratorError(f"chunk size {chunk_persons}: must be at least 1")
        first, last = parse_month(start, "--start"), parse_month(end, "--end")
        if first > last:
            raise GeneratorError(f"--start {start} is after --end {end}")
        return cls(Path(out), persons, seed, first, last, scale, chunk_persons)

    @property
    def n_chunks(self) -> int:
        return -(-self.persons // self.chunk_persons)

    def chunk_bounds(self, chunk: int) -> tuple[int, int]:
        """Persons ``[lo, hi)`` (0-based) of one chunk."""
        lo = chunk * self.chunk_persons
        return lo, min(self.persons, lo + self.chunk_persons)
