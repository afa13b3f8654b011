"""Periods, numbers, area names and the rate limit: the small parts, with inline expectations."""

from __future__ import annotations

import datetime as dt

import pytest

from jobmaal.errors import MappingError, SourceError
from jobmaal.sources.areas import AreaRef, default_resolver, request_name
from jobmaal.sources.numbers import NotANumber, number
from jobmaal.sources.periods import check_period_request, parse_period
from jobmaal.sources.ratelimit import RateLimiter

D = dt.date


@pytest.mark.parametrize(("label", "kind", "start", "end"), [
    ("2021M01", "month", D(2021, 1, 1), D(2021, 1, 31)),
    ("2020M02", "month", D(2020, 2, 1), D(2020, 2, 29)),
    ("2021Q1", "quarter", D(2021, 1, 1), D(2021, 3, 31)),
    ("2021K4", "quarter", D(2021, 10, 1), D(2021, 12, 31)),
    ("2021H2", "half_year", D(2021, 7, 1), D(2021, 12, 31)),
    ("2021", "year", D(2021, 1, 1), D(2021, 12, 31)),
    ("2023QMAT02", "rolling_year", D(2022, 7, 1), D(2023, 6, 30)),
    ("2023QMAT04", "rolling_year", D(2023, 1, 1), D(2023, 12, 31)),
    ("2023MMAT06", "rolling_year", D(2022, 7, 1), D(2023, 6, 30)),
])
def test_periods(label: str, kind: str, start: dt.date, end: dt.date) -> None:
    span = parse_period(label)
    assert (span.kind, span.start, span.end, span.label) == (kind, start, end, label)


@pytest.mark.parametrize("bad", ["2021M13", "2021Q5", "2023QMAT05", "21M01", "januar 2021", ""])
def test_unknown_periods_are_named(bad: str) -> None:
    with pytest.raises(SourceError, match="unknown period"):
        parse_period(bad)


def test_period_requests() -> None:
    assert check_period_request(["l(m:24)", " 2021m01 ", "2023QMAT02"]) == ["l(M:24)", "2021M01", "2023QMAT02"]
    with pytest.raises(SourceError, match="unknown period 'l\\(X:3\\)'"):
        check_period_request(["l(X:3)"])
    with pytest.raises(SourceError, match="no periods"):
        check_period_request([" "])


@pytest.mark.parametrize(("raw", "expected"), [
    (12, 12.0), (12.5, 12.5), ("12.5", 12.5), ("12,5", 12.5), ("1.234.567", 1234567.0), ("12.345,6", 12345.6),
    ("12,345.6", 12345.6), ("-3,0", -3.0), (" 7 ", 7.0), ("..", None), ("-", None), ("", None), (None, None),
    ("x", None), (float("nan"), None),
])
def test_numbers(raw: object, expected: float | None) -> None:
    assert number(raw) == expected


@pytest.mark.parametrize("bad", ["abc", "1,2,3", True])
def test_not_numbers(bad: object) -> None:
    with pytest.raises(NotANumber):
        number(bad)


@pytest.mark.parametrize(("name", "ref"), [
    ("Aarhus", AreaRef("municipality", "751")),
    ("Århus", AreaRef("municipality", "751")),
    ("Brønderslev", AreaRef("municipality", "810")),
    ("Brønderslev-Dronninglund", AreaRef("municipality", "810")),
    ("Vesthimmerlands", AreaRef("municipality", "820")),
    ("Vesthimmerland", AreaRef("municipality", "820")),
    ("Høje Taastrup", AreaRef("municipality", "169")),
    ("Randers Kommune", AreaRef("municipality", "730")),
    ("  randers ", AreaRef("municipality", "730")),
    ("730", AreaRef("municipality", "730")),
    ("Hele landet", AreaRef("country", "000")),
    ("Region Midtjylland", AreaRef("region", "1082")),
    ("RAR Østjylland", AreaRef("rar", "R03")),
    ("Regionalt Arbejdsmarkedsråd Bornholm", AreaRef("rar", "R08")),
])
def test_area_names(name: str, ref: AreaRef) -> None:
    assert default_resolver().resolve(name) == ref


def test_names_that_are_no_jobmaal_area() -> None:
    r = default_resolver()
    assert r.resolve("Christiansø") is None
    with pytest.raises(MappingError, match=r"unknown area name 'Atlantis'.*areas\.yaml"):
        r.resolve("Atlantis")


def test_statbank_area_codes() -> None:
    r = default_resolver()
    assert r.resolve_statbank("084") == AreaRef("region", "1084")
    assert r.resolve_statbank("000") == AreaRef("country", "000")
    assert r.resolve_statbank("101") == AreaRef("municipality", "101")
    assert r.resolve_statbank("411", "Christiansø") is None


def test_names_sent_to_jobindsats() -> None:
    assert request_name("751") == "Aarhus"
    assert request_name("Århus") == "Aarhus"
    assert request_name("000") == "Hele landet"
    assert request_name("1082") == "Region Midtjylland"
    assert request_name("R03") == "RAR Østjylland"
    with pytest.raises(MappingError):
        request_name("Atlantis")


def test_the_rate_limit_spaces_requests() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    limiter = RateLimiter(0.5, clock=lambda: now[0], sleep=sleep)
    limiter.wait()  # the first goes at once
    now[0] += 0.2
    limiter.wait()  # 0.3 s more to wait
    limiter.wait()  # a full interval
    now[0] += 2.0
    limiter.wait()  # long after: no wait
    assert slept == pytest.approx([0.3, 0.5])
    assert limiter.waited == pytest.approx(0.8)
