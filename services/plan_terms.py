"""The spans in which a company held a price plan (models.PlanTerm), written here alone:
the invoice run bills a month for exactly the time inside them (services.billing), and
the customer's cancellation ends one (services/subscriptions.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import PlanTerm, PricePlan, Tenant
from models.base import utcnow


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
    there and a new one starts. The same plan again changes nothing."""
    at = at or utcnow()
    term = last_term(session, tenant.id)
    running = term is not None and (term.ends_at is None or term.ends_at > at)
    if running and term is not None and plan is not None and term.price_plan_id == plan.id:
        return
    if running and term is not None:
        term.ends_at = max(at, term.starts_at)
    if plan is not None:
        session.add(PlanTerm(tenant_id=tenant.id, price_plan_id=plan.id, starts_at=at))
    tenant.price_plan = plan
    session.flush()
