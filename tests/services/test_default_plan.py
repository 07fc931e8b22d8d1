"""A sign-up starts on the default price plan, so the monthly invoice run bills it; exactly
one plan is the default, moved by staff with an audit event; the migration gives plan-less
tenants the default."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.settings import Settings
from core.tokens import TokenSigner
from models import AuditEvent, Invoice, OutboundEmail, PricePlan, Tenant, UsageKind
from services import signup
from services.billing import Period
from services.errors import ValidationFailed
from services.invoice_run import run_invoices
from services.plan_terms import last_term
from services.price_plans import default_price_plan, make_default_plan
from services.usage import UsageRecord, record_usage
from tests.conftest import insert_bare_tenant, sqlite_migrated_to
from tests.factories import SELLER, Factory


def _plan(session: Session, code: str, fee: int, **kw: object) -> PricePlan:
    plan = PricePlan(
        code=code,
        name=code.title(),
        monthly_fee_cents=fee,
        included_minutes=100,
        per_minute_cents=12,
        number_monthly_fee_cents=300,
        **kw,
    )
    session.add(plan)
    session.flush()
    return plan


def _sign_up(session: Session, settings: Settings, client: redis.Redis) -> int:
    signer = TokenSigner.from_settings(settings)
    signup.request_signup(
        session=session,
        signer=signer,
        limiter=signup.request_limiter(client),
        request=signup.SignupRequest(
            company_name="Bäckerei Mehl",
            name="Maria Mehl",
            email="maria@mehl.example.at",
            locale="de-AT",
            accepts_terms=True,
        ),
        ip_address="10.0.0.9",
        portal_url="https://portal.example.at",
    )
    mail = session.scalars(
        select(OutboundEmail).where(OutboundEmail.to_address == "maria@mehl.example.at")
    ).one()
    token = re.search(r"/signup/(\S+)", mail.body_text).group(1)  # type: ignore[union-attr]
    user = signup.complete_signup(
        session=session, signer=signer, token=token, password="sauerteig-2026"
    )
    return user.customer_tenant_id


def test_a_sign_up_is_invoiced_on_the_default_plan(
    staff_db: Session, settings: Settings, redis_client: redis.Redis, make: Factory
) -> None:
    _plan(staff_db, "business", 9900)
    start = _plan(staff_db, "start", 2900)
    admin = make.user(role="platform_admin", tenant=None)
    make_default_plan(session=staff_db, plan_id=start.id, actor=admin)

    tenant_id = _sign_up(staff_db, settings, redis_client)
    # Signed up in October: the trial over, November's base fee is due in full.
    tenant = staff_db.get_one(Tenant, tenant_id)
    tenant.created_at = datetime(2026, 10, 1, 8, tzinfo=UTC)
    tenant.trial_ends_at = tenant.created_at + timedelta(days=14)
    term = last_term(staff_db, tenant_id)
    assert term is not None and term.price_plan_id == start.id  # on the default from sign-up
    term.starts_at = tenant.created_at
    record_usage(
        session=staff_db,
        records=[
            UsageRecord(
                tenant_id=tenant_id,
                kind=UsageKind.CALL_SECONDS,
                quantity=6090,  # 101.5 minutes: 90 s beyond the included 100
                occurred_at=datetime(2026, 11, 12, 9, tzinfo=UTC),
                idempotency_key=f"call-{tenant_id}-1",
            )
        ],
    )
    result = run_invoices(session=staff_db, period=Period.parse("2026-11"), seller=SELLER)

    [invoice] = staff_db.scalars(select(Invoice).where(Invoice.tenant_id == tenant_id)).all()
    assert invoice.id in result.invoice_ids
    assert [line.amount_cents for line in invoice.lines] == [2900, 18]


def test_one_default_moved_by_staff_and_audited(staff_db: Session, make: Factory) -> None:
    start = _plan(staff_db, "start", 2900)
    business = _plan(staff_db, "business", 9900)
    retired = _plan(staff_db, "old", 1900, is_active=False)
    admin = make.user(role="platform_admin", tenant=None)
    assert default_price_plan(staff_db) is None

    make_default_plan(session=staff_db, plan_id=start.id, actor=admin)
    make_default_plan(session=staff_db, plan_id=business.id, actor=admin, ip_address="10.1.1.1")
    staff_db.refresh(start)
    assert default_price_plan(staff_db) is business and not start.is_default
    with pytest.raises(ValidationFailed):
        make_default_plan(session=staff_db, plan_id=retired.id, actor=admin)
    events = staff_db.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "price_plan.made_default")
        .order_by(AuditEvent.id)
    ).all()
    assert [(e.before, e.after) for e in events] == [
        ({"default_plan": None}, {"default_plan": "start"}),
        ({"default_plan": "start"}, {"default_plan": "business"}),
    ]
    assert events[-1].actor_id == admin.id and events[-1].ip_address == "10.1.1.1"

    with pytest.raises(IntegrityError), staff_db.begin_nested():
        start.is_default = True
        staff_db.flush()


def test_the_migration_gives_plan_less_tenants_the_start_plan(tmp_path: Path) -> None:
    with sqlite_migrated_to(tmp_path / "before.db", "row_security") as (connection, migrate_to):
        connection.execute(
            text(
                "INSERT INTO price_plans (code, name, currency, monthly_fee_cents,"
                " included_minutes, per_minute_cents, number_monthly_fee_cents, is_active)"
                " VALUES ('cheap', 'Cheap', 'EUR', 900, 0, 20, 300, 1),"
                " ('start', 'Start', 'EUR', 2900, 100, 12, 300, 1)"
            )
        )
        insert_bare_tenant(connection)
        migrate_to("default_price_plan")
        assert connection.execute(
            text("SELECT code FROM price_plans WHERE is_default")
        ).scalars().all() == ["start"]
        assert connection.execute(
            text("SELECT p.code FROM tenants t JOIN price_plans p ON p.id = t.price_plan_id")
        ).scalars().all() == ["start"]


def test_a_sign_up_starts_a_fourteen_day_trial(
    staff_db: Session, settings: Settings, redis_client: redis.Redis
) -> None:
    before = datetime.now(UTC)
    tenant_id = _sign_up(staff_db, settings, redis_client)
    tenant = staff_db.get_one(Tenant, tenant_id)
    assert tenant.trial_ends_at is not None
    assert timedelta(days=14) <= tenant.trial_ends_at - before < timedelta(days=14, minutes=5)
