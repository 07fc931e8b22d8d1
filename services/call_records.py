"""Calls from the first webhook to the last word: routing a dialled number to its bot,
opening the Call row, following Twilio's status callbacks, and closing the call with its
transcript and usage — once, however often the closing is attempted.

Routing and the status-callback lookup start from a provider's number or call SID, before
any tenant is known, so they take a staff session; everything written afterwards goes
through the call's own tenant session.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from models import (
    Bot,
    BotStatus,
    Call,
    CallOutcome,
    CallStatus,
    CallTurn,
    PhoneNumber,
    PhoneNumberStatus,
    Speaker,
    Tenant,
    TenantStatus,
    UsageKind,
)
from models.base import utcnow
from models.scoping import session_tenant_id
from services.call_events import queue_call_completed
from services.call_summary import summarise_stored_call
from services.payment_method import paused_for_payment_method
from services.spending import calls_blocked
from services.usage import UsageRecord, record_usage
from services.vienna_time import as_utc


class CallProgress(enum.StrEnum):
    """Where the call with a provider SID stands, as far as our records know."""

    NEW = "new"  # no call with this SID yet
    OPEN = "open"
    ENDED = "ended"  # closed by us, by the provider's final status, or turned away


class RouteStatus(enum.StrEnum):
    ACCEPT = "accept"
    UNKNOWN_NUMBER = "unknown_number"
    BOT_UNAVAILABLE = "bot_unavailable"
    TENANT_SUSPENDED = "tenant_suspended"
    SPENDING_LIMIT = "spending_limit"  # the month's cost reached the tenant's limit
    NO_PAYMENT_METHOD = "no_payment_method"  # a sign-up's trial ended without one


@dataclass(frozen=True)
class Route:
    status: RouteStatus
    language: str
    tenant_id: int | None = None
    bot_id: int | None = None
    phone_number_id: int | None = None
    max_concurrent_calls: int = 0


@dataclass(frozen=True)
class TurnRecord:
    speaker: Speaker
    text: str
    started_ms: int
    ended_ms: int | None = None
    stt_ms: int | None = None
    dialogue_ms: int | None = None
    tts_first_audio_ms: int | None = None
    turn_latency_ms: int | None = None
    interrupted: bool = False


# Twilio's statuses only move forward: a late "ringing" never undoes "in-progress".
_STATUS_RANK = {
    CallStatus.QUEUED: 0,
    CallStatus.RINGING: 1,
    CallStatus.IN_PROGRESS: 2,
    CallStatus.COMPLETED: 3,
    CallStatus.BUSY: 3,
    CallStatus.FAILED: 3,
    CallStatus.NO_ANSWER: 3,
    CallStatus.CANCELED: 3,
}


# Every incoming call's first question, in one statement built once: the number, its bot
# and the bot's tenant.
_ROUTE = (
    select(PhoneNumber.id, Bot, Tenant)
    .join(Bot, Bot.id == PhoneNumber.bot_id)
    .join(Tenant, Tenant.id == Bot.tenant_id)
    .where(PhoneNumber.e164 == bindparam("e164"), PhoneNumber.status == PhoneNumberStatus.ACTIVE)
    .limit(1)
)


def route_call(*, session: Session, to_number: str, default_language: str) -> Route:
    """Which bot answers `to_number`, and whether it may (staff session: no tenant yet)."""
    found = session.execute(_ROUTE, {"e164": to_number}).first()
    if found is None:  # no active number, or one with no bot
        return Route(RouteStatus.UNKNOWN_NUMBER, language=default_language)
    number_id, bot, tenant = found
    route = Route(
        RouteStatus.ACCEPT,
        language=bot.language.value,
        tenant_id=tenant.id,
        bot_id=bot.id,
        phone_number_id=number_id,
        max_concurrent_calls=tenant.max_concurrent_calls,
    )
    if tenant.status == TenantStatus.SUSPENDED:
        return _with_status(route, RouteStatus.TENANT_SUSPENDED)
    if bot.status != BotStatus.LIVE:
        return _with_status(route, RouteStatus.BOT_UNAVAILABLE)
    if paused_for_payment_method(tenant):
        return _with_status(route, RouteStatus.NO_PAYMENT_METHOD)
    if calls_blocked(session=session, tenant=tenant):
        return _with_status(route, RouteStatus.SPENDING_LIMIT)
    return route


def _with_status(route: Route, status: RouteStatus) -> Route:
    return Route(
        status,
        language=route.language,
        tenant_id=route.tenant_id,
        bot_id=route.bot_id,
        phone_number_id=route.phone_number_id,
        max_concurrent_calls=route.max_concurrent_calls,
    )


def open_call(
    *,
    session: Session,
    route: Route,
    call_sid: str,
    from_number: str,
    to_number: str,
    outcome: CallOutcome | None = None,
) -> Call:
    """The Call for this provider SID, created on first sight (Twilio retries webhooks).

    A call turned away (limit reached, bot paused) is stored closed, with outcome
    `rejected`, so the customer sees the calls they missed."""
    existing = session.scalars(select(Call).where(Call.provider_call_sid == call_sid)).first()
    if existing is not None:
        return existing
    now = utcnow()
    assert route.tenant_id is not None and route.bot_id is not None
    call = Call(
        tenant_id=route.tenant_id,
        bot_id=route.bot_id,
        phone_number_id=route.phone_number_id,
        provider_call_sid=call_sid,
        from_number=from_number[:20],
        to_number=to_number[:20],
        language=route.language,
        status=CallStatus.COMPLETED if outcome else CallStatus.IN_PROGRESS,
        outcome=outcome,
        started_at=now,
        answered_at=None if outcome else now,
        ended_at=now if outcome else None,
        duration_seconds=0 if outcome else None,
    )
    session.add(call)
    session.flush()
    return call


def call_progress(*, session: Session, call_sid: str) -> CallProgress:
    """Whether `call_sid` is a new call, an open one or one that has ended (staff session:
    the SID is all we have). A call SID gets one conversation: an ended call never another."""
    ended_at = session.execute(
        select(Call.ended_at).where(Call.provider_call_sid == call_sid)
    ).first()
    if ended_at is None:
        return CallProgress.NEW
    return CallProgress.OPEN if ended_at[0] is None else CallProgress.ENDED


def has_ended(call: Call) -> bool:
    return call.ended_at is not None


def tenant_of_call(*, session: Session, call_sid: str) -> int | None:
    """The tenant a provider call SID belongs to (staff session: the SID is all we have)."""
    return session.scalars(select(Call.tenant_id).where(Call.provider_call_sid == call_sid)).first()


def apply_status_callback(
    *, session: Session, call_sid: str, status: str, duration_seconds: int | None
) -> bool:
    """Move the call forward to Twilio's reported status; True if anything changed.
    Repeated or out-of-order callbacks change nothing."""
    try:
        new_status = CallStatus(status)
    except ValueError:
        return False
    call = session.scalars(select(Call).where(Call.provider_call_sid == call_sid)).first()
    if call is None or _STATUS_RANK[new_status] <= _STATUS_RANK[call.status]:
        return False
    call.status = new_status
    if _STATUS_RANK[new_status] == 3:
        call.ended_at = call.ended_at or utcnow()
        if call.duration_seconds is None and duration_seconds is not None:
            call.duration_seconds = max(0, duration_seconds)
    session.flush()
    return True


# Built once, and run on the session's connection rather than through the ORM's statement
# path: every live call runs them at every batch of turns and heartbeat, and the ORM path
# (its tenant filter added and compiled each time) cost as much CPU again as the
# statements themselves (~0.9 -> ~0.4 ms a batch). So each names the tenant itself.
_STAMP_HEARTBEAT = (
    update(Call)
    .where(Call.id == bindparam("call_id"), Call.tenant_id == bindparam("of_tenant"))
    .values(heartbeat_at=bindparam("beat_at"))
    .returning(Call.tenant_id)
)
_LAST_SEQ = select(func.max(CallTurn.seq)).where(
    CallTurn.call_id == bindparam("call_id"), CallTurn.tenant_id == bindparam("of_tenant")
)
_INSERT_TURNS = insert(CallTurn)


def append_turns(
    *, session: Session, call_id: int, turns: Sequence[TurnRecord], beat_at: datetime
) -> None:
    """Store the turns a live call spoke since its last batch, after those stored, and
    stamp its heartbeat: the runtime is alive and the call goes on (the reaper's sign).
    A call closed meanwhile (reaped while the database was away) still keeps them.
    `session` is bound to the call's tenant (models.scoping.tenant_session)."""
    tenant_id = session_tenant_id(session)
    if tenant_id is None:
        raise ValueError("append_turns needs a session bound to the call's tenant")
    stamped = session.connection().execute(
        _STAMP_HEARTBEAT, {"call_id": call_id, "of_tenant": tenant_id, "beat_at": beat_at}
    )
    if stamped.scalar() is not None:
        _insert_turns(session, tenant_id=tenant_id, call_id=call_id, turns=turns)


def finish_call(
    *,
    session: Session,
    call_id: int,
    outcome: CallOutcome,
    turns: Sequence[TurnRecord],
    stt_seconds: float,
    tts_characters: int,
    ended_at: datetime | None = None,
    summary: str | None = None,
) -> bool:
    """Close the call: its last turns (those not stored yet), duration, outcome, summary
    (the chat model's `summary` line if it wrote one, else the composed one) and usage,
    exactly once.

    Returns False when the call was already closed by an earlier attempt or by the reaper
    (its turns are still stored). The call's row is locked while it closes, and usage
    carries idempotency keys derived from the call, so a racing second closer cannot bill
    twice."""
    call = session.get(Call, call_id, with_for_update=True)
    if call is None:
        return False
    _insert_turns(session, tenant_id=call.tenant_id, call_id=call.id, turns=turns)
    if is_closed(call):  # its last turns are kept all the same
        return False
    ended_at = ended_at or utcnow()
    duration = duration_until(call, ended_at)
    call.ended_at = call.ended_at or ended_at
    call.duration_seconds = duration
    call.outcome = outcome
    if not is_final_status(call.status):
        call.status = CallStatus.COMPLETED
    close_records(
        session=session,
        call=call,
        usage=usage_records(call, duration, stt_seconds, tts_characters),
        summary=summary,
    )
    return True


def is_closed(call: Call) -> bool:
    """Closed by us (the runtime, the reaper, or turned away): it has an outcome. A status
    callback may end a call first, but sets no outcome: the call is still ours to close."""
    return call.outcome is not None


def is_final_status(status: CallStatus) -> bool:
    return _STATUS_RANK[status] == 3


# Twilio's CallStatus values of a call that is over, as its status callback sends them.
ENDED_STATUSES = frozenset(status.value for status in CallStatus if is_final_status(status))


def close_records(
    *, session: Session, call: Call, usage: list[UsageRecord], summary: str | None = None
) -> None:
    """What every closing writes once the call's outcome is set: its summary over every
    stored turn (its line `summary` when given), its usage and the customer's webhook, in
    the same transaction. The call's row is written once, with its summary: nothing read
    before that reads it."""
    with session.no_autoflush:
        stored = session.execute(
            select(CallTurn.speaker, CallTurn.text)
            .where(CallTurn.call_id == call.id)
            .order_by(CallTurn.seq)
        ).all()
        summarise_stored_call(
            session=session, call=call, turns=[(t.speaker, t.text) for t in stored], line=summary
        )
    record_usage(session=session, records=usage)
    queue_call_completed(session=session, call=call)


def duration_until(call: Call, until: datetime) -> int:
    started = as_utc(call.answered_at or call.started_at)
    return max(0, math.ceil((as_utc(until) - started).total_seconds()))


def _insert_turns(
    session: Session, *, tenant_id: int, call_id: int, turns: Sequence[TurnRecord]
) -> None:
    """The turns, numbered on after those the call has stored, as one bulk insert (nothing
    reads them back as objects)."""
    if not turns:
        return
    connection = session.connection()
    last = connection.execute(_LAST_SEQ, {"call_id": call_id, "of_tenant": tenant_id}).scalar()
    # A TurnRecord's fields are CallTurn's columns of the same names.
    rows = [
        {**vars(turn), "tenant_id": tenant_id, "call_id": call_id, "seq": seq}
        for seq, turn in enumerate(turns, start=(last or 0) + 1)
    ]
    connection.execute(_INSERT_TURNS, rows)


def usage_records(
    call: Call, duration: int, stt_seconds: float = 0.0, tts_characters: int = 0
) -> list[UsageRecord]:
    """The call's usage, each kind under a key of the call's own: billed once, whoever
    closes the call (the runtime or the reaper) and however often."""
    quantities = {
        UsageKind.CALL_SECONDS: duration,
        UsageKind.STT_SECONDS: math.ceil(stt_seconds),
        UsageKind.TTS_CHARACTERS: tts_characters,
    }
    occurred_at = call.ended_at or utcnow()
    return [
        UsageRecord(
            tenant_id=call.tenant_id,
            kind=kind,
            quantity=quantity,
            occurred_at=occurred_at,
            idempotency_key=f"call:{call.id}:{kind.value}",
            bot_id=call.bot_id,
            call_id=call.id,
        )
        for kind, quantity in quantities.items()
        if quantity > 0
    ]
