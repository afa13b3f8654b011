"""The generator is deterministic: the same options give the same bytes, whatever the worker count."""

from __future__ import annotations

import hashlib
from pathlib import Path

from jobmaal.registers.synthetic import GenerateOptions, generate


def _digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def _options(out: Path, seed: int = 5) -> GenerateOptions:
    # Three chunks, so that chunk boundaries and the parallel path are exercised.
    return GenerateOptions.build(out, persons=2_400, seed=seed, start="2019-01", end="2021-06", chunk_persons=1_000)


def test_same_seed_gives_identical_files_with_one_or_two_workers(tmp_path: Path) -> None:
    generate(_options(tmp_path / "a"), workers=1)
    generate(_options(tmp_path / "b"), workers=2)
    a, b = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert len(a) == 3 * 5 + 1 + 1  # 3 part files of 5 person tables, recruitment, meta
    assert a == b


def test_regenerating_into_the_same_folder_gives_the_same_files(tmp_path: Path) -> None:
    generate(_options(tmp_path / "a"))
    first = _digests(tmp_path / "a")
    generate(_options(tmp_path / "a"))
    assert _digests(tmp_path / "a") == first
    assert not [p.name for p in tmp_path.iterdir() if p.name != "a"]  # no staging folder left behind


def test_another_seed_gives_other_data(tmp_path: Path) -> None:
    generate(_options(tmp_path / "a", seed=5))
    generate(_options(tmp_path / "b", seed=6))
    a, b = _digests(tmp_path / "a"), _digests(tmp_path / "b")
    assert a.keys() == b.keys()
    assert a["benefit_weeks/part-00000.parquet"] != b["benefit_weeks/part-00000.parquet"]
    assert a["_jobmaal_meta.json"] != b["_jobmaal_meta.json"]
