"""The cloud engines a bot may choose, built from the settings and the call's credentials.

Each builder returns None when the bot did not choose that cloud engine or no key is
stored for it (tenant's or platform's); the call then uses the offline engine. One HTTP
client is shared by every call of the runtime process, so calls reuse warm TLS connections
to the services instead of paying a handshake per utterance.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import httpx

from core.settings import Settings
from integrations.dialogue.base import BotProfile
from integrations.dialogue.openai_chat import OpenAIChatDialogue
from integrations.speech.base import Synthesizer, Transcriber
from integrations.speech.elevenlabs_tts import ElevenLabsSynthesizer, voice_id_for
from integrations.speech.google_stt import GoogleTranscriber

log = logging.getLogger(__name__)

Credentials = dict[str, str]
# A chat answer may take this many read timeouts in all before the offline engine answers.
ANSWER_TIMEOUTS = 2.5


@dataclass
class CloudServices:
    """Where the cloud engines are and how long they may take; owns the shared client."""

    google_speech_url: str = "https://speech.googleapis.com"
    elevenlabs_url: str = "https://api.elevenlabs.io"
    elevenlabs_model: str = "eleven_flash_v2_5"
    elevenlabs_voice_id: str = "21m00Tcm4TlvDq8ikWAM"
    openai_url: str = "https://api.openai.com/v1"
    openai_model: str = "gpt-4o-mini"
    timeout_s: float = 3.0
    _client: httpx.AsyncClient | None = field(default=None, repr=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> CloudServices:
        return cls(
            google_speech_url=settings.google_speech_base_url,
            elevenlabs_url=settings.elevenlabs_base_url,
            elevenlabs_model=settings.elevenlabs_model,
            elevenlabs_voice_id=settings.elevenlabs_default_voice_id,
            openai_url=settings.openai_base_url,
            openai_model=settings.openai_model,
            timeout_s=settings.voice_cloud_timeout_s,
        )

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(
                timeout=httpx.Timeout(self.timeout_s),
                limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
            )
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None


def _key(engine: str, credentials: Credentials, profile: BotProfile) -> str | None:
    key = credentials.get(engine)
    if not key:
        log.warning(
            "bot %s chose %s but no key is stored; using the offline engine", profile.id, engine
        )
    return key


def transcriber(
    profile: BotProfile, credentials: Credentials, cloud: CloudServices
) -> Transcriber | None:
    if profile.stt_engine != "google" or not (key := _key("google", credentials, profile)):
        return None
    return GoogleTranscriber(
        api_key=key,
        language=profile.language,
        client=cloud.client,
        base_url=cloud.google_speech_url,
        hints=[question for question, _answer in profile.faq],
    )


def synthesizer(
    profile: BotProfile, credentials: Credentials, cloud: CloudServices
) -> Synthesizer | None:
    if profile.tts_engine != "elevenlabs" or not (key := _key("elevenlabs", credentials, profile)):
        return None
    return ElevenLabsSynthesizer(
        api_key=key,
        voice_id=voice_id_for(profile.voice, cloud.elevenlabs_voice_id),
        language=profile.language,
        client=cloud.client,
        model=cloud.elevenlabs_model,
        base_url=cloud.elevenlabs_url,
    )


def dialogue(
    profile: BotProfile, credentials: Credentials, cloud: CloudServices
) -> OpenAIChatDialogue | None:
    if profile.dialogue_engine != "openai" or not (key := _key("openai", credentials, profile)):
        return None
    return OpenAIChatDialogue(
        profile,
        api_key=key,
        client=cloud.client,
        model=cloud.openai_model,
        base_url=cloud.openai_url,
        answer_timeout_s=cloud.timeout_s * ANSWER_TIMEOUTS,
    )
