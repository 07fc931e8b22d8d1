"""A live call's turns as the runtime stores them (services.call_records.append_turns and
finish_call): each batch numbered on after those stored, the call's heartbeat stamped with
it, and nothing of another company's call touched — by the statement itself and by row
security."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, event, select
from sqlalchemy.orm import Session, sessionmaker

from models import CallOutcome, CallStatus, CallTurn, Speaker
from models.scoping import tenant_session
from services.call_records import TurnRecord, append_turns, finish_call
from tests.factories import Factory

BEAT = datetime(2026, 11, 2, 10, 0, 30, tzinfo=UTC)


def turn(speaker: Speaker, text: str, at_ms: int) -> TurnRecord:
    return TurnRecord(speaker, text, at_ms, at_ms + 800, stt_ms=120, interrupted=at_ms == 0)


def stored(session: Session, call_id: int) -> list[tuple]:
    rows = session.scalars(select(CallTurn).where(CallTurn.call_id == call_id)).all()
    return sorted((t.seq, t.speaker, t.text, t.started_ms, t.stt_ms, t.interrupted) for t in rows)


def test_batches_are_numbered_on_and_stamp_the_heartbeat(
    make: Factory, staff_db: Session, session_factory: sessionmaker[Session]
) -> None:
    tenant = make.tenant()
    call = make.call(tenant, status=CallStatus.IN_PROGRESS, duration_seconds=None)
    staff_db.commit()
    batches = [
        [turn(Speaker.BOT, "Grüß Gott!", 0), turn(Speaker.CALLER, "Habt ihr offen?", 1000)],
        [turn(Speaker.BOT, "Ja, bis 18 Uhr.", 2000)],
    ]
    for n, batch in enumerate(batches):
        with tenant_session(session_factory, tenant.id) as db, db.begin():
            beat = BEAT + timedelta(seconds=10 * n)
            append_turns(session=db, call_id=call.id, turns=batch, beat_at=beat)
        staff_db.expire_all()
        assert staff_db.get(type(call), call.id).heartbeat_at == beat
    with tenant_session(session_factory, tenant.id) as db, db.begin():
        last = [turn(Speaker.CALLER, "Danke!", 3000)]
        assert finish_call(
            session=db,
            call_id=call.id,
            outcome=CallOutcome.CALLER_HUNG_UP,
            turns=last,
            stt_seconds=1.0,
            tts_characters=20,
        )
    assert stored(staff_db, call.id) == [
        (1, Speaker.BOT, "Grüß Gott!", 0, 120, True),
        (2, Speaker.CALLER, "Habt ihr offen?", 1000, 120, False),
        (3, Speaker.BOT, "Ja, bis 18 Uhr.", 2000, 120, False),
        (4, Speaker.CALLER, "Danke!", 3000, 120, False),
    ]
    assert {t.tenant_id for t in staff_db.scalars(select(CallTurn))} == {tenant.id}


def test_another_companys_call_is_neither_stamped_nor_added_to(
    make: Factory,
    staff_db: Session,
    session_factory: sessionmaker[Session],
    connection: Connection,
) -> None:
    owner, other = make.tenant(), make.tenant()
    call = make.call(owner, status=CallStatus.IN_PROGRESS, heartbeat_at=BEAT)
    staff_db.commit()
    statements: list[str] = []
    event.listen(connection, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with tenant_session(session_factory, other.id) as db, db.begin():
        later = BEAT + timedelta(minutes=5)
        append_turns(session=db, call_id=call.id, turns=[turn(Speaker.BOT, "x", 0)], beat_at=later)
    staff_db.expire_all()
    assert staff_db.get(type(call), call.id).heartbeat_at == BEAT
    assert stored(staff_db, call.id) == []
    # Held back by the statement itself, not only by PostgreSQL's row security.
    [stamp] = [s for s in statements if s.startswith("UPDATE calls")]
    assert "calls.tenant_id = " in stamp.split("WHERE", 1)[1]
