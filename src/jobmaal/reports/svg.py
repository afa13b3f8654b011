"""Vega-Lite to SVG with vl-convert. Imports nothing else, so that a chart helper process starts quickly."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_WARM_UP = {"mark": "point", "data": {"values": [{"a": 1}]},
            "encoding": {"x": {"field": "a", "type": "quantitative"}}}


def svg(spec: dict[str, Any]) -> str:
    import vl_convert  # imported late: it starts a JavaScript engine

    return str(vl_convert.vegalite_to_svg(spec))


def svgs(specs: Sequence[dict[str, Any]]) -> list[str]:
    return [svg(s) for s in specs]


def warm_up() -> None:
    """Start the JavaScript engine (about a second in a new process)."""
    svg(_WARM_UP)


def serve() -> None:
    """The chart helper's loop (``python -m jobmaal.reports.svg``): one JSON list of specs a line on stdin,
    one JSON list of SVG texts a line on stdout; ends at the end of its input."""
    import json
    import sys

    warm_up()
    for line in sys.stdin:
        try:
            reply: object = {"svgs": svgs(json.loads(line))}
        except Exception as exc:  # reported to the parent, which draws in its own process instead
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
