"""One error family for everything a user can get wrong.

The CLI prints ``str(error)`` as one line and exits non-zero; the web maps the
same errors to problem+json. Messages name the file, row, field or id at fault.
"""

from __future__ import annotations


class JobmaalError(Exception):
    """Base of every error that is the user's input, not a bug."""


class UnknownAreaError(JobmaalError, KeyError):
    """A municipality, region or RAR code (or name) that does not exist."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else "unknown area"


class CatalogError(JobmaalError):
    """A goal catalogue file that is missing or malformed."""


class RegisterError(JobmaalError):
    """Register data that does not match the canonical model."""


class ValidationFailed(RegisterError):
    """A register import with one or more problems; carries every problem found."""

    def __init__(self, problems: list[str], header: str = "import refused") -> None:
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:200])
        more = f"\n  … and {len(problems) - 200} more" if len(problems) > 200 else ""
        super().__init__(f"{header}: {len(problems)} problem(s)\n{shown}{more}")


class PseudonymKeyMissing(RegisterError):
    """Import refuses to run without a pseudonymisation key."""


class ResultsError(JobmaalError):
    """A results file that is missing, empty or from an unknown run."""
