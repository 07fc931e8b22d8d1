"""An English caller books by voice through the real runtime: espeak-ng speaks each line,
it travels as μ-law like a phone call's, the runtime's voice activity detection cuts the
turns, and Whisper tiny.en hears them with the words each booking step expects
(integrations/dialogue/listening.py). Nothing is injected: the booking in the book is what
the bot understood. A bare "At four" and "Yes" are what tiny.en heard worst last time
(bench/booking_hearing.py: with the times as callers say them and yes/no last in the
prompt, "Yes" in both voices; "At ten" is still beyond it; names with common ones told at
the name step, bench/booking_hearing.py --names: 18 of 40)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from models import Booking, BookingSource, Speaker
from services.availability import VIENNA

LINES = [
    "I would like to book a haircut for tomorrow",
    "At four",
    "Peter Miller",
    "Yes",
]


async def test_an_english_caller_books_by_voice(english_salon_call, staff_db) -> None:
    row = await english_salon_call(LINES)
    turns = [(t.speaker.value, t.text) for t in row.turns]
    said = [t.text for t in row.turns if t.speaker is Speaker.BOT]
    assert said[-1].startswith("You are booked: Haircut, "), turns
    booking = staff_db.scalars(select(Booking).where(Booking.call_id == row.id)).one()
    start = booking.starts_at.astimezone(VIENNA)
    tomorrow = datetime.now(VIENNA).date() + timedelta(days=1)
    assert (start.date(), start.hour, start.minute) == (tomorrow, 16, 0), turns
    assert (booking.caller_name, booking.source) == ("Peter Miller", BookingSource.PHONE)
