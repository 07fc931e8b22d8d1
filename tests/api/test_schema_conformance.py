"""schemathesis drives every operation from the API's own OpenAPI document, in-process.

With a valid read-write token: no 5xx, and every response matches the documented schema.
(schemathesis' own pytest plugin does not run under pytest 9 yet, so the operations are
parametrised here and each one runs schemathesis' Hypothesis strategy directly.)
"""

from __future__ import annotations

import copy
import functools
from typing import Any

import pytest
import redis
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy.orm import sessionmaker

from core.settings import load_settings
from customer_ui.api import create_api
from tests.api.conftest import Account


@functools.cache
def document() -> dict[str, Any]:
    """The API's OpenAPI document, built once per test process: every app create_api makes
    has the same one, and building it costs ~1 s of CPU (three parametrisations read it at
    collection, and each of ~140 tests below would build it again for its own app)."""
    # Only the document is needed here, so the app gets an unbound session factory and a
    # Redis client that never connects.
    app = create_api(
        settings=load_settings(env="test"),
        session_factory=sessionmaker(),
        redis_client=redis.Redis(),
    )
    return app.openapi()


def _operations() -> tuple[tuple[str, str], ...]:
    paths = document()["paths"]
    return tuple(sorted((method.upper(), path) for path, item in paths.items() for method in item))


@pytest.mark.parametrize(("method", "path"), _operations(), ids=lambda v: v)
def test_every_operation_conforms(method: str, path: str, api: FastAPI, alpha: Account) -> None:
    # The app serves the document built once above (FastAPI keeps a built one in
    # openapi_schema) instead of building its own identical one.
    api.openapi_schema = copy.deepcopy(document())
    operation = schemathesis.openapi.from_asgi("/openapi.json", api)[path][method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def check(case: schemathesis.Case) -> None:
        # Rules across fields (opening hours must end after they start) cannot be said in
        # JSON Schema, so a schema-valid body may still get a 422 with field messages: the
        # positive-data check is left out; every other check (no 5xx, documented statuses,
        # response schemas, invalid data refused) runs.
        case.call_and_validate(headers=alpha.headers(), excluded_checks=[positive_data_acceptance])

    check()
