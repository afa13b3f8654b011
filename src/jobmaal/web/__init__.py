"""The web dashboard, the JSON API and the downloads: ``create_app(WebSettings(results=...))``.

See docs/web.md.
"""

from jobmaal.web.app import create_app
from jobmaal.web.settings import WebSettings

__all__ = ["WebSettings", "create_app"]
