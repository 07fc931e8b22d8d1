"""What one media stream may cost: a stream that floods the runtime loses only itself.

The flood is what broke a live runtime: 8000-byte μ-law payloads (a second of loud audio
each) every 20 ms, fifty times faster than a phone line. Each test measures a quiet call
first and then the same call beside the flood, on the same runtime, with the offline
engines, so the bound is relative to this machine's own speed at that moment.
"""

from __future__ import annotations

import asyncio
import base64
import json

from sqlalchemy import select

from integrations.speech.audio import pcm_to_mulaw
from models import Call, CallOutcome, Speaker, UsageEvent, UsageKind
from tests.voice_runtime.conftest import OPENING_HOURS_ANSWER, speech, wait_for_closed_call
from voice_runtime.simulator import SimulatedCall, trim_silence
from voice_runtime.stream_limits import AUDIO_BURST_MS, StreamLimits

# Questions per measured call. The flood is cut off within a second of stream time, so more
# questions only add quiet ones; two keep the sum from resting on one reply.
QUESTIONS = 2


def latency_bound(quiet_ms: float) -> float:
    """The target is +50 ms, but this test must tell a flood held off from a flood that
    reaches the recogniser, on a 2-core machine running four test workers. A flood that
    reaches it keeps the recogniser, which all calls share, busy with 30-second utterances,
    and each question waits for the one in progress: three questions took 23–28 s instead
    of 4.3 s here before streams had a budget, one took 8.5–12.9 s instead of 0.6 s in the
    field. A flood held off cost up to three times the quiet run's latency on that loaded
    machine (653 → 1,947 ms: other workers' calls, not the flood). The bound sits between."""
    return 3 * quiet_ms + 1000


def flood_message(payload: bytes) -> str:
    return json.dumps(
        {
            "event": "media",
            "streamSid": "MZ" + "f" * 32,
            "media": {"track": "inbound", "payload": base64.b64encode(payload).decode()},
        }
    )


async def test_a_flooding_stream_does_not_slow_another_call(
    voice_server, live_bot, staff_db
) -> None:
    _tenant, _bot, number = live_bot(tenant={"max_concurrent_calls": 5})
    question = await speech("What are your opening hours?")
    # Speech without pauses, a second of it every 20 ms: every second would reach the
    # recogniser, as long utterances, unless the runtime refuses what comes faster than a
    # phone line.
    talk = pcm_to_mulaw(trim_silence(question)) * 8
    messages = [flood_message(talk[i : i + 8000]) for i in range(0, len(talk) - 8000, 8000)]
    healthy_done = asyncio.Event()

    async def healthy_call(questions: int = QUESTIONS) -> tuple[str, float]:
        """The call's sid and the sum of its reply latencies, one per question."""
        async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
            await call.wait_for_bot_quiet()
            waited = 0.0
            for _ in range(questions):
                turn = await call.say(question)
                assert turn.latency_ms is not None, "no answer"
                waited += turn.latency_ms
            return call.call_sid, waited

    async def flood() -> SimulatedCall:
        async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
            sent = 0
            while not healthy_done.is_set() and not call.closed.is_set():
                await call.send_raw(messages[sent % len(messages)])
                sent += 1
                await asyncio.sleep(0.02)
            return call

    async def healthy_beside_flood() -> tuple[str, float]:
        try:
            return await healthy_call()
        finally:
            healthy_done.set()

    await healthy_call(1)  # the first call builds the bot's recogniser: not a fair measure
    quiet_sid, quiet_ms = await healthy_call()
    flooded, (busy_sid, busy_ms) = await asyncio.gather(flood(), healthy_beside_flood())

    for _ in range(400):
        if voice_server.metrics.calls_closed >= 4:
            break
        await asyncio.sleep(0.025)
    staff_db.expire_all()
    for sid in (quiet_sid, busy_sid):
        row = staff_db.scalars(select(Call).where(Call.provider_call_sid == sid)).one()
        speakers = [Speaker.BOT] + [Speaker.CALLER, Speaker.BOT] * QUESTIONS
        assert [t.speaker for t in row.turns] == speakers
        assert {t.text for t in row.turns[2::2]} == {OPENING_HOURS_ANSWER}
    assert busy_ms <= latency_bound(quiet_ms), (quiet_ms, busy_ms)
    # The flood lost itself: none of its excess reached the recogniser, and it was hung up
    # as a policy violation, its call closed and billed.
    assert voice_server.metrics.dropped_audio_ms > 0
    assert voice_server.metrics.streams_cut_off == 1
    assert flooded.log.close_code == 1008
    flood_row = staff_db.scalars(
        select(Call).where(Call.provider_call_sid == flooded.call_sid)
    ).one()
    assert flood_row.ended_at is not None and flood_row.outcome == CallOutcome.ERROR
    assert [t.speaker for t in flood_row.turns] == [Speaker.BOT]
    usage = staff_db.scalars(
        select(UsageEvent).where(
            UsageEvent.call_id == flood_row.id, UsageEvent.kind == UsageKind.CALL_SECONDS
        )
    ).all()
    assert len(usage) == 1


async def test_a_message_larger_than_any_twilio_sends_is_refused_by_the_server(
    voice_server, live_bot, staff_db
) -> None:
    _tenant, _bot, number = live_bot()
    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await call.wait_for_bot_audio()
        await call.send_raw(flood_message(b"\xff" * 100_000))
        await asyncio.wait_for(call.closed.wait(), timeout=5)
        sid = call.call_sid
    assert call.log.close_code == 1009  # message too big
    row = await wait_for_closed_call(voice_server, staff_db, sid)
    assert row.ended_at is not None


# ---- the budget itself, on a clock the tests move ---------------------------------------

FRAME = 160  # bytes of μ-law in Twilio's 20 ms frame


def send(limits: StreamLimits, *, seconds: float, every: float, size: int, start: float = 0.0):
    """Messages of `size` bytes every `every` seconds; returns (bytes kept, cut off at)."""
    kept, now = 0, start
    while now < start + seconds:
        if limits.admit_message(now):
            kept += limits.admit_audio(size, now)
        if limits.flooding:
            return kept, now
        now += every
    return kept, None


def test_a_phone_line_keeps_every_frame_even_with_a_fast_clock() -> None:
    limits = StreamLimits()
    _kept, cut_off = send(limits, seconds=600, every=0.01998, size=FRAME)  # 0.1 % fast
    assert cut_off is None
    assert limits.dropped_audio_ms == 0 and limits.dropped_messages == 0


def test_frames_held_back_by_the_network_are_kept() -> None:
    limits = StreamLimits()
    send(limits, seconds=5, every=0.02, size=FRAME)
    # A retransmission holds 1.5 s of frames back; they arrive at once.
    kept, cut_off = send(limits, seconds=0.00745, every=0.0001, size=FRAME, start=6.5)
    assert kept == 75 * FRAME and cut_off is None
    assert limits.dropped_audio_ms == 0


def test_audio_faster_than_real_time_is_dropped_and_the_stream_cut_off() -> None:
    limits = StreamLimits()
    kept, cut_off = send(limits, seconds=6, every=0.02, size=8000)  # fifty times real time
    assert cut_off is not None and cut_off < 0.2
    assert kept <= (AUDIO_BURST_MS / 1000 + cut_off) * 8000


def test_a_slightly_fast_stream_loses_its_excess_but_stays() -> None:
    limits = StreamLimits()
    kept, cut_off = send(limits, seconds=60, every=0.02, size=240)  # 1.5 times real time
    assert cut_off is None
    assert kept <= (60 + AUDIO_BURST_MS / 1000) * 8000
    assert limits.dropped_audio_ms > 0


def test_a_flood_of_tiny_messages_is_cut_off() -> None:
    limits = StreamLimits()
    _kept, cut_off = send(limits, seconds=10, every=0.001, size=1)
    assert cut_off is not None and cut_off < 1
    assert limits.dropped_messages > 0
