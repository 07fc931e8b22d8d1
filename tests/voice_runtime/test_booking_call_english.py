"""An English caller books through the real runtime, changing the day on the way ("No,
Saturday"). espeak-ng speaks the caller's lines; their words are injected, because
Whisper tiny.en does not hear the short answers of a booking reliably from espeak-ng
("at ten" came back as "I stand", "the second one" as "the haircut won")."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from models import Booking, BookingSource, Speaker
from services.availability import VIENNA
from tests.voice_runtime.conftest import CALLER, EVERY_DAY, hearing, speech, wait_for_closed_call
from voice_runtime.engines import EngineFactory
from voice_runtime.simulator import SimulatedCall

LINES = [
    "I would like to book a haircut for tomorrow at ten",
    "No Saturday please",
    "My name is Peter Miller",
    "Yes please",
]


@pytest.fixture
def engine_factory() -> EngineFactory:
    return hearing(LINES)


async def test_english_caller_books_and_changes_the_day(
    voice_server, live_bot, make, staff_db
) -> None:
    tenant, _bot, number = live_bot(business_hours=EVERY_DAY, handover_number=None)
    make.service(tenant, name="Haircut", duration_minutes=30)
    make.service(tenant, name="Colouring", duration_minutes=120)
    make.session.commit()
    caller = dataclasses.replace(voice_server.caller, from_number=CALLER)

    async with SimulatedCall.dial(caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        for line in LINES:
            turn = await call.say(await speech(line))
            assert turn.latency_ms is not None, f"no answer to {line!r}"
        sid = call.call_sid

    row = await wait_for_closed_call(voice_server, staff_db, sid)
    said = [t.text for t in row.turns if t.speaker is Speaker.BOT]
    today = datetime.now(VIENNA).date()
    saturday = today + timedelta(days=(5 - today.weekday()) % 7 or 7)
    name_question = "What name shall I put the booking under?"
    assert said[1:3] == [name_question, name_question]  # ten was free tomorrow and Saturday
    assert said[3].startswith("So that is Haircut, ")
    assert said[3].endswith("at 10 am, under the name Peter Miller. Shall I book that?")
    assert said[-1].startswith("You are booked: Haircut, "), said
    booking = staff_db.scalars(select(Booking).where(Booking.call_id == row.id)).one()
    start = booking.starts_at.astimezone(VIENNA)
    assert (start.date(), start.hour, start.minute) == (saturday, 10, 0)
    assert (booking.caller_name, booking.source) == ("Peter Miller", BookingSource.PHONE)
