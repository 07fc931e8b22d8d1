"""Say a reply: synthesis fills it sentence by sentence (synthesis.py), the player paces it
out (playback.py), and the bot's turn is recorded once it has finished or was cut off
(turn_recorder.py). `say` returns at once; both tasks run in the call's task group.
"""

from __future__ import annotations

import asyncio
import uuid

from integrations.dialogue.phrases import phrase
from voice_runtime.engines import FailureFlag
from voice_runtime.playback import Player, Reply, Spawn
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
        text: str,
        *,
        trigger: UtteranceEnded | None = None,
        stt_ms: int | None = None,
        dialogue_ms: int | None = None,
        interruptible: bool = True,
    ) -> Reply:
        """Start saying `text` — after the apology, if a cloud engine failed since the
        last reply — and return the reply being said."""
        if self._failures.take_apology():
            text = phrase("apology", self._language) + " " + text
        reply = Reply(id=uuid.uuid4().hex[:8], interruptible=interruptible)
        turn = self._recorder.reply_started(trigger=trigger, stt_ms=stt_ms, dialogue_ms=dialogue_ms)
        synthesis = self._spawn(self._synthesis.fill(reply, text), name=f"tts-{reply.id}")
        self._player.start(reply)
        self._spawn(self._see_through(reply, synthesis, turn), name=f"reply-{reply.id}")
        return reply

    async def _see_through(
        self, reply: Reply, synthesis: asyncio.Task[None], turn: BotTurn
    ) -> None:
        try:
            await reply.finished.wait()
        finally:  # also when the call ends meanwhile: what was said is recorded
            synthesis.cancel()  # a reply cut off needs no more of its sentences
            self._recorder.reply_ended(reply, turn)
