"""A cloud bot speaks as its chat model writes: the first sentence is heard while the
model is still writing the rest, and a caller who talks over it stops the model, the
voice and the player alike — nothing written after that is spoken or even sent to TTS,
and the bot's turn is recorded as what the caller heard. Through the real runtime, against
the local stand-ins (tests/integrations/cloud/local_cloud.py)."""

from __future__ import annotations

from typing import Any

import pytest

from integrations.dialogue.phrases import opening
from integrations.speech.null_engines import tone_mulaw
from models import BotLanguage, Speaker
from tests.integrations.cloud.local_cloud import LocalCloud
from tests.voice_runtime.conftest import speech, wait_for_closed_call
from tests.voice_runtime.test_cloud_engines import CLOUD, cloud_settings, store_keys
from voice_runtime.simulator import SimulatedCall

FIRST = "Wir haben Montag bis Freitag offen."
# The rest of the answer, written slowly: 40 words, a quarter of a second apart.
REST = ["Am "] + ["Samstag "] * 38 + ["nur vormittags."]
NEXT = "Am Sonntag haben wir zu."


@pytest.fixture
def settings_overrides(local_cloud: LocalCloud) -> dict[str, Any]:
    return cloud_settings(local_cloud, timeout_s=2.0)


async def test_the_first_sentence_is_heard_while_the_model_writes_and_a_barge_in_stops_it(
    voice_server, live_bot, staff_db, local_cloud
) -> None:
    greeting = "Grüß Gott, hier ist der Salon Anna."
    tenant, _bot, number = live_bot(language=BotLanguage.DE_AT, greeting=greeting, **CLOUD)
    store_keys(voice_server, staff_db, tenant)
    local_cloud.transcript = "Wann habt ihr offen?"
    local_cloud.audio = tone_mulaw(800)
    local_cloud.plan = [
        {"chunks": [FIRST + " ", *REST], "pause_s": 0.25},
        {"chunks": [NEXT]},
    ]
    question = await speech("Wann habt ihr offen?", "de-AT")
    interruption = await speech("Moment, und am Sonntag?", "de-AT")

    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        asked_at = await call.speak(question)
        answered_at = await call.wait_for_bot_audio(after=asked_at)
        # The first sentence has played out; the model is still writing the second.
        await call.wait_for_bot_quiet(quiet_ms=300)
        assert local_cloud.chat_streams_ended == []
        interrupted_at = await call.speak(interruption)
        await call.wait_for_bot_audio(after=interrupted_at)  # the answer to the interruption
        await call.wait_for_bot_quiet()
        sid = call.call_sid

    # Heard before the model had finished: its stream was cut at the barge-in, not ended.
    assert local_cloud.chat_streams_cut == 1
    assert all(ended > answered_at for ended in local_cloud.chat_streams_ended)
    assert len(call.log.clear_times) == 1
    # Nothing the model wrote after the barge-in reached the voice.
    spoken = [r.body["text"] for r in local_cloud.of("elevenlabs")]
    assert spoken[-2:] == [FIRST, NEXT]
    assert not any("Samstag" in text for text in spoken)
    row = await wait_for_closed_call(voice_server, staff_db, sid)
    assert [(t.speaker, t.text, t.interrupted) for t in row.turns] == [
        (Speaker.BOT, opening(greeting, "de-AT"), False),
        (Speaker.CALLER, "Wann habt ihr offen?", False),
        (Speaker.BOT, FIRST, True),  # what the caller heard of it
        (Speaker.CALLER, "Wann habt ihr offen?", False),
        (Speaker.BOT, NEXT, False),
    ]
    answer = row.turns[2]
    assert answer.dialogue_ms is not None and answer.tts_first_audio_ms is not None
