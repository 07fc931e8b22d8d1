"""Transcribe: an utterance the turn detector cut out → the caller's words, with the time
recognition took and the seconds of audio it was given (the call's STT usage).

Decoding ahead (`ahead=True`, for a recogniser whose decodes cost only CPU: offline Whisper):
when the caller pauses (turn_detection.Paused, ~100 ms of silence) the utterance so far is
decoded at once, while the turn detector still waits out the rest of the end-of-turn
silence. If the turn then ends with no more voice, that decode is the utterance's words and
the wait was not spent idle; if the caller goes on, it is dropped at their next pause (which
is decoded in its place) or when the turn ends: a decode still waiting for a worker never
runs, one already in a worker finishes (the price is CPU, not the caller's time). The turn
itself still ends only after the full end-of-turn silence: a pause inside a sentence never
ends it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from integrations.speech.audio import SAMPLE_RATE
from integrations.speech.base import Transcriber
from voice_runtime.call_state import milliseconds
from voice_runtime.call_tasks import Spawn, spawn_task
from voice_runtime.turn_detection import Paused, UtteranceEnded

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Heard:
    text: str
    stt_ms: int


@dataclass(frozen=True, slots=True)
class _Ahead:
    paused: Paused
    started: float  # monotonic, when its decode began
    decode: asyncio.Task[str | None]  # None: the decode failed; the utterance is decoded anew

    def answers(self, utterance: UtteranceEnded) -> bool:
        """Whether the utterance (which begins with this audio) ended with no voice after it."""
        return utterance.speech_ms == self.paused.speech_ms


class Transcription:
    def __init__(
        self,
        transcriber: Transcriber,
        *,
        call_sid: str,
        ahead: bool = False,
        spawn: Spawn = spawn_task,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._transcriber = transcriber
        self._call_sid = call_sid
        self._decodes_ahead = ahead
        self._spawn = spawn
        self._now = now
        self._ahead: list[_Ahead] = []
        self.audio_seconds = 0.0

    def paused(self, paused: Paused) -> None:
        """The caller paused: decode what they said so far (if decoding ahead)."""
        if not self._decodes_ahead:
            return
        if (talked_past := self._take_own(paused.pcm)) is not None:
            talked_past.decode.cancel()
        decode = self._spawn(self._decode, paused.pcm, name="decode-ahead")
        self._ahead.append(_Ahead(paused, self._now(), decode))

    async def hear(self, utterance: UtteranceEnded) -> Heard:
        ahead = self._take_ahead(utterance)
        started = self._now()
        text = None
        if ahead is not None:
            started, text = ahead.started, await ahead.decode
        if text is None:
            text = await self._transcriber.transcribe(utterance.pcm)
        text = text.strip()
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

    def _take_ahead(self, utterance: UtteranceEnded) -> _Ahead | None:
        """The decode of this utterance at the pause it ended with, if one was made; one of
        an earlier pause (the caller talked on) is dropped."""
        ahead = self._take_own(utterance.pcm)
        if ahead is None or ahead.answers(utterance):
            return ahead
        ahead.decode.cancel()
        return None

    def _take_own(self, pcm: bytes) -> _Ahead | None:
        """The decode ahead of the utterance `pcm` is (so far), taken off the list: at most
        one, as each pause takes its earlier one's place. A later utterance's stays."""
        ahead = next((ahead for ahead in self._ahead if pcm.startswith(ahead.paused.pcm)), None)
        if ahead is not None:
            self._ahead.remove(ahead)
        return ahead

    async def _decode(self, pcm: bytes) -> str | None:
        try:
            return await self._transcriber.transcribe(pcm)
        except Exception as error:  # decoded again once the turn ends, failing there if so
            log.warning("call %s: decoding ahead failed: %r", self._call_sid, error)
            return None
