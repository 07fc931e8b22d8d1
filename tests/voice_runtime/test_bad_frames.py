"""Each kind of bad input on a live call: the runtime drops what is bad with one log line,
and the call goes on; a client that stops reading is closed without holding anyone up."""

from __future__ import annotations

import asyncio
import base64
import json
import logging

import httpx
import pytest
from sqlalchemy import select

from models import Call, CallOutcome, Speaker, UsageEvent, UsageKind
from tests.voice_runtime.conftest import speech
from voice_runtime.call import run_call
from voice_runtime.engines import null_engines
from voice_runtime.simulated_twilio import parse_twiml, post_voice_webhook
from voice_runtime.simulator import SimulatedCall
from voice_runtime.stream_io import StreamClosed, StreamIO

SILENCE = base64.b64encode(b"\xff" * 160).decode()


def media(payload: str = SILENCE, chunk: int | str = 1) -> str:
    return json.dumps(
        {
            "event": "media",
            "streamSid": "MZ" + "0" * 32,
            "media": {"track": "inbound", "chunk": str(chunk), "payload": payload},
        }
    )


BAD_MESSAGES = {
    "bad base64": (media(payload="!!not base64!!"), "bad media message"),
    "malformed JSON": ('{"event": "media", "media": {', "not JSON"),
    "not an object": ("[1, 2, 3]", "not a JSON object"),
    "unknown event": (json.dumps({"event": "hologram", "data": 1}), "unknown event"),
    "media without payload": (
        json.dumps({"event": "media", "media": {"chunk": "9"}}),
        "bad media message",
    ),
    "dtmf that is not a digit": (
        json.dumps({"event": "dtmf", "dtmf": {"digit": "x"}}),
        "bad dtmf message",
    ),
    "repeated media chunk": (media(chunk=1), "late or repeated"),
}


@pytest.fixture
def engine_factory():
    return null_engines(["what are your opening hours"])


def warnings_about(caplog, call_sid: str) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.WARNING and call_sid in r.getMessage()
    ]


async def test_each_bad_message_is_dropped_with_one_log_line(
    voice_server, live_bot, staff_db, caplog
) -> None:
    _tenant, _bot, number = live_bot()
    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        for name, (message, reason) in BAD_MESSAGES.items():
            before = warnings_about(caplog, call.call_sid)
            await call.send_raw(message)
            for _ in range(100):
                if len(warnings_about(caplog, call.call_sid)) > len(before):
                    break
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.05)  # and nothing more arrives for the same message
            new = warnings_about(caplog, call.call_sid)[len(before) :]
            assert len(new) == 1 and reason in new[0], (name, new)

        turn = await call.say(await speech("What are your opening hours?"))  # the call goes on
        sid = call.call_sid

    assert turn.latency_ms is not None
    assert voice_server.metrics.malformed_messages == len(BAD_MESSAGES)
    row = await _closed(voice_server, staff_db, sid)
    assert [t.speaker for t in row.turns] == [Speaker.BOT, Speaker.CALLER, Speaker.BOT]
    assert row.outcome == CallOutcome.CALLER_HUNG_UP


async def test_lost_and_reordered_frames(voice_server, live_bot, staff_db, caplog) -> None:
    _tenant, _bot, number = live_bot()
    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        call.skip_frames(25)  # half a second lost on the way
        await asyncio.sleep(0.1)
        await call.send_raw(media(chunk=3))  # a frame from long ago arrives late
        turn = await call.say(await speech("What are your opening hours?"))
        sid = call.call_sid

    assert turn.latency_ms is not None
    said = warnings_about(caplog, sid)
    assert len(said) == 2
    assert "25 media chunks missing" in said[0]
    assert "dropped media chunk 3: late or repeated" in said[1]
    row = await _closed(voice_server, staff_db, sid)
    assert [t.speaker for t in row.turns] == [Speaker.BOT, Speaker.CALLER, Speaker.BOT]


async def test_a_client_that_stops_reading_is_closed_and_others_go_on(
    voice_server, live_bot, staff_db, caplog
) -> None:
    """The stalled client is the media stream itself: an in-memory one whose sends never
    complete once the bot has started talking, as a socket with full buffers behaves."""
    _tenant, _bot, number = live_bot(greeting="Hello. " * 40, tenant={"max_concurrent_calls": 2})
    stalled_sid = "CA" + "7" * 32
    async with httpx.AsyncClient() as http:
        twiml = await post_voice_webhook(
            voice_server.caller, to_number=number.e164, call_sid=stalled_sid, client=http
        )
    _url, parameters = parse_twiml(twiml)
    inbound: asyncio.Queue[str] = asyncio.Queue()
    for message in (
        {"event": "connected", "protocol": "Call"},
        {
            "event": "start",
            "start": {
                "streamSid": "MZ" + "7" * 32,
                "callSid": stalled_sid,
                "customParameters": parameters,
            },
        },
    ):
        inbound.put_nowait(json.dumps(message))
    closed_with: list[int] = []
    sent: list[str] = []

    async def receive_text() -> str:
        if closed_with:
            raise StreamClosed
        message = await inbound.get()
        if message == "closed":
            raise StreamClosed
        return message

    async def send_text(text: str) -> None:
        sent.append(text)
        if len(sent) > 5:
            await asyncio.Event().wait()  # the buffers are full: this send never finishes

    async def close(code: int) -> None:
        closed_with.append(code)
        inbound.put_nowait("closed")

    stalled = asyncio.create_task(
        run_call(voice_server.runtime, StreamIO(receive_text, send_text, close))
    )
    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as good:
        await good.wait_for_bot_audio()
        await asyncio.wait_for(stalled, timeout=10)  # closed after the send timeout
        assert not good.closed.is_set()
        good_sid = good.call_sid

    assert closed_with == [1011]
    stopped = [m for m in warnings_about(caplog, "") if "stopped reading" in m]
    assert len(stopped) == 1
    for _ in range(200):
        if voice_server.metrics.calls_closed >= 2:
            break
        await asyncio.sleep(0.025)
    staff_db.expire_all()
    rows = {
        row.provider_call_sid: row
        for row in staff_db.scalars(
            select(Call).where(Call.provider_call_sid.in_([stalled_sid, good_sid]))
        )
    }
    assert rows[stalled_sid].ended_at is not None and rows[good_sid].ended_at is not None
    usage = staff_db.scalars(
        select(UsageEvent).where(
            UsageEvent.call_id == rows[stalled_sid].id, UsageEvent.kind == UsageKind.CALL_SECONDS
        )
    ).all()
    assert len(usage) == 1


async def _closed(voice_server, staff_db, sid: str) -> Call:
    for _ in range(200):
        if voice_server.metrics.calls_closed >= voice_server.metrics.calls_started:
            break
        await asyncio.sleep(0.025)
    staff_db.expire_all()
    return staff_db.scalars(select(Call).where(Call.provider_call_sid == sid)).one()
