"""jobmaal — follow-up of Denmark's employment-policy goals ("beskæftigelsespolitiske mål")."""

from __future__ import annotations

__all__ = ["__version__"]


def __getattr__(name: str) -> str:
    # Looked up on first use: importlib.metadata costs every command's start ~0.04 s.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("jobmaal")
        except PackageNotFoundError:  # running from a source tree without install
            found = "0.0.0"
        globals()["__version__"] = found  # looked up once
        return found
    raise AttributeError(f"module 'jobmaal' has no attribute {name!r}")
