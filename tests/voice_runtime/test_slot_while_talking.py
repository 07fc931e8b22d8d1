"""A call that talks at every tick of its journal still renews its concurrency slot once a
heartbeat. Writing a batch of turns stamps the call's row, but only a renewal keeps the
tenant's line: if every write counted as the beat, a busy call would stop renewing and
its slot would expire while the caller is still talking, letting one call too many in."""

from __future__ import annotations

import asyncio

import httpx
import pytest
import redis
from sqlalchemy import select

from models import Call, CallOutcome, Speaker
from services.call_records import TurnRecord
from voice_runtime.call_journal import CallJournal
from voice_runtime.engines import null_engines
from voice_runtime.pending_turns import PendingTurns
from voice_runtime.runtime import Timings
from voice_runtime.simulated_twilio import post_voice_webhook
from voice_runtime.stream_tokens import StreamGrant

CALL_SID = "CA" + "7" * 32


@pytest.fixture
def engine_factory():
    return null_engines([])


@pytest.fixture
def timings() -> Timings:
    return Timings(
        start_timeout_seconds=2.0, send_timeout_seconds=2.0, flush_seconds=0.05,
        heartbeat_seconds=0.3,
    )  # fmt: skip


async def test_a_call_with_turns_at_every_tick_renews_its_slot(
    voice_server, live_bot, staff_db, redis_client: redis.Redis
) -> None:
    tenant, bot, number = live_bot()
    async with httpx.AsyncClient() as http:  # the webhook takes the slot and opens the row
        twiml = await post_voice_webhook(
            voice_server.caller, to_number=number.e164, call_sid=CALL_SID, client=http
        )
    assert "<Connect" in twiml
    runtime = voice_server.runtime
    call_id = await runtime.blocking(
        lambda: staff_db.scalars(select(Call.id).where(Call.provider_call_sid == CALL_SID)).one()
    )
    key = f"voiceagent:call-slots:{tenant.id}"

    turns = PendingTurns()
    journal = CallJournal(runtime, StreamGrant(call_id, CALL_SID, tenant.id, bot.id), turns)
    journal.start()
    await asyncio.sleep(0.1)  # the first tick renews the slot
    first_expiry = redis_client.zscore(key, CALL_SID)
    assert first_expiry is not None
    for n in range(40):  # 1.2 s of turns, a batch ready at every tick
        turns.add(TurnRecord(Speaker.CALLER, f"turn {n}", started_ms=n * 30, ended_ms=n * 30 + 20))
        await asyncio.sleep(0.03)
    expiry = redis_client.zscore(key, CALL_SID)
    await journal.free_slot()
    await journal.finish(outcome=CallOutcome.CALLER_HUNG_UP, stt_seconds=0.0, tts_characters=0)

    # Renewed at least twice more in 1.2 s of 0.3 s heartbeats, each moving the expiry on.
    assert expiry is not None and expiry - first_expiry >= 0.6
