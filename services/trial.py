"""A self-service sign-up's trial: 14 days on the default plan, and what comes after.

The trial's days carry no base fee: it is charged by days from the day after the trial
(services.billing.base_fee_starts_on). Calls and numbers in it are billed on the tenant's plan
like later ones (the plan's included minutes, 100 on Start, cover a typical trial), on the
first monthly invoice. What changes at the end is told in advance, on the dashboard (with the days
left) and by one e-mail three days before: the account goes on, on its plan, invoiced
monthly, unless the customer cancels under Billing before (services/subscriptions.py: a
cancellation in the trial ends the subscription at the trial's end, with no base fee) —
and without a payment method its bots take no calls from the end until one is added
(services/payment_method.py), which both say, with the way to add one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Tenant
from models.base import utcnow
from services.email_outbox import queue_email
from services.email_texts import email_text
from services.local_formats import day, money
from services.payment_method import needs_payment_method, paused_for_payment_method
from services.team import tenant_administrators
from services.tenant_settings import session_tenant
from services.vienna_time import VIENNA

TRIAL_DAYS = 14
REMIND_DAYS_BEFORE = 3


def trial_end_for_new_tenant(now: datetime | None = None) -> datetime:
    return (now or utcnow()) + timedelta(days=TRIAL_DAYS)


@dataclass(frozen=True)
class TrialNotice:
    ends_on: date  # the last Vienna day of the trial
    days_left: int  # 0 on its last day
    plan_name: str | None
    monthly_fee_cents: int | None
    needs_payment_method: bool  # none saved yet: the bots stop taking calls at the end
    over: bool = False  # ended without a payment method: the bots take no calls


def trial_notice(tenant: Tenant, *, now: datetime | None = None) -> TrialNotice | None:
    """What the dashboard says about the trial: while it runs, and after it when the bots
    wait for a payment method; None otherwise."""
    now = now or utcnow()
    over = paused_for_payment_method(tenant, now=now)
    if tenant.trial_ends_at is None or (tenant.trial_ends_at <= now and not over):
        return None
    ends_on = tenant.trial_ends_at.astimezone(VIENNA).date()
    plan = tenant.price_plan
    return TrialNotice(
        ends_on=ends_on,
        days_left=max((ends_on - now.astimezone(VIENNA).date()).days, 0),
        plan_name=plan.name if plan else None,
        monthly_fee_cents=plan.monthly_fee_cents if plan else None,
        needs_payment_method=needs_payment_method(tenant),
        over=over,
    )


def queue_trial_reminders(*, session: Session, portal_url: str, now: datetime | None = None) -> int:
    """Queue the "your trial ends soon" e-mail for every tenant whose trial ends within
    REMIND_DAYS_BEFORE days, once per tenant (rows locked and marked in this transaction,
    so two runs at once send one); without a payment method it links to the billing page.
    Needs a staff session; returns how many were queued."""
    now = now or utcnow()
    due = session.scalars(
        select(Tenant)
        .where(
            Tenant.trial_ends_at.is_not(None),
            Tenant.trial_ends_at > now,
            Tenant.trial_ends_at <= now + timedelta(days=REMIND_DAYS_BEFORE),
            Tenant.trial_reminder_sent_at.is_(None),
        )
        .order_by(Tenant.id)
        .with_for_update(skip_locked=True)
    ).all()
    for tenant in due:
        notice = trial_notice(tenant, now=now)
        assert notice is not None  # the query picked trials that are still running
        for admin in tenant_administrators(session=session, tenant_id=tenant.id):
            queue_email(
                session=session,
                to=admin.email,
                tenant_id=tenant.id,
                subject=email_text(
                    "trial_ending_subject", admin.locale, day=day(notice.ends_on, admin.locale)
                ),
                body=reminder_text(admin.name, notice, locale=admin.locale, portal_url=portal_url),
            )
        tenant.trial_reminder_sent_at = now
    session.flush()
    return len(due)


def after_trial_text(notice: TrialNotice, *, locale: str) -> str:
    """A few plain sentences on what happens when the trial ends (or, once it is over without
    a payment method, what that means now)."""
    if notice.over:
        return email_text(
            "trial_over_without_payment_method", locale, day=day(notice.ends_on, locale)
        )
    return email_text(
        "after_trial_without_payment_method" if notice.needs_payment_method else "after_trial",
        locale,
        day=day(notice.ends_on, locale),
        plan=notice.plan_name or email_text("default_plan", locale),
        fee=money(notice.monthly_fee_cents or 0, locale),
    )


def reminder_text(name: str, notice: TrialNotice, *, locale: str, portal_url: str) -> str:
    after_trial = after_trial_text(notice, locale=locale)
    link = (
        "\n" + email_text("add_payment_method_link", locale, link=f"{portal_url}/billing") + "\n"
        if notice.needs_payment_method
        else ""
    )
    return email_text("trial_ending_body", locale, name=name, after_trial=after_trial, link=link)


def current_trial_notice(*, session: Session, now: datetime | None = None) -> TrialNotice | None:
    """The trial of the tenant a tenant session is bound to (the dashboard's question);
    None in a staff session."""
    tenant = session_tenant(session=session)
    return trial_notice(tenant, now=now) if tenant is not None else None
