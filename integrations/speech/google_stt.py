"""Google Cloud Speech-to-Text for a call's utterances (REST v1 `speech:recognize`).

The runtime already finds the end of each caller turn itself (turn_detection.py), so each
utterance is one synchronous recognition request: 16-bit PCM at 8 kHz, the bot's language
(de-AT first), Google's telephone model, and the bot's FAQ questions as phrase hints. The
streaming API is gRPC-only; for utterances of a few seconds one request costs about the
same and keeps this a plain HTTPS call that tests can answer from a local server.

The API key travels in the `X-Goog-Api-Key` header, never in the URL, so it cannot end up
in an access log. Failures raise SpeechServiceError with a message that names the status,
never the key or the audio.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import Any

import httpx

from integrations.speech.audio import SAMPLE_RATE
from integrations.speech.base import SpeechServiceError

DEFAULT_BASE_URL = "https://speech.googleapis.com"
# Google's limits for phrase hints: 5,000 phrases, 100 characters each; a few dozen suffice.
MAX_HINTS = 50
MAX_HINT_CHARS = 100


def recognize_request(pcm8k: bytes, language: str, hints: Iterable[str] = ()) -> dict[str, Any]:
    """The JSON body of one `speech:recognize` request."""
    config: dict[str, Any] = {
        "encoding": "LINEAR16",
        "sampleRateHertz": SAMPLE_RATE,
        "audioChannelCount": 1,
        "languageCode": language,
        "model": "phone_call",
        "useEnhanced": True,
        "enableAutomaticPunctuation": True,
    }
    phrases = [hint[:MAX_HINT_CHARS] for hint in hints if hint.strip()][:MAX_HINTS]
    if phrases:
        config["speechContexts"] = [{"phrases": phrases}]
    return {"config": config, "audio": {"content": base64.b64encode(pcm8k).decode("ascii")}}


def transcript_of(answer: Any) -> str:
    """The best alternative of each result, joined. An answer without results is silence."""
    if not isinstance(answer, dict):
        raise SpeechServiceError("Google Speech answered something that is not an object")
    parts = []
    for result in answer.get("results") or []:
        alternatives = result.get("alternatives") if isinstance(result, dict) else None
        if alternatives and isinstance(alternatives[0], dict):
            parts.append(str(alternatives[0].get("transcript", "")).strip())
    return " ".join(part for part in parts if part)


class GoogleTranscriber:
    """One per call; the HTTP client is shared by every call of the runtime process."""

    def __init__(
        self,
        *,
        api_key: str,
        language: str,
        client: httpx.AsyncClient,
        base_url: str = DEFAULT_BASE_URL,
        hints: Iterable[str] = (),
    ) -> None:
        self._api_key = api_key
        self._language = language
        self._client = client
        self._url = base_url.rstrip("/") + "/v1/speech:recognize"
        self._hints = tuple(hints)

    async def transcribe(self, pcm8k: bytes) -> str:
        if not pcm8k:
            return ""
        body = recognize_request(pcm8k, self._language, self._hints)
        try:
            response = await self._client.post(
                self._url, json=body, headers={"X-Goog-Api-Key": self._api_key}
            )
        except httpx.TimeoutException:
            raise SpeechServiceError("Google Speech timed out") from None
        except httpx.HTTPError as error:
            raise SpeechServiceError(
                f"Google Speech unreachable ({type(error).__name__})"
            ) from None
        if response.status_code != 200:
            raise SpeechServiceError(f"Google Speech answered HTTP {response.status_code}")
        try:
            answer = response.json()
        except ValueError:
            raise SpeechServiceError("Google Speech answered something that is not JSON") from None
        return transcript_of(answer)

    async def prepare(self) -> None:
        return None

    async def aclose(self) -> None:
        return None  # the shared client is closed with the runtime
