"""Which backend to compute on, from the ``jobmaal compute`` options (parsed once, at the edge)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from jobmaal.errors import BackendError

SPARK_CONNECT_SCHEME = "sc://"
BACKENDS = ("duckdb", "pyspark")


@dataclass(frozen=True)
class BackendTarget:
    """A non-DuckDB backend to compute on.

    ``kind="pyspark"``: a SparkSession — local mode, a cluster ``master`` (``spark://…``, ``yarn``,
    ``k8s://…``), the session spark-submit configured, or Spark Connect when ``url`` is ``sc://…``.
    ``kind="url"``: any other Ibis backend by connection URL (``trino://…``, ``duckdb://…``).
    """

    kind: Literal["pyspark", "url"]
    url: str | None = None
    master: str | None = None
    conf: tuple[tuple[str, str], ...] = ()

    @property
    def spark_connect(self) -> bool:
        return self.kind == "pyspark" and self.url is not None

    @property
    def label(self) -> str:
        if self.url:
            return redact(self.url)
        return f"pyspark ({self.master or 'local/spark-submit'})"


def redact(url: str) -> str:
    """The URL without user name and password, for messages and logs."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    path = parts.path.split(";")[0]  # Spark Connect puts token=… in ;-parameters
    return f"{parts.scheme}://{host}{port}{path}"


def _conf_pairs(items: Sequence[str]) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise BackendError(f"--spark-conf {item!r}: forventet NØGLE=VÆRDI / expected KEY=VALUE")
        pairs.append((key.strip(), value.strip()))
    return tuple(pairs)


def parse_target(
    backend: str | None,
    url: str | None,
    master: str | None = None,
    conf: Sequence[str] = (),
    duckdb_only: Sequence[str] = (),
) -> BackendTarget | None:
    """The backend target of the options, or None for the embedded DuckDB runner.

    ``duckdb_only`` names DuckDB options the user gave (``--memory-limit`` …): an error on another backend.
    """
    name = (backend or ("duckdb" if url is None else "")).lower()
    if name and name not in BACKENDS:
        raise BackendError(f"--backend {backend!r}: ukendt / unknown; choose one of {', '.join(BACKENDS)}")
    if name == "duckdb":
        if url is not None:
            raise BackendError("--backend-url bruges med andre backends end duckdb / is for backends other than duckdb")
        if master or conf:
            raise BackendError("--spark-master/--spark-conf kræver / need --backend pyspark")
        return None
    if duckdb_only:
        raise BackendError(f"{', '.join(duckdb_only)} gælder kun DuckDB / applies to DuckDB only; "
                           "configure Spark with --spark-conf (e.g. spark.driver.memory=4g)")
    pairs = _conf_pairs(conf)
    is_connect = url is not None and url.startswith(SPARK_CONNECT_SCHEME)
    if name == "pyspark" or is_connect:
        if url is not None and not is_connect:
            raise BackendError(f"--backend pyspark --backend-url {url!r}: expected a Spark Connect URL sc://host:port")
        if url is not None and master:
            raise BackendError("--spark-master og / and --backend-url sc://… udelukker hinanden / exclude each other")
        return BackendTarget("pyspark", url=url, master=master, conf=pairs)
    if "://" not in (url or ""):
        raise BackendError(f"--backend-url {url!r}: expected a connection URL like trino://user@host:8080/catalog")
    if master or conf:
        raise BackendError("--spark-master/--spark-conf kræver / need --backend pyspark")
    return BackendTarget("url", url=url)
