"""The spans in which a company held a price plan (models.PlanTerm), written here alone:
the invoice run bills a month for exactly the time inside them (services.billing), and
the customer's cancellation ends one (services/subscriptions.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import PlanTerm, PricePlan, Tenant
from models.base import utcnow
from services.vienna_time import vienna_day


def last_term(session: Session, tenant_id: int) -> PlanTerm | None:
    return session.scalars(
        select(PlanTerm)
        .where(PlanTerm.tenant_id == tenant_id)
        .order_by(PlanTerm.starts_at.desc(), PlanTerm.id.desc())
        .limit(1)
    ).first()


def assign_plan(
    *, session: Session, tenant: Tenant, plan: PricePlan | None, at: datetime | None = None
) -> None:
    """From `at` (now) the company is on `plan`, or on none: the open term (if any) ends
    there and a new one starts. The same plan again changes nothing.

    A plan change keeps a cancellation the customer made and that has not taken effect:
    the new term ends when the cancelled one would have, and is the cancelled one — only
    the customer withdraws a cancellation (services/subscriptions.py), as in most
    subscription products; a change of price is no reason to go on. Taking the plan away
    (`plan` None) ends the term at `at`, cancelled or not."""
    at = at or utcnow()
    term = last_term(session, tenant.id)
    running = term is not None and (term.ends_at is None or term.ends_at > at)
    if running and term is not None and plan is not None and term.price_plan_id == plan.id:
        return
    ends_at = cancelled_at = None
    if running and term is not None:
        if plan is not None and term.cancelled_at is not None:
            ends_at, cancelled_at = term.ends_at, term.cancelled_at
            term.cancelled_at = None  # closed by the change; the new term carries it
        term.ends_at = max(at, term.starts_at)
    if plan is not None:
        session.add(
            PlanTerm(
                tenant_id=tenant.id,
                price_plan_id=plan.id,
                starts_at=at,
                ends_at=ends_at,
                cancelled_at=cancelled_at,
            )
        )
    tenant.price_plan = plan
    session.flush()


def pending_cancellation_end(session: Session, tenant_id: int, *, now: datetime) -> date | None:
    """The last Vienna day of a cancellation the customer made that has not taken effect
    yet; None without one."""
    term = last_term(session, tenant_id)
    if term is None or term.cancelled_at is None or term.ends_at is None or term.ends_at <= now:
        return None
    return vienna_day(term.ends_at) - timedelta(days=1)
