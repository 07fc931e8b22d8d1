"""Administrators create API tokens in the settings (shown once) and revoke them."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing.user import User
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import ApiToken, Role, Tenant
from tests.customer_ui.conftest import WAIT, LoginAs


async def test_create_use_and_revoke_a_token(login_as: LoginAs, user: User) -> None:
    await login_as()
    await user.open("/settings")
    user.find(kind=ui.input, content="Name of the token").type("Buchhaltung")
    user.find(kind=ui.button, content="Create token").click()
    await user.should_see("Copy it now", retries=WAIT)
    shown = [e.value for e in user.find(kind=ui.input).elements if str(e.value).startswith("va_")]
    assert len(shown) == 1
    headers = {"Authorization": f"Bearer {shown[0]}"}
    assert (await user.http_client.get("/api/v1/tenant", headers=headers)).status_code == 200

    await user.open("/settings")
    await user.should_see("Buchhaltung")
    await user.should_not_see(shown[0])
    user.find(marker="revoke").click()
    await user.should_see("Revoke the token “Buchhaltung”?", retries=WAIT)
    user.find(marker="confirm").click()
    await user.should_see("Token revoked.", retries=WAIT)
    # The page reloads without the token. Waiting for that also keeps the reloaded page's
    # session from ending while the API's is open: here both share the test's one
    # connection, and the page's savepoint, released, would take the API's with it.
    await user.should_not_see("Buchhaltung", retries=WAIT)
    assert (await user.http_client.get("/api/v1/tenant", headers=headers)).status_code == 401


async def test_team_members_do_not_manage_tokens(login_as: LoginAs, user: User) -> None:
    await login_as(Role.CUSTOMER_USER)
    await user.open("/settings")
    await user.should_not_see("API access")


async def test_a_double_click_makes_one_token(
    login_as: LoginAs, user: User, tenant: Tenant, staff_db: Session
) -> None:
    """Both clicks of a double click reach the portal before its first answer; the second
    sends the same form again and is taken as sent once (customer_ui/submit.py). A second
    token of another name is made as usual."""
    await login_as()
    await user.open("/settings")
    name = user.find(kind=ui.input, content="Name of the token")
    name.type("Kassa")
    create = user.find(kind=ui.button, content="Create token")
    create.click()
    create.click()
    await user.should_see("Copy it now", retries=WAIT)
    name.clear().type("Lager")
    create.click()
    names = staff_db.scalars(select(ApiToken.name).where(ApiToken.tenant_id == tenant.id)).all()
    assert sorted(names) == ["Kassa", "Lager"]
