"""A call's concurrency slot is the tenant's line: it is free again as soon as the caller
has hung up, while the call's records are still being written. Here the chat model is slow
to write the call's summary (the local stand-in holds its answer until the test lets it go),
and the next caller on a one-line tenant is let in instead of hearing "all lines busy"."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
import redis

from tests.integrations.cloud.local_cloud import LocalCloud
from tests.voice_runtime.conftest import hearing, speech, store_openai_key, wait_for_closed_call
from voice_runtime.cloud_engines import CloudServices
from voice_runtime.runtime import Timings
from voice_runtime.simulated_twilio import post_voice_webhook
from voice_runtime.simulator import SimulatedCall

QUESTION = "What are your opening hours?"
SUMMARY = "The caller asked for the opening hours."


@pytest.fixture
def timings() -> Timings:
    # The journal beats at every tick, so a beat that took the line back after the caller
    # hung up would show in the slot set.
    return Timings(
        start_timeout_seconds=2.0, send_timeout_seconds=2.0, flush_seconds=0.05,
        heartbeat_seconds=0.0,
    )  # fmt: skip


@pytest.fixture
async def engine_factory(local_cloud: LocalCloud) -> AsyncIterator:
    # The summary waits for the test, not for a clock: the model's timeout is far away.
    cloud = CloudServices(openai_url=local_cloud.url + "/v1", timeout_s=60)
    yield hearing([QUESTION], cloud=cloud)
    await cloud.aclose()


async def test_the_next_caller_gets_the_line_while_the_last_call_is_written(
    voice_server, live_bot, staff_db, local_cloud, redis_client: redis.Redis
) -> None:
    tenant, _bot, number = live_bot(dialogue_engine="openai", tenant={"max_concurrent_calls": 1})
    store_openai_key(voice_server, staff_db, tenant)
    local_cloud.plan = [{"text": "We are open from nine."}, {"text": SUMMARY}]

    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        turn = await call.say(await speech(QUESTION))
        assert turn.latency_ms is not None
        local_cloud.mode["openai"] = "held"  # the summary, asked after the hang-up, waits
        first_sid = call.call_sid
    for _ in range(400):  # until the runtime has asked for the summary
        if len(local_cloud.of("openai")) == 2:
            break
        await asyncio.sleep(0.025)
    else:
        raise AssertionError("the runtime never asked for the call's summary")
    assert voice_server.metrics.calls_closed == 0  # the first call's records are not written

    second_sid = "CA" + "9" * 32
    async with httpx.AsyncClient() as http:
        second = await post_voice_webhook(
            voice_server.caller, to_number=number.e164, call_sid=second_sid, client=http
        )
    assert "<Connect" in second and "busy" not in second

    local_cloud.let_go.set()
    row = await wait_for_closed_call(voice_server, staff_db, first_sid)
    assert row.summary == SUMMARY  # written after the next caller was let in
    slots = redis_client.zrange(f"voiceagent:call-slots:{tenant.id}", 0, -1)
    lines = {sid.decode() for sid in slots}
    assert lines == {second_sid}  # no beat while it was written took the first line back
