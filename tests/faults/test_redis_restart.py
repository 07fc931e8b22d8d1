"""Redis restarted under a live call (a throwaway redis-server of the test's own): the call
goes on, its slot comes back at its next heartbeat, so the tenant's concurrent-call limit
holds again — a second call is turned away as busy — and the call is recorded and closed.

What else a restart loses, and how each is recovered, is in README ("What a Redis restart
loses"); queued jobs are re-dispatched from their database rows by the dispatchers that
tests/jobs and tests/billing exercise."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from integrations.dialogue.phrases import phrase
from models import BotLanguage, BotStatus, Call, CallOutcome, CallTurn, Speaker
from models.database import make_session_factory
from models.scoping import staff_session
from services.call_slots import CallSlots
from tests.factories import Factory
from tests.faults.conftest import process_env
from tests.faults.throwaway_redis import ThrowawayRedis
from tests.faults.voice_process import VoiceProcess
from tests.voice_runtime.conftest import FAQ, speech
from voice_runtime.signatures import DEV_TWILIO_AUTH_TOKEN
from voice_runtime.simulator import CallerConfig, SimulatedCall, post_voice_webhook


@pytest.fixture
def redis_server() -> Iterator[ThrowawayRedis]:
    server = ThrowawayRedis()
    yield server
    server.stop()


async def until(condition, what: str, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


async def test_the_call_limit_heals_after_a_redis_restart(
    committed: Session,
    make_committed: Factory,
    engine: Engine,
    database_url: str,
    redis_server: ThrowawayRedis,
    voice_processes: list[VoiceProcess],
    tmp_path: Path,
) -> None:
    tenant = make_committed.tenant(max_concurrent_calls=1)
    bot = make_committed.bot(
        tenant, status=BotStatus.LIVE, language=BotLanguage.EN_US, greeting="Hello.", faq=FAQ
    )
    number = make_committed.phone_number(tenant, bot).e164
    committed.commit()
    runtime = VoiceProcess(
        process_env(DATABASE_URL=database_url, REDIS_URL=redis_server.url), tmp_path / "voice.log"
    )
    voice_processes.append(runtime)
    runtime.wait_until_serving()
    client = redis.Redis.from_url(redis_server.url)
    slots = CallSlots(client)
    caller = CallerConfig(runtime.url, runtime.url, DEV_TWILIO_AUTH_TOKEN)
    factory = make_session_factory(engine)

    async with SimulatedCall.dial(caller, to_number=number) as call:
        await call.wait_for_bot_quiet()
        sid = call.call_sid
        assert slots.live_calls(tenant_id=tenant.id) == 1

        redis_server.restart()
        await until(lambda: slots.live_calls(tenant_id=tenant.id) == 1, "the slot to come back")
        async with httpx.AsyncClient(timeout=10) as http:
            twiml = await post_voice_webhook(
                caller, to_number=number, call_sid="CA" + secrets.token_hex(16), client=http
            )
        assert phrase("busy", "en-US") in twiml  # the limit of one holds again

        turn = await call.say(await speech("What are your opening hours?"))
        assert turn.latency_ms is not None  # the call went on

    def closed() -> tuple[Call, list[CallTurn]] | None:
        with staff_session(factory) as db:
            row = db.scalars(select(Call).where(Call.provider_call_sid == sid)).one()
            turns = db.scalars(select(CallTurn).where(CallTurn.call_id == row.id)).all()
            return (row, list(turns)) if row.outcome is not None else None

    row, turns = await until(closed, "the call to be closed")
    assert row.outcome == CallOutcome.CALLER_HUNG_UP
    assert [t.speaker for t in turns] == [Speaker.BOT, Speaker.CALLER, Speaker.BOT]
    assert slots.live_calls(tenant_id=tenant.id) == 0
    client.close()
