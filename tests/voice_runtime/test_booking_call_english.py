"""An English caller books through the real runtime, changing the day on the way ("No,
Saturday"). espeak-ng speaks the caller's lines; their words are injected, because
Whisper tiny.en does not hear the short answers of a booking reliably from espeak-ng
("at ten" came back as "I stand", "the second one" as "the haircut won")."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from models import Booking, BookingSource, Speaker
from services.availability import VIENNA
from tests.voice_runtime.conftest import hearing
from voice_runtime.engines import EngineFactory

LINES = [
    "I would like to book a haircut for tomorrow at ten",
    "No Saturday please",
    "My name is Peter Miller",
    "Yes please",
]


@pytest.fixture
def engine_factory() -> EngineFactory:
    return hearing(LINES)


async def test_english_caller_books_and_changes_the_day(english_salon_call, staff_db) -> None:
    row = await english_salon_call(LINES)
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
