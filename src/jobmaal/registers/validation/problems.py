"""What a failed check reports: one result per rule, with its total and the first examples."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

EXAMPLES_PER_RULE = 20  # problems listed per rule; the total per rule is always given


@dataclass(frozen=True)
class Example:
    """One offending value: where it is (file, row) and what it is (column, value)."""

    file: str  # path relative to the import source directory
    row: int | None = None  # CSV: line number (header = line 1); Parquet: 1-based row; None: whole file
    column: str | None = None
    value: str | None = None  # already rendered for display; None when not applicable

    def location(self) -> str:
        if self.row is None:
            return self.file
        unit = "linje/line" if self.file.endswith((".csv", ".csv.gz")) else "række/row"
        return f"{self.file} {unit} {self.row}"


@dataclass(frozen=True)
class RuleResult:
    """Every violation of one rule in one table: the count and up to ``EXAMPLES_PER_RULE`` examples."""

    rule: str  # stable id, e.g. "week_start_monday"
    table: str
    message: str  # Danish / English
    total: int
    examples: tuple[Example, ...] = field(default_factory=tuple)

    def lines(self) -> list[str]:
        out = []
        for ex in self.examples:
            parts = [ex.location()]
            if ex.column is not None:
                parts.append(f"kolonne/column {ex.column}")
            if ex.value is not None:
                parts.append(f"værdi/value {ex.value}")
            out.append(f"{self.table}: {', '.join(parts)}: {self.message}")
        if self.total > len(self.examples):
            out.append(
                f"{self.table}: {self.message}: {self.total} i alt / in all "
                f"({len(self.examples)} vist / shown) [{self.rule}]"
            )
        return out


def file_problem(rule: str, table: str, message: str, file: str, column: str | None = None,
                 value: str | None = None) -> RuleResult:
    """A problem with a whole file or table (missing, unreadable, wrong columns)."""
    return RuleResult(rule, table, message, 1, (Example(file, None, column, value),))


def render_value(value: object) -> str:
    """A value as shown in a problem: quoted, or ``(tom/empty)`` for null."""
    if value is None:
        return "(tom/empty)"
    text = str(value)
    if len(text) > 80:
        text = text[:77] + "..."
    return repr(text)


def total_problems(results: Iterable[RuleResult]) -> int:
    return sum(r.total for r in results)


def problem_lines(results: Iterable[RuleResult]) -> list[str]:
    return [line for r in results for line in r.lines()]
