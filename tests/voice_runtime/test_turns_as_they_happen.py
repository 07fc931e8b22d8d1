"""A live call's turns are in the database while the call goes on (voice_runtime/call_journal.py),
in the order they began, and its row carries a fresh heartbeat; closing the call adds only
what was not stored yet."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Call, CallTurn, Speaker
from tests.voice_runtime.conftest import VoiceServer, speech, wait_for_closed_call
from voice_runtime.engines import null_engines
from voice_runtime.runtime import Timings
from voice_runtime.simulator import SimulatedCall

QUESTION = "what are your opening hours"


@pytest.fixture
def engine_factory():
    return null_engines([QUESTION, QUESTION])


@pytest.fixture
def timings() -> Timings:
    return Timings(
        start_timeout_seconds=2.0,
        send_timeout_seconds=2.0,
        flush_seconds=0.1,
        heartbeat_seconds=0.5,
    )


async def stored(server: VoiceServer, db: Session, call_sid: str) -> tuple[Call, list[CallTurn]]:
    """The call's row and stored turns, read on the runtime's own database thread (the test
    shares the runtime's connection, which serves one thread at a time)."""

    def read() -> tuple[Call, list[CallTurn]]:
        db.expire_all()
        call = db.scalars(select(Call).where(Call.provider_call_sid == call_sid)).one()
        turns = db.scalars(
            select(CallTurn).where(CallTurn.call_id == call.id).order_by(CallTurn.seq)
        ).all()
        return call, list(turns)

    return await server.runtime.blocking(read)


async def until_stored(server, db, call_sid, count: int) -> tuple[Call, list[CallTurn]]:
    for _ in range(100):
        call, turns = await stored(server, db, call_sid)
        if len(turns) >= count:
            return call, turns
        await asyncio.sleep(0.05)
    raise AssertionError(f"only {len(turns)} turns stored while the call goes on")


async def test_turns_are_stored_while_the_call_goes_on(voice_server, live_bot, staff_db) -> None:
    _tenant, _bot, number = live_bot()
    question = await speech("What are your opening hours?")

    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        sid = call.call_sid
        greeted, turns = await until_stored(voice_server, staff_db, sid, 1)
        assert [t.speaker for t in turns] == [Speaker.BOT]
        assert greeted.ended_at is None and greeted.heartbeat_at is not None
        first_beat = greeted.heartbeat_at

        await call.say(question)
        await call.wait_for_bot_quiet()
        live, turns = await until_stored(voice_server, staff_db, sid, 3)
        # Still on the line: the greeting, the question and the answer are stored.
        assert [t.speaker for t in turns] == [Speaker.BOT, Speaker.CALLER, Speaker.BOT]
        assert turns[1].text == QUESTION
        assert live.ended_at is None and live.outcome is None
        assert live.heartbeat_at is not None and live.heartbeat_at > first_beat

        await call.say(question)
        await call.wait_for_bot_quiet()

    closed = await wait_for_closed_call(voice_server, staff_db, sid)
    _, turns = await stored(voice_server, staff_db, sid)
    assert [t.seq for t in turns] == list(range(1, len(turns) + 1))
    assert [t.speaker for t in turns] == [Speaker.BOT] + [Speaker.CALLER, Speaker.BOT] * 2
    assert [t.started_ms for t in turns] == sorted(t.started_ms for t in turns)
    assert closed.outcome is not None and closed.summary
