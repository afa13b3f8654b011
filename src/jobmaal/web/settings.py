"""The web application's settings: built once at the edge (``jobmaal serve``, tests) and passed down."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from jobmaal.disclosure import DEFAULT_POLICY, DisclosurePolicy


@dataclass(frozen=True)
class WebSettings:
    results: Path  # the engine's results file (DuckDB); the latest run is shown
    plans_url: str | None = None  # the plan store (SQLAlchemy URL or SQLite path); None: $JOBMAAL_DB_URL/default
    boundaries: Path | None = None  # a GeoJSON FeatureCollection of municipality boundaries (else the tile map)
    boundary_code_property: str = "lau_1"  # the feature property holding the three-digit code
    conditions: Path | None = None  # framework conditions file for the follow-up (else derived)
    data_dir: Path | None = None  # register data, to derive the framework conditions from
    clusters: Path | None = None  # a cluster file overriding the computed clusters
    policy: DisclosurePolicy = DEFAULT_POLICY
    # Signs the session cookie. A random key per process logs everyone out on restart: give a fixed
    # one (``--secret-key-file``) when running several processes behind a load balancer.
    secret_key: str = field(default_factory=lambda: secrets.token_urlsafe(32), repr=False)
    https_only_cookies: bool = False  # set behind HTTPS (the Secure cookie flag)
    session_max_age: int = 8 * 3600  # seconds a login lasts
    page_cache_entries: int = 256  # rendered pages for visitors who are not logged in
