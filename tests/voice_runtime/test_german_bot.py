"""A German bot greets in German, with espeak-ng's German voice. German speech cannot be
recognised offline here, so the caller's words are injected as text."""

from __future__ import annotations

import pytest

from integrations.dialogue.phrases import opening
from integrations.speech.audio import pcm_to_mulaw
from integrations.speech.espeak_tts import EspeakSynthesizer
from models import BotLanguage, Speaker
from tests.voice_runtime.conftest import hearing, speech, wait_for_closed_call
from voice_runtime.engines import EngineFactory
from voice_runtime.simulator import SimulatedCall

GREETING = "Grüß Gott, hier ist der Salon Anna."


@pytest.fixture
def engine_factory() -> EngineFactory:
    return hearing(["Wann habt ihr offen?"])  # espeak-ng's voice chosen from the bot


async def test_german_bot_greets_in_german(voice_server, live_bot, staff_db) -> None:
    _tenant, _bot, number = live_bot(
        language=BotLanguage.DE_AT,
        greeting=GREETING,
        faq=[{"question": "Wann habt ihr offen?", "answer": "Wir haben Montag bis Freitag offen."}],
    )
    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        greeting_audio = bytes(call.bot_audio)
        await call.say(await speech("Wann habt ihr offen?", "de-AT"))  # words injected
        sid = call.call_sid

    spoken = opening(GREETING, "de-AT")  # the notice (machine, transcribed) comes first
    first = "Sie sprechen mit einem automatischen Assistenten."
    assert spoken.startswith(first)
    german = pcm_to_mulaw(await EspeakSynthesizer("de-AT").synthesize_pcm8k(first))
    english = pcm_to_mulaw(await EspeakSynthesizer("en-US").synthesize_pcm8k(first))
    assert greeting_audio[: len(german)] == german
    assert greeting_audio[: len(english)] != english
    row = await wait_for_closed_call(voice_server, staff_db, sid)
    assert [(t.speaker, t.text) for t in row.turns[:3]] == [
        (Speaker.BOT, spoken),
        (Speaker.CALLER, "Wann habt ihr offen?"),
        (Speaker.BOT, "Wir haben Montag bis Freitag offen."),
    ]
    assert row.language == "de-AT"
