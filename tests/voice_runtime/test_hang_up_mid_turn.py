"""A caller who hangs up the moment their last words end: the call ends there, and no reply
is started after the call's tasks have begun to stop (the soak saw "coroutine
'Speaking._fill' was never awaited" from exactly this).

The stream is in memory so the timing is exact: the frame that ends the caller's turn and
Twilio's `stop` arrive back to back, so the conversation is told of the words in the same
moment as the call's task group cancels it.
"""

from __future__ import annotations

import asyncio
import base64
import gc
import json
import warnings

import httpx
import pytest

from integrations.speech.audio import mulaw_frames, mulaw_to_pcm, pcm_to_mulaw
from models import CallOutcome
from tests.voice_runtime.conftest import hearing, speech, wait_for_closed_call
from voice_runtime.call import run_call
from voice_runtime.engines import EngineFactory
from voice_runtime.runtime import Timings
from voice_runtime.simulated_twilio import parse_twiml, post_voice_webhook
from voice_runtime.simulator import trim_silence
from voice_runtime.stream_io import StreamClosed, StreamIO
from voice_runtime.turn_detection import TurnDetector, UtteranceEnded

QUESTION = "What are your opening hours?"
CALL_SID = "CA" + "4" * 32
STREAM_SID = "MZ" + "4" * 32
SILENT_FRAME = b"\xff" * 160


@pytest.fixture
def engine_factory() -> EngineFactory:
    return hearing([QUESTION])


def frames_to_the_end_of_turn(pcm8k: bytes, timings: Timings) -> list[bytes]:
    """The caller's μ-law frames, then silence up to and including the frame after which
    the runtime's turn detector (same settings, a fresh one) says the turn is over."""
    detector = TurnDetector(end_of_turn_ms=timings.end_of_turn_ms, onset_ms=timings.barge_in_ms)
    frames = mulaw_frames(pcm_to_mulaw(trim_silence(pcm8k))) + [SILENT_FRAME] * 100
    for index, frame in enumerate(frames):
        if isinstance(detector.process(mulaw_to_pcm(frame), index * 0.02), UtteranceEnded):
            return frames[: index + 1]
    raise AssertionError("the turn never ended")


def media(frame: bytes, chunk: int) -> str:
    payload = base64.b64encode(frame).decode()
    return json.dumps(
        {
            "event": "media",
            "streamSid": STREAM_SID,
            "media": {"track": "inbound", "chunk": str(chunk), "payload": payload},
        }
    )


async def test_hanging_up_as_the_last_words_end_starts_no_reply(
    voice_server, live_bot, staff_db, timings: Timings
) -> None:
    _tenant, _bot, number = live_bot()
    async with httpx.AsyncClient() as http:
        twiml = await post_voice_webhook(
            voice_server.caller, to_number=number.e164, call_sid=CALL_SID, client=http
        )
    _url, parameters = parse_twiml(twiml)
    inbound: asyncio.Queue[str] = asyncio.Queue()
    inbound.put_nowait(json.dumps({"event": "connected", "protocol": "Call"}))
    start = {"streamSid": STREAM_SID, "callSid": CALL_SID, "customParameters": parameters}
    inbound.put_nowait(json.dumps({"event": "start", "start": start}))
    bot_talks = asyncio.Event()

    async def receive_text() -> str:
        message = await inbound.get()
        if message == "closed":
            raise StreamClosed
        return message

    async def send_text(text: str) -> None:
        if json.loads(text)["event"] == "media":
            bot_talks.set()

    async def close(code: int) -> None:
        inbound.put_nowait("closed")

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        call = asyncio.create_task(
            run_call(voice_server.runtime, StreamIO(receive_text, send_text, close))
        )
        await asyncio.wait_for(bot_talks.wait(), timeout=10)  # the conversation waits
        for chunk, frame in enumerate(frames_to_the_end_of_turn(await speech(QUESTION), timings)):
            inbound.put_nowait(media(frame, chunk + 1))
        inbound.put_nowait(json.dumps({"event": "stop", "streamSid": STREAM_SID}))
        await asyncio.wait_for(call, timeout=10)
        row = await wait_for_closed_call(voice_server, staff_db, CALL_SID)
        gc.collect()  # a coroutine created and dropped warns as it is collected

    never_awaited = [str(w.message) for w in caught if "never awaited" in str(w.message)]
    assert never_awaited == []
    assert row.outcome == CallOutcome.CALLER_HUNG_UP
    # Nothing after the hang-up was heard or answered (and the greeting, whose marks never
    # came back, was not heard either).
    assert row.turns == []
