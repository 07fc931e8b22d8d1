"""A whole call through the real server with the offline engines."""

from __future__ import annotations

import asyncio
import re

from sqlalchemy import select

from integrations.dialogue.phrases import opening
from integrations.speech.audio import mulaw_to_pcm
from models import CallOutcome, CallTurn, Speaker, UsageEvent, UsageKind
from tests.voice_runtime.conftest import OPENING_HOURS_ANSWER, speech, wait_for_closed_call
from voice_runtime.simulator import SimulatedCall


async def test_caller_asks_for_opening_hours(voice_server, live_bot, staff_db, whisper) -> None:
    tenant, bot, number = live_bot()
    question = await speech("What are your opening hours?")

    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        turn = await call.say(question)
        sid = call.call_sid

    assert turn.latency_ms is not None
    call_row = await wait_for_closed_call(voice_server, staff_db, sid)
    texts = [(t.speaker, t.text) for t in call_row.turns]
    # The notice that a machine answers and transcribes comes first (issue 19), then the greeting.
    assert texts[0] == (Speaker.BOT, opening("Hello, this is Salon Anna.", "en-US"))
    assert (Speaker.BOT, OPENING_HOURS_ANSWER) in texts
    caller_turn = next(t for t in call_row.turns if t.speaker == Speaker.CALLER)
    assert "hours" in caller_turn.text
    answer_turn = next(t for t in call_row.turns if t.text == OPENING_HOURS_ANSWER)
    assert answer_turn.turn_latency_ms is not None and answer_turn.turn_latency_ms > 0
    assert answer_turn.stt_ms is not None and answer_turn.dialogue_ms is not None
    assert answer_turn.tts_first_audio_ms is not None
    assert call_row.outcome == CallOutcome.CALLER_HUNG_UP
    assert call_row.duration_seconds is not None and call_row.duration_seconds >= 1

    # The bot's recorded answer, run back through the offline recogniser, has its keywords.
    heard = await whisper.transcriber().transcribe(mulaw_to_pcm(turn.bot_audio))
    assert {"open", "monday", "friday"} <= set(re.findall(r"[a-z]+", heard.lower())), heard

    usage = staff_db.scalars(select(UsageEvent).where(UsageEvent.call_id == call_row.id)).all()
    kinds = {u.kind: u.quantity for u in usage}
    assert kinds[UsageKind.CALL_SECONDS] == call_row.duration_seconds
    assert kinds[UsageKind.TTS_CHARACTERS] >= len(OPENING_HOURS_ANSWER)
    assert kinds[UsageKind.STT_SECONDS] >= 1
    assert all(u.tenant_id == tenant.id for u in usage)
    assert staff_db.scalars(select(CallTurn).where(CallTurn.call_id == call_row.id)).all()


async def test_hanging_up_while_the_bot_talks_leaves_no_playback_running(
    voice_server, live_bot, staff_db
) -> None:
    _tenant, _bot, number = live_bot()

    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await call.wait_for_bot_audio()  # the caller hangs up as the greeting begins
        sid = call.call_sid
    await wait_for_closed_call(voice_server, staff_db, sid)

    # The player's task ended with the call, not left waiting to be destroyed pending.
    playing = [t for t in asyncio.all_tasks() if t.get_name().startswith("play-")]
    assert not [t for t in playing if not t.done()]
