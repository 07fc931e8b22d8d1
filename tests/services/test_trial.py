"""A sign-up's 14-day trial: the dashboard's words, and one reminder e-mail three days
before the end, through the outbox, once per tenant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import OutboundEmail, PricePlan, Role
from services.trial import after_trial_text, queue_trial_reminders, trial_notice
from tests.factories import Factory

NOW = datetime(2026, 12, 11, 9, 0, tzinfo=UTC)


def _start(session: Session) -> PricePlan:
    plan = PricePlan(
        code="trial-start",
        name="Start",
        monthly_fee_cents=2900,
        included_minutes=100,
        per_minute_cents=12,
        number_monthly_fee_cents=300,
    )
    session.add(plan)
    session.flush()
    return plan


def test_the_dashboard_says_when_and_what_follows(staff_db: Session, make: Factory) -> None:
    tenant = make.tenant(
        price_plan_id=_start(staff_db).id, trial_ends_at=datetime(2026, 12, 14, 10, tzinfo=UTC)
    )
    staff_db.refresh(tenant)
    notice = trial_notice(tenant, now=NOW)
    assert notice is not None and notice.days_left == 3
    assert after_trial_text(notice, locale="de-AT").startswith(
        "Ihre Testphase endet am 14.12.2026. Danach läuft Ihr Konto im Tarif Start weiter "
        "(29,00 € im Monat"
    )
    assert "Your trial ends on 14 December 2026" in after_trial_text(notice, locale="en-US")
    assert trial_notice(tenant, now=datetime(2026, 12, 15, tzinfo=UTC)) is None
    assert trial_notice(make.tenant(), now=NOW) is None  # staff-made: no trial


def test_one_reminder_three_days_before_the_end(staff_db: Session, make: Factory) -> None:
    plan = _start(staff_db)
    ending = make.tenant(price_plan_id=plan.id, trial_ends_at=NOW + timedelta(days=2, hours=3))
    later = make.tenant(price_plan_id=plan.id, trial_ends_at=NOW + timedelta(days=10))
    over = make.tenant(price_plan_id=plan.id, trial_ends_at=NOW - timedelta(hours=1))
    admin = make.user(ending, role=Role.CUSTOMER_ADMIN, name="Maria Mehl", locale="de-AT")
    make.user(ending, role=Role.CUSTOMER_USER)  # not an administrator: no e-mail
    for other in (later, over):
        make.user(other, role=Role.CUSTOMER_ADMIN)

    assert queue_trial_reminders(session=staff_db, now=NOW) == 1
    assert queue_trial_reminders(session=staff_db, now=NOW + timedelta(hours=1)) == 0

    [mail] = staff_db.scalars(
        select(OutboundEmail).where(OutboundEmail.tenant_id.in_([ending.id, later.id, over.id]))
    ).all()
    assert mail.to_address == admin.email and mail.tenant_id == ending.id
    assert mail.subject == "Ihre VoiceAgent-Testphase endet am 13.12.2026"
    assert "Hallo Maria Mehl" in mail.body_text and "Danach läuft Ihr Konto" in mail.body_text
