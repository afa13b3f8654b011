"""Where the register Parquet folders are: a local path or an object-store URL (``s3://…``, ``gs://…``).

The backend reads the tables with its own readers. jobmaal itself reads only the run's metadata: the
``_jobmaal_meta.json`` file and each Parquet file's footer for the data fingerprint, through
``pyarrow.fs`` for URLs (the same digest as ``engine.fingerprint`` computes for a local folder).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.fs as pafs

from jobmaal.engine.fingerprint import _TAIL, data_fingerprint, read_register_meta
from jobmaal.errors import BackendError, RegisterError
from jobmaal.registers.schema import META_FILE, TABLES


@dataclass(frozen=True)
class DataLocation:
    """A register data directory as the user gave it."""

    text: str

    @property
    def is_url(self) -> bool:
        return "://" in self.text

    @property
    def local_path(self) -> Path:
        return Path(self.text).resolve()

    def table(self, name: str) -> str:
        """The table's folder, as the backend should read it."""
        if self.is_url:
            return self.text.rstrip("/") + "/" + name
        return str(self.local_path / name)

    def check_local(self) -> None:
        """Clear errors for a local folder, before the backend reports them its own way."""
        if self.is_url:
            return
        root = self.local_path
        if not root.is_dir():
            raise RegisterError(f"{root}: register data directory not found")
        for name in TABLES:
            folder = root / name
            if not folder.is_dir() or not any(folder.glob("*.parquet")):
                raise RegisterError(f"{folder}: table {name!r} is missing (expected Parquet files in this folder)")

    def fingerprint(self) -> str:
        if not self.is_url:
            return data_fingerprint(self.local_path)
        fs, root = _filesystem(self.text)
        return url_fingerprint(fs, root)

    def meta(self) -> dict[str, Any]:
        if not self.is_url:
            return read_register_meta(self.local_path)
        fs, root = _filesystem(self.text)
        info = fs.get_file_info(f"{root}/{META_FILE}")
        if info.type != pafs.FileType.File:
            return {}
        with fs.open_input_stream(info.path) as fh:
            return json.loads(fh.read().decode("utf-8"))


def _filesystem(url: str) -> tuple[pafs.FileSystem, str]:
    try:
        fs, root = pafs.FileSystem.from_uri(url)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OSError) as exc:
        raise BackendError(f"{url}: kan ikke læses herfra / cannot be read from here (needed for the data "
                           f"fingerprint): {exc}") from None
    return fs, root.rstrip("/")


def url_fingerprint(fs: pafs.FileSystem, root: str) -> str:
    """``engine.fingerprint.data_fingerprint`` over any pyarrow filesystem (the same digest)."""
    digest = hashlib.sha256()
    for name in sorted(TABLES):
        infos = fs.get_file_info(pafs.FileSelector(f"{root}/{name}", allow_not_found=True))
        files = sorted((i for i in infos if i.type == pafs.FileType.File and i.base_name.endswith(".parquet")),
                       key=lambda i: i.base_name)
        for info in files:
            size = info.size or 0
            digest.update(f"{name}/{info.base_name}:{size}".encode())
            with fs.open_input_file(info.path) as fh:
                fh.seek(max(0, size - _TAIL))
                digest.update(fh.read())
    return digest.hexdigest()
