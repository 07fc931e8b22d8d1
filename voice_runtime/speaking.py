"""Say a reply: synthesis fills it sentence by sentence (synthesis.py), the player paces it
out (playback.py), and the bot's turn is recorded once it has finished or was cut off
(turn_recorder.py). `say` returns at once; both tasks run in the call's task group. A reply
may be said as a chat model writes it: cutting the reply off stops the model too.
"""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from collections.abc import AsyncGenerator, Callable
from contextlib import aclosing

from integrations.dialogue.phrases import phrase
from voice_runtime.call_tasks import Spawn
from voice_runtime.engines import FailureFlag
from voice_runtime.playback import Player, Reply
from voice_runtime.synthesis import Synthesis
from voice_runtime.turn_detection import UtteranceEnded
from voice_runtime.turn_recorder import BotTurn, TurnRecorder


class Speaking:
    def __init__(
        self,
        synthesis: Synthesis,
        player: Player,
        recorder: TurnRecorder,
        failures: FailureFlag,
        *,
        language: str,
        spawn: Spawn,
    ) -> None:
        self._synthesis = synthesis
        self._player = player
        self._recorder = recorder
        self._failures = failures
        self._language = language
        self._spawn = spawn

    def say(
        self,
        text: str | AsyncGenerator[str, None],
        *,
        trigger: UtteranceEnded | None = None,
        stt_ms: int | None = None,
        dialogue_ms: int | None = None,
        written_from: float | None = None,
        written: Callable[[Reply], None] | None = None,
        interruptible: bool = True,
    ) -> Reply:
        """Start saying `text` — after the apology, if a cloud engine failed since the
        last reply — and return the reply being said. `text` may come in pieces as a model
        writes it (asked at `written_from`, monotonic); `written` is told once all of it has
        been synthesized."""
        if isinstance(text, str):
            if self._failures.take_apology():
                text = phrase("apology", self._language) + " " + text
        else:
            text = self._apologising(text)
        reply = Reply(id=uuid.uuid4().hex[:8], interruptible=interruptible)
        turn = self._recorder.reply_started(trigger=trigger, stt_ms=stt_ms, dialogue_ms=dialogue_ms)
        synthesis = self._spawn(self._fill, reply, text, written, name=f"tts-{reply.id}")
        self._player.start(reply)
        self._spawn(
            self._see_through, reply, synthesis, turn, written_from, name=f"reply-{reply.id}"
        )
        return reply

    def prepare(self, text: str) -> None:
        """Synthesize ahead what the bot expects to say next (synthesis.py `prepare`)."""
        self._synthesis.prepare(text, self._spawn)

    async def _apologising(self, pieces: AsyncGenerator[str, None]) -> AsyncGenerator[str, None]:
        """The pieces, after the apology if one is due by the time the first has come (the
        model may have failed meanwhile, and the offline engine answers instead)."""
        first = True
        async with aclosing(pieces):
            async for piece in pieces:
                if first and self._failures.take_apology():
                    yield phrase("apology", self._language) + " "
                first = False
                yield piece

    async def _fill(
        self,
        reply: Reply,
        text: str | AsyncGenerator[str, None],
        written: Callable[[Reply], None] | None,
    ) -> None:
        await self._synthesis.fill(reply, text)
        if written is not None:
            written(reply)  # not when cut off: a cancelled fill does not get here

    async def _see_through(
        self,
        reply: Reply,
        synthesis: asyncio.Task[None],
        turn: BotTurn,
        written_from: float | None,
    ) -> None:
        try:
            await reply.finished.wait()
        finally:  # also when the call ends meanwhile: what was said is recorded
            synthesis.cancel()  # a reply cut off needs no more of its sentences (nor model)
            if written_from is not None and reply.first_text_at is not None:
                # A streamed answer: the model's time is until its first sentence.
                dialogue_ms = round((reply.first_text_at - written_from) * 1000)
                turn = dataclasses.replace(turn, dialogue_ms=dialogue_ms)
            self._recorder.reply_ended(reply, turn)
