"""Asking for a password-reset e-mail: the same answer always, and only a few e-mails an hour."""

from __future__ import annotations

import pytest
import redis
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.settings import Settings
from core.tokens import TokenSigner
from models import OutboundEmail, Tenant
from services.password_reset import (
    REQUESTS_PER_CLIENT,
    REQUESTS_PER_EMAIL,
    SAME_ANSWER,
    request_limiter,
    request_reset,
)
from tests.factories import Factory


@pytest.fixture
def tenant(make: Factory) -> Tenant:
    return make.tenant()


def queued(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboundEmail)) or 0


def ask(
    session: Session, settings: Settings, client: redis.Redis, email: str, ip: str | None
) -> str:
    return request_reset(
        session=session,
        signer=TokenSigner.from_settings(settings),
        limiter=request_limiter(client),
        email=email,
        ip_address=ip,
        portal_url="https://portal.example.at",
    )


def test_ten_requests_for_one_address_queue_only_a_few_e_mails(
    staff_db: Session, settings: Settings, redis_client: redis.Redis, make: Factory, tenant: Tenant
) -> None:
    account = make.user(tenant)
    before = queued(staff_db)
    answers = {
        ask(staff_db, settings, redis_client, account.email.upper(), f"10.0.0.{n}")
        for n in range(10)
    }
    assert answers == {SAME_ANSWER}
    assert queued(staff_db) - before == REQUESTS_PER_EMAIL


def test_one_client_may_ask_only_so_often(
    staff_db: Session, settings: Settings, redis_client: redis.Redis, make: Factory, tenant: Tenant
) -> None:
    accounts = [make.user(tenant) for _ in range(REQUESTS_PER_CLIENT + 2)]
    before = queued(staff_db)
    for account in accounts:
        assert ask(staff_db, settings, redis_client, account.email, "203.0.113.9") == SAME_ANSWER
    assert queued(staff_db) - before == REQUESTS_PER_CLIENT
    # Another client is not held back by the first.
    ask(staff_db, settings, redis_client, accounts[-1].email, "198.51.100.20")
    assert queued(staff_db) - before == REQUESTS_PER_CLIENT + 1


def test_unknown_and_unstorable_addresses_get_the_same_answer(
    staff_db: Session, settings: Settings, redis_client: redis.Redis
) -> None:
    before = queued(staff_db)
    for email in ("nobody@example.at", "nul\x00@example.at", "half\ud800@example.at", "x" * 10**6):
        assert ask(staff_db, settings, redis_client, email, "10.1.1.1") == SAME_ANSWER
    assert queued(staff_db) == before
