"""Generated data passes every validation rule of ``jobmaal import`` (the two halves agree on the model)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jobmaal.registers.importer import import_registers
from jobmaal.registers.pseudonym import KEY_ENV, load_key
from jobmaal.registers.store import read_meta
from tests.registers.synthetic_support import small_registers


def test_the_small_preset_imports_without_a_single_problem(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory,
) -> None:
    source = small_registers(tmp_path_factory)
    key = load_key(environ={KEY_ENV: "synthetic-test-key-0123456789"})
    summary = import_registers(source, tmp_path / "store", key)
    generated = read_meta(source)["tables"]
    assert summary.rows == {name: info["rows"] for name, info in generated.items()}
