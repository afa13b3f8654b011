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


class GeneratorError(JobmaalError):
    """Invalid options for the synthetic generator, or an output folder it must not overwrite."""


class PseudonymKeyMissing(RegisterError):
    """Import refuses to run without a pseudonymisation key."""


class ResultsError(JobmaalError):
    """A results file that is missing, empty or from an unknown run."""


class BackendError(JobmaalError):
    """A compute backend (PySpark, Spark Connect, an Ibis URL) that is missing, misconfigured or unreachable."""


class SourceError(JobmaalError):
    """An official source (Jobindsats, StatBank) that cannot be read: unreachable, refused, malformed."""


class SourceKeyError(SourceError):
    """A Jobindsats API key that is missing, wrong or expired."""


class MappingError(SourceError):
    """A fetched table that its mapping file cannot place (unknown area name, missing measure, bad mapping)."""


class AnalysisInputError(JobmaalError):
    """A framework-conditions, cluster or targets file with problems; carries every problem found."""

    def __init__(self, problems: list[str], header: str = "input refused") -> None:
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:200])
        more = f"\n  … and {len(problems) - 200} more" if len(problems) > 200 else ""
        super().__init__(f"{header}: {len(problems)} problem(s)\n{shown}{more}")


class PlanError(JobmaalError):
    """A problem with the plan store or a plan that the user can fix."""


class PlanValidationError(PlanError):
    """A plan, plan file or local-values file with problems; carries every problem found."""

    def __init__(self, problems: list[str], header: str = "plan refused") -> None:
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:200])
        more = f"\n  … and {len(problems) - 200} more" if len(problems) > 200 else ""
        super().__init__(f"{header}: {len(problems)} problem(s)\n{shown}{more}")


class PlanNotFound(PlanError):
    """A plan, plan version, user or token that does not exist (or is not visible to the user)."""


class PlanConflict(PlanError):
    """A save based on a version that is no longer the latest: nothing was saved (optimistic locking)."""

    def __init__(self, message_da: str, message_en: str, *, base_version: int, current_version: int,
                 saved_by: str = "", saved_at: object = None) -> None:
        self.message_da = message_da
        self.message_en = message_en
        self.base_version = base_version
        self.current_version = current_version
        self.saved_by = saved_by  # who saved the newest version
        self.saved_at = saved_at  # when (an aware UTC datetime)
        super().__init__(f"{message_da} / {message_en}")


class PlanStoreError(PlanError):
    """The plan database cannot be used as it is (bad URL, schema not migrated)."""


class AccountError(JobmaalError):
    """A user-account request that cannot be done (bad username, role or municipality list)."""


class AuthenticationFailed(JobmaalError):
    """Wrong username, password or API token, or a disabled account."""


class AccountLocked(AuthenticationFailed):
    """Too many failed logins: the account is locked for a while."""


class Forbidden(JobmaalError):
    """The user's role or municipalities do not allow the action (decided in jobmaal.plans.policy)."""


class DisclosureError(JobmaalError):
    """A disclosure policy that is not allowed, or values the disclosure gate cannot protect."""


class ReportError(JobmaalError):
    """A report that cannot be made as asked (unknown kind, format or language, an output path it must not use)."""
