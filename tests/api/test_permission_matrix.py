"""Every API operation × every customer role: allowed or refused exactly as services.permissions
says. Generated from the OpenAPI document, where each operation names its action
(`x-permission`), so a new operation joins by itself — and the API refuses to start with an
operation that names none."""

from __future__ import annotations

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from customer_ui.api import PUBLIC, ROUTERS, permissions_of
from customer_ui.api.security import requires
from models import Role, TokenScope
from services.api_tokens import create_api_token
from services.permissions import Action, allows
from services.team import change_role
from tests.api.conftest import Account
from tests.api.test_auth_and_errors import assert_error
from tests.api.test_every_operation_guards import concrete
from tests.api.test_schema_conformance import _operations, document
from tests.factories import Factory

ROLES = (Role.CUSTOMER_ADMIN, Role.CUSTOMER_USER)


def _permission(method: str, path: str) -> Action:
    return Action(document()["paths"][path][method.lower()]["x-permission"])


@pytest.fixture
def token_of_role(make: Factory, staff_db: Session, alpha: Account) -> dict[Role, str]:
    """A read-write token per role; the customer_user's was made while they were an admin."""
    member = make.user(alpha.tenant, role=Role.CUSTOMER_ADMIN)
    issued = create_api_token(
        session=staff_db, creator=member, name="member", scope=TokenScope.READ_WRITE
    )
    change_role(session=staff_db, actor=alpha.admin, user_id=member.id, role=Role.CUSTOMER_USER)
    staff_db.commit()
    return {Role.CUSTOMER_ADMIN: alpha.write_token, Role.CUSTOMER_USER: issued.plain}


@pytest.mark.parametrize("role", ROLES, ids=str)
@pytest.mark.parametrize(
    ("method", "path"), [op for op in _operations() if op not in PUBLIC], ids=lambda v: v
)
def test_each_operation_allows_exactly_the_roles_the_matrix_names(
    client: TestClient,
    token_of_role: dict[Role, str],
    method: str,
    path: str,
    role: Role,
) -> None:
    action = _permission(method, path)
    response = client.request(
        method,
        concrete(path),
        json={},
        params={"from": "2026-11-01", "to": "2026-11-30"},
        headers={"Authorization": f"Bearer {token_of_role[role]}"},
    )
    if allows(role, action):
        # Past the permission check: an answer about the request itself (200, 404, 422 …).
        assert response.status_code not in (401, 403), response.text
    else:
        error = assert_error(response, 403, "forbidden")
        assert "administrator" in error["message"]


def test_every_action_the_api_needs_is_in_the_matrix(api: FastAPI) -> None:
    for method, path in _operations():
        if (method, path) not in PUBLIC:
            assert allows(Role.CUSTOMER_ADMIN, _permission(method, path))


def test_an_operation_without_a_permission_refuses_to_start() -> None:
    forgotten = APIRouter(prefix="/forgotten")

    @forgotten.get("")
    def _forgotten() -> dict[str, str]:
        return {}

    with pytest.raises(RuntimeError, match="GET /forgotten"):
        permissions_of([*ROUTERS, forgotten], public=PUBLIC)
    named = APIRouter(prefix="/named", dependencies=[requires(Action.VIEW_BOTS)])
    named.get("")(_forgotten)
    assert permissions_of([named], public=PUBLIC) == {("GET", "/named"): Action.VIEW_BOTS}
