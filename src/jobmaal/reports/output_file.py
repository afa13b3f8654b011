"""Writing a report file: whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path


def atomic_write(out: Path, data: bytes) -> Path:
    """Write ``data`` to ``out`` through a temporary file, so a failed run never leaves half a report."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
