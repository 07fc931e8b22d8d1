"""Appointments booked by phone, end to end: the real runtime on a real WebSocket, the
offline engines, the real desk on the test database. German callers speak with espeak-ng's
German voice and their words are injected (nothing recognises German offline here); the
English caller is heard by Whisper from espeak-ng's audio. One call books, another cancels
it, a third gets the freed time; each call's summary says what it did."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from models import Booking, BookingSource, BookingStatus, BotLanguage, Speaker
from services.availability import VIENNA
from tests.voice_runtime.conftest import EVERY_DAY, hearing, speech, wait_for_closed_call
from voice_runtime.engines import EngineFactory
from voice_runtime.simulator import SimulatedCall

FIRST_CALLER, THIRD_CALLER = "+436641234567", "+436769876543"
BOOK = [
    "Grüß Gott, ich hätte gern einen Termin für einen Herrenschnitt morgen um zehn",
    "Maria Huber",
    "Ja, passt",
]
CANCEL = ["Ich muss meinen Termin leider absagen", "Maria Huber", "Ja"]
BOOK_AGAIN = ["Herrenschnitt morgen um zehn, bitte einen Termin", "Eva Berger", "Ja bitte"]


@pytest.fixture
def engine_factory() -> EngineFactory:
    return hearing(BOOK, CANCEL, BOOK_AGAIN)  # each call the next caller's words


async def phone(voice_server, number: str, lines: list[str], from_number: str) -> list[str]:
    """Call, say each line (espeak-ng, German), wait for each answer; the call's SID."""
    caller = dataclasses.replace(voice_server.caller, from_number=from_number)
    async with SimulatedCall.dial(caller, to_number=number) as call:
        await call.wait_for_bot_quiet()
        for line in lines:
            # One utterance per line: without commas espeak-ng makes no pause inside it.
            turn = await call.say(await speech(line.replace(",", ""), "de-AT"))
            assert turn.latency_ms is not None, f"no answer to {line!r}"
        return call.call_sid


def bot_said(row) -> list[str]:
    return [turn.text for turn in row.turns if turn.speaker is Speaker.BOT]


async def test_book_cancel_and_book_the_freed_time_by_phone(
    voice_server, live_bot, make, staff_db
) -> None:
    tenant, bot, number = live_bot(
        language=BotLanguage.DE_AT, business_hours=EVERY_DAY, greeting="Salon Schönhaar, grüß Gott!"
    )
    make.service(tenant, name="Herrenschnitt", duration_minutes=30, capacity=1)
    make.service(tenant, name="Färben", duration_minutes=120, capacity=1)
    make.session.commit()
    ten_tomorrow = (datetime.now(VIENNA) + timedelta(days=1)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )

    sid = await phone(voice_server, number.e164, BOOK, FIRST_CALLER)
    first = await wait_for_closed_call(voice_server, staff_db, sid, closed=1)
    said = bot_said(first)
    assert said[-1].startswith("Ihr Termin ist gebucht: Herrenschnitt, morgen um 10 Uhr.")
    assert "auf den Namen Maria Huber. Soll ich das so buchen?" in said[-2]
    [booking] = staff_db.scalars(select(Booking)).all()
    assert booking.starts_at.astimezone(VIENNA) == ten_tomorrow
    assert (booking.caller_name, booking.caller_phone) == ("Maria Huber", FIRST_CALLER)
    assert (booking.source, booking.call_id) == (BookingSource.PHONE, first.id)
    assert first.summary_fields["bookings_made"] == 1
    assert first.summary.startswith("Termin gebucht")

    sid = await phone(voice_server, number.e164, CANCEL, FIRST_CALLER)
    second = await wait_for_closed_call(voice_server, staff_db, sid, closed=2)
    assert bot_said(second)[-1].startswith(
        "Ihr Termin Herrenschnitt, morgen um 10 Uhr, ist abgesagt."
    )
    staff_db.refresh(booking)
    assert booking.status is BookingStatus.CANCELLED
    assert second.summary_fields["bookings_cancelled"] == 1

    sid = await phone(voice_server, number.e164, BOOK_AGAIN, THIRD_CALLER)
    third = await wait_for_closed_call(voice_server, staff_db, sid, closed=3)
    assert bot_said(third)[-1].startswith(
        "Ihr Termin ist gebucht: Herrenschnitt, morgen um 10 Uhr."
    )
    again = staff_db.scalars(select(Booking).where(Booking.call_id == third.id)).one()
    assert (again.starts_at, again.caller_name) == (booking.starts_at, "Eva Berger")
    assert again.tenant_id == tenant.id
