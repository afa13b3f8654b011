"""Register locations: a local folder or a URL, with the same data fingerprint either way."""

from __future__ import annotations

from pathlib import Path

import pyarrow.fs as pafs
import pytest

from jobmaal.engine.backends.location import DataLocation, url_fingerprint
from jobmaal.engine.fingerprint import data_fingerprint
from jobmaal.errors import BackendError, RegisterError
from tests.engine_backends.registers import edge_cases


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = edge_cases().write(tmp_path / "data")
    (folder / "_jobmaal_meta.json").write_text('{"synthetic": true}', encoding="utf-8")
    (folder / "persons" / "part-00001.parquet").write_bytes((folder / "persons" / "part-00000.parquet").read_bytes())
    (folder / "persons" / "notes.txt").write_text("not a table file", encoding="utf-8")
    return folder


def test_a_url_has_the_folders_fingerprint_and_metadata(data: Path) -> None:
    url = DataLocation(data.as_uri())
    assert url.is_url and url.table("persons") == data.as_uri() + "/persons"
    assert url.fingerprint() == data_fingerprint(data) == DataLocation(str(data)).fingerprint()
    assert url.meta() == {"synthetic": True}


def test_the_fingerprint_follows_the_content(data: Path) -> None:
    before = url_fingerprint(pafs.LocalFileSystem(), str(data))
    (data / "recruitment" / "part-00000.parquet").write_bytes(b"changed")
    assert url_fingerprint(pafs.LocalFileSystem(), str(data)) != before


def test_missing_metadata_is_not_synthetic(data: Path) -> None:
    (data / "_jobmaal_meta.json").unlink()
    assert DataLocation(data.as_uri()).meta() == {}


def test_a_missing_table_names_its_folder(data: Path) -> None:
    for file in (data / "activities").iterdir():
        file.unlink()
    with pytest.raises(RegisterError, match=r"activities: table 'activities' is missing"):
        DataLocation(str(data)).check_local()
    with pytest.raises(RegisterError, match="register data directory not found"):
        DataLocation(str(data / "nowhere")).check_local()


def test_an_unreadable_url_is_a_clear_error() -> None:
    with pytest.raises(BackendError, match="nosuchscheme://bucket/registers: kan ikke læses herfra"):
        DataLocation("nosuchscheme://bucket/registers").fingerprint()
