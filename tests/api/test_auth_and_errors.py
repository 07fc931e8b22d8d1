"""Tokens, the error shape, and the limits every endpoint shares."""

from __future__ import annotations

import redis
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings
from customer_ui.api import create_api
from models import ApiToken
from services.api_tokens import digest, revoke_api_token
from tests.api.conftest import Account


def assert_error(response, status: int, code: str) -> dict:  # noqa: ANN001
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["code"] == code and body["error"]["message"]
    return body["error"]


def test_missing_and_bad_tokens_are_401(client: TestClient) -> None:
    assert_error(client.get("/tenant"), 401, "unauthorized")
    assert_error(
        client.get("/tenant", headers={"Authorization": "Bearer va_nope"}), 401, "unauthorized"
    )
    assert_error(
        client.get("/tenant", headers={"Authorization": "Bearer garbage"}), 401, "unauthorized"
    )


def test_a_request_without_a_token_is_refused_before_its_parameters_are_read(
    client: TestClient,
) -> None:
    """The route settles who is calling first (customer_ui.api.routing): parameters or a
    body that are wrong tell a stranger nothing but 401."""
    assert_error(client.get("/calls", params={"limit": "many"}), 401, "unauthorized")
    assert_error(client.get("/bots/0"), 401, "unauthorized")
    assert_error(client.post("/bots", json={"name": 7}), 401, "unauthorized")
    assert_error(
        client.get("/calls", headers={"Authorization": "Basic dXNlcjpwdw=="}), 401, "unauthorized"
    )


def test_token_reads_its_own_tenant(client: TestClient, alpha: Account) -> None:
    response = client.get("/tenant", headers=alpha.headers(write=False))
    assert response.status_code == 200
    assert response.json()["id"] == alpha.tenant.id


def test_exchange_for_an_access_token(client: TestClient, alpha: Account) -> None:
    exchanged = client.post("/auth/token", json={"api_token": alpha.read_token})
    assert exchanged.status_code == 200
    body = exchanged.json()
    assert body["token_type"] == "bearer" and body["scope"] == "read" and body["expires_in"] > 0
    response = client.get("/tenant", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert response.json()["id"] == alpha.tenant.id
    assert_error(client.post("/auth/token", json={"api_token": "va_wrong"}), 401, "unauthorized")


def test_revoked_token_and_its_access_tokens_stop_working(
    client: TestClient, alpha: Account, staff_db: Session
) -> None:
    access = client.post("/auth/token", json={"api_token": alpha.read_token}).json()["access_token"]
    token = staff_db.query(ApiToken).filter_by(token_digest=digest(alpha.read_token)).one()
    revoke_api_token(session=staff_db, token_id=token.id, actor=alpha.admin)
    staff_db.commit()
    assert_error(client.get("/tenant", headers=alpha.headers(write=False)), 401, "unauthorized")
    assert_error(
        client.get("/tenant", headers={"Authorization": f"Bearer {access}"}), 401, "unauthorized"
    )


def test_token_records_last_use(client: TestClient, alpha: Account, staff_db: Session) -> None:
    client.get("/tenant", headers=alpha.headers(write=False))
    token = staff_db.query(ApiToken).filter_by(token_digest=digest(alpha.read_token)).one()
    staff_db.refresh(token)
    assert token.last_used_at is not None


def test_stored_token_is_only_a_digest(alpha: Account, staff_db: Session) -> None:
    stored = staff_db.query(ApiToken).filter_by(token_digest=digest(alpha.write_token)).one()
    assert alpha.write_token not in repr(vars(stored))


def test_rate_limit_answers_429_with_retry_after(
    settings: Settings,
    session_factory: sessionmaker[Session],
    redis_client: redis.Redis,
    alpha: Account,
) -> None:
    # A small limit: the window is a minute from the first request, and 600 requests on a
    # loaded machine can outlast it (the count starts again, and nothing is refused).
    limit = 20
    api = create_api(
        settings=settings.model_copy(update={"api_rate_limit_per_minute": limit}),
        session_factory=session_factory,
        redis_client=redis_client,
    )
    client = TestClient(api, raise_server_exceptions=False)
    headers = alpha.headers(write=False)
    statuses = [client.get("/tenant", headers=headers).status_code for _ in range(limit)]
    assert set(statuses) == {200}
    refused = client.get("/tenant", headers=headers)
    assert_error(refused, 429, "rate_limited")
    assert 1 <= int(refused.headers["Retry-After"]) <= 60


def test_oversized_body_is_413(client: TestClient, alpha: Account) -> None:
    big = {"subject": "x", "message": "y" * (70 * 1024)}
    assert_error(
        client.post("/tickets", json=big, headers=alpha.headers()), 413, "payload_too_large"
    )


def test_validation_errors_name_their_fields(client: TestClient, alpha: Account) -> None:
    error = assert_error(
        client.post("/tickets", json={"subject": "", "priority": "asap"}, headers=alpha.headers()),
        422,
        "invalid",
    )
    assert {"subject", "message", "priority"} <= set(error["fields"])


def test_openapi_and_docs_are_served(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert document["info"]["title"] == "VoiceAgent API"
    assert "/tickets" in document["paths"]
    assert client.get("/docs").status_code == 200
