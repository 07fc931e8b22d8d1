"""What reaches the conversation: from the caller's side of the stream an utterance that
has ended, or a key pressed — queued in the order they happened and each answered; a
barge-in drops none of them (the conversation decides what an utterance over the bot
means) — and from the bot's side a streamed answer the model has finished writing, whose
action (goodbye, hand-over) is known only then."""

from __future__ import annotations

from dataclasses import dataclass

from integrations.dialogue.base import AnswerStream
from voice_runtime.playback import Reply
from voice_runtime.turn_detection import UtteranceEnded


@dataclass(frozen=True, slots=True)
class CallerSpoke:
    utterance: UtteranceEnded
    over_bot: bool  # the bot was talking when the caller's utterance ended


@dataclass(frozen=True, slots=True)
class KeyPressed:
    digit: str


@dataclass(frozen=True, slots=True)
class Answered:
    answer: AnswerStream
    reply: Reply  # the reply saying it


CallerEvent = CallerSpoke | KeyPressed
ConversationEvent = CallerEvent | Answered
