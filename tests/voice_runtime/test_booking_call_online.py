"""A phone call on the chat model that books through tools, through the real runtime: the
model (the local stand-in, checking every round trip) asks for availability and books; the
runtime runs each tool through the call's desk and speaks the model's answer. The caller's
German words are injected, the bot speaks with espeak-ng."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from core.encryption import CredentialCipher
from models import Booking, BookingSource, BotLanguage, Provider, Speaker
from services.availability import VIENNA
from services.credentials import store_credential
from tests.integrations.cloud.local_cloud import OPENAI_KEY, LocalCloud
from tests.voice_runtime.conftest import CALLER, EVERY_DAY, hearing, speech, wait_for_closed_call
from voice_runtime.cloud_engines import CloudServices
from voice_runtime.simulator import SimulatedCall

LINES = ["Ich hätte gern morgen einen Herrenschnitt", "Um zehn bitte auf Maria Huber"]
TOMORROW = (datetime.now(VIENNA) + timedelta(days=1)).strftime("%Y-%m-%d")


@pytest.fixture
async def engine_factory(local_cloud: LocalCloud) -> AsyncIterator:
    cloud = CloudServices(openai_url=local_cloud.url + "/v1", timeout_s=2.0)

    yield hearing(LINES, cloud=cloud)
    await cloud.aclose()


async def test_the_chat_model_books_through_the_runtime(
    voice_server, live_bot, make, staff_db, local_cloud
) -> None:
    tenant, _bot, number = live_bot(
        language=BotLanguage.DE_AT, business_hours=EVERY_DAY, dialogue_engine="openai"
    )
    make.service(tenant, name="Herrenschnitt", duration_minutes=30)
    make.session.commit()
    cipher = CredentialCipher.from_settings(voice_server.settings)
    store_credential(
        session=staff_db, cipher=cipher, provider=Provider.OPENAI, value=OPENAI_KEY,
        tenant_id=tenant.id,
    )  # fmt: skip
    staff_db.commit()
    start = f"{TOMORROW}T10:00"
    local_cloud.plan = [
        {"tool": "check_availability", "arguments": {"service": "Herrenschnitt", "date": TOMORROW}},
        {"text": "Morgen ist ab acht Uhr frei. Wann und auf welchen Namen?"},
        {"tool": "book", "arguments": {"service": "Herrenschnitt", "start": start,
                                       "caller_name": "Maria Huber"}},
        {"text": "Gebucht: Herrenschnitt morgen um zehn Uhr."},
    ]  # fmt: skip
    caller = dataclasses.replace(voice_server.caller, from_number=CALLER)

    async with SimulatedCall.dial(caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        for line in LINES:
            turn = await call.say(await speech(line, "de-AT"))
            assert turn.latency_ms is not None, f"no answer to {line!r}"
        sid = call.call_sid

    row = await wait_for_closed_call(voice_server, staff_db, sid)
    said = [t.text for t in row.turns if t.speaker is Speaker.BOT]
    assert said[1:] == [
        "Morgen ist ab acht Uhr frei. Wann und auf welchen Namen?",
        "Gebucht: Herrenschnitt morgen um zehn Uhr.",
    ]
    booking = staff_db.scalars(select(Booking).where(Booking.call_id == row.id)).one()
    assert booking.starts_at.astimezone(VIENNA).strftime("%Y-%m-%dT%H:%M") == start
    assert (booking.caller_name, booking.caller_phone) == ("Maria Huber", CALLER)
    assert booking.source is BookingSource.PHONE
    assert local_cloud.refusals == [] and local_cloud.plan == []
    assert row.summary_fields["bookings_made"] == 1
