"""Bots on cloud engines, through the real runtime: each service is a local server that
checks the requests. When the services fail, the caller hears a short apology, the offline
engines take over, and the call goes on."""

from __future__ import annotations

from typing import Any

import pytest

from core.encryption import CredentialCipher
from integrations.dialogue.phrases import opening
from integrations.speech.audio import pcm_to_mulaw
from integrations.speech.espeak_tts import EspeakSynthesizer
from models import BotLanguage, CallOutcome, Provider, Speaker
from services.credentials import store_credential
from tests.integrations.cloud.local_cloud import (
    ELEVENLABS_KEY,
    GOOGLE_KEY,
    OPENAI_KEY,
    LocalCloud,
)
from tests.voice_runtime.conftest import speech, wait_for_closed_call
from voice_runtime.simulator import SimulatedCall

CLOUD = {"stt_engine": "google", "tts_engine": "elevenlabs", "dialogue_engine": "openai"}
DEFAULT_VOICE = "VoiceIdForTheTests00"


def cloud_settings(local_cloud: LocalCloud, *, timeout_s: float) -> dict[str, Any]:
    """The runtime's settings for engines on `local_cloud`, giving up after `timeout_s`."""
    return {
        "google_speech_base_url": local_cloud.url,
        "elevenlabs_base_url": local_cloud.url,
        "elevenlabs_default_voice_id": DEFAULT_VOICE,
        "openai_base_url": local_cloud.url + "/v1",
        "openai_model": "gpt-test-mini",
        "voice_cloud_timeout_s": timeout_s,
    }


@pytest.fixture
def settings_overrides(local_cloud: LocalCloud) -> dict[str, Any]:
    return cloud_settings(local_cloud, timeout_s=0.5)


def store_keys(server, staff_db, tenant, *, openai_key: str = OPENAI_KEY) -> None:
    """Google's key is the platform's, the others the tenant's own."""
    cipher = CredentialCipher.from_settings(server.settings)
    for provider, value, tenant_id in [
        (Provider.GOOGLE, GOOGLE_KEY, None),
        (Provider.ELEVENLABS, ELEVENLABS_KEY, tenant.id),
        (Provider.OPENAI, openai_key, tenant.id),
    ]:
        store_credential(
            session=staff_db, cipher=cipher, provider=provider, value=value, tenant_id=tenant_id
        )
    staff_db.commit()


async def test_german_bot_on_google_elevenlabs_and_openai(
    voice_server, live_bot, staff_db, local_cloud, caplog
) -> None:
    tenant, bot, number = live_bot(
        language=BotLanguage.DE_AT,
        greeting="Grüß Gott, hier ist der Salon Anna.",
        instructions="Sprechen Sie die Kundschaft freundlich an.",
        faq=[{"question": "Wann habt ihr offen?", "answer": "Montag bis Freitag, neun bis fünf."}],
        **CLOUD,
    )
    store_keys(voice_server, staff_db, tenant)
    local_cloud.transcript = "Wann habt ihr offen?"
    local_cloud.answer_chunks = ["Wir haben ", "Montag bis Freitag ", "von neun bis fünf offen."]

    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        greeting_audio = bytes(call.bot_audio)
        turn = await call.say(await speech("Wann habt ihr offen?", "de-AT"))
        sid = call.call_sid

    assert turn.latency_ms is not None
    # The caller heard ElevenLabs' audio as it came, not the offline voice.
    assert greeting_audio.startswith(local_cloud.audio)
    row = await wait_for_closed_call(voice_server, staff_db, sid)
    assert [(t.speaker, t.text) for t in row.turns] == [
        (Speaker.BOT, opening("Grüß Gott, hier ist der Salon Anna.", "de-AT")),
        (Speaker.CALLER, "Wann habt ihr offen?"),
        (Speaker.BOT, "Wir haben Montag bis Freitag von neun bis fünf offen."),
    ]
    assert row.outcome == CallOutcome.CALLER_HUNG_UP

    (recognition,) = local_cloud.of("google")
    assert recognition.body["config"]["languageCode"] == "de-AT"
    assert recognition.body["config"]["speechContexts"] == [{"phrases": ["Wann habt ihr offen?"]}]
    # The answer, then (after the call) the summary line, which the model wrote too.
    chat, summary = local_cloud.of("openai")
    assert row.summary == "Wir haben Montag bis Freitag von neun bis fünf offen."
    assert summary.body["messages"][1]["content"].startswith("Assistant: Sie sprechen mit")
    assert chat.body["model"] == "gpt-test-mini"
    profile_prompt = chat.body["messages"][0]["content"]
    assert "Sprechen Sie die Kundschaft freundlich an." in profile_prompt
    assert "Montag bis Freitag, neun bis fünf." in profile_prompt
    assert chat.body["messages"][1:] == [
        {"role": "assistant", "content": opening("Grüß Gott, hier ist der Salon Anna.", "de-AT")},
        {"role": "user", "content": "Wann habt ihr offen?"},
    ]
    speech_requests = local_cloud.of("elevenlabs")
    assert [r.body["text"] for r in speech_requests] == [
        "Sie sprechen mit einem automatischen Assistenten.",  # the notice, sentence by sentence
        "Das Gespräch wird transkribiert.",
        "Grüß Gott, hier ist der Salon Anna.",
        "Wir haben Montag bis Freitag von neun bis fünf offen.",
    ]
    assert {r.path for r in speech_requests} == {f"/v1/text-to-speech/{DEFAULT_VOICE}/stream"}
    assert {r.query["output_format"] for r in speech_requests} == {"ulaw_8000"}
    for key in (GOOGLE_KEY, ELEVENLABS_KEY, OPENAI_KEY):
        assert key not in caplog.text


async def test_failing_services_apologise_and_the_offline_engines_take_over(
    voice_server, live_bot, staff_db, local_cloud, caplog
) -> None:
    faq = [{"question": "What are your opening hours?", "answer": "Nine to five."}]
    tenant, _bot, number = live_bot(greeting="Hello.", faq=faq, **CLOUD)
    store_keys(voice_server, staff_db, tenant, openai_key="sk-revoked-key-0000000000000000")
    local_cloud.mode["google"] = "error"  # HTTP 500
    local_cloud.mode["elevenlabs"] = "hang"  # never answers: the timeout decides
    question = await speech("What are your opening hours?")

    async with SimulatedCall.dial(voice_server.caller, to_number=number.e164) as call:
        await call.wait_for_bot_quiet()
        greeting_audio = bytes(call.bot_audio)
        turn = await call.say(question)
        sid = call.call_sid

    # The greeting: ElevenLabs timed out, espeak-ng said the apology and the greeting.
    offline = EspeakSynthesizer("en-US")
    apology_then_greeting = "Sorry, just a moment please. Hello."
    assert greeting_audio.startswith(
        pcm_to_mulaw(await offline.synthesize_pcm8k(apology_then_greeting))[:8000]
    )
    assert turn.latency_ms is not None
    row = await wait_for_closed_call(voice_server, staff_db, sid)
    turns = [(t.speaker, t.text) for t in row.turns]
    assert turns[0] == (Speaker.BOT, opening("Hello.", "en-US"))
    assert turns[1][0] == Speaker.CALLER and "hours" in turns[1][1]  # Whisper heard it
    # Google failed (500) and OpenAI refused the key: one apology, then the FAQ answer.
    assert turns[2] == (Speaker.BOT, "Sorry, just a moment please. Nine to five.")
    assert row.outcome == CallOutcome.CALLER_HUNG_UP

    assert len(local_cloud.of("google")) == 1  # after one failure the call stays offline
    assert len(local_cloud.of("openai")) == 1
    assert len(local_cloud.of("elevenlabs")) == 1
    failures = [r.getMessage() for r in caplog.records if "offline engine takes over" in r.message]
    assert len(failures) == 3
    assert "sk-revoked" not in caplog.text
