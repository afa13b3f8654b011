"""A digest of some of jobmaal's own packages: what a cache of derived results, or a long-lived process,
was made with. Standard library only (a command's start may compute one)."""

from __future__ import annotations

import hashlib
import importlib.util
import os
from pathlib import Path


def package_folder(package: str) -> Path:
    """The folder of ``package``, found without importing it (only its parent packages)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ValueError(f"{package} is not a package")
    return Path(next(iter(spec.submodule_search_locations)))


def package_digest(*packages: str, contents: bool = True) -> str:
    """SHA-256 over every file of ``packages`` (sub-folders included, compiled files left out): each
    file's path with its content, or with ``contents=False`` (cheap enough for every command's start)
    with its size and modification time."""
    h = hashlib.sha256()
    for package in packages:
        root = package_folder(package)
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(n for n in names if not n.endswith((".pyc", ".pyo"))):
                path = Path(folder, name)
                if contents:
                    what = hashlib.sha256(path.read_bytes()).hexdigest()
                else:
                    st = path.stat()
                    what = f"{st.st_size}:{st.st_mtime_ns}"
                h.update(f"{package}/{path.relative_to(root)}:{what}\n".encode())
    return h.hexdigest()
