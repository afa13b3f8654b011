"""The fetch store: every answer read from an official source, kept with its source, request and time.

``jobmaal fetch …`` writes one JSON file per answer under ``DIR/<source>/<TABLE>/``; ``jobmaal
load-official --from-fetched DIR`` reads them back, so a run can be repeated offline and checked
later. The body is kept as the text the service sent (byte-faithful); the API key is never stored.

File format ``jobmaal-fetch/1``::

    {"format": "jobmaal-fetch/1", "source": "jobindsats", "source_name": "Jobindsats.dk",
     "kind": "data" | "tableinfo", "table": "PTVA02", "base_url": "https://api.jobindsats.dk/v2",
     "method": "POST", "url": "…/data/ptva02/json", "request": {…body or null…},
     "fetched_at": "2024-03-01T08:15:02+00:00", "stored_at": "…", "from_cache": false,
     "status": 200, "content_type": "application/json", "jobmaal_version": "0.1.0",
     "body_sha256": "…", "body": "<the answer as text>"}
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jobmaal import __version__
from jobmaal.errors import SourceError
from jobmaal.sources.http import HttpResponse

FORMAT = "jobmaal-fetch/1"
SOURCE_NAMES = {"jobindsats": "Jobindsats.dk", "statbank": "Danmarks Statistik (Statistikbanken)"}


@dataclass(frozen=True)
class Fetch:
    path: Path
    source: str
    kind: str
    table: str
    base_url: str
    url: str
    request: Any
    fetched_at: dt.datetime
    from_cache: bool
    content_type: str
    body: str
    body_sha256: str

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise SourceError(f"{self.path}: the stored answer is not JSON") from exc


class FetchStore:
    def __init__(self, directory: Path | str) -> None:
        self.directory = Path(directory)

    def save(self, *, source: str, kind: str, table: str, base_url: str, request: Any,
             response: HttpResponse) -> Path:
        body = response.text()
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        stamp = response.fetched_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        folder = self.directory / source / table.upper()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{kind}-{stamp}-{digest[:10]}.json"
        record = {
            "format": FORMAT, "source": source, "source_name": SOURCE_NAMES.get(source, source), "kind": kind,
            "table": table.upper(), "base_url": base_url, "method": response.method, "url": response.url,
            "request": request, "fetched_at": response.fetched_at.isoformat(),
            "stored_at": dt.datetime.now(dt.UTC).isoformat(), "from_cache": response.from_cache,
            "status": response.status, "content_type": response.content_type, "jobmaal_version": __version__,
            "body_sha256": digest, "body": body,
        }
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)  # a half-written file is never read as a fetch
        return path

    def fetches(self, source: str | None = None, kind: str | None = "data") -> list[Fetch]:
        """Stored answers, oldest first (by the time they were read from the source)."""
        if not self.directory.is_dir():
            raise SourceError(f"{self.directory}: no fetch store here (run `jobmaal fetch …` first)")
        out: list[Fetch] = []
        pattern = f"{source}/*/*.json" if source else "*/*/*.json"
        for path in sorted(self.directory.glob(pattern)):
            if path.name.startswith("."):
                continue
            fetch = read_fetch(path)
            if kind is None or fetch.kind == kind:
                out.append(fetch)
        return sorted(out, key=lambda f: (f.fetched_at, f.path.name))


def read_fetch(path: Path) -> Fetch:
    try:
        rec = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise SourceError(f"{path}: not a readable fetch file: {exc}") from exc
    if not isinstance(rec, dict) or rec.get("format") != FORMAT:
        raise SourceError(f"{path}: not a jobmaal fetch file (format {FORMAT!r} expected)")
    try:
        body = str(rec["body"])
        if hashlib.sha256(body.encode("utf-8")).hexdigest() != rec["body_sha256"]:
            raise SourceError(f"{path}: the stored answer does not match its checksum (edited or damaged)")
        return Fetch(path, str(rec["source"]), str(rec["kind"]), str(rec["table"]), str(rec["base_url"]),
                     str(rec["url"]), rec.get("request"), dt.datetime.fromisoformat(rec["fetched_at"]),
                     bool(rec.get("from_cache", False)), str(rec.get("content_type", "")), body,
                     str(rec["body_sha256"]))
    except KeyError as exc:
        raise SourceError(f"{path}: fetch file lacks the field {exc.args[0]!r}") from exc


def fingerprint(fetches: list[Fetch]) -> str:
    """A fingerprint of exactly the answers a run was made from (order-independent)."""
    h = hashlib.sha256()
    for digest in sorted(f"{f.source}/{f.table}/{f.body_sha256}" for f in fetches):
        h.update(digest.encode())
    return "fetched:" + h.hexdigest()[:32]
