"""A booking made on the phone queues the caller's SMS: the real runtime on a real
WebSocket, the offline engines with the caller's German words injected, the real booking
desk. When the call's booking commits, the runtime's sessions put
`jobs.sms.send_booking_confirmation` on the queue with ids only; the SMS it sends reads the
booking back in the bot's language, from the number the caller dialled. (Sending it through
a real worker to the local Twilio stand-in: tests/jobs/test_booking_sms_worker.py.)"""

from __future__ import annotations

import dataclasses

import pytest
import redis
from rq.job import Job
from rq.serializers import JSONSerializer
from sqlalchemy import select

from jobs import DEFAULT
from jobs.queues import queue
from models import Booking, BotLanguage
from models.scoping import tenant_session
from services.booking_sms import Change, confirmation_for
from tests.voice_runtime.conftest import CALLER, EVERY_DAY, hearing, speech, wait_for_closed_call
from voice_runtime.engines import EngineFactory
from voice_runtime.simulator import SimulatedCall

BOOK = [
    "Grüß Gott, ich hätte gern einen Termin für einen Herrenschnitt morgen um zehn",
    "Maria Huber",
    "Ja, passt",
]


@pytest.fixture
def engine_factory() -> EngineFactory:
    return hearing(BOOK)


async def test_a_phone_booking_queues_the_callers_sms(
    voice_server, live_bot, make, staff_db, session_factory, redis_client: redis.Redis
) -> None:
    tenant, _bot, number = live_bot(
        language=BotLanguage.DE_AT,
        business_hours=EVERY_DAY,
        greeting="Salon Schönhaar, grüß Gott!",
        tenant={"name": "Salon Schönhaar"},
    )
    make.service(tenant, name="Herrenschnitt", duration_minutes=30, capacity=1)
    make.session.commit()

    caller = dataclasses.replace(voice_server.caller, from_number=CALLER)
    async with SimulatedCall.dial(caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        for line in BOOK:
            turn = await call.say(await speech(line.replace(",", ""), "de-AT"))
            assert turn.latency_ms is not None, f"no answer to {line!r}"
        sid = call.call_sid
    row = await wait_for_closed_call(voice_server, staff_db, sid)
    booking = staff_db.scalars(select(Booking).where(Booking.call_id == row.id)).one()

    [job_id] = queue(DEFAULT, redis_client).get_job_ids()
    job = Job.fetch(job_id, connection=redis_client, serializer=JSONSerializer)
    assert job.func_name == "jobs.sms.send_booking_confirmation"
    assert job.args == [tenant.id, booking.id, "booked"]
    with tenant_session(session_factory, tenant.id) as db:
        sms = confirmation_for(session=db, booking_id=booking.id, change=Change.BOOKED)
    assert sms is not None
    assert (sms.sender, sms.to) == (number.e164, CALLER)
    assert sms.body.startswith("Salon Schönhaar: Ihr Termin (Herrenschnitt) am ")
    assert sms.body.endswith(
        "um 10:00 Uhr ist gebucht. Zum Verschieben oder Absagen rufen Sie uns einfach an."
    )
