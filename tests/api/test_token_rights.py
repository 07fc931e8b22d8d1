"""An API token acts with at most its creator's current rights and dies with their membership
(issue 10, item 6): demoting the creator caps the token at once, removing or deactivating
them ends it — also the access tokens exchanged from it before."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from models import ApiToken, Bot, Role, User
from services.team import change_role, remove_member
from tests.api.conftest import Account
from tests.api.test_auth_and_errors import assert_error
from tests.factories import Factory


def _demote(staff_db: Session, make: Factory, account: Account) -> User:
    """A second administrator demotes the token's creator to customer_user."""
    other_admin = make.user(account.tenant, role=Role.CUSTOMER_ADMIN)
    change_role(
        session=staff_db, actor=other_admin, user_id=account.admin.id, role=Role.CUSTOMER_USER
    )
    staff_db.commit()
    return other_admin


def _access_token(client: TestClient, account: Account) -> dict[str, str]:
    answer = client.post("/auth/token", json={"api_token": account.write_token})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def test_a_demoted_creators_token_keeps_only_a_members_rights(
    client: TestClient, alpha: Account, make: Factory, staff_db: Session
) -> None:
    bot = make.bot(alpha.tenant, name="Empfang")
    make.invoice(alpha.tenant)
    staff_db.commit()
    exchanged = _access_token(client, alpha)
    assert client.patch(f"/bots/{bot.id}", json={"name": "Neu"}, headers=alpha.headers()).is_success

    _demote(staff_db, make, alpha)

    for headers in (alpha.headers(), exchanged):
        # What only administrators do is refused …
        assert_error(
            client.patch(f"/bots/{bot.id}", json={"name": "Zentrale"}, headers=headers),
            403,
            "forbidden",
        )
        assert_error(
            client.post("/bots", json={"name": "Zweiter"}, headers=headers), 403, "forbidden"
        )
        assert_error(client.delete(f"/bots/{bot.id}", headers=headers), 403, "forbidden")
        assert_error(client.get("/invoices", headers=headers), 403, "forbidden")
        # … what every member does still works.
        changed = client.patch(f"/bots/{bot.id}", json={"greeting": "Hallo!"}, headers=headers)
        assert changed.status_code == 200, changed.text
        assert client.get("/calls", headers=headers).status_code == 200
    staff_db.expire_all()
    assert staff_db.get(Bot, bot.id).name == "Neu"


def test_promoting_the_creator_again_restores_the_token(
    client: TestClient, alpha: Account, make: Factory, staff_db: Session
) -> None:
    other_admin = _demote(staff_db, make, alpha)
    assert_error(client.get("/invoices", headers=alpha.headers()), 403, "forbidden")
    change_role(
        session=staff_db, actor=other_admin, user_id=alpha.admin.id, role=Role.CUSTOMER_ADMIN
    )
    staff_db.commit()
    assert client.get("/invoices", headers=alpha.headers()).status_code == 200


def test_a_removed_creators_tokens_stop_working(
    client: TestClient, alpha: Account, make: Factory, staff_db: Session
) -> None:
    bot = make.bot(alpha.tenant)
    staff_db.commit()
    exchanged = _access_token(client, alpha)
    other_admin = make.user(alpha.tenant, role=Role.CUSTOMER_ADMIN)
    remove_member(session=staff_db, actor=other_admin, user_id=alpha.admin.id)
    staff_db.commit()

    for headers in (alpha.headers(), alpha.headers(write=False), exchanged):
        for path in ("/bots", f"/bots/{bot.id}", "/calls", "/invoices", "/tenant"):
            assert_error(client.get(path, headers=headers), 401, "unauthorized")
        assert_error(
            client.post("/tickets", json={"subject": "A", "message": "B"}, headers=headers),
            401,
            "unauthorized",
        )
    assert_error(
        client.post("/auth/token", json={"api_token": alpha.read_token}), 401, "unauthorized"
    )
    # Removal revoked them as well, so they leave the list of tokens.
    tokens = staff_db.query(ApiToken).filter(ApiToken.tenant_id == alpha.tenant.id).all()
    assert tokens and all(token.revoked_at is not None for token in tokens)


def test_a_deactivated_creators_tokens_stop_working(
    client: TestClient, alpha: Account, staff_db: Session
) -> None:
    exchanged = _access_token(client, alpha)
    staff_db.get(User, alpha.admin.id).is_active = False  # as staff do in the back office
    staff_db.commit()
    for headers in (alpha.headers(), exchanged):
        assert_error(client.get("/bots", headers=headers), 401, "unauthorized")


def test_a_token_whose_creator_moved_to_another_tenant_stops_working(
    client: TestClient, alpha: Account, beta: Account, staff_db: Session
) -> None:
    staff_db.get(User, alpha.admin.id).tenant_id = beta.tenant.id
    staff_db.commit()
    assert_error(client.get("/bots", headers=alpha.headers()), 401, "unauthorized")
