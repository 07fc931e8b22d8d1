"""Closing calls whose voice runtime was lost.

A live call's runtime stamps the call's row every few seconds (`Call.heartbeat_at`,
voice_runtime/call_journal.py). A runtime that dies — killed, out of memory, its machine
gone — stops stamping, and its calls would stay open for ever, unbilled. The reaper
(jobs.call_reaper, every few seconds from the cron) closes each call still open whose last
sign of life is older than the limit: status `failed` (unless the provider already reported
how the call ended), outcome `connection_lost`, duration up to its last heartbeat, the turns
stored until then kept, its summary, and its call seconds billed under the same idempotency
key the runtime would have used — so a runtime that comes back and closes the call too, or a
second reaper, bills nothing twice.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from models import Call, CallOutcome, CallStatus
from models.base import utcnow
from models.scoping import staff_session, tenant_session
from services.call_records import (
    close_records,
    duration_until,
    is_closed,
    is_final_status,
    usage_records,
)
from services.call_slots import CallSlots


def reap_lost_calls(
    *,
    session_factory: sessionmaker[Session],
    slots: CallSlots,
    lost_after_s: float,
    now: datetime | None = None,
) -> list[int]:
    """Close every lost call, each in its own tenant's transaction, and free its slot;
    the ids of the calls closed. Running it again, or beside another reaper, closes
    nothing twice."""
    now = now or utcnow()
    with staff_session(session_factory) as session:
        candidates = lost_calls(session=session, now=now, lost_after_s=lost_after_s)
    closed: list[int] = []
    for tenant_id, call_id in candidates:
        with tenant_session(session_factory, tenant_id) as session:
            call = close_lost_call(
                session=session, call_id=call_id, now=now, lost_after_s=lost_after_s
            )
            call_sid = call.provider_call_sid if call is not None else None
            session.commit()
        if call is None:
            continue
        closed.append(call_id)
        if call_sid:
            slots.release(tenant_id=tenant_id, call_sid=call_sid)
    return closed


def last_sign_of_life(call: Call) -> datetime:
    """The call's last heartbeat; before its stream's first one, when it was answered."""
    moment = call.heartbeat_at or call.answered_at or call.started_at
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def lost_calls(*, session: Session, now: datetime, lost_after_s: float) -> list[tuple[int, int]]:
    """(tenant id, call id) of every open call silent for longer than `lost_after_s` (staff
    session: the reaper looks across tenants)."""
    since = now - timedelta(seconds=lost_after_s)
    sign_of_life = func.coalesce(Call.heartbeat_at, Call.answered_at, Call.started_at)
    rows = session.execute(
        select(Call.tenant_id, Call.id)
        .where(Call.outcome.is_(None), sign_of_life < since)
        .order_by(Call.id)
    )
    return [(tenant_id, call_id) for tenant_id, call_id in rows]


def close_lost_call(
    *, session: Session, call_id: int, now: datetime, lost_after_s: float
) -> Call | None:
    """Close the call as lost, in its tenant's session; the closed call, or None when it
    needs nothing (closed meanwhile, or it beat again since it was listed)."""
    call = session.get(Call, call_id, with_for_update=True)
    if call is None or is_closed(call):
        return None
    ended_at = last_sign_of_life(call)
    if ended_at >= now - timedelta(seconds=lost_after_s):
        return None
    duration = duration_until(call, ended_at)
    call.ended_at = call.ended_at or ended_at
    call.duration_seconds = duration
    call.outcome = CallOutcome.CONNECTION_LOST
    if not is_final_status(call.status):
        call.status = CallStatus.FAILED
    close_records(session=session, call=call, usage=usage_records(call, duration))
    return call
