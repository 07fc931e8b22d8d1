"""What reaches the conversation from the caller's side of the stream: an utterance that
has ended, or a key pressed. Both are queued in the order they happened and each is
answered; a barge-in drops none of them (the conversation decides what an utterance over
the bot means)."""

from __future__ import annotations

from dataclasses import dataclass

from voice_runtime.turn_detection import UtteranceEnded


@dataclass(frozen=True, slots=True)
class CallerSpoke:
    utterance: UtteranceEnded
    over_bot: bool  # the bot was talking when the caller's utterance ended


@dataclass(frozen=True, slots=True)
class KeyPressed:
    digit: str


CallerEvent = CallerSpoke | KeyPressed
