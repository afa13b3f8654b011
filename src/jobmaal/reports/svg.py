"""Vega-Lite to SVG with vl-convert, and the chart helper process (``python -m jobmaal.reports.svg``).

Imports nothing else, so that a chart helper starts its JavaScript engine at once; with ``--pdf`` the
helper then imports WeasyPrint and warms it up too, and makes the PDF of a one-off command's report."""

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


def serve(pdf: bool = False, charts: bool = True) -> None:
    """The chart helper's loop: a JSON list of specs a line on stdin, a JSON list of SVG texts a line on
    stdout; with ``pdf`` also ``{"pdf": html, "identifier": text}`` → ``{"pdf": base64}``. Warms up the
    chart engine (unless not ``charts``) and WeasyPrint (with ``pdf``) first; ends at the end of its input."""
    import base64
    import gc
    import json
    import sys

    # As make.fewer_collections: a PDF makes ~10⁶ short-lived objects that reference counting frees anyway;
    # at the default threshold the collector would run thousands of times per PDF (~30 % of its time).
    gc.set_threshold(50_000, 10, 10)
    if charts:
        warm_up()
    to_pdf = None
    if pdf:
        try:
            from jobmaal.reports.layout import pdf_with_charts
            from jobmaal.reports.layout import warm_up as pdf_warm_up

            pdf_warm_up()
            to_pdf = pdf_with_charts
        except Exception:  # e.g. no Pango: the parent makes the PDF itself and reports the error
            to_pdf = None
    for line in sys.stdin:
        try:
            request = json.loads(line)
            if isinstance(request, dict):
                # The charts follow the request, one a line, as the parent gets them drawn.
                charts, reader = _charts_after(sys.stdin, [str(u) for u in request.get("charts", ())])
                try:
                    if to_pdf is None:
                        raise RuntimeError("this helper makes no PDFs")
                    made = to_pdf(str(request["pdf"]), str(request["identifier"]).encode(), charts)
                finally:
                    reader.join()  # every chart line read, so the next request starts on its own line
                reply: object = {"pdf": base64.b64encode(made).decode("ascii")}
            else:
                reply = {"svgs": svgs(request)}
        except Exception as exc:  # reported to the parent, which does the work in its own process instead
            reply = {"error": f"{type(exc).__name__}: {exc}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


def _charts_after(stdin: Any, urls: list[str]) -> tuple[dict[str, Any], Any]:
    """The PDF request's charts as ``PendingSvg``s, filled by a thread that reads their lines meanwhile."""
    import json
    import threading
    from concurrent.futures import Future

    from jobmaal.reports.model import PendingSvg

    futures: dict[str, Future[str]] = {url: Future() for url in urls}

    def read() -> None:
        for _ in urls:
            message = json.loads(stdin.readline() or "{}")
            future = futures.get(str(message.get("chart")))
            if future is None:
                break
            if "svg" in message:
                future.set_result(str(message["svg"]))
            else:
                future.set_exception(RuntimeError(str(message.get("error", "chart not drawn"))))
        for future in futures.values():
            if not future.done():
                future.set_exception(RuntimeError("chart not received"))

    reader = threading.Thread(target=read, name="charts-in", daemon=True)
    reader.start()
    return {url: PendingSvg(f) for url, f in futures.items()}, reader


if __name__ == "__main__":
    import os
    import sys

    if "--nice" in sys.argv[1:]:
        os.nice(5)  # a command's helper: the command itself keeps its core while both start up
    serve(pdf="--pdf" in sys.argv[1:], charts="--no-charts" not in sys.argv[1:])
    sys.stdout.flush()
    os._exit(0)  # nothing to clean up; tearing down WeasyPrint's modules would keep the command waiting ~0.3 s
