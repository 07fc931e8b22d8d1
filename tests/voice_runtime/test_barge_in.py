"""Barge-in: talking over the bot stops it within 200 ms; a "mhm" does not interrupt."""

from __future__ import annotations

import asyncio
import time

from models import Speaker
from tests.voice_runtime.conftest import speech, wait_for_closed_call
from voice_runtime.simulator import SimulatedCall, trim_silence

FIRST = "Hello, this is Salon Anna."
GREETING = (
    f"{FIRST} We cut, colour and style hair for the whole family, six days a week. "
    "How can I help you today?"
)


async def talk_over_the_second_sentence(call: SimulatedCall, pcm: bytes) -> float:
    """Speak once the bot's first sentence has been heard; returns when speech started."""
    await call.wait_for_bot_audio()
    while not call.log.marks_echoed:
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.3)
    await call.speak(trim_silence(pcm))
    return call.log.speech_started[-1]


async def test_talking_over_the_bot_clears_within_200_ms(voice_server, live_bot, staff_db) -> None:
    _tenant, _bot, number = live_bot(greeting=GREETING)
    interruption = await speech("Wait, stop, I have another question.")
    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        started = await talk_over_the_second_sentence(call, interruption)
        await call.wait_for_bot_audio(after=time.monotonic())  # the answer to the interruption
        sid = call.call_sid

    assert call.log.clear_times, "no clear was sent"
    clear_after_ms = (call.log.clear_times[0] - started) * 1000
    assert 0 < clear_after_ms < 200
    row = await wait_for_closed_call(voice_server, staff_db, sid)
    greeting = row.turns[0]
    assert greeting.speaker == Speaker.BOT
    assert greeting.interrupted
    assert greeting.text == FIRST  # only what the caller heard
    assert row.turns[1].speaker == Speaker.CALLER


async def test_mhm_does_not_interrupt(voice_server, live_bot, staff_db) -> None:
    _tenant, _bot, number = live_bot(greeting=GREETING)
    backchannel = await speech("mhm")
    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        started = await talk_over_the_second_sentence(call, backchannel)
        await call.wait_for_bot_audio(after=time.monotonic())  # it goes on
        await call.wait_for_bot_quiet()
        sid = call.call_sid

    assert call.log.media_times[-1] - started > 1.0, "the bot did not go on talking"
    row = await wait_for_closed_call(voice_server, staff_db, sid)
    assert [(t.speaker, t.text, t.interrupted) for t in row.turns] == [
        (Speaker.BOT, GREETING, False)
    ]
