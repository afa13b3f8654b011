"""jobmaal — follow-up of Denmark's employment-policy goals ("beskæftigelsespolitiske mål")."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jobmaal")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["__version__"]
