"""Hear the first words of caller speech over the bot, and stop the bot at once when they
begin an interruption.

How long the caller has talked cannot tell an acknowledgement from an interruption soon
enough: espeak-ng's "mhm", "okay", "ja genau" are 360–740 ms of voice, a question's first
word 460–500 ms. Words can. A quarter second into the caller's speech over the bot
(`FIRST_LOOK_MS` of voice) its audio so far is decoded for its first word or two — a short
decode (whisper_stt.decode_first_words, ~0.15 s) — and if they begin an interruption
("wait", "sorry", "no", "what", "can I": lexicon.interruption_opener) and the next look,
`NEXT_LOOK_MS` later, begins with the same word, the bot is held (`clear`) while the caller
is still talking. One look alone is not enough: on a quarter second of a word Whisper guesses
("Tuesday" came back "Who", "Seven" "Can" in about one look of four), and the second look at
the longer audio rarely repeats the guess. Anything else — an acknowledgement, a hum, a
word nobody could make out — leaves the bot talking (softer, turn_taking.py) and is looked
at again `NEXT_LOOK_MS` later, until the speech's length (`interrupt_ms`) or its words at
its end decide as before (conversation.py).

Only a recogniser that can decode a moment's audio offers first words (Whisper, English);
an offline German bot hears no words and goes by length alone. A look that fails or comes
back after the speech ended changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from integrations.dialogue.lexicon import interruption_opener
from voice_runtime.call_tasks import Spawn, spawn_task
from voice_runtime.playback import Player
from voice_runtime.turn_detection import TurnDetector

log = logging.getLogger(__name__)

# Voiced speech over the bot before its first words are looked at, and between looks.
# At 240 ms Whisper tiny.en heard the first word of 10 of 14 English espeak-ng onsets right
# (the others: nothing, or a hesitation), and every "mhm", "okay", "yeah" as an acknowledgement.
FIRST_LOOK_MS = 240
NEXT_LOOK_MS = 200

HearFirstWords = Callable[[bytes], Awaitable[str]]


class FirstWords:
    def __init__(
        self,
        hear: HearFirstWords,
        player: Player,
        *,
        spawn: Spawn = spawn_task,
        first_look_ms: int = FIRST_LOOK_MS,
        next_look_ms: int = NEXT_LOOK_MS,
    ) -> None:
        self._hear = hear
        self._player = player
        self._spawn = spawn
        self._first_look_ms = first_look_ms
        self._next_look_ms = next_look_ms
        self._utterance = 0  # counts the caller's utterances: a late look knows it is late
        self._next_ms = first_look_ms
        self._looking = False
        self._opener: str | None = None  # the interruption's first word the last look heard

    def speech_started(self) -> None:
        self._utterance += 1
        self._next_ms = self._first_look_ms
        self._opener = None

    def speech_ended(self) -> None:
        self._utterance += 1

    def listen(self, detector: TurnDetector) -> None:
        """Caller speech over the bot goes on (one 20 ms frame more): look at its words
        once it is long enough, one look at a time."""
        if self._looking or detector.speech_ms < self._next_ms or not self._player.speaking:
            return
        self._looking = True
        self._next_ms = detector.speech_ms + self._next_look_ms
        self._spawn(self._look, detector.utterance_pcm, self._utterance, name="first-words")

    async def _look(self, pcm: bytes, utterance: int) -> None:
        try:
            heard = await self._hear(pcm)
        except Exception as error:  # a busy or broken pool: length and words decide later
            log.warning("first words not heard: %r", error)
            return
        finally:
            self._looking = False
        if utterance != self._utterance:
            return
        opener = interruption_opener(heard)
        if opener is not None and opener == self._opener:
            await self._player.hold()
        self._opener = opener
