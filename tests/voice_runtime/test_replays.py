"""A call SID gets exactly one conversation: replayed webhooks and second streams are refused.

Every request here is signed as Twilio signs it, so only the replay rules stand in the way.
"""

from __future__ import annotations

import asyncio

import httpx
import pytest
from sqlalchemy import func, select

from models import Call, CallStatus, Speaker
from tests.voice_runtime.conftest import speech, wait_for_closed_call
from voice_runtime.engines import null_engines
from voice_runtime.simulated_twilio import parse_twiml, post_status_callback, post_voice_webhook
from voice_runtime.simulator import SimulatedCall


@pytest.fixture
def engine_factory():
    return null_engines(["what are your opening hours"])


def is_hang_up(twiml: str) -> bool:
    return "<Hangup" in twiml and "<Connect" not in twiml and "<Stream" not in twiml


async def test_a_replayed_webhook_for_a_finished_call_hangs_up(
    voice_server, live_bot, staff_db
) -> None:
    _tenant, _bot, number = live_bot()
    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        await call.say(await speech("What are your opening hours?"))
        sid = call.call_sid
    finished = await wait_for_closed_call(voice_server, staff_db, sid)
    turns = [(t.speaker, t.text) for t in finished.turns]
    assert [speaker for speaker, _text in turns] == [Speaker.BOT, Speaker.CALLER, Speaker.BOT]

    async with httpx.AsyncClient() as http:
        replay = await post_voice_webhook(
            voice_server.caller, to_number=number.e164, call_sid=sid, client=http
        )

    assert is_hang_up(replay)
    staff_db.expire_all()
    assert staff_db.scalar(select(func.count()).where(Call.provider_call_sid == sid)) == 1
    row = staff_db.scalars(select(Call).where(Call.provider_call_sid == sid)).one()
    assert [(t.speaker, t.text) for t in row.turns] == turns
    assert voice_server.metrics.calls_started == 1


async def test_a_replayed_webhook_while_the_call_talks_hangs_up_and_the_call_goes_on(
    voice_server, live_bot, staff_db
) -> None:
    _tenant, _bot, number = live_bot()
    async with (
        httpx.AsyncClient() as http,
        SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call,
    ):
        await call.wait_for_bot_quiet()
        replay = await post_voice_webhook(
            voice_server.caller, to_number=number.e164, call_sid=call.call_sid, client=http
        )
        turn = await call.say(await speech("What are your opening hours?"))
        sid = call.call_sid

    assert is_hang_up(replay)
    assert turn.latency_ms is not None
    row = await wait_for_closed_call(voice_server, staff_db, sid)
    assert [t.speaker for t in row.turns] == [Speaker.BOT, Speaker.CALLER, Speaker.BOT]
    assert voice_server.metrics.calls_started == 1


async def test_a_retried_webhook_gets_a_stream_but_only_one_stream_talks(
    voice_server, live_bot
) -> None:
    """Twilio may retry a webhook whose answer it never received: before any stream has
    begun, the retry gets a stream too — but the call SID takes one `start` only."""
    _tenant, _bot, number = live_bot()
    caller = voice_server.caller
    sid = "CA" + "8" * 32
    async with httpx.AsyncClient() as http:
        first = await post_voice_webhook(caller, to_number=number.e164, call_sid=sid, client=http)
        retried = await post_voice_webhook(caller, to_number=number.e164, call_sid=sid, client=http)
    url, first_parameters = parse_twiml(first)
    _url, retried_parameters = parse_twiml(retried)
    assert first_parameters["token"] != retried_parameters["token"]

    async with SimulatedCall.open_stream(caller, url, first_parameters, call_sid=sid) as call:
        await call.wait_for_bot_audio()
        async with SimulatedCall.open_stream(
            caller, url, retried_parameters, call_sid=sid
        ) as second:
            await asyncio.wait_for(second.closed.wait(), timeout=5)
        assert not call.closed.is_set()

    assert second.log.close_code == 1008
    assert second.log.media_times == []
    assert voice_server.metrics.calls_started == 1


async def test_a_stream_for_a_call_that_has_ended_is_refused(
    voice_server, live_bot, staff_db
) -> None:
    _tenant, _bot, number = live_bot()
    caller = voice_server.caller
    sid = "CA" + "9" * 32
    async with httpx.AsyncClient() as http:
        twiml = await post_voice_webhook(caller, to_number=number.e164, call_sid=sid, client=http)
        # The caller hung up before the stream opened.
        ended = await post_status_callback(
            caller, call_sid=sid, status="completed", duration="3", client=http
        )
    assert ended == 204
    url, parameters = parse_twiml(twiml)

    async with SimulatedCall.open_stream(caller, url, parameters, call_sid=sid) as call:
        await asyncio.wait_for(call.closed.wait(), timeout=5)

    assert call.log.close_code == 1008 and call.log.media_times == []
    assert voice_server.metrics.calls_started == 0
    staff_db.expire_all()
    row = staff_db.scalars(select(Call).where(Call.provider_call_sid == sid)).one()
    assert row.status == CallStatus.COMPLETED and row.turns == []
