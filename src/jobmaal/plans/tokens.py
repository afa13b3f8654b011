"""Personal API tokens: a random secret shown once; only its SHA-256 is stored.

SHA-256 (not Argon2) is enough here: the secret has 256 random bits, so it cannot be guessed
from the hash, and a plain hash lets a request find its token with one index look-up.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "jm_"
SHOWN_PREFIX_LENGTH = 10  # "jm_" and 7 characters: enough to recognise a token in a list


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def shown_prefix(token: str) -> str:
    return token[:SHOWN_PREFIX_LENGTH]
