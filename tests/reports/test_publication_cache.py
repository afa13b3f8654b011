"""The disclosed run is cached on disk per run, policy and period window (``jobmaal.publication``): a new
process reads it instead of disclosing again, and anything that could change the result invalidates it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from jobmaal import publication
from jobmaal.disclosure import DisclosurePolicy
from jobmaal.publication import published
from tests.reports.conftest import YEAR


@pytest.fixture()
def results(results_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the session's results file, with an empty process cache and the default disk cache."""
    copy = tmp_path / "results.duckdb"
    shutil.copy2(results_file, copy)
    monkeypatch.delenv(publication.ENV_VAR, raising=False)
    monkeypatch.setattr(publication, "_CACHE", {})
    return copy


def _no_disclosure(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("disclosed again instead of reading the cache")

    monkeypatch.setattr(publication, "_disclose", refuse)


def test_a_new_process_reads_the_cached_disclosed_run(results: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = published(results, up_to_year=YEAR - 1)
    files = list(results.with_name("results.duckdb.disclosed").glob("*.parquet"))
    assert len(files) == 1
    publication._CACHE.clear()  # as in a new process
    _no_disclosure(monkeypatch)
    again = published(results, up_to_year=YEAR - 1)
    assert again is not first
    assert again.frame.equals(first.frame) and (again.frame.dtypes == first.frame.dtypes).all()
    assert again.explanations("da").equals(first.explanations("da"))
    assert again.explanations("en").equals(first.explanations("en"))
    assert again.disclosure_applied and again.policy == first.policy


def test_policy_window_and_a_changed_results_file_each_get_their_own_result(results: Path) -> None:
    published(results)
    published(results, up_to_year=YEAR - 1)
    published(results, policy=DisclosurePolicy(threshold=10))
    folder = results.with_name("results.duckdb.disclosed")
    assert len(list(folder.glob("*.parquet"))) == 3
    # Any write to the results file (here: only its time) makes the old files unusable.
    st = results.stat()
    os.utime(results, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    publication._CACHE.clear()
    key = publication.cache_key(results, publication.resolve_run(results), publication.DEFAULT_POLICY, None)
    assert not publication.cache_file(results, key).exists()  # type: ignore[union-attr]
    published(results)
    assert len(list(folder.glob("*.parquet"))) == 4


def test_a_damaged_or_foreign_cache_file_is_disclosed_again_and_replaced(results: Path) -> None:
    first = published(results)
    key = publication.cache_key(results, publication.resolve_run(results), publication.DEFAULT_POLICY, None)
    file = publication.cache_file(results, key)
    assert file is not None and file.is_file()
    file.write_bytes(b"not parquet")
    publication._CACHE.clear()
    assert published(results).frame.equals(first.frame)
    publication._CACHE.clear()
    # A file of another key under this name (e.g. copied by hand) is not trusted either.
    other = publication.cache_file(results, {**key, "up_to_year": 1999})
    assert other is not None
    shutil.copy(file, other)
    assert publication._read(other, {**key, "up_to_year": 1999}, publication.DEFAULT_POLICY) is None


def test_the_disk_cache_can_be_turned_off_or_moved(results: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(publication.ENV_VAR, "off")
    published(results)
    assert not results.with_name("results.duckdb.disclosed").exists()
    publication._CACHE.clear()
    monkeypatch.setenv(publication.ENV_VAR, str(tmp_path / "cache"))
    published(results)
    assert len(list((tmp_path / "cache").glob("*/*.parquet"))) == 1
    assert not results.with_name("results.duckdb.disclosed").exists()


def test_the_gate_fingerprint_covers_the_gate_source() -> None:
    from importlib.resources import files

    names = {p.name for p in files("jobmaal.disclosure").iterdir()}
    assert {"gate.py", "secondary.py", "primary.py"} <= names
    assert len(publication.gate_fingerprint()) == 64


def test_some_areas_are_read_from_the_cache_file_alone(results: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    areas = ["101", "R07", "000"]
    # No cache file yet: the whole run is disclosed (and cached), then filtered.
    subset = published(results, up_to_year=YEAR, areas=areas)
    whole = published(results, up_to_year=YEAR)
    expected = whole.filter(areas=areas)
    assert set(subset.frame["area_code"]) == set(areas)
    assert subset.frame.equals(expected.frame)
    publication._CACHE.clear()  # a new process: the rows of the areas read from the file
    _no_disclosure(monkeypatch)
    again = published(results, up_to_year=YEAR, areas=areas)
    assert again.frame.equals(expected.frame) and (again.frame.dtypes == expected.frame.dtypes).all()
    assert again.explanations("da").equals(expected.explanations("da"))
    assert again.disclosure_applied and again.policy == expected.policy
