"""Synthesize: a reply's text → μ-law audio, sentence by sentence, appended to the reply as
each sentence is ready, so the player starts on the first while TTS works on the next.
Counts the characters sent to TTS (the call's usage) and notes when the first audio came.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

from integrations.speech.base import Synthesizer
from voice_runtime.playback import Reply, ReplyChunk

log = logging.getLogger(__name__)

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(text: str) -> list[str]:
    return [sentence for sentence in SENTENCE_END.split(text.strip()) if sentence]


class Synthesis:
    def __init__(
        self, synthesizer: Synthesizer, *, now: Callable[[], float] = time.monotonic
    ) -> None:
        self._synthesizer = synthesizer
        self._now = now
        self.characters = 0

    async def fill(self, reply: Reply, text: str) -> None:
        """Synthesize `text` into `reply`; the reply is complete when this returns, also
        when it is cancelled or the voice fails."""
        requested = self._now()
        try:
            for sentence in sentences(text):
                audio = bytearray()
                async for chunk in self._synthesizer.synthesize(sentence):
                    if reply.first_audio_after is None:
                        reply.first_audio_after = self._now() - requested
                    audio += chunk
                self.characters += len(sentence)
                reply.add(ReplyChunk(sentence, bytes(audio)))
        except Exception:
            # A voice that breaks ends this reply with what it said; the call goes on
            # (cloud voices fall back by themselves, engines.py).
            log.exception("synthesis failed; the reply ends with what was synthesised")
        finally:
            reply.done_adding()
