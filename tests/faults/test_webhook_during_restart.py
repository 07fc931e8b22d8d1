"""A call whose voice webhook arrives while PostgreSQL restarts (a throwaway server of the
test's own; the runtime a real process): the runtime answers it again once the database
is back, while Twilio still waits, instead of "an error occurred" and a call nobody records
— and the call is recorded and billed exactly once."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

import httpx
from sqlalchemy import Engine

from models import UsageKind
from models.database import make_session_factory
from models.scoping import staff_session
from tests.factories import Factory
from tests.faults.conftest import answering_bot, process_env, until_closed
from tests.faults.throwaway_postgres import ThrowawayPostgres
from tests.faults.voice_process import VoiceProcess
from voice_runtime.signatures import DEV_TWILIO_AUTH_TOKEN
from voice_runtime.simulated_twilio import CallerConfig, parse_twiml, post_voice_webhook
from voice_runtime.simulator import SimulatedCall

OUTAGE_SECONDS = 1.0


async def test_a_webhook_during_a_database_restart_is_answered_and_billed_once(
    postgres: ThrowawayPostgres, reader: Engine, voice_processes, tmp_path: Path
) -> None:
    factory = make_session_factory(reader)
    with staff_session(factory) as db:
        make = Factory(db)
        tenant, number = answering_bot(make)
        db.commit()
    runtime = VoiceProcess(process_env(DATABASE_URL=postgres.url), tmp_path / "voice.log")
    voice_processes.append(runtime)
    runtime.wait_until_serving()
    caller = CallerConfig(runtime.url, runtime.url, DEV_TWILIO_AUTH_TOKEN)

    sid = "CA" + secrets.token_hex(16)  # Redis remembers a SID's stream for a day
    async with httpx.AsyncClient(timeout=15) as http:  # Twilio waits 15 s for an answer
        postgres.stop()
        webhook = asyncio.create_task(
            post_voice_webhook(caller, to_number=number, call_sid=sid, client=http)
        )
        await asyncio.sleep(OUTAGE_SECONDS)
        postgres.start()
        twiml = await webhook
    assert "<Connect" in twiml

    url, parameters = parse_twiml(twiml)
    async with SimulatedCall.open_stream(caller, url, parameters, call_sid=sid) as call:
        await call.wait_for_bot_quiet()
    row, _turns, usage = await until_closed(factory, sid)
    assert row.outcome is not None
    assert [u.kind for u in usage].count(UsageKind.CALL_SECONDS) == 1
