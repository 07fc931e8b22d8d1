"""The reaper (services/call_reaper.py) closes only calls that stopped heart-beating, from
their last heartbeat, and shares one idempotent closing with the runtime's finish_call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import redis
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from models import CallOutcome, CallStatus, CallTurn, Speaker, UsageEvent, UsageKind
from models.scoping import tenant_session
from services.call_reaper import reap_lost_calls
from services.call_records import TurnRecord, append_turns, finish_call
from services.call_slots import CallSlots
from tests.factories import Factory

NOW = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
ANSWERED = NOW - timedelta(minutes=2)
LOST_AFTER_S = 30.0


@pytest.fixture
def tenant(make: Factory):
    return make.tenant()


def open_call(make: Factory, tenant, *, beat_seconds_ago: float | None, **fields):
    beat = NOW - timedelta(seconds=beat_seconds_ago) if beat_seconds_ago is not None else None
    values = {
        "status": CallStatus.IN_PROGRESS,
        "started_at": ANSWERED,
        "answered_at": ANSWERED,
        "duration_seconds": None,
        "heartbeat_at": beat,
        **fields,
    }
    return make.call(tenant, **values)


def reap(session_factory: sessionmaker[Session], redis_client: redis.Redis) -> list[int]:
    return reap_lost_calls(
        session_factory=session_factory,
        slots=CallSlots(redis_client),
        lost_after_s=LOST_AFTER_S,
        now=NOW,
    )


def usage_of(db: Session, call_id: int) -> list[tuple[UsageKind, int]]:
    rows = db.scalars(select(UsageEvent).where(UsageEvent.call_id == call_id)).all()
    return [(u.kind, u.quantity) for u in rows]


def test_only_calls_silent_too_long_are_closed(
    make: Factory, tenant, staff_db, session_factory, redis_client
) -> None:
    beating = open_call(make, tenant, beat_seconds_ago=5)
    lost = open_call(make, tenant, beat_seconds_ago=45)
    rejected = make.call(tenant, outcome=CallOutcome.REJECTED, started_at=ANSWERED)
    just_answered = open_call(make, tenant, beat_seconds_ago=None, answered_at=NOW)
    staff_db.commit()

    assert reap(session_factory, redis_client) == [lost.id]

    staff_db.expire_all()
    assert beating.outcome is None and just_answered.outcome is None
    assert rejected.outcome == CallOutcome.REJECTED
    assert (lost.status, lost.outcome) == (CallStatus.FAILED, CallOutcome.CONNECTION_LOST)
    assert lost.ended_at == NOW - timedelta(seconds=45)
    assert lost.duration_seconds == 120 - 45  # answered two minutes ago, last beat 45 s ago
    assert usage_of(staff_db, lost.id) == [(UsageKind.CALL_SECONDS, 75)]
    assert usage_of(staff_db, rejected.id) == []


def test_a_call_that_never_beat_counts_from_its_answer(
    make: Factory, tenant, staff_db, session_factory, redis_client
) -> None:
    """Its stream never started (or the runtime died before the first beat): 0 s."""
    never = open_call(make, tenant, beat_seconds_ago=None)
    staff_db.commit()
    assert reap(session_factory, redis_client) == [never.id]
    staff_db.expire_all()
    assert (never.outcome, never.duration_seconds) == (CallOutcome.CONNECTION_LOST, 0)
    assert usage_of(staff_db, never.id) == []


def test_a_status_the_provider_reported_is_kept(
    make: Factory, tenant, staff_db, session_factory, redis_client
) -> None:
    """Twilio said the call completed, but no runtime closed it: closed and billed, status kept."""
    reported = open_call(
        make, tenant, beat_seconds_ago=60, status=CallStatus.COMPLETED, ended_at=NOW
    )
    staff_db.commit()
    assert reap(session_factory, redis_client) == [reported.id]
    staff_db.expire_all()
    assert (reported.status, reported.outcome) == (
        CallStatus.COMPLETED,
        CallOutcome.CONNECTION_LOST,
    )
    assert reported.duration_seconds == 60
    assert usage_of(staff_db, reported.id) == [(UsageKind.CALL_SECONDS, 60)]


def test_the_runtime_closing_late_adds_its_turns_and_bills_nothing_more(
    make: Factory, tenant, staff_db, session_factory, redis_client
) -> None:
    """The database was away longer than the limit: the reaper closed a call that lived on.
    Its runtime's closing keeps the last turns but neither reopens nor bills it again; the
    reaper running again finds nothing."""
    call = open_call(make, tenant, beat_seconds_ago=45, provider_call_sid="CA-late")
    staff_db.commit()
    with tenant_session(session_factory, tenant.id) as db, db.begin():
        append_turns(
            session=db,
            call_id=call.id,
            turns=[TurnRecord(Speaker.BOT, "Grüß Gott!", 0, 900)],
            beat_at=NOW - timedelta(seconds=45),
        )
    CallSlots(redis_client).acquire(tenant_id=tenant.id, call_sid="CA-late", limit=1)

    assert reap(session_factory, redis_client) == [call.id]
    assert CallSlots(redis_client).live_calls(tenant_id=tenant.id) == 0
    with tenant_session(session_factory, tenant.id) as db, db.begin():
        assert not finish_call(
            session=db,
            call_id=call.id,
            outcome=CallOutcome.CALLER_HUNG_UP,
            turns=[TurnRecord(Speaker.CALLER, "Danke, baba!", 1500, 2400)],
            stt_seconds=2.0,
            tts_characters=10,
            ended_at=NOW,
        )
    assert reap(session_factory, redis_client) == []

    staff_db.expire_all()
    assert call.outcome == CallOutcome.CONNECTION_LOST and call.duration_seconds == 75
    turns = staff_db.scalars(select(CallTurn).where(CallTurn.call_id == call.id)).all()
    assert [(t.seq, t.text) for t in turns] == [(1, "Grüß Gott!"), (2, "Danke, baba!")]
    assert usage_of(staff_db, call.id) == [(UsageKind.CALL_SECONDS, 75)]
