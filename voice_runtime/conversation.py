"""Decide: the bot's side of the dialogue. It greets, then answers each caller event in
turn — an utterance (heard by transcription.py, answered by the dialogue engine), a key
press (0: a person) — or says goodbye when the call's time is up (waiting.py). What a
caller said over the bot decides whether the bot goes on: an acknowledgement or a noise
lets it talk on at full volume, anything else drops the rest of its reply.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from integrations.dialogue.base import Action, BotProfile, DialogueReply, HistoryTurn
from integrations.dialogue.lexicon import is_backchannel, words
from integrations.dialogue.phrases import phrase
from models import CallOutcome
from voice_runtime.call_control import CallControl
from voice_runtime.call_state import milliseconds
from voice_runtime.caller_events import Answered, CallerSpoke, KeyPressed
from voice_runtime.engines import EngineSet
from voice_runtime.playback import Player, Reply
from voice_runtime.speaking import Speaking
from voice_runtime.transcription import Transcription
from voice_runtime.turn_recorder import TurnRecorder
from voice_runtime.waiting import TimeUp, Waiting


class CallEnded(Exception):
    """Raised inside the conversation to end the call with an outcome."""

    def __init__(self, outcome: CallOutcome) -> None:
        self.outcome = outcome


class Conversation:
    def __init__(
        self,
        *,
        engines: EngineSet,
        profile: BotProfile,
        waiting: Waiting,
        transcription: Transcription,
        speaking: Speaking,
        player: Player,
        recorder: TurnRecorder,
        history: list[HistoryTurn],
        call_control: CallControl,
        call_sid: str,
        interrupt_ms: int,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._engines = engines
        self._profile = profile
        self._waiting = waiting
        self._transcription = transcription
        self._speaking = speaking
        self._player = player
        self._recorder = recorder
        self._history = history
        self._call_control = call_control
        self._call_sid = call_sid
        self._interrupt_ms = interrupt_ms
        self._now = now

    async def run(self) -> CallOutcome:
        """Until the bot ends the call; returns how it ended."""
        try:
            self._speaking.say(self._engines.scripted.greeting())
            await self._engines.transcriber.prepare()
            while True:
                event = await self._waiting.next_event()
                if isinstance(event, TimeUp):
                    await self._goodbye(event)
                elif isinstance(event, KeyPressed):
                    await self._on_key(event.digit)
                elif isinstance(event, Answered):
                    await self._on_answered(event)
                else:
                    await self._on_utterance(event)
        except CallEnded as ended:
            return ended.outcome

    async def _on_utterance(self, spoke: CallerSpoke) -> None:
        utterance = spoke.utterance
        heard = await self._transcription.hear(utterance)
        text = heard.text
        if (spoke.over_bot or self._player.held) and (is_backchannel(text) or not words(text)):
            # An acknowledgement or a noise over the bot: it talks on at full volume. Only one
            # that ran long enough to stop it ("okay, thanks, got it") hears the cut sentence
            # again.
            self._player.resume()
            return
        if self._player.speaking:
            await self._player.cancel()  # a real interruption: the rest of the reply is dropped
        if not words(text):
            # Noise, or nothing the recogniser could make out; a bot that cannot hear at all
            # (offline German) says so when the caller spoke longer than an acknowledgement.
            if not self._engines.hears_callers and utterance.speech_ms >= self._interrupt_ms:
                key = "cannot_hear" if self._profile.handover_number else "cannot_hear_call_back"
                self._speaking.say(phrase(key, self._profile.language))
            return
        self._recorder.caller(text, utterance.last_voice_at, stt_ms=heard.stt_ms)
        dialogue_started = self._now()
        answer = await self._engines.answer(text, list(self._history))
        if answer.known is None:
            # A chat model: said sentence by sentence as it writes, the caller's next words
            # heard meanwhile (they may cut it off, model and all); what it asks for comes
            # as an event once it has written all.
            self._speaking.say(
                answer.pieces,
                trigger=utterance,
                stt_ms=heard.stt_ms,
                written_from=dialogue_started,
                written=lambda reply: self._waiting.post(Answered(answer, reply)),
            )
            return
        known = answer.known
        if known.silent:
            return  # the caller only acknowledged ("mhm"): the bot says nothing
        reply = self._speaking.say(
            known.text,
            trigger=utterance,
            stt_ms=heard.stt_ms,
            dialogue_ms=milliseconds(self._now() - dialogue_started),
            interruptible=known.action == Action.CONTINUE,
        )
        if known.ahead:
            self._speaking.prepare(known.ahead)
        await self._follow_action(known, reply)

    async def _on_answered(self, answered: Answered) -> None:
        reply, action = answered.reply, answered.answer.action
        if action == Action.CONTINUE or reply.interrupted:
            return
        # A goodbye or hand-over is said to the end, like one known at once.
        reply.interruptible = False
        if self._player.reply is reply and self._player.held:
            self._player.resume()
        await self._follow_action(DialogueReply(reply.text, action), reply)

    async def _on_key(self, digit: str) -> None:
        if digit != "0":
            return
        await self._player.cancel()
        answer = self._engines.scripted.handover()
        self._recorder.caller("[0]", self._now())
        reply = self._speaking.say(answer.text, interruptible=answer.action == Action.CONTINUE)
        await self._follow_action(answer, reply)

    async def _follow_action(self, answer: DialogueReply, reply: Reply) -> None:
        if answer.action == Action.CONTINUE:
            return
        await reply.finished.wait()
        if reply.interrupted:
            return
        if answer.action == Action.HANGUP:
            raise CallEnded(CallOutcome.RESOLVED)
        if answer.action == Action.HANDOVER:
            if await self._hand_over(answer.text):
                raise CallEnded(CallOutcome.HANDED_OVER)
            self._speaking.say(self._engines.scripted.handover_failed().text)

    async def _hand_over(self, said: str) -> bool:
        """Connect the caller to the bot's hand-over number; False when that cannot happen."""
        number = self._profile.handover_number
        if not number:
            return False
        return await self._call_control.hand_over(
            call_sid=self._call_sid, number=number, text=said, language=self._profile.language
        )

    async def _goodbye(self, time_up: TimeUp) -> None:
        await self._player.cancel()
        reply = self._speaking.say(
            phrase(time_up.goodbye, self._profile.language), interruptible=False
        )
        await reply.finished.wait()
        raise CallEnded(time_up.outcome)
