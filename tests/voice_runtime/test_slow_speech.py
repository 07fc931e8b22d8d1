"""The simulated caller waits for the bot's whole reply, however slowly speech synthesis
delivers its sentences (a loaded host): it goes by the reply's end mark, not by a gap."""

from __future__ import annotations

from typing import Any

import pytest

from integrations.dialogue.phrases import opening
from models import Speaker
from tests.integrations.cloud.local_cloud import LocalCloud
from tests.voice_runtime.conftest import speech, wait_for_closed_call
from tests.voice_runtime.test_cloud_engines import CLOUD, cloud_settings, store_keys
from voice_runtime.simulator import QUIET_FALLBACK_MS, SimulatedCall

# Each sentence's audio starts this long after the request: after the tone (400 ms) of
# the sentence before has played, the line is silent for over a second.
SPEECH_PAUSE_S = 1.5


@pytest.fixture
def settings_overrides(local_cloud: LocalCloud) -> dict[str, Any]:
    # Slow, not failing: the cloud voice stays.
    return cloud_settings(local_cloud, timeout_s=5.0)


async def test_the_caller_waits_out_slow_sentences_of_the_greeting(
    voice_server, live_bot, staff_db, local_cloud
) -> None:
    tenant, _bot, number = live_bot(greeting="Hello, this is Salon Anna.", **CLOUD)
    store_keys(voice_server, staff_db, tenant)
    local_cloud.speech_pause_s = SPEECH_PAUSE_S
    assert SPEECH_PAUSE_S * 1000 < QUIET_FALLBACK_MS  # the end mark decides, not the fallback
    greeting = opening("Hello, this is Salon Anna.", "en-US")
    sentences = 3  # the notice's two and the greeting

    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        greeting_audio = bytes(call.bot_audio)
        speech_requests = len(local_cloud.of("elevenlabs"))
        await call.say(await speech("What are your opening hours?"))
        sid = call.call_sid

    # Every sentence of the greeting was spoken before the caller said a word.
    assert speech_requests == sentences
    assert greeting_audio == local_cloud.audio * sentences
    row = await wait_for_closed_call(voice_server, staff_db, sid)
    assert [(t.speaker, t.text) for t in row.turns][:2] == [
        (Speaker.BOT, greeting),
        (Speaker.CALLER, local_cloud.transcript),
    ]
