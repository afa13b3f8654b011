"""Keyed pseudonymisation of person keys: HMAC-SHA256(key, raw person key) as 64 hex digits.

The key is loaded once at the edge (the CLI) and passed down. The same HMAC is computed
in DuckDB SQL for whole tables (``sql_hmac``) and in Python (``hmac_hex``) for tests and
single values; both give identical results.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from jobmaal.errors import PseudonymKeyMissing

KEY_ENV = "JOBMAAL_PSEUDONYM_KEY"
KEY_FILE_ENV = "JOBMAAL_PSEUDONYM_KEY_FILE"
MIN_KEY_BYTES = 16
_BLOCK = 64  # SHA-256 block size in bytes (RFC 2104)

_HOW = (
    f"angiv en nøgle med miljøvariablen {KEY_ENV}, med --key-file STI eller med {KEY_FILE_ENV} / "
    f"provide a key in the environment variable {KEY_ENV}, with --key-file PATH or with {KEY_FILE_ENV} "
    "(at least 16 bytes; e.g. python -c 'import secrets; print(secrets.token_hex(32))')"
)


@dataclass(frozen=True, repr=False)
class PseudonymKey:
    """The secret key; ``repr`` never shows it."""

    secret: bytes
    origin: str  # where it came from, for messages: "JOBMAAL_PSEUDONYM_KEY" or a file path

    def __repr__(self) -> str:
        return f"PseudonymKey(origin={self.origin!r}, id={self.key_id})"

    @property
    def key_id(self) -> str:
        """A non-secret id of the key, stored in the metadata to tell whether two imports used the same key."""
        return hmac_hex(self, "jobmaal-pseudonym-key-id")[:16]


def load_key(key_file: Path | None = None, environ: Mapping[str, str] | None = None) -> PseudonymKey:
    """The key from ``key_file``, else ``JOBMAAL_PSEUDONYM_KEY``, else ``JOBMAAL_PSEUDONYM_KEY_FILE``.

    Refuses to guess when both environment variables are set, since a different key
    silently gives every person a different pseudonym.
    """
    env = os.environ if environ is None else environ
    if key_file is not None:
        return _checked(_read_key_file(Path(key_file)), str(key_file))
    value, file_value = env.get(KEY_ENV), env.get(KEY_FILE_ENV)
    if value and file_value:
        raise PseudonymKeyMissing(
            f"både {KEY_ENV} og {KEY_FILE_ENV} er sat; sæt kun én / both {KEY_ENV} and {KEY_FILE_ENV} "
            "are set; set only one"
        )
    if value:
        return _checked(value.encode("utf-8"), KEY_ENV)
    if file_value:
        return _checked(_read_key_file(Path(file_value)), file_value)
    raise PseudonymKeyMissing(f"import kræver en pseudonymiseringsnøgle / import needs a pseudonymisation key: {_HOW}")


def _read_key_file(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PseudonymKeyMissing(
            f"nøglefilen kan ikke læses / cannot read the key file {path}: {exc.strerror or exc}"
        ) from exc
    return raw.rstrip(b"\r\n")  # editors add a final newline; it is not part of the key


def _checked(secret: bytes, origin: str) -> PseudonymKey:
    if len(secret) < MIN_KEY_BYTES:
        raise PseudonymKeyMissing(
            f"nøglen fra {origin} er for kort ({len(secret)} bytes, mindst {MIN_KEY_BYTES}) / "
            f"the key from {origin} is too short ({len(secret)} bytes, at least {MIN_KEY_BYTES}): {_HOW}"
        )
    return PseudonymKey(secret, origin)


def hmac_hex(key: PseudonymKey, raw_person_key: str) -> str:
    """HMAC-SHA256 of one raw person key, as 64 lower-case hex digits."""
    return hmac.new(key.secret, raw_person_key.encode("utf-8"), hashlib.sha256).hexdigest()


def _pads(key: PseudonymKey) -> tuple[bytes, bytes]:
    block = key.secret if len(key.secret) <= _BLOCK else hashlib.sha256(key.secret).digest()
    block = block.ljust(_BLOCK, b"\0")
    return bytes(b ^ 0x36 for b in block), bytes(b ^ 0x5C for b in block)


def sql_hmac(column: str) -> str:
    """A DuckDB expression computing HMAC-SHA256 of ``column`` (VARCHAR) as hex.

    It needs the parameters from ``sql_hmac_params``. HMAC = H((K^opad) || H((K^ipad) || m))
    with DuckDB's vectorised ``sha256``, so it runs in parallel without Python per row.
    """
    return f"sha256($hmac_opad || unhex(sha256($hmac_ipad || encode({column}))))"


def sql_hmac_params(key: PseudonymKey) -> dict[str, bytes]:
    ipad, opad = _pads(key)
    return {"hmac_ipad": ipad, "hmac_opad": opad}
