"""The pseudonymisation key: where it comes from, refusal without one, and the HMAC itself."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import duckdb
import pytest

from jobmaal.cli.app import main
from jobmaal.errors import PseudonymKeyMissing
from jobmaal.registers.pseudonym import (
    KEY_ENV,
    KEY_FILE_ENV,
    hmac_hex,
    load_key,
    sql_hmac,
    sql_hmac_params,
)
from tests.registers.import_support import KEY, OTHER_KEY, source


def test_hmac_is_rfc_hmac_sha256_in_python_and_in_sql() -> None:
    raw = ["0101801234", "2412999999", "æøå-key", "x" * 200]
    expected = [hmac.new(KEY.secret, r.encode(), hashlib.sha256).hexdigest() for r in raw]
    assert [hmac_hex(KEY, r) for r in raw] == expected
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT unnest($raw) AS k, generate_subscripts($raw, 1) AS i", {"raw": raw})
    got = con.execute(f"SELECT {sql_hmac('k')} FROM t ORDER BY i", sql_hmac_params(KEY)).fetchall()
    assert [g[0] for g in got] == expected


def test_a_key_longer_than_a_block_is_hashed_first_as_rfc_2104_says() -> None:
    long_key = load_key(environ={KEY_ENV: "k" * 100})
    con = duckdb.connect()
    got = con.execute(f"SELECT {sql_hmac('$m')}", {**sql_hmac_params(long_key), "m": "0101801234"}).fetchone()
    assert got is not None
    assert got[0] == hmac.new(b"k" * 100, b"0101801234", hashlib.sha256).hexdigest()


def test_deterministic_for_a_key_and_different_between_keys() -> None:
    assert hmac_hex(KEY, "0101801234") == hmac_hex(KEY, "0101801234")
    assert hmac_hex(KEY, "0101801234") != hmac_hex(OTHER_KEY, "0101801234")
    assert KEY.key_id != OTHER_KEY.key_id
    assert KEY.secret.decode() not in repr(KEY)


def test_key_sources_and_their_precedence(tmp_path: Path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text("file-key-0123456789\n", encoding="utf-8")  # the final newline is not part of the key
    assert load_key(key_file, environ={KEY_ENV: "env-key-0123456789abc"}).secret == b"file-key-0123456789"
    assert load_key(environ={KEY_ENV: "env-key-0123456789abc"}).secret == b"env-key-0123456789abc"
    assert load_key(environ={KEY_FILE_ENV: str(key_file)}).secret == b"file-key-0123456789"
    with pytest.raises(PseudonymKeyMissing, match="set only one"):
        load_key(environ={KEY_ENV: "env-key-0123456789abc", KEY_FILE_ENV: str(key_file)})


def test_refuses_without_a_key_or_with_a_short_one(tmp_path: Path) -> None:
    with pytest.raises(PseudonymKeyMissing) as missing:
        load_key(environ={})
    assert KEY_ENV in str(missing.value) and "--key-file" in str(missing.value)
    with pytest.raises(PseudonymKeyMissing, match=r"too short \(15 bytes, at least 16\)"):
        load_key(environ={KEY_ENV: "x" * 15})
    with pytest.raises(PseudonymKeyMissing, match="cannot read the key file"):
        load_key(tmp_path / "no-such-key")


def test_cli_refuses_to_import_without_a_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv(KEY_ENV, raising=False)
    monkeypatch.delenv(KEY_FILE_ENV, raising=False)
    with pytest.raises(SystemExit) as exit_:
        main(["import", "--from", str(source(tmp_path)), "--data", str(tmp_path / "store")])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "import needs a pseudonymisation key" in err and KEY_ENV in err
    assert not (tmp_path / "store").exists() and not (tmp_path / "store.versions").exists()
