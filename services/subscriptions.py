"""A company's subscription: the spans in which it held a price plan (PlanTerm), and the
customer's cancellation.

The invoice run bills a month for exactly the days and calls inside a company's terms
(services.billing.bills): a company whose plan staff take away mid-month is still invoiced
for that month up to then, and a month no term touches is not invoiced at all.

- A plan given to a company (at set-up, at sign-up, by staff later) opens a term from that
  moment; its base fee runs from that day — so a company staff set up without a plan pays
  no base fee for the days before it got one. Changing the plan closes the open term and
  opens the next one at the same moment; a month with two plans is priced on the later one,
  its base fee for the days either held (README "Billing").
- Staff taking the plan away close the open term now: the day it ended carries no base fee
  (like a released number's), the calls up to that moment are billed.
- A customer cancels in the portal (Billing → "Abo kündigen"): the term ends at the end of
  the month — or, during the trial, at the trial's end, so a trial cancelled costs no base
  fee at all. Until then everything works as before and the cancellation can be withdrawn
  — by the customer only: a plan change by staff in that time keeps it (plan_terms).
  When it has taken effect, `wind_up_ended_subscriptions` (hourly from the cron) pauses the
  bots and releases their numbers (which costs nothing from then on); calls, invoices and
  settings stay readable. "Abo wieder aufnehmen" opens a new term from that moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.catalogue import N_
from models import Bot, BotStatus, PlanTerm, PricePlan, Tenant, User
from models.base import utcnow
from services.audit import record_audit
from services.billing import base_fee_starts_on
from services.email_outbox import queue_email
from services.email_texts import email_text
from services.errors import Conflict, ValidationFailed
from services.local_formats import day
from services.number_requests import request_release
from services.permissions import Action, require
from services.plan_terms import assign_plan, last_term
from services.price_plans import default_price_plan
from services.team import tenant_administrators
from services.vienna_time import vienna_day, vienna_midnight

SUBSCRIPTION_ENDED = N_(
    "Your subscription has ended. Resume it on the billing page to set up bots again."
)


class SubscriptionEnded(Conflict):
    """The company cancelled and the cancellation has taken effect."""


@dataclass(frozen=True)
class Subscription:
    """What the billing page says about the subscription."""

    plan_name: str
    ends_on: date | None  # the last Vienna day it runs; None: it runs on
    cancelled: bool  # by the customer; ends_on says when
    ended: bool  # cancelled and over: bots paused, numbers released


def subscription(*, session: Session, now: datetime | None = None) -> Subscription | None:
    """The subscription of the tenant a tenant session is bound to; None without a plan
    ever, or when staff ended it."""
    now = now or utcnow()
    tenant = session.scalars(select(Tenant)).first()  # scoped: the session's own tenant
    term = last_term(session, tenant.id) if tenant is not None else None
    if term is None or (term.ends_at is not None and term.cancelled_at is None):
        return None
    plan = session.get_one(PricePlan, term.price_plan_id)
    ends_on = vienna_day(term.ends_at) - timedelta(days=1) if term.ends_at else None
    ended = term.ends_at is not None and term.ends_at <= now
    return Subscription(plan.name, ends_on, term.cancelled_at is not None, ended)


def cancellation_end(tenant: Tenant, *, now: datetime) -> datetime:
    """When a cancellation made `now` takes effect: at the end of this month, or during the
    trial at its end (the trial carries no base fee, so cancelling in it costs none)."""
    today = vienna_day(now)
    free_until = base_fee_starts_on(tenant)
    if free_until > today:
        return vienna_midnight(free_until)
    return vienna_midnight((today.replace(day=28) + timedelta(days=4)).replace(day=1))


def cancel_subscription(
    *, session: Session, tenant_id: int, actor: User, now: datetime | None = None
) -> datetime:
    """The customer cancels: the open term ends at `cancellation_end`, the administrators
    get a confirmation e-mail, audited. Returns the end; cancelling twice changes nothing."""
    require(actor, Action.BILLING)
    now = now or utcnow()
    tenant = _locked_company(session, tenant_id)
    term = last_term(session, tenant_id)
    if term is None or (term.ends_at is not None and term.ends_at <= now):
        raise ValidationFailed({"subscription": N_("There is no subscription to cancel.")})
    if term.cancelled_at is not None and term.ends_at is not None:
        return term.ends_at
    term.ends_at, term.cancelled_at = cancellation_end(tenant, now=now), now
    ends_on = vienna_day(term.ends_at) - timedelta(days=1)
    for admin in tenant_administrators(session=session, tenant_id=tenant_id):
        queue_email(
            session=session,
            to=admin.email,
            tenant_id=tenant_id,
            subject=email_text("cancelled_subject", admin.locale),
            body=email_text(
                "cancelled_body", admin.locale, name=admin.name, day=day(ends_on, admin.locale)
            ),
        )
    _audit(session, actor, "subscription.cancelled", tenant_id, {"ends_on": ends_on.isoformat()})
    return term.ends_at


def withdraw_cancellation(
    *, session: Session, tenant_id: int, actor: User, now: datetime | None = None
) -> None:
    """Before it takes effect, a cancellation can be taken back: the term runs on."""
    require(actor, Action.BILLING)
    now = now or utcnow()
    _locked_company(session, tenant_id)
    term = last_term(session, tenant_id)
    if term is None or term.cancelled_at is None or term.ends_at is None or term.ends_at <= now:
        raise ValidationFailed({"subscription": N_("There is no cancellation to withdraw.")})
    term.ends_at = term.cancelled_at = None
    session.flush()
    _audit(session, actor, "subscription.cancellation_withdrawn", tenant_id, {})


def resume_subscription(
    *, session: Session, tenant_id: int, actor: User, now: datetime | None = None
) -> PricePlan:
    """After a cancellation took effect: a new term from now, on the plan the company had
    (or the default, when that is no longer offered). Bots are then resumed one by one."""
    require(actor, Action.BILLING)
    now = now or utcnow()
    tenant = _locked_company(session, tenant_id)
    if not subscription_ended(session=session, tenant_id=tenant_id, now=now):
        raise ValidationFailed({"subscription": N_("Your subscription is running.")})
    term = last_term(session, tenant_id)
    assert term is not None  # subscription_ended found it
    plan = session.get(PricePlan, term.price_plan_id)
    if plan is None or not plan.is_active:
        plan = default_price_plan(session)
    if plan is None:
        raise ValidationFailed(
            {"subscription": N_("Please contact us to resume your subscription.")}
        )
    assign_plan(session=session, tenant=tenant, plan=plan, at=now)
    _audit(session, actor, "subscription.resumed", tenant_id, {"price_plan": plan.code})
    return plan


def subscription_ended(*, session: Session, tenant_id: int, now: datetime | None = None) -> bool:
    """The company cancelled and the cancellation has taken effect."""
    term = last_term(session, tenant_id)
    return (
        term is not None
        and term.cancelled_at is not None
        and term.ends_at is not None
        and term.ends_at <= (now or utcnow())
    )


def require_running_subscription(*, session: Session, tenant_id: int) -> None:
    """Raises SubscriptionEnded when a new number would outlive the company's subscription."""
    if subscription_ended(session=session, tenant_id=tenant_id):
        raise SubscriptionEnded(SUBSCRIPTION_ENDED)


def wind_up_ended_subscriptions(*, session: Session, now: datetime | None = None) -> int:
    """For every cancellation that has taken effect and is not wound up yet: the bots are
    paused, their numbers released, the company has no plan. Needs a staff session; each
    term once (rows locked and marked in this transaction). Returns how many."""
    now = now or utcnow()
    due = session.scalars(
        select(PlanTerm)
        .where(
            PlanTerm.cancelled_at.is_not(None),
            PlanTerm.ends_at <= now,
            PlanTerm.wound_up_at.is_(None),
        )
        .order_by(PlanTerm.id)
        .with_for_update(skip_locked=True)
    ).all()
    for term in due:
        if last_term(session, term.tenant_id) is not term:
            term.wound_up_at = now  # resumed since: a newer term runs
            continue
        bots = session.scalars(
            select(Bot).where(Bot.tenant_id == term.tenant_id, Bot.status != BotStatus.DELETED)
        ).all()
        for bot in bots:
            if bot.status in (BotStatus.LIVE, BotStatus.PROVISIONING):
                bot.status = BotStatus.PAUSED
            request_release(session=session, bot=bot)
        session.get_one(Tenant, term.tenant_id).price_plan = None
        term.wound_up_at = now
        _audit(session, None, "subscription.ended", term.tenant_id, {"bots": len(bots)})
    session.flush()
    return len(due)


def _locked_company(session: Session, tenant_id: int) -> Tenant:
    tenant = session.scalars(
        select(Tenant).where(Tenant.id == tenant_id).with_for_update()
    ).one_or_none()
    if tenant is None:
        raise ValidationFailed({"subscription": N_("There is no subscription to change.")})
    return tenant


def _audit(
    session: Session, actor: User | None, action: str, tenant_id: int, after: dict[str, object]
) -> None:
    record_audit(
        session=session,
        actor=actor,
        action=action,
        entity_type="Tenant",
        entity_id=tenant_id,
        tenant_id=tenant_id,
        after=after,
    )
