"""The portal process serves the REST API at /api/v1, outside the page login."""

from __future__ import annotations

from nicegui.testing.user import User
from sqlalchemy.orm import Session

from models import Role, Tenant, TokenScope
from services.api_tokens import create_api_token
from tests.factories import Factory


async def test_openapi_document_and_docs_are_public(user: User) -> None:
    document = await user.http_client.get("/api/v1/openapi.json")
    assert document.status_code == 200 and document.json()["info"]["title"] == "VoiceAgent API"
    assert (await user.http_client.get("/api/v1/docs")).status_code == 200


async def test_api_answers_json_not_the_login_page(
    user: User, tenant: Tenant, make: Factory, staff_db: Session
) -> None:
    refused = await user.http_client.get("/api/v1/bots")
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "unauthorized"

    admin = make.user(tenant, role=Role.CUSTOMER_ADMIN)
    token = create_api_token(session=staff_db, creator=admin, name="ci", scope=TokenScope.READ)
    staff_db.commit()
    answer = await user.http_client.get(
        "/api/v1/tenant", headers={"Authorization": f"Bearer {token.plain}"}
    )
    assert answer.status_code == 200 and answer.json()["name"] == "Tischlerei Holzer"


async def test_the_portal_serves_the_stripe_webhook(user: User) -> None:
    """Wired with its settings: an unsigned delivery is refused, not left unanswered."""
    refused = await user.http_client.post("/webhooks/stripe", content=b"{}")
    assert refused.status_code == 400
