"""The media stream: who may open it, and what a call does with speech, keys and silence."""

from __future__ import annotations

import asyncio
import base64
import json

import httpx
import pytest
from websockets.exceptions import InvalidStatus

from models import CallOutcome, Speaker
from tests.voice_runtime.conftest import speech, wait_for_closed_call
from voice_runtime.engines import null_engines
from voice_runtime.simulated_twilio import parse_twiml, post_voice_webhook
from voice_runtime.simulator import SimulatedCall


@pytest.fixture
def engine_factory():
    return null_engines(["what are your opening hours"])


async def test_bad_upgrade_signature_is_refused_before_any_audio(voice_server, live_bot) -> None:
    _tenant, _bot, number = live_bot()
    caller = voice_server.caller
    async with httpx.AsyncClient() as http:
        twiml = await post_voice_webhook(
            caller, to_number=number.e164, call_sid="CA" + "1" * 32, client=http
        )
    url, parameters = parse_twiml(twiml)
    with pytest.raises(InvalidStatus) as refused:
        async with SimulatedCall.open_stream(
            caller, url, parameters, call_sid="CA" + "1" * 32, signature="Zm9yZ2Vk"
        ):
            pass
    assert refused.value.response.status_code == 403
    assert voice_server.metrics.calls_started == 0


async def test_replayed_token_is_refused(voice_server, live_bot) -> None:
    _tenant, _bot, number = live_bot()
    caller = voice_server.caller
    sid = "CA" + "2" * 32
    async with httpx.AsyncClient() as http:
        twiml = await post_voice_webhook(caller, to_number=number.e164, call_sid=sid, client=http)
    url, parameters = parse_twiml(twiml)
    async with SimulatedCall.open_stream(caller, url, parameters, call_sid=sid) as first:
        await first.wait_for_bot_audio()
    async with SimulatedCall.open_stream(caller, url, parameters, call_sid=sid) as replay:
        await asyncio.wait_for(replay.closed.wait(), timeout=5)
    assert replay.log.close_code == 1008
    assert replay.log.media_times == []
    assert voice_server.metrics.calls_started == 1


async def test_token_for_another_call_is_refused(voice_server, live_bot) -> None:
    _tenant, _bot, number = live_bot()
    caller = voice_server.caller
    async with httpx.AsyncClient() as http:
        twiml = await post_voice_webhook(
            caller, to_number=number.e164, call_sid="CA" + "3" * 32, client=http
        )
    url, parameters = parse_twiml(twiml)
    async with SimulatedCall.open_stream(caller, url, parameters, call_sid="CA" + "9" * 32) as call:
        await asyncio.wait_for(call.closed.wait(), timeout=5)
    assert call.log.close_code == 1008 and call.log.media_times == []


async def test_client_that_never_sends_start_is_closed(voice_server, live_bot) -> None:
    _tenant, _bot, number = live_bot()
    caller = voice_server.caller
    async with httpx.AsyncClient() as http:
        twiml = await post_voice_webhook(
            caller, to_number=number.e164, call_sid="CA" + "4" * 32, client=http
        )
    url, parameters = parse_twiml(twiml)
    async with SimulatedCall.open_stream(
        caller, url, parameters, call_sid="CA" + "4" * 32, send_start=False
    ) as call:
        # Media before start is dropped unprocessed; the stream is closed after the wait.
        await call.send_raw(
            json.dumps(
                {"event": "media", "media": {"payload": base64.b64encode(b"\xff" * 160).decode()}}
            )
        )
        await asyncio.wait_for(call.closed.wait(), timeout=5)
    assert call.log.close_code == 1008
    assert voice_server.metrics.calls_started == 0


async def test_zero_hands_over_to_a_human(voice_server, live_bot, staff_db) -> None:
    _tenant, _bot, number = live_bot()
    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await call.wait_for_bot_audio()
        await call.press("0")
        await asyncio.wait_for(call.closed.wait(), timeout=10)
        sid = call.call_sid
    row = await wait_for_closed_call(voice_server, staff_db, sid)
    assert row.outcome == CallOutcome.HANDED_OVER
    assert voice_server.call_control.handovers == [(sid, "+43155500999")]
    assert "putting you through" in row.turns[-1].text


@pytest.mark.parametrize("engine_factory", [null_engines(["goodbye"])])
async def test_goodbye_ends_the_call_resolved(voice_server, live_bot, staff_db) -> None:
    _tenant, _bot, number = live_bot()
    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        await call.speak(await speech("Goodbye"))
        await asyncio.wait_for(call.closed.wait(), timeout=10)
        sid = call.call_sid
    row = await wait_for_closed_call(voice_server, staff_db, sid)
    assert row.outcome == CallOutcome.RESOLVED
    assert row.turns[-1].text == "Thank you for calling. Goodbye!"


async def test_silence_ends_the_call_with_a_goodbye(voice_server, live_bot, staff_db) -> None:
    _tenant, _bot, number = live_bot(silence_timeout_seconds=1)
    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await asyncio.wait_for(call.closed.wait(), timeout=10)
        sid = call.call_sid
    row = await wait_for_closed_call(voice_server, staff_db, sid)
    assert row.outcome == CallOutcome.SILENCE_TIMEOUT
    assert row.turns[-1].text == "I cannot hear you any more. Goodbye!"


async def test_max_call_length_ends_the_call(voice_server, live_bot, staff_db) -> None:
    _tenant, _bot, number = live_bot(max_call_seconds=1)
    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await asyncio.wait_for(call.closed.wait(), timeout=10)
        sid = call.call_sid
    row = await wait_for_closed_call(voice_server, staff_db, sid)
    assert row.outcome == CallOutcome.MAX_LENGTH
    assert [t.speaker for t in row.turns] == [Speaker.BOT, Speaker.BOT]
