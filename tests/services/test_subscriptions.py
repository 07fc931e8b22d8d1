"""A plan that ends: the invoice run bills exactly the time a plan held (plan terms), staff
giving and taking plans, and the customer's cancellation with what follows it — through the
services and the real invoice run on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import (
    AuditEvent,
    Bot,
    BotStatus,
    Invoice,
    InvoiceLineKind,
    OutboundEmail,
    PhoneNumber,
    PhoneNumberStatus,
    PricePlan,
    ProvisioningJob,
    ProvisioningKind,
    Role,
    Tenant,
    User,
)
from services.billing import Period
from services.bots import BotSpec, create_bot, resume_bot
from services.errors import ValidationFailed
from services.invoice_run import run_invoices
from services.subscriptions import (
    SubscriptionEnded,
    cancel_subscription,
    resume_subscription,
    subscription_ended,
    wind_up_ended_subscriptions,
    withdraw_cancellation,
)
from services.tenant_admin import change_price_plan
from tests.factories import SELLER, Factory

BASE, NUMBER = InvoiceLineKind.BASE_FEE, InvoiceLineKind.NUMBER_FEE
MINUTES = InvoiceLineKind.MINUTES


def _at(day: int, hour: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


@pytest.fixture
def plan(make: Factory) -> PricePlan:
    # 29 €/month incl. 100 min, 12 ct/min beyond, 5 €/month per number.
    return make.price_plan()


def _lines(invoice: Invoice) -> list[tuple[str, int, int]]:
    return [(line.kind.value, line.quantity, line.amount_cents) for line in invoice.lines]


def _invoice(staff_db: Session, tenant: Tenant, month: str) -> list[tuple[str, int, int]]:
    run_invoices(session=staff_db, period=Period.parse(month), seller=SELLER)
    period = Period.parse(month)
    found = staff_db.scalars(
        select(Invoice).where(Invoice.tenant_id == tenant.id, Invoice.period_start == period.start)
    ).all()
    return [row for invoice in found for row in _lines(invoice)]


def test_a_plan_taken_away_mid_month_is_still_invoiced_for_that_month(
    staff_db: Session, make: Factory, plan: PricePlan
) -> None:
    tenant = make.tenant(price_plan_id=plan.id)
    admin = make.user(role=Role.PLATFORM_ADMIN)
    bot = make.bot(tenant)
    make.phone_number(tenant, bot, created_at=_at(1, 0, month=10))
    # 110 min on 5 November, while the plan held; 60 min on the 20th, after it ended.
    make.usage_event(tenant, bot_id=bot.id, quantity=110 * 60, occurred_at=_at(5, 10))
    make.usage_event(tenant, bot_id=bot.id, quantity=60 * 60, occurred_at=_at(20, 10))
    change_price_plan(session=staff_db, tenant=tenant, plan_id=None, actor=admin, now=_at(16, 9))

    # 15 of 30 days (the 16th, the day it ended, carries none), 10 min beyond the included.
    assert _invoice(staff_db, tenant, "2026-11") == [
        (BASE.value, 15, 1450),
        (MINUTES.value, 600, 120),
        (NUMBER.value, 15, 250),
    ]
    assert _invoice(staff_db, tenant, "2026-12") == []  # no plan all month: no invoice


def test_a_company_set_up_without_a_plan_pays_the_base_fee_from_the_plans_start(
    staff_db: Session, make: Factory, plan: PricePlan
) -> None:
    tenant = make.tenant(created_at=_at(2, 9))  # by staff, no plan yet, no trial
    admin = make.user(role=Role.PLATFORM_ADMIN)
    make.usage_event(tenant, quantity=30 * 60, occurred_at=_at(10, 9))  # before the plan
    change_price_plan(session=staff_db, tenant=tenant, plan_id=plan.id, actor=admin, now=_at(21, 9))

    # From 21 November: 10 of 30 days of 29 € = 966.67 → 967; the calls before: not billed.
    assert _invoice(staff_db, tenant, "2026-11") == [(BASE.value, 10, 967)]
    assert _invoice(staff_db, tenant, "2026-12") == [(BASE.value, 1, 2900)]


def test_calls_on_the_days_a_plan_starts_and_ends_count_from_and_until_the_hour(
    staff_db: Session, make: Factory, plan: PricePlan
) -> None:
    # Whole days are summed from the kept usage days, the two part days event by event
    # (services.billing): a part day read whole would bill the calls outside the plan.
    tenant = make.tenant(created_at=_at(2, 9))
    admin = make.user(role=Role.PLATFORM_ADMIN)
    for day, hour, minutes in (
        (16, 8, 20),
        (16, 10, 30),
        (20, 10, 100),
        (25, 15, 40),
        (25, 17, 50),
    ):
        make.usage_event(tenant, quantity=minutes * 60, occurred_at=_at(day, hour))
    change_price_plan(session=staff_db, tenant=tenant, plan_id=plan.id, actor=admin, now=_at(16, 9))
    change_price_plan(session=staff_db, tenant=tenant, plan_id=None, actor=admin, now=_at(25, 16))

    # 30 + 100 + 40 min while it held: 70 beyond the included 100. Base fee for 9 of 30 days.
    assert _invoice(staff_db, tenant, "2026-11") == [
        (BASE.value, 9, 870),
        (MINUTES.value, 70 * 60, 840),
    ]


def test_a_plan_changed_mid_month_prices_the_month_on_the_later_plan(
    staff_db: Session, make: Factory, plan: PricePlan
) -> None:
    tenant = make.tenant(price_plan_id=plan.id)
    admin = make.user(role=Role.PLATFORM_ADMIN)
    business = make.price_plan(monthly_fee_cents=9900, included_minutes=500)
    change_price_plan(
        session=staff_db, tenant=tenant, plan_id=business.id, actor=admin, now=_at(16, 9)
    )
    # Both plans' days together make the whole month: one whole base fee, the later plan's.
    assert _invoice(staff_db, tenant, "2026-11") == [(BASE.value, 1, 9900)]


def _sign_up(make: Factory, plan: PricePlan, when: datetime) -> tuple[Tenant, Bot]:
    """A self-service sign-up at `when` (14-day trial) with its administrator and a live bot
    whose number it got that day."""
    tenant = make.tenant(
        price_plan_id=plan.id, created_at=when, trial_ends_at=when + timedelta(days=14)
    )
    make.user(tenant, role=Role.CUSTOMER_ADMIN, email=f"chefin{tenant.id}@example.at")
    bot = make.bot(tenant, status=BotStatus.LIVE)
    make.phone_number(tenant, bot, created_at=when)
    return tenant, bot


def _admin(staff_db: Session, tenant: Tenant) -> User:
    return staff_db.scalars(
        select(User).where(User.tenant_id == tenant.id, User.role == Role.CUSTOMER_ADMIN)
    ).one()


def test_a_sign_up_that_cancels_in_its_trial_pays_no_base_fee_and_its_numbers_go(
    staff_db: Session, make: Factory, plan: PricePlan
) -> None:
    # Signed up 2 November, trial to the 16th; cancelled on the 5th: ends with the trial.
    tenant, bot = _sign_up(make, plan, _at(2, 9))
    admin = _admin(staff_db, tenant)
    ends = cancel_subscription(session=staff_db, tenant_id=tenant.id, actor=admin, now=_at(5, 9))
    assert ends == datetime(2026, 11, 16, 23, tzinfo=UTC)  # midnight Vienna after the 16th
    mail = staff_db.scalars(select(OutboundEmail).where(OutboundEmail.tenant_id == tenant.id)).one()
    assert mail.subject == "Ihr VoiceAgent-Abo ist gekündigt"
    assert "bis einschließlich 16.11.2026" in mail.body_text

    assert wind_up_ended_subscriptions(session=staff_db, now=_at(16, 12)) == 0  # not yet
    assert wind_up_ended_subscriptions(session=staff_db, now=_at(17, 0)) == 1
    assert wind_up_ended_subscriptions(session=staff_db, now=_at(17, 1)) == 0  # once
    staff_db.refresh(bot)
    assert bot.status is BotStatus.PAUSED
    release = staff_db.scalars(select(ProvisioningJob).where(ProvisioningJob.bot_id == bot.id))
    assert [job.kind for job in release] == [ProvisioningKind.RELEASE_NUMBER]
    assert tenant.price_plan_id is None
    # The worker releases the number on the 17th: its 15 days are billed, no base fee.
    number = bot_number(staff_db, bot)
    number.released_at = _at(17, 0)
    assert _invoice(staff_db, tenant, "2026-11") == [(NUMBER.value, 15, 250)]
    assert _invoice(staff_db, tenant, "2026-12") == []


def test_a_cancellation_takes_effect_at_the_months_end_and_can_be_withdrawn_until_then(
    staff_db: Session, make: Factory, plan: PricePlan
) -> None:
    tenant, bot = _sign_up(make, plan, _at(1, 9, month=10))  # trial over on 15 October
    admin = _admin(staff_db, tenant)
    first = cancel_subscription(session=staff_db, tenant_id=tenant.id, actor=admin, now=_at(10, 9))
    assert first == datetime(2026, 11, 30, 23, tzinfo=UTC)  # Vienna's 1 December
    withdraw_cancellation(session=staff_db, tenant_id=tenant.id, actor=admin, now=_at(11, 9))
    assert wind_up_ended_subscriptions(session=staff_db, now=_at(2, 9, month=12)) == 0
    cancel_subscription(session=staff_db, tenant_id=tenant.id, actor=admin, now=_at(20, 9))
    with pytest.raises(ValidationFailed):  # nothing ends twice
        withdraw_cancellation(
            session=staff_db, tenant_id=tenant.id, actor=admin, now=_at(1, 9, month=12)
        )
    assert subscription_ended(session=staff_db, tenant_id=tenant.id, now=_at(1, 9, month=12))
    assert wind_up_ended_subscriptions(session=staff_db, now=_at(1, 0, month=12)) == 1
    bot_number(staff_db, bot).released_at = _at(1, 0, month=12)

    # November whole; December nothing.
    assert _invoice(staff_db, tenant, "2026-11") == [(BASE.value, 1, 2900), (NUMBER.value, 30, 500)]
    assert _invoice(staff_db, tenant, "2026-12") == []
    actions = staff_db.scalars(
        select(AuditEvent.action).where(AuditEvent.tenant_id == tenant.id).order_by(AuditEvent.id)
    ).all()
    assert actions == [
        "subscription.cancelled",
        "subscription.cancellation_withdrawn",
        "subscription.cancelled",
        "subscription.ended",
    ]


def test_after_the_end_no_bot_takes_a_number_until_the_subscription_is_resumed(
    staff_db: Session, make: Factory, plan: PricePlan
) -> None:
    tenant, bot = _sign_up(make, plan, _at(1, 9, month=9))
    admin = _admin(staff_db, tenant)
    cancel_subscription(
        session=staff_db, tenant_id=tenant.id, actor=admin, now=_at(10, 9, month=10)
    )
    wind_up_ended_subscriptions(session=staff_db, now=_at(1, 0))
    number = bot_number(staff_db, bot)  # as the worker's release job leaves it
    number.status, number.released_at = PhoneNumberStatus.RELEASED, _at(1, 0)
    staff_db.refresh(bot)

    with pytest.raises(SubscriptionEnded):
        resume_bot(session=staff_db, bot=bot, actor=admin)
    with pytest.raises(SubscriptionEnded):
        create_bot(session=staff_db, spec=BotSpec(name="Neu"), actor=admin)

    resumed = resume_subscription(session=staff_db, tenant_id=tenant.id, actor=admin)
    assert resumed.id == plan.id and tenant.price_plan_id == plan.id
    assert resume_bot(session=staff_db, bot=bot, actor=admin).status is BotStatus.PROVISIONING


def bot_number(staff_db: Session, bot: Bot) -> PhoneNumber:
    return staff_db.scalars(select(PhoneNumber).where(PhoneNumber.bot_id == bot.id)).one()


def test_a_plan_change_keeps_a_pending_cancellation(
    staff_db: Session, make: Factory, plan: PricePlan
) -> None:
    # Cancelled on 10 November (ends with the month); staff move the company to another plan
    # on the 20th: the cancellation stands, only the customer can withdraw it.
    tenant, bot = _sign_up(make, plan, _at(1, 9, month=10))
    admin, staff = _admin(staff_db, tenant), make.user(role=Role.PLATFORM_ADMIN)
    ends = cancel_subscription(session=staff_db, tenant_id=tenant.id, actor=admin, now=_at(10, 9))
    business = make.price_plan(monthly_fee_cents=9900, included_minutes=500)
    kept = change_price_plan(
        session=staff_db, tenant=tenant, plan_id=business.id, actor=staff, now=_at(20, 9)
    )
    assert kept == date(2026, 11, 30)  # the last day, for the back office to say
    assert tenant.price_plan_id == business.id

    assert not subscription_ended(session=staff_db, tenant_id=tenant.id, now=_at(30, 12))
    assert subscription_ended(session=staff_db, tenant_id=tenant.id, now=ends)
    assert wind_up_ended_subscriptions(session=staff_db, now=ends) == 1
    staff_db.refresh(bot)
    assert bot.status is BotStatus.PAUSED
    bot_number(staff_db, bot).released_at = ends
    # November on the later plan, whole; December nothing.
    assert _invoice(staff_db, tenant, "2026-11") == [(BASE.value, 1, 9900), (NUMBER.value, 30, 500)]
    assert _invoice(staff_db, tenant, "2026-12") == []
    # Withdrawing still works on the new plan's term.
    with pytest.raises(ValidationFailed):
        withdraw_cancellation(session=staff_db, tenant_id=tenant.id, actor=admin, now=ends)
