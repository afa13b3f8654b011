"""Schemathesis over the OpenAPI document: generated requests against the live server; no server error,
no response outside its documented status, content type or schema. At least 1,000 cases."""

from __future__ import annotations

import httpx
import requests
from hypothesis import HealthCheck, given, settings
from schemathesis import openapi
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from jobmaal.plans import PUBLIC
from jobmaal.web.services import Services

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
# Cases per operation: few for the downloads (each builds a file), many for the rest; the total is checked.
EXAMPLES = {"GET /api/v1/export": 25, "GET /api/v1/followup/{municipality}": 60}
DEFAULT_EXAMPLES = 130
MIN_CASES = 1000


def test_generated_requests_conform_to_the_openapi_document(base_url: str, services: Services) -> None:
    services.values()  # warm the caches: the first request would otherwise wait for the disclosure gate
    services.followup_one(PUBLIC, "101", services.default_year())
    spec = httpx.get(base_url + "/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    schema = openapi.from_dict(spec)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    session = requests.Session()
    calls: dict[str, int] = {}
    for operation in operations:
        _check_operation(operation, base_url, session, calls)
    print(f"schemathesis: {sum(calls.values())} cases", calls)
    assert sum(calls.values()) >= MIN_CASES, calls
    assert set(calls) == {op.label for op in operations}


def _check_operation(operation, base_url: str, session: requests.Session,  # type: ignore[no-untyped-def]
                     calls: dict[str, int]) -> None:
    label = operation.label

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES.get(label, DEFAULT_EXAMPLES), deadline=None, database=None,
              suppress_health_check=list(HealthCheck), derandomize=True)
    def run(case) -> None:  # type: ignore[no-untyped-def]
        calls[label] = calls.get(label, 0) + 1
        case.call_and_validate(base_url=base_url, session=session, checks=CHECKS, timeout=120)

    run()
