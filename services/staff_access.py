"""Platform staff read a tenant's call transcripts only while the tenant wants them to.

Two things open the door: a support ticket the tenant has open (they asked us to look), or a
grant their administrator gave in the portal for a few days (revocable at any time). Without
either, staff see a call's times, numbers and outcome, but not what was said. The rule holds
for every staff role, platform_admin included, and every transcript shown is audited.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from models import Call, CallTurn, SupportTicket, Tenant, TicketStatus, User
from models.base import utcnow
from services.audit import record_audit
from services.errors import DomainError
from services.permissions import Action, require
from services.tenant_settings import own_tenant
from services.vienna_time import as_utc

GRANT_DAYS = 7
# A ticket waiting on the customer is still the customer's question: staff may need the call.
OPEN_TICKET = (TicketStatus.OPEN, TicketStatus.WAITING_ON_CUSTOMER)


class TranscriptRefused(DomainError):
    """Staff asked for a transcript the tenant has not opened to them."""


def access_reason(*, session: Session, tenant_id: int, now: datetime | None = None) -> str | None:
    """Why staff may read this tenant's transcripts ("ticket" or "grant"), or None."""
    open_ticket = select(
        exists().where(SupportTicket.tenant_id == tenant_id, SupportTicket.status.in_(OPEN_TICKET))
    )
    if session.scalar(open_ticket):
        return "ticket"
    until = session.scalar(
        select(Tenant.staff_transcript_access_until).where(Tenant.id == tenant_id)
    )
    return "grant" if _running(until, now) else None


def staff_transcript(
    *, session: Session, staff: User, call: Call, now: datetime | None = None
) -> Sequence[CallTurn]:
    """The call's turns for a staff member, audited; TranscriptRefused without a ticket or
    grant (the refusal is audited too: someone tried)."""
    reason = access_reason(session=session, tenant_id=call.tenant_id, now=now)
    record_audit(
        session=session,
        actor=staff,
        action="transcript.viewed" if reason else "transcript.refused",
        entity_type="Call",
        entity_id=call.id,
        tenant_id=call.tenant_id,
        after={"reason": reason} if reason else None,
    )
    if reason is None:
        raise TranscriptRefused(
            "This customer has not given our staff access to transcripts and has no open "
            "support ticket."
        )
    return list(call.turns)


def grant_staff_access(*, session: Session, actor: User, days: int = GRANT_DAYS) -> Tenant:
    """The administrator opens the tenant's transcripts to our staff for `days` days."""
    require(actor, Action.PRIVACY)
    tenant = own_tenant(session=session)
    before = tenant.staff_transcript_access_until
    tenant.staff_transcript_access_until = utcnow() + timedelta(days=days)
    _audit_grant(session, actor, tenant, "privacy.staff_access_granted", before)
    return tenant


def revoke_staff_access(*, session: Session, actor: User) -> Tenant:
    require(actor, Action.PRIVACY)
    tenant = own_tenant(session=session)
    before = tenant.staff_transcript_access_until
    tenant.staff_transcript_access_until = None
    _audit_grant(session, actor, tenant, "privacy.staff_access_revoked", before)
    return tenant


def staff_access_until(*, session: Session, now: datetime | None = None) -> datetime | None:
    """Until when the (own) tenant's grant runs, or None when there is none running."""
    return _running(own_tenant(session=session).staff_transcript_access_until, now)


def _running(until: datetime | None, now: datetime | None) -> datetime | None:
    """`until` (aware) while it is still ahead of `now`; None once it has passed."""
    if until is None or as_utc(until) <= (now or utcnow()):
        return None
    return as_utc(until)


def _audit_grant(
    session: Session, actor: User, tenant: Tenant, action: str, before: datetime | None
) -> None:
    session.flush()
    until = tenant.staff_transcript_access_until
    record_audit(
        session=session,
        actor=actor,
        action=action,
        entity_type="Tenant",
        entity_id=tenant.id,
        tenant_id=tenant.id,
        before={"until": before.isoformat() if before else None},
        after={"until": until.isoformat() if until else None},
    )
