"""Signing up by e-mail: the same answer for every address, few e-mails, one use per link."""

from __future__ import annotations

import re

import pytest
import redis
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.settings import Settings
from core.tokens import InvalidTokenError, TokenSigner
from models import OutboundEmail, Role, Tenant, User
from services import signup
from services.errors import ValidationFailed
from tests.factories import Factory

PORTAL = "https://portal.example.at"


def ask(
    session: Session,
    settings: Settings,
    client: redis.Redis,
    email: str = "hans@holz.example.at",
    *,
    ip: str | None = "10.0.0.1",
    **fields: object,
) -> str:
    """Ask for a sign-up link as the portal's form does; `fields` change what is filled in
    (e.g. accepts_terms=False)."""
    form: dict[str, object] = {
        "company_name": "Tischlerei Holz",
        "name": "Hans Holz",
        "email": email,
        "locale": "de-AT",
        "accepts_terms": True,
    }
    return signup.request_signup(
        session=session,
        signer=TokenSigner.from_settings(settings),
        limiter=signup.request_limiter(client),
        request=signup.SignupRequest(**(form | fields)),
        ip_address=ip,
        portal_url=PORTAL,
    )


def signup_token(mail: OutboundEmail) -> str:
    """The token of the link in a sign-up e-mail."""
    found = re.search(rf"{PORTAL}/signup/(\S+)", mail.body_text)
    assert found, mail.body_text
    return found.group(1)


def outbox(session: Session) -> list[OutboundEmail]:
    return list(session.scalars(select(OutboundEmail).order_by(OutboundEmail.id)).all())


def test_a_link_creates_the_company_once(
    staff_db: Session, settings: Settings, redis_client: redis.Redis
) -> None:
    companies = staff_db.scalar(select(func.count()).select_from(Tenant))
    assert ask(staff_db, settings, redis_client, "Hans@Holz.example.at") == signup.CHECK_YOUR_INBOX
    [mail] = outbox(staff_db)
    assert mail.to_address == "hans@holz.example.at" and "Hallo Hans Holz" in mail.body_text
    # Until the link is followed there is no company and no login: nothing can go live.
    assert staff_db.scalar(select(func.count()).select_from(Tenant)) == companies
    assert staff_db.scalar(select(User).where(User.email == "hans@holz.example.at")) is None
    token = signup_token(mail)
    signer = TokenSigner.from_settings(settings)

    with pytest.raises(ValidationFailed):
        signup.complete_signup(session=staff_db, signer=signer, token=token, password="kurz")
    user = signup.complete_signup(
        session=staff_db, signer=signer, token=token, password="hobelbank-2026"
    )
    assert user.role is Role.CUSTOMER_ADMIN and user.tenant.name == "Tischlerei Holz"
    assert user.locale == "de-AT"
    with pytest.raises(InvalidTokenError):
        signup.complete_signup(
            session=staff_db, signer=signer, token=token, password="hobelbank-2026"
        )
    forged = TokenSigner("another-secret").sign(
        signup.PURPOSE, {"c": "X", "n": "Y", "e": "z@example.at", "l": "de-AT"}
    )
    with pytest.raises(InvalidTokenError):
        signup.pending_signup(session=staff_db, signer=signer, token=forged)


def test_a_registered_address_gets_a_note_not_a_link(
    staff_db: Session, settings: Settings, redis_client: redis.Redis, make: Factory
) -> None:
    owner = make.user(make.tenant(), locale="en-US")
    tenants = staff_db.scalar(select(func.count()).select_from(Tenant))
    assert ask(staff_db, settings, redis_client, owner.email) == signup.CHECK_YOUR_INBOX
    [mail] = outbox(staff_db)
    assert mail.to_address == owner.email and "/signup/" not in mail.body_text
    assert staff_db.scalar(select(func.count()).select_from(Tenant)) == tenants


def test_ten_sign_ups_for_one_address_queue_only_a_few_e_mails(
    staff_db: Session, settings: Settings, redis_client: redis.Redis
) -> None:
    for n in range(10):
        ask(staff_db, settings, redis_client, "hans@holz.example.at", ip=f"10.0.1.{n}")
    assert len(outbox(staff_db)) == signup.REQUESTS_PER_EMAIL
    for n in range(signup.REQUESTS_PER_CLIENT + 3):
        ask(staff_db, settings, redis_client, f"x{n}@holz.example.at", ip="10.0.2.1")
    assert len(outbox(staff_db)) == signup.REQUESTS_PER_EMAIL + signup.REQUESTS_PER_CLIENT


def test_bad_input_is_a_field_error_and_sends_nothing(
    staff_db: Session, settings: Settings, redis_client: redis.Redis
) -> None:
    with pytest.raises(ValidationFailed) as error:
        ask(
            staff_db,
            settings,
            redis_client,
            "kaputt\ud800@x.at",
            ip=None,
            company_name="Firma\x00",
            name="",
            locale="fr-FR",
        )
    assert set(error.value.fields) == {"company_name", "name", "email", "locale"}
    assert outbox(staff_db) == []
