"""Google Speech: the request each utterance sends, and how failures surface."""

from __future__ import annotations

import base64

import pytest

from integrations.speech.base import SpeechServiceError
from integrations.speech.google_stt import GoogleTranscriber
from tests.integrations.cloud.local_cloud import GOOGLE_KEY

PCM = b"\x01\x02" * 8000  # one second of 8 kHz 16-bit audio


def transcriber(local_cloud, http, key: str = GOOGLE_KEY) -> GoogleTranscriber:
    return GoogleTranscriber(
        api_key=key,
        language="de-AT",
        client=http,
        base_url=local_cloud.url,
        hints=["Wann habt ihr offen?", "Was kostet ein Haarschnitt?"],
    )


async def test_recognises_an_utterance_in_austrian_german(local_cloud, http) -> None:
    local_cloud.transcript = "wann habt ihr offen"

    text = await transcriber(local_cloud, http).transcribe(PCM)

    assert text == "wann habt ihr offen"
    (request,) = local_cloud.of("google")
    assert request.path == "/v1/speech:recognize"
    assert request.query == {}  # the key is a header, never in the URL
    assert request.headers["X-Goog-Api-Key"] == GOOGLE_KEY
    config = request.body["config"]
    assert config["languageCode"] == "de-AT"
    assert (config["encoding"], config["sampleRateHertz"]) == ("LINEAR16", 8000)
    assert config["model"] == "phone_call"
    assert config["speechContexts"] == [
        {"phrases": ["Wann habt ihr offen?", "Was kostet ein Haarschnitt?"]}
    ]
    assert base64.b64decode(request.body["audio"]["content"]) == PCM


async def test_silence_sends_nothing(local_cloud, http) -> None:
    assert await transcriber(local_cloud, http).transcribe(b"") == ""
    assert local_cloud.requests == []


@pytest.mark.parametrize(
    ("mode", "key", "message"),
    [
        ("error", GOOGLE_KEY, "HTTP 500"),
        ("hang", GOOGLE_KEY, "timed out"),
        ("garbage", GOOGLE_KEY, "not JSON"),
        ("ok", "AIzaWrongKey", "HTTP 403"),
    ],
)
async def test_failures_raise_a_loggable_error(local_cloud, http, mode, key, message) -> None:
    local_cloud.mode["google"] = mode

    with pytest.raises(SpeechServiceError, match=message) as failure:
        await transcriber(local_cloud, http, key).transcribe(PCM)

    assert key not in str(failure.value)


async def test_unreachable_service(http) -> None:
    closed = GoogleTranscriber(
        api_key=GOOGLE_KEY, language="de-AT", client=http, base_url="http://127.0.0.1:9"
    )
    with pytest.raises(SpeechServiceError, match="unreachable"):
        await closed.transcribe(PCM)
