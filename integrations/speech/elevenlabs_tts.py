"""ElevenLabs streaming text to speech, straight in the telephone's format.

`POST /v1/text-to-speech/{voice_id}/stream?output_format=ulaw_8000` answers with raw μ-law
8 kHz audio as it is generated, which is exactly what Twilio plays: no decoding, no
resampling. The key travels in the `xi-api-key` header. Failures — before or during the
stream — raise SpeechServiceError naming the status only.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import httpx

from integrations.speech.base import SpeechServiceError

DEFAULT_BASE_URL = "https://api.elevenlabs.io"
OUTPUT_FORMAT = "ulaw_8000"
# ElevenLabs voice ids are 20 letters and digits; anything else in Bot.voice ("default", an
# espeak voice such as "de") means the platform's default voice.
VOICE_ID = re.compile(r"[A-Za-z0-9]{16,40}")


def voice_id_for(bot_voice: str | None, default_voice_id: str) -> str:
    return bot_voice if bot_voice and VOICE_ID.fullmatch(bot_voice) else default_voice_id


def speech_request(text: str, model: str, language: str) -> dict[str, Any]:
    """The JSON body of one streaming request."""
    return {
        "text": text,
        "model_id": model,
        # ISO 639-1: the flash/turbo v2.5 models take it to read numbers and names right.
        "language_code": language.split("-")[0].lower(),
    }


class ElevenLabsSynthesizer:
    def __init__(
        self,
        *,
        api_key: str,
        voice_id: str,
        language: str,
        client: httpx.AsyncClient,
        model: str = "eleven_flash_v2_5",
        base_url: str = DEFAULT_BASE_URL,
    ) -> None:
        self._api_key = api_key
        self._language = language
        self._model = model
        self._client = client
        self._url = f"{base_url.rstrip('/')}/v1/text-to-speech/{voice_id}/stream"

    async def synthesize(self, text: str) -> AsyncIterator[bytes]:
        headers = {"xi-api-key": self._api_key, "Accept": "audio/basic"}
        body = speech_request(text, self._model, self._language)
        try:
            async with self._client.stream(
                "POST",
                self._url,
                params={"output_format": OUTPUT_FORMAT},
                json=body,
                headers=headers,
            ) as response:
                if response.status_code != 200:
                    raise SpeechServiceError(f"ElevenLabs answered HTTP {response.status_code}")
                async for chunk in response.aiter_bytes():
                    if chunk:
                        yield chunk
        except httpx.TimeoutException:
            raise SpeechServiceError("ElevenLabs timed out") from None
        except httpx.HTTPError as error:
            raise SpeechServiceError(f"ElevenLabs unreachable ({type(error).__name__})") from None

    async def aclose(self) -> None:
        return None  # the shared client is closed with the runtime
