"""Synthesize: a reply's text → μ-law audio, sentence by sentence, each sentence's audio
appended to the reply as it streams in, so the player starts on a sentence's first audio
while TTS works on the rest. The text may itself be streaming (a chat model writing it):
each sentence goes to TTS as soon as it is complete. Counts the characters sent to TTS
(the call's usage) and notes when the first audio came.

A reply the bot expects to give next can be synthesized ahead (`prepare`): a booking's
confirmation while the caller is asked "shall I book it?", so that after their "yes" the
confirmation's audio waits only for the booking, not for TTS as well.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import aclosing

from integrations.speech.base import Synthesizer
from voice_runtime.call_tasks import Spawn, spawn_task
from voice_runtime.playback import Reply, ReplyChunk

log = logging.getLogger(__name__)

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(text: str) -> list[str]:
    return [sentence for sentence in SENTENCE_END.split(text.strip()) if sentence]


async def written_sentences(pieces: AsyncGenerator[str, None]) -> AsyncGenerator[str, None]:
    """The sentences of a text that arrives in pieces, each as soon as the next begins."""
    rest = ""
    async with aclosing(pieces):
        async for piece in pieces:
            *complete, rest = SENTENCE_END.split(rest + piece)
            for sentence in complete:
                if sentence.strip():
                    yield sentence.strip()
    if rest.strip():
        yield rest.strip()


async def _whole(text: str) -> AsyncGenerator[str, None]:
    yield text


class Synthesis:
    def __init__(
        self, synthesizer: Synthesizer, *, now: Callable[[], float] = time.monotonic
    ) -> None:
        self._synthesizer = synthesizer
        self._now = now
        self.characters = 0
        self._ahead: dict[str, asyncio.Task[list[bytes]]] = {}

    def prepare(self, text: str, spawn: Spawn = spawn_task) -> None:
        """Synthesize `text` ahead of saying it; a later reply that says one of its
        sentences takes the audio from here (waiting for it if it is still being made).
        What was prepared before and not said is dropped. Its characters count when said."""
        for task in self._ahead.values():
            task.cancel()
        self._ahead = {
            sentence: spawn(self._audio_ahead, sentence, name="tts-ahead")
            for sentence in sentences(text)
        }

    async def prepared(self) -> None:
        """Until what was prepared is synthesized (the bench's caller answers after it)."""
        await asyncio.gather(*self._ahead.values())

    async def _audio_ahead(self, sentence: str) -> list[bytes]:
        try:
            return [audio async for audio in self._synthesizer.synthesize(sentence)]
        except Exception:  # said later, the sentence goes to the voice again
            log.warning("synthesizing ahead failed", exc_info=True)
            return []

    async def fill(self, reply: Reply, text: str | AsyncGenerator[str, None]) -> None:
        """Synthesize `text` (or the pieces it comes in) into `reply`; the reply is
        complete when this returns, also when it is cancelled or the voice fails.
        Cancelling it stops the text's writer too."""
        pieces = _whole(text) if isinstance(text, str) else text
        try:
            async with aclosing(written_sentences(pieces)) as written:
                async for sentence in written:
                    if reply.first_text_at is None:
                        reply.first_text_at = self._now()
                    await self._say(reply, sentence)
        except Exception:
            # A voice that breaks ends this reply with what it said; the call goes on
            # (cloud voices fall back by themselves, engines.py).
            log.exception("synthesis failed; the reply ends with what was synthesised")
        finally:
            reply.done_adding()

    async def _say(self, reply: Reply, sentence: str) -> None:
        requested = self._now()
        chunk: ReplyChunk | None = None
        async for audio in self._voice(sentence):
            if chunk is None:
                if reply.first_audio_after is None:
                    reply.first_audio_after = self._now() - requested
                chunk = ReplyChunk(sentence, b"", complete=False)
                reply.add(chunk)
            reply.grew(chunk, audio)
        self.characters += len(sentence)
        if chunk is None:
            reply.add(ReplyChunk(sentence, b""))
        else:
            reply.grew(chunk, b"", complete=True)

    async def _voice(self, sentence: str) -> AsyncIterator[bytes]:
        """The sentence's audio: prepared ahead, or from the voice now."""
        ahead = self._ahead.pop(sentence, None)
        prepared = await ahead if ahead is not None else []
        if prepared:
            for audio in prepared:
                yield audio
            return
        async for audio in self._synthesizer.synthesize(sentence):
            yield audio
