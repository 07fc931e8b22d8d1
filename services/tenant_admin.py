"""What platform staff do to a tenant: suspend, reactivate, change its price plan, set its
concurrent-call limit, attach its regulatory bundle — each audited with before and after —
and the tenant page's figures.

A suspended tenant's bots stop taking calls: the voice runtime answers calls to a tenant
whose status is `suspended` with a polite message and hangs up (`takes_calls`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.catalogue import N_, Phrase
from models import (
    Bot,
    BotStatus,
    Invoice,
    PhoneNumber,
    PricePlan,
    SupportTicket,
    Tenant,
    TenantStatus,
    UsageEvent,
    UsageKind,
    User,
)
from models.base import utcnow
from models.scoping import session_tenant_id
from services.audit import audit_row
from services.call_history import vienna_day_bounds
from services.errors import NotFound, ValidationFailed
from services.plan_terms import assign_plan, pending_cancellation_end
from services.usage_reports import month_cost_so_far

MAX_CONCURRENT_CALLS = 1000
# A regulatory bundle's sid at Twilio (Regulatory Compliance API).
_BUNDLE_SID = re.compile(r"BU[0-9a-fA-F]{32}")


def takes_calls(tenant: Tenant) -> bool:
    return tenant.status is not TenantStatus.SUSPENDED


def get_tenant(*, session: Session, tenant_id: int) -> Tenant:
    tenant = session.get(Tenant, tenant_id)
    if tenant is None:
        raise NotFound("This tenant does not exist.")
    return tenant


def suspend_tenant(
    *, session: Session, tenant: Tenant, actor: User | None, ip_address: str | None = None
) -> None:
    if tenant.status is TenantStatus.SUSPENDED:
        raise ValidationFailed({"status": N_("This tenant is already suspended.")})
    before = _status_view(tenant)
    tenant.status = TenantStatus.SUSPENDED
    tenant.suspended_at = utcnow()
    _audit(session, actor, "tenant.suspended", tenant, before, _status_view(tenant), ip_address)


def reactivate_tenant(
    *, session: Session, tenant: Tenant, actor: User | None, ip_address: str | None = None
) -> None:
    if tenant.status is TenantStatus.ACTIVE:
        raise ValidationFailed({"status": N_("This tenant is already active.")})
    before = _status_view(tenant)
    tenant.status = TenantStatus.ACTIVE
    tenant.suspended_at = None
    tenant.past_due_since = None
    _audit(session, actor, "tenant.reactivated", tenant, before, _status_view(tenant), ip_address)


def change_price_plan(
    *,
    session: Session,
    tenant: Tenant,
    plan_id: int | None,
    actor: User | None,
    ip_address: str | None = None,
    now: datetime | None = None,
) -> date | None:
    """From now the company is on plan `plan_id` (None: on none); the month is invoiced for
    the time each plan held (services/plan_terms.py). A cancellation the customer made
    stands on the new plan: returns its last day then, for the back office to say so."""
    plan = None
    if plan_id is not None:
        plan = session.get(PricePlan, plan_id)
        if plan is None or not plan.is_active:
            raise ValidationFailed({"price_plan": N_("Please choose an active price plan.")})
    before = {"price_plan": tenant.price_plan.code if tenant.price_plan else None}
    now = now or utcnow()
    assign_plan(session=session, tenant=tenant, plan=plan, at=now)
    after = {"price_plan": plan.code if plan else None}
    _audit(session, actor, "tenant.price_plan_changed", tenant, before, after, ip_address)
    return pending_cancellation_end(session, tenant.id, now=now) if plan else None


def set_concurrent_call_limit(
    *,
    session: Session,
    tenant: Tenant,
    limit: int,
    actor: User | None,
    ip_address: str | None = None,
) -> None:
    if not 0 <= limit <= MAX_CONCURRENT_CALLS:
        message = Phrase("Please enter a whole number from 0 to {most}.", most=MAX_CONCURRENT_CALLS)
        raise ValidationFailed({"max_concurrent_calls": message})
    before = {"max_concurrent_calls": tenant.max_concurrent_calls}
    tenant.max_concurrent_calls = limit
    after = {"max_concurrent_calls": limit}
    _audit(session, actor, "tenant.call_limit_set", tenant, before, after, ip_address)


def set_regulatory_bundle(
    *,
    session: Session,
    tenant: Tenant,
    bundle_sid: str,
    actor: User | None,
    ip_address: str | None = None,
) -> None:
    """Attach the tenant's Twilio regulatory bundle (the sid staff copy from Twilio's
    console); an empty one detaches it, and the platform's is used again."""
    bundle_sid = bundle_sid.strip()
    if bundle_sid and not _BUNDLE_SID.fullmatch(bundle_sid):
        message = N_("A bundle's id starts with BU and has 34 characters (Twilio console).")
        raise ValidationFailed({"twilio_bundle_sid": message})
    before = {"twilio_bundle_sid": tenant.twilio_bundle_sid}
    tenant.twilio_bundle_sid = bundle_sid or None
    after = {"twilio_bundle_sid": tenant.twilio_bundle_sid}
    _audit(session, actor, "tenant.bundle_set", tenant, before, after, ip_address)


@dataclass(frozen=True)
class TenantOverview:
    tenant: Tenant
    users: list[User]
    bots: list[Bot]
    numbers: list[PhoneNumber]
    month_seconds: int
    month_cost_cents: int
    invoices: list[Invoice]
    tickets: list[SupportTicket]
    cancellation_ends: date | None = None  # the customer cancelled: the last day

    @property
    def month_minutes(self) -> float:
        return round(self.month_seconds / 60, 1)


def tenant_overview(*, session: Session, today: date) -> TenantOverview:
    """Everything the tenant page shows. `session` is bound to the tenant (tenant_session),
    so every query below sees that tenant's rows only."""
    tenant_id = session_tenant_id(session)
    if tenant_id is None:
        raise ValueError("tenant_overview needs a session bound to the tenant")
    tenant = get_tenant(session=session, tenant_id=tenant_id)
    start, end = vienna_day_bounds(today.replace(day=1), today)
    month_seconds = session.scalar(
        select(func.coalesce(func.sum(UsageEvent.quantity), 0)).where(
            UsageEvent.kind == UsageKind.CALL_SECONDS,
            UsageEvent.occurred_at >= start,
            UsageEvent.occurred_at < end,
        )
    )
    return TenantOverview(
        tenant=tenant,
        users=list(session.scalars(select(User).order_by(User.role, User.email))),
        bots=list(
            session.scalars(select(Bot).where(Bot.status != BotStatus.DELETED).order_by(Bot.id))
        ),
        numbers=list(session.scalars(select(PhoneNumber).order_by(PhoneNumber.id.desc()))),
        month_seconds=int(month_seconds or 0),
        month_cost_cents=month_cost_so_far(session=session, today=today),
        invoices=list(
            session.scalars(select(Invoice).order_by(Invoice.period_start.desc()).limit(12))
        ),
        tickets=list(
            session.scalars(select(SupportTicket).order_by(SupportTicket.id.desc()).limit(20))
        ),
        cancellation_ends=pending_cancellation_end(session, tenant_id, now=utcnow()),
    )


def _status_view(tenant: Tenant) -> dict[str, Any]:
    return {
        "status": tenant.status.value,
        "suspended_at": tenant.suspended_at.isoformat() if tenant.suspended_at else None,
    }


def _audit(
    session: Session,
    actor: User | None,
    action: str,
    tenant: Tenant,
    before: dict[str, Any],
    after: dict[str, Any],
    ip_address: str | None,
) -> None:
    audit_row(session, actor, action, tenant, before=before, after=after, ip_address=ip_address)
    session.flush()
