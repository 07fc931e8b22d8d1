"""ElevenLabs: the streaming request, μ-law 8 kHz passed through, and failures."""

from __future__ import annotations

import pytest

from integrations.speech.base import SpeechServiceError
from integrations.speech.elevenlabs_tts import ElevenLabsSynthesizer, voice_id_for
from tests.integrations.cloud.local_cloud import ELEVENLABS_KEY

VOICE = "pNInz6obpgDQGcFmaJgB"


def synthesizer(local_cloud, http, key: str = ELEVENLABS_KEY) -> ElevenLabsSynthesizer:
    return ElevenLabsSynthesizer(
        api_key=key,
        voice_id=VOICE,
        language="de-AT",
        client=http,
        model="eleven_flash_v2_5",
        base_url=local_cloud.url,
    )


async def test_streams_mulaw_audio_for_the_voice(local_cloud, http) -> None:
    chunks = [c async for c in synthesizer(local_cloud, http).synthesize("Grüß Gott!")]

    assert b"".join(chunks) == local_cloud.audio
    (request,) = local_cloud.of("elevenlabs")
    assert request.path == f"/v1/text-to-speech/{VOICE}/stream"
    assert request.query == {"output_format": "ulaw_8000"}
    assert request.headers["xi-api-key"] == ELEVENLABS_KEY
    assert request.body == {
        "text": "Grüß Gott!",
        "model_id": "eleven_flash_v2_5",
        "language_code": "de",
    }


@pytest.mark.parametrize(
    ("mode", "key", "message"),
    [
        ("error", ELEVENLABS_KEY, "HTTP 500"),
        ("hang", ELEVENLABS_KEY, "timed out"),
        ("ok", "wrong-key-0000000000", "HTTP 401"),
    ],
)
async def test_failures_raise_a_loggable_error(local_cloud, http, mode, key, message) -> None:
    local_cloud.mode["elevenlabs"] = mode

    with pytest.raises(SpeechServiceError, match=message) as failure:
        _ = [c async for c in synthesizer(local_cloud, http, key).synthesize("Hallo")]

    assert key not in str(failure.value)


def test_bot_voice_is_an_elevenlabs_voice_id_or_the_default() -> None:
    assert voice_id_for(VOICE, "default-voice-id-0000") == VOICE
    assert voice_id_for("default", "default-voice-id-0000") == "default-voice-id-0000"
    assert voice_id_for("de", "default-voice-id-0000") == "default-voice-id-0000"
    assert voice_id_for("../../admin", "default-voice-id-0000") == "default-voice-id-0000"
