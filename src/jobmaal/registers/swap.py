"""Atomic replacement of a register data directory (see docs/import.md, "Atomic swap").

``DIR`` is a symbolic link to a complete version ``DIR.versions/<id>/``. An import writes
the new version into ``DIR.versions/<id>.staging/``, renames it to ``<id>`` when it is
complete, and then replaces the link with ``os.replace`` of a new link: one atomic rename,
so a reader sees the old store or the new one, never a mix. Until the swap, ``DIR`` is
not touched at all, so a failed or interrupted import leaves it as it was.

A ``DIR`` that is still a plain directory (e.g. written by ``jobmaal generate``) becomes a
version itself: on Linux it is exchanged with the new link in one ``renameat2`` call;
elsewhere it is renamed and the link put in its place, with a marker so that the next
import restores it if the process died between the two renames.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from jobmaal.errors import RegisterError
from jobmaal.registers.schema import META_FILE

_STAGING = ".staging"
_LINK = ".link"
_RESTORE_MARKER = "RESTORE"  # names the version DIR must point to if DIR is missing


def absolute(data_dir: Path) -> Path:
    """``data_dir`` made absolute without following the link (``resolve`` would)."""
    return Path(os.path.abspath(data_dir))


def versions_dir(data_dir: Path) -> Path:
    return data_dir.with_name(data_dir.name + ".versions")


def new_version_id() -> str:
    """Sortable by time, unique across concurrent machines: ``20240131T120000Z-1a2b3c``."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


@contextlib.contextmanager
def locked(data_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``DIR`` for the whole import; a second import is refused."""
    versions = versions_dir(data_dir)
    versions.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock (documented)
        yield
        return
    with (versions / ".lock").open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise RegisterError(f"en anden import til {data_dir} kører allerede / another import into "
                                f"{data_dir} is already running") from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def recover(data_dir: Path) -> None:
    """Clean up after an import that died: staging folders, stray links, a half-done migration."""
    versions = versions_dir(data_dir)
    for path in sorted(versions.iterdir()):
        if path.name.endswith(_STAGING):
            shutil.rmtree(path, ignore_errors=True)
        elif path.name.endswith(_LINK):
            if path.is_symlink():
                path.unlink()
            elif path.is_dir():  # the old plain DIR, exchanged but not yet renamed
                path.rename(versions / (path.name[: -len(_LINK)] + "-previous"))
    marker = versions / _RESTORE_MARKER
    if marker.exists():
        if not os.path.lexists(data_dir):
            _link(data_dir, marker.read_text(encoding="utf-8").strip())
        marker.unlink()


def new_staging(data_dir: Path) -> tuple[str, Path]:
    version = new_version_id()
    staging = versions_dir(data_dir) / (version + _STAGING)
    staging.mkdir()
    return version, staging


def publish(data_dir: Path, version: str, staging: Path, keep_previous: bool = True) -> Path:
    """Make the complete ``staging`` folder the current version of ``data_dir``; returns its path.

    The previous version is kept (a reader may still be reading it) and older ones deleted.
    """
    versions = versions_dir(data_dir)
    final = versions / version
    staging.rename(final)
    previous = _current_target(data_dir)
    if data_dir.is_dir() and not data_dir.is_symlink():
        previous = _migrate_plain_dir(data_dir, version)
    elif data_dir.exists() and not data_dir.is_symlink():
        raise RegisterError(f"{data_dir} er en fil, ikke en mappe / is a file, not a directory")
    else:
        _link(data_dir, version)
    _prune(versions, keep={final.name, previous.name if previous and keep_previous else ""})
    return final


def _target(data_dir: Path, version: str) -> str:
    # Relative, so that the parent folder can be moved or mounted elsewhere.
    return f"{data_dir.name}.versions/{version}"


def _link(data_dir: Path, version: str) -> None:
    tmp = versions_dir(data_dir) / (version + _LINK)
    tmp.symlink_to(_target(data_dir, version))
    os.replace(tmp, data_dir)  # atomic: readers see the old link or the new one


def _current_target(data_dir: Path) -> Path | None:
    if not data_dir.is_symlink():
        return None
    return Path(os.path.normpath(data_dir.parent / os.readlink(data_dir)))


def _migrate_plain_dir(data_dir: Path, version: str) -> Path:
    versions = versions_dir(data_dir)
    tmp = versions / (version + _LINK)
    tmp.symlink_to(_target(data_dir, version))
    old = versions / f"{version}-previous"
    if _exchange(tmp, data_dir):
        tmp.rename(old)  # tmp now holds the old plain directory
        return old
    (versions / _RESTORE_MARKER).write_text(old.name, encoding="utf-8")
    data_dir.rename(old)
    os.replace(tmp, data_dir)
    (versions / _RESTORE_MARKER).unlink()
    return old


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _prune(versions: Path, keep: set[str]) -> None:
    for path in versions.iterdir():
        if path.is_dir() and not path.is_symlink() and path.name not in keep and (path / META_FILE).exists():
            shutil.rmtree(path, ignore_errors=True)
