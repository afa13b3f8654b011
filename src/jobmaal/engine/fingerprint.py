"""A fingerprint of a register data directory, and its metadata file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from jobmaal.registers.schema import META_FILE, TABLES

_TAIL = 64 * 1024  # a Parquet file's footer holds its schema, row counts and statistics


def data_fingerprint(data_dir: Path) -> str:
    """SHA-256 over every table file's relative path, size and last 64 KiB (the Parquet footer).

    Cheap at national scale (no full read) yet changes whenever the content does.
    """
    digest = hashlib.sha256()
    root = Path(data_dir).resolve()
    for name in sorted(TABLES):
        for file in sorted((root / name).glob("*.parquet")):
            size = file.stat().st_size
            digest.update(f"{name}/{file.name}:{size}".encode())
            with file.open("rb") as fh:
                fh.seek(max(0, size - _TAIL))
                digest.update(fh.read())
    return digest.hexdigest()


def read_register_meta(data_dir: Path) -> dict[str, Any]:
    path = Path(data_dir) / META_FILE
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))
