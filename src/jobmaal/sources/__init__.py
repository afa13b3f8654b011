"""Official sources: the Jobindsats API, Statistics Denmark's StatBank, and the results they fill.

- ``http`` / ``cache`` / ``ratelimit``: the HTTP base (retries with back-off, a local response cache,
  a polite rate limit);
- ``jobindsats`` and ``statbank``: the two clients;
- ``store``: the fetch store (every answer with its source and time, so a run can be repeated offline);
- ``mapping`` + ``mappings/*.yaml``: official tables → indicator values, as data;
- ``extract`` / ``load``: fetched tables → a results run (``runs.source = "Jobindsats.dk"``) and the
  ``official_expected`` table; ``conditions``: StatBank tables → a framework-conditions file.

See docs/sources.md.
"""

from jobmaal.sources.http import HttpSettings
from jobmaal.sources.jobindsats import JobindsatsClient
from jobmaal.sources.store import FetchStore

__all__ = ["FetchStore", "HttpSettings", "JobindsatsClient"]
