"""The swap: DIR is a link to a complete version; a failed or interrupted import leaves DIR as it was."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from jobmaal.errors import RegisterError
from jobmaal.registers import swap
from jobmaal.registers.schema import META_FILE, TABLES
from tests.registers.import_support import digest, run, source


def versions(store: Path) -> list[str]:
    return sorted(p.name for p in swap.versions_dir(store).iterdir() if not p.name.startswith("."))


def test_dir_is_a_link_to_a_complete_version_that_readers_open_like_a_folder(tmp_path: Path) -> None:
    summary = run(source(tmp_path), tmp_path / "store")
    store = tmp_path / "store"
    assert store.is_symlink() and store.resolve() == summary.version_dir
    assert not os.readlink(store).startswith("/")  # relative: the parent folder can move
    assert versions(store) == [summary.version_dir.name]
    assert sorted(p.name for p in store.iterdir()) == sorted([*TABLES, META_FILE])
    count = duckdb.sql(f"SELECT count(*) FROM read_parquet('{store}/benefit_weeks/*.parquet')").fetchall()
    assert count == [(4,)]


def test_each_import_swaps_in_a_new_version_and_keeps_only_the_previous(tmp_path: Path) -> None:
    store = tmp_path / "store"
    first = run(source(tmp_path, name="a"), store).version_dir
    second = run(source(tmp_path, name="b"), store).version_dir
    assert store.resolve() == second and versions(store) == sorted([first.name, second.name])
    third = run(source(tmp_path, name="c"), store).version_dir
    assert store.resolve() == third and versions(store) == sorted([second.name, third.name])


class _InterruptWhileWriting:
    """A progress listener that presses Ctrl-C once the import has started writing."""

    def __init__(self) -> None:
        self.writing = False

    def phase(self, description: str, total: int) -> None:
        self.writing = description.startswith("skriver")

    def advance(self, amount: int = 1) -> None:
        if self.writing:
            raise KeyboardInterrupt


def test_an_interrupted_import_leaves_the_previous_data_and_no_staging(tmp_path: Path) -> None:
    store = tmp_path / "store"
    run(source(tmp_path, name="a"), store)
    before, link = digest(store), os.readlink(store)
    with pytest.raises(KeyboardInterrupt):
        run(source(tmp_path, name="b"), store, progress=_InterruptWhileWriting())
    assert os.readlink(store) == link and digest(store) == before
    assert len(versions(store)) == 1  # the staging folder is gone


def test_a_plain_directory_becomes_the_previous_version(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()  # e.g. written by `jobmaal generate --out store`
    (store / "persons").mkdir()
    (store / "persons" / "part-0.parquet").write_bytes(b"old data")
    (store / META_FILE).write_text(json.dumps({"synthetic": True}), encoding="utf-8")
    before = digest(store)
    summary = run(source(tmp_path), store)
    assert store.is_symlink() and store.resolve() == summary.version_dir
    previous = [v for v in versions(store) if v.endswith("-previous")]
    assert len(previous) == 1 and digest(swap.versions_dir(store) / previous[0]) == before


def test_leftovers_of_a_crashed_import_are_cleaned_and_a_half_migration_restored(tmp_path: Path) -> None:
    store = tmp_path / "store"
    run(source(tmp_path, name="a"), store)
    old = store.resolve()
    # As if an import died: a staging folder, and DIR renamed away with the marker written.
    crashed = swap.versions_dir(store) / "20000101T000000Z-dead00.staging"
    (crashed / "persons").mkdir(parents=True)
    store.unlink()
    (swap.versions_dir(store) / "RESTORE").write_text(old.name, encoding="utf-8")
    with pytest.raises(RegisterError):  # the next import fails, but recovers first
        run(tmp_path / "missing-source", store)
    assert store.resolve() == old and not crashed.exists()
    assert not (swap.versions_dir(store) / "RESTORE").exists()


def test_a_second_import_into_the_same_dir_is_refused_while_one_runs(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with swap.locked(store), pytest.raises(RegisterError, match="already running"):
        run(source(tmp_path), store)
    assert not store.exists()


def test_importing_the_store_into_itself_is_refused(tmp_path: Path) -> None:
    store = tmp_path / "store"
    run(source(tmp_path), store)
    with pytest.raises(RegisterError, match="the source is the data directory itself"):
        run(store, store)
    shutil.rmtree(tmp_path / "src")
