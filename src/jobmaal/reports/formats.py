"""The report kinds and formats, and the checks of a command's choices (light: no data modules)."""

from __future__ import annotations

from pathlib import Path

from jobmaal.errors import ReportError

KINDS = ("results", "plan")
FORMATS = ("pdf", "html", "xlsx")
MEDIA_TYPES = {"pdf": "application/pdf", "html": "text/html; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ReportError(f"--kind: unknown report kind {kind!r}; use one of {list(KINDS)}")
    return kind


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ReportError(f"--format: unknown format {fmt!r}; use one of {list(FORMATS)}")
    return fmt


def format_of(out: Path, fmt: str | None) -> str:
    """The format asked for, else the output file's suffix."""
    if fmt is not None:
        return check_format(fmt)
    suffix = Path(out).suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ReportError(f"{out}: cannot tell the format from the suffix {suffix!r}; give --format "
                          f"({', '.join(FORMATS)})")
    return suffix
