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
HOUR = timedelta(hours=1)
PORTAL = "https://portal.example.at"


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
    assert notice is not None and notice.days_left == 3 and notice.needs_payment_method
    assert after_trial_text(notice, locale="de-AT").startswith(
        "Ihre Testphase endet am 14.12.2026. Damit Ihre Bots danach weiter Anrufe annehmen, "
        "hinterlegen Sie bitte vorher ein Zahlungsmittel; ohne eines nehmen sie ab dann keine "
        "Anrufe an, bis Sie eines hinterlegen. Ihr Konto läuft im Tarif Start weiter (29,00\xa0€"
    )
    assert "please add a payment method before then" in after_trial_text(notice, locale="en-US")

    # Over without a payment method: the dashboard keeps saying why no calls come through.
    over = trial_notice(tenant, now=datetime(2026, 12, 15, tzinfo=UTC))
    assert over is not None and over.over and over.days_left == 0
    assert after_trial_text(over, locale="de-AT") == (
        "Ihre Testphase ist am 14.12.2026 zu Ende gegangen. Ihre Bots nehmen keine Anrufe an, "
        "bis Sie ein Zahlungsmittel hinterlegen."
    )

    tenant.payment_method_added_at = NOW
    paying = trial_notice(tenant, now=NOW)
    assert paying is not None and not paying.needs_payment_method
    assert after_trial_text(paying, locale="de-AT").startswith(
        "Ihre Testphase endet am 14.12.2026. Danach läuft Ihr Konto im Tarif Start weiter "
        "(29,00\xa0€ im Monat"
    )
    assert "Your trial ends on 14 December 2026" in after_trial_text(paying, locale="en-US")
    assert trial_notice(tenant, now=datetime(2026, 12, 15, tzinfo=UTC)) is None
    assert trial_notice(make.tenant(), now=NOW) is None  # staff-made: no trial


def test_one_reminder_three_days_before_the_end(staff_db: Session, make: Factory) -> None:
    plan = _start(staff_db)
    ending = make.tenant(price_plan_id=plan.id, trial_ends_at=NOW + timedelta(days=2, hours=3))
    paying = make.tenant(
        price_plan_id=plan.id, trial_ends_at=NOW + timedelta(days=1), payment_method_added_at=NOW
    )
    later = make.tenant(price_plan_id=plan.id, trial_ends_at=NOW + timedelta(days=10))
    over = make.tenant(price_plan_id=plan.id, trial_ends_at=NOW - timedelta(hours=1))
    admin = make.user(ending, role=Role.CUSTOMER_ADMIN, name="Maria Mehl", locale="de-AT")
    make.user(ending, role=Role.CUSTOMER_USER)  # not an administrator: no e-mail
    for other in (paying, later, over):
        make.user(other, role=Role.CUSTOMER_ADMIN, locale="de-AT")

    assert queue_trial_reminders(session=staff_db, portal_url=PORTAL, now=NOW) == 2
    assert queue_trial_reminders(session=staff_db, portal_url=PORTAL, now=NOW + HOUR) == 0

    ours = [ending.id, paying.id, later.id, over.id]
    mails = {
        mail.tenant_id: mail
        for mail in staff_db.scalars(
            select(OutboundEmail).where(OutboundEmail.tenant_id.in_(ours))
        ).all()
    }
    assert set(mails) == {ending.id, paying.id}
    mail = mails[ending.id]
    assert mail.to_address == admin.email
    assert mail.subject == "Ihre VoiceAgent-Testphase endet am 13.12.2026"
    assert "Hallo Maria Mehl" in mail.body_text
    assert "hinterlegen Sie bitte vorher ein Zahlungsmittel" in mail.body_text
    assert f"Zahlungsmittel hinterlegen: {PORTAL}/billing\n" in mail.body_text
    assert "Danach läuft Ihr Konto" in mails[paying.id].body_text
    assert "Zahlungsmittel" not in mails[paying.id].body_text
