"""A small local HTTP server that answers like the Jobindsats API v2 and Statistics Denmark's StatBank.

Started by the tests on 127.0.0.1 with a free port (``http.server``, threaded). ``faults`` scripts the
next answers of a path ("503", "timeout", "malformed", "badkey", "badkey401"), after which it answers
normally; ``requests`` records what was asked (method, path, headers, body).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from jobmaal.reference import municipalities

from . import fake_data as fd

API_KEY = "test-key-123"
BAD_KEY = {"Forkert nøgle eller nøglen er udløbet.": ""}


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class FakeApis:
    port: int = 0
    faults: dict[str, list[str]] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    delay: float = 1.0  # seconds a "timeout" answer waits
    extra_areas: tuple[str, ...] = ("Christiansø",)  # published rows jobmaal leaves out

    @property
    def jobindsats_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/jobindsats/v2"

    @property
    def statbank_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/statbank/v1"

    def hits(self, path_part: str) -> int:
        return sum(1 for r in self.requests if path_part in r.path)


# ---------------------------------------------------------------- Jobindsats
@dataclass(frozen=True)
class FakeTable:
    table_id: str
    name: str
    periods: tuple[str, ...]
    dims: tuple[tuple[str, str, tuple[str, ...]], ...]  # (Name, Label, values; the first is the total)
    measures: tuple[str, ...]

    def row(self, area_code: str, period: str, dims: tuple[str, ...]) -> tuple[Any, ...]:
        t = self.table_id
        if t == "PTVA02":
            return fd.ptva02(area_code, period, dims[0], dims[1])
        if t == "Y01A02":  # a-dagpenge, with one more full-time person than PTVA02 says (precedence test)
            persons, ft, _, share = fd.ptva02(area_code, period, "A-dagpenge", "Køn i alt")
            return (persons, str(int(ft) + 1), share)
        if t == "MM13":
            return fd.mm13(area_code, period)
        if t == "MM17":
            return fd.mm17(area_code, period)
        if t == "Y30R21":
            return fd.y30r21(area_code, period, dims[0])
        raise KeyError(t)


TABLES = {t.table_id: t for t in (
    FakeTable("PTVA02", "Offentligt forsørgede", fd.MONTHS,
              (("_ygrp_a02", "Ydelsesgrupper", fd.GROUPS), ("_kon", "Køn", fd.SEXES)), fd.PTVA02_MEASURES),
    FakeTable("Y01A02", "A-dagpenge", fd.MONTHS, (),
              ("Antal personer", "Antal fuldtidspersoner", "Fuldtidspersoner i pct. af befolkningen 16-66 år")),
    FakeTable("MM13", "Flygtninge og familiesammenførte i beskæftigelse", fd.MONTHS, (), fd.MM13_MEASURES),
    FakeTable("MM17", "Ledige der påbegynder opkvalificering", fd.MONTHS, (), fd.MM17_MEASURES),
    FakeTable("Y30R21", "Benchmark af offentlig forsørgelse", fd.QMAT,
              (("_ygrp_y30r21", "Ydelsesgrupper", fd.Y30_GROUPS),), fd.Y30_MEASURES),
)}


def _periods(table: FakeTable, asked: Any) -> list[str]:
    items = asked if isinstance(asked, list) else [asked]
    out: list[str] = []
    for item in items:
        text = str(item)
        if text.lower().startswith("l("):
            n = int(text.split(":")[1].rstrip(")"))
            out += list(table.periods[-n:])
        elif text in table.periods:
            out.append(text)
        else:
            raise ValueError(f"Ukendt periode: {text}")
    return list(dict.fromkeys(out))


def jobindsats_data(table: FakeTable, body: dict[str, Any], extra_areas: tuple[str, ...]) -> list[dict[str, Any]]:
    names = fd.area_names()
    area = body.get("area", "*")
    if area == "*" or area == ["*"]:
        chosen = names + [(x, "825") for x in extra_areas]
    else:
        wanted = area if isinstance(area, list) else [area]
        by_name = {n: c for n, c in names}
        by_ref = {m.name: m.code for m in municipalities()}
        chosen = [(n, by_name.get(n) or by_ref[n]) for n in wanted]
    dim_values = [tuple(body.get(name, [values[0]])) for name, _, values in table.dims]
    variables = [{"Name": "area", "Label": "Område"}, {"Name": "period", "Label": "Periode"}]
    variables += [{"Name": name, "Label": label} for name, label, _ in table.dims]
    variables += [{"Name": f"{table.table_id.lower()}_m{i}", "Label": m} for i, m in enumerate(table.measures)]
    rows = []
    for (name, code), period, combo in itertools.product(chosen, _periods(table, body.get("period")),
                                                         itertools.product(*dim_values)):
        rows.append([name, period, *combo, *table.row(code, period, combo)])
    return [{"Variables": variables, "Data": rows}]


def jobindsats_info(table: FakeTable) -> list[dict[str, Any]]:
    return [{"TableID": table.table_id, "TableName": table.name, "SubjectName": "Test",
             "Areas": [{"AreaType": "Kommune", "Values": [n for n, _ in fd.area_names()]}],
             "Period": list(table.periods),
             "Measurements": [{"Name": f"{table.table_id.lower()}_m{i}", "Label": m}
                              for i, m in enumerate(table.measures)],
             "Dimensions": [{"Name": n, "Label": lab, "Values": list(v)} for n, lab, v in table.dims]}]


# ---------------------------------------------------------------- StatBank
SB_TABLES: dict[str, list[tuple[str, str, list[str]]]] = {  # variable id, text, codes (first = total)
    "FOLK1A": [("OMRÅDE", "område", fd.SB_AREAS), ("KØN", "køn", ["TOT", "1", "2"]),
               ("ALDER", "alder", ["IALT", *fd.AGES]), ("CIVILSTAND", "civilstand", ["TOT"]),
               ("Tid", "tid", ["2020K1", "2021K1"])],
    "HFUDD11": [("BOPOMR", "bopælsområde", fd.SB_AREAS), ("HERKOMST", "herkomst", ["TOT"]),
                ("HFUDD", "højest fuldførte uddannelse", fd.HFUDD), ("ALDER", "alder", ["TOT", *fd.BANDS]),
                ("KØN", "køn", ["TOT"]), ("Tid", "tid", ["2020", "2021"])],
}


def _sb_value(table: str, cell: dict[str, str]) -> float:
    if table == "FOLK1A":
        return fd.folk1a(cell["OMRÅDE"], cell["KØN"], cell["ALDER"], cell["Tid"])
    return fd.hfudd11(cell["BOPOMR"], cell["HFUDD"], cell["ALDER"], cell["Tid"])


def statbank_cells(body: dict[str, Any]) -> tuple[list[str], list[list[str]], list[float]]:
    table = str(body["table"]).upper()
    spec = SB_TABLES[table]
    asked = {v["code"].upper(): v["values"] for v in body.get("variables", [])}
    kept, axes = [], []
    for var, _, codes in spec:
        values = asked.get(var.upper())
        if values is None:
            axes.append([codes[-1] if var == "Tid" else codes[0]])  # eliminated: total (time: the latest)
            continue
        kept.append(var)
        axes.append(codes if values == ["*"] else [c for c in codes if c in values])
    cells, values = [], []
    for combo in itertools.product(*axes):
        cell = dict(zip([v for v, _, _ in spec], combo, strict=True))
        cells.append([cell[v] for v in kept])
        values.append(_sb_value(table, cell))
    return kept, cells, values


def statbank_csv(body: dict[str, Any]) -> str:
    kept, cells, values = statbank_cells(body)
    lines = [";".join([*(k.upper() for k in kept), "INDHOLD"])]
    lines += [";".join([*c, str(int(v))]) for c, v in zip(cells, values, strict=True)]
    return "\ufeff" + "\r\n".join(lines) + "\r\n"


def statbank_jsonstat(body: dict[str, Any]) -> dict[str, Any]:
    table = str(body["table"]).upper()
    kept, cells, values = statbank_cells(body)
    dims: dict[str, Any] = {}
    for j, var in enumerate(kept):
        codes = list(dict.fromkeys(c[j] for c in cells))
        dims[var] = {"label": var.lower(), "category": {"index": {c: i for i, c in enumerate(codes)},
                                                        "label": {c: c for c in codes}}}
    dims["ContentsCode"] = {"label": "indhold", "category": {"index": {table: 0}, "label": {table: table}}}
    sizes = [len(dims[v]["category"]["index"]) for v in kept] + [1]
    dims["id"], dims["size"] = [*kept, "ContentsCode"], sizes
    return {"dataset": {"dimension": dims, "label": table, "source": "Danmarks Statistik", "value": values}}


# ---------------------------------------------------------------- the server
class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes, ctype: str = "application/json; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, payload: Any) -> None:
        self._send(status, json.dumps(payload, ensure_ascii=False).encode("utf-8"))

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        apis = self.server.apis
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else None
        path = self.path.split("?")[0].rstrip("/")
        apis.requests.append(Recorded(method, path, dict(self.headers.items()), body))
        queue = apis.faults.get(path) or []
        fault = queue.pop(0) if queue else None
        if fault == "timeout":
            time.sleep(apis.delay)
        elif fault in ("503", "500", "502"):
            self._send(int(fault), b"<html>Service Unavailable</html>", "text/html")
            return
        elif fault == "malformed":
            self._send(200, b'[{"Variables": [{"Name": "area", "Label": "Omr', "application/json")
            return
        elif fault in ("badkey", "badkey401"):
            self._json(401 if fault == "badkey401" else 200, BAD_KEY)
            return
        try:
            if path.startswith("/jobindsats/v2/"):
                self._jobindsats(method, path.removeprefix("/jobindsats/v2/"), body)
            elif path.startswith("/statbank/v1/"):
                self._statbank(path.removeprefix("/statbank/v1/"), body or {})
            else:
                self._json(404, {"Message": "not found"})
        except (KeyError, ValueError) as exc:
            self._json(400, {"Message": str(exc)})

    def _jobindsats(self, method: str, route: str, body: Any) -> None:
        if self.headers.get("Authorization") != API_KEY:
            self._json(200, BAD_KEY)
            return
        parts = route.split("/")
        if route == "subjects/json":
            self._json(200, [{"SubjectID": "1", "SubjectName": "Alle ydelser under ét"}])
        elif route == "tables/json":
            self._json(200, [{"TableID": t.table_id, "TableName": t.name, "SubjectID": "1",
                              "SubjectName": "Alle ydelser under ét"} for t in TABLES.values()])
        elif len(parts) == 3 and parts[0] == "tables":
            self._json(200, jobindsats_info(TABLES[parts[1].upper()]))
        elif len(parts) == 3 and parts[0] == "data" and method == "POST":
            self._json(200, jobindsats_data(TABLES[parts[1].upper()], body or {}, self.server.apis.extra_areas))
        else:
            self._json(404, {"Message": f"unknown route {route}"})

    def _statbank(self, route: str, body: dict[str, Any]) -> None:
        if route == "tables":
            self._json(200, [{"id": t, "text": t, "unit": "antal", "updated": "2021-02-11T08:00:00"}
                             for t in SB_TABLES])
        elif route == "tableinfo":
            spec = SB_TABLES[str(body["table"]).upper()]
            self._json(200, {"id": body["table"], "text": "test", "unit": "antal", "updated": "2021-02-11",
                             "variables": [{"id": v, "text": t, "time": v == "Tid",
                                            "values": [{"id": c, "text": c} for c in codes]}
                                           for v, t, codes in spec]})
        elif route == "data":
            if str(body.get("format", "")).upper() == "CSV":
                self._send(200, statbank_csv(body).encode("utf-8"), "text/csv; charset=utf-8")
            else:
                self._json(200, statbank_jsonstat(body))
        else:
            self._json(404, {"message": f"unknown route {route}"})


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    apis: FakeApis

    def handle_error(self, request: Any, client_address: Any) -> None:  # a client that gave up (timeout)
        pass


@contextmanager
def running() -> Iterator[FakeApis]:
    server = _Server(("127.0.0.1", 0), _Handler)
    apis = FakeApis(port=server.server_address[1])
    server.apis = apis
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield apis
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
