"""Transcribe: an utterance the turn detector cut out → the caller's words, with the time
recognition took and the seconds of audio it was given (the call's STT usage)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from integrations.speech.audio import SAMPLE_RATE
from integrations.speech.base import Transcriber
from voice_runtime.call_state import milliseconds
from voice_runtime.turn_detection import UtteranceEnded

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Heard:
    text: str
    stt_ms: int


class Transcription:
    def __init__(
        self,
        transcriber: Transcriber,
        *,
        call_sid: str,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._transcriber = transcriber
        self._call_sid = call_sid
        self._now = now
        self.audio_seconds = 0.0

    async def hear(self, utterance: UtteranceEnded) -> Heard:
        started = self._now()
        text = (await self._transcriber.transcribe(utterance.pcm)).strip()
        stt_ms = milliseconds(self._now() - started)
        self.audio_seconds += len(utterance.pcm) / 2 / SAMPLE_RATE
        # How much, never what: the caller's words stay out of the logs, at every level.
        log.debug(
            "call %s heard %d words (%d ms of speech)",
            self._call_sid,
            len(text.split()),
            utterance.speech_ms,
        )
        return Heard(text, stt_ms)
