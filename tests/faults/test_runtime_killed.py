"""SIGKILL the voice runtime in the middle of a call (a real process, a real WebSocket): the
reaper closes the call from its last heartbeat — failed, "connection lost" — with the turns
spoken up to the kill, bills it exactly once and frees its slot; a runtime that comes back
and the reaper running again change nothing."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable

import redis
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from models import BotLanguage, BotStatus, CallOutcome, CallStatus, Speaker, UsageKind
from models.base import utcnow
from models.database import make_session_factory
from services.call_reaper import reap_lost_calls
from services.call_slots import CallSlots
from tests.factories import Factory
from tests.faults.conftest import LOST_AFTER_S, read_call, until, until_closed
from tests.faults.voice_process import QUESTION, VoiceProcess
from tests.voice_runtime.conftest import FAQ, OPENING_HOURS_ANSWER, speech
from voice_runtime.signatures import DEV_TWILIO_AUTH_TOKEN
from voice_runtime.simulated_twilio import CallerConfig
from voice_runtime.simulator import SimulatedCall

DEADLINE_S = 90.0  # the bound; the reaper here needs LOST_AFTER_S and a moment


async def test_a_call_whose_runtime_was_killed_is_closed_kept_and_billed_once(
    committed: Session,
    make_committed: Factory,
    engine: Engine,
    database_url: str,
    redis_client: redis.Redis,
    start_runtime: Callable[..., VoiceProcess],
) -> None:
    # One call at a time: a new call after the kill gets through only if the slot was freed.
    tenant = make_committed.tenant(max_concurrent_calls=1)
    bot = make_committed.bot(
        tenant, status=BotStatus.LIVE, language=BotLanguage.EN_US, greeting="Hello.", faq=FAQ
    )
    number = make_committed.phone_number(tenant, bot)
    committed.commit()
    factory = make_session_factory(engine)
    slots = CallSlots(redis_client)
    runtime = start_runtime(DATABASE_URL=database_url)
    caller = CallerConfig(runtime.url, runtime.url, DEV_TWILIO_AUTH_TOKEN)

    async with SimulatedCall.dial(caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        await call.say(await speech("What are your opening hours?"))
        sid = call.call_sid
        _, before_kill, _ = await until(
            lambda: (found := read_call(factory, sid)) and len(found[1]) >= 3 and found,
            "the turns stored while the call goes on",
        )
        runtime.kill()
        killed_at = utcnow()

    open_call, _, _ = read_call(factory, sid)
    assert open_call.outcome is None and open_call.ended_at is None
    assert slots.live_calls(tenant_id=tenant.id) == 1  # until the reaper frees it

    async def reaped() -> list[int]:
        return await asyncio.to_thread(
            reap_lost_calls, session_factory=factory, slots=slots, lost_after_s=LOST_AFTER_S
        )

    deadline = time.monotonic() + DEADLINE_S
    closed: list[int] = []
    while not closed and time.monotonic() < deadline:
        closed = await reaped()
        await asyncio.sleep(0.5)
    assert closed == [open_call.id], "the reaper did not close the call within 90 s"

    row, turns, usage = read_call(factory, sid)
    assert row.status == CallStatus.FAILED and row.outcome == CallOutcome.CONNECTION_LOST
    assert row.heartbeat_at is not None and row.heartbeat_at <= killed_at
    assert row.ended_at == row.heartbeat_at  # up to its last heartbeat, not to the reaping
    assert row.answered_at is not None
    expected = math.ceil((row.heartbeat_at - row.answered_at).total_seconds())
    assert row.duration_seconds == expected
    assert [(t.speaker, t.text) for t in turns] == [(t.speaker, t.text) for t in before_kill]
    assert [t.speaker for t in turns[:3]] == [Speaker.BOT, Speaker.CALLER, Speaker.BOT]
    assert (turns[1].text, turns[2].text) == (QUESTION, OPENING_HOURS_ANSWER)
    assert [(u.kind, u.quantity) for u in usage] == [(UsageKind.CALL_SECONDS, expected)]
    assert usage[0].idempotency_key == f"call:{row.id}:call_seconds"
    assert slots.live_calls(tenant_id=tenant.id) == 0

    # The runtime comes back; the reaper runs twice more: nothing changes, nothing is billed.
    runtime = start_runtime(DATABASE_URL=database_url)
    assert await reaped() == [] and await reaped() == []
    again, _, usage_again = read_call(factory, sid)
    assert (again.outcome, again.duration_seconds, len(usage_again)) == (row.outcome, expected, 1)

    # The freed slot takes the next call (the tenant may have one at a time).
    caller = CallerConfig(runtime.url, runtime.url, DEV_TWILIO_AUTH_TOKEN)
    async with SimulatedCall.dial(caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        next_sid = call.call_sid
    next_call, _, _ = await until_closed(factory, next_sid)
    assert next_call.outcome == CallOutcome.CALLER_HUNG_UP
    assert await reaped() == []
