"""Shared helpers of the import tests: the hand-made source files, a test key, tree digests."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from jobmaal.registers.importer import ImportSummary, import_registers
from jobmaal.registers.pseudonym import KEY_ENV, PseudonymKey, load_key

DATA = Path(__file__).parent / "data"
GOOD = DATA / "good"
KEY: PseudonymKey = load_key(environ={KEY_ENV: "test-key-0123456789abcdef"})
OTHER_KEY: PseudonymKey = load_key(environ={KEY_ENV: "another-key-fedcba9876543210"})


def source(tmp_path: Path, replace: dict[str, str] | None = None, name: str = "src") -> Path:
    """A copy of the good source, with some tables' CSV text replaced (table -> CSV text or data file)."""
    src = tmp_path / name
    shutil.copytree(GOOD, src)
    for table, text in (replace or {}).items():
        target = src / f"{table}.csv"
        if text.endswith(".csv") and (DATA / text).exists():
            shutil.copyfile(DATA / text, target)
        else:
            target.write_text(text, encoding="utf-8")
    return src


def run(src: Path, store: Path, key: PseudonymKey = KEY, **kw: object) -> ImportSummary:
    return import_registers(src, store, key, **kw)  # type: ignore[arg-type]


def digest(store: Path) -> dict[str, str]:
    """SHA-256 of every file under ``store`` (following the ``DIR`` link), by relative path."""
    root = store.resolve()
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}
