"""Every operation of the OpenAPI document refuses a missing token (401) and every writing
operation refuses a read-only token (403) — new endpoints join by themselves."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import Account
from tests.api.test_auth_and_errors import assert_error
from tests.api.test_schema_conformance import _operations

PUBLIC = {("POST", "/auth/token")}
WRITES = {"POST", "PATCH", "PUT", "DELETE"}


def concrete(path: str) -> str:
    return "/".join("1" if part.startswith("{") else part for part in path.split("/"))


# The token exchange is how a token is presented, so it is the one operation left out.
@pytest.mark.parametrize(
    ("method", "path"), [op for op in _operations() if op not in PUBLIC], ids=lambda v: v
)
def test_no_token_no_answer(client: TestClient, method: str, path: str) -> None:
    assert_error(client.request(method, concrete(path), json={}), 401, "unauthorized")


@pytest.mark.parametrize(
    ("method", "path"),
    [(m, p) for m, p in _operations() if m in WRITES and (m, p) not in PUBLIC],
    ids=lambda v: v,
)
def test_read_only_token_cannot_write(
    client: TestClient, alpha: Account, method: str, path: str
) -> None:
    response = client.request(method, concrete(path), json={}, headers=alpha.headers(write=False))
    assert_error(response, 403, "forbidden")
