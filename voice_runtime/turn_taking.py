"""Detect turns, and yield to a caller who talks over the bot.

Each 20 ms frame of the caller's audio goes through the turn detector. At the onset of
speech the bot goes on 6 dB softer at once; it stops (`clear`), keeping its reply until the
words decide, as soon as the caller's first words begin an interruption (first_words.py:
"wait", "sorry", "what", where the recogniser can hear a moment's audio) or the caller has
talked over it for longer than an acknowledgement (`interrupt_ms`). Each utterance that
ends is queued for the conversation, saying whether the bot was talking when it ended; a
pause that may end it is passed on at once (`paused`: transcription.py decodes ahead).
Shorter speech does not stop the bot: "mhm" while it talks leaves no gap, and short words
that are not an acknowledgement stop it once they are heard (conversation.py).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from voice_runtime.call_state import CallClock
from voice_runtime.caller_events import CallerSpoke, ConversationEvent
from voice_runtime.first_words import FirstWords
from voice_runtime.playback import Player
from voice_runtime.turn_detection import Paused, SpeechStarted, TurnDetector, UtteranceEnded


class TurnTaking:
    def __init__(
        self,
        detector: TurnDetector,
        player: Player,
        events: asyncio.Queue[ConversationEvent],
        clock: CallClock,
        *,
        interrupt_ms: int,
        first_words: FirstWords | None = None,
        paused: Callable[[Paused], None] | None = None,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._detector = detector
        self._player = player
        self._events = events
        self._clock = clock
        self._interrupt_ms = interrupt_ms
        self._first_words = first_words
        self._paused = paused
        self._now = now

    @property
    def caller_speaking(self) -> bool:
        return self._detector.in_speech

    async def on_audio(self, frame: bytes) -> None:
        """One 20 ms frame of the caller's PCM."""
        now = self._now()
        event = self._detector.process(frame, now)
        if isinstance(event, SpeechStarted):
            self._clock.active(now)
            self._player.duck()  # softer at once; the speech's length or words decide the rest
            if self._first_words is not None:
                self._first_words.speech_started()
        elif isinstance(event, UtteranceEnded):
            self._clock.active(now)
            self._events.put_nowait(CallerSpoke(event, over_bot=self._player.speaking))
            if self._first_words is not None:
                self._first_words.speech_ended()
        elif isinstance(event, Paused) and self._paused is not None:
            self._paused(event)  # the turn may be ending: its words can be decoded now
        if self._player.held or not self._player.speaking:
            return
        if self._talked_over():
            await self._player.hold()  # `clear` now; the words decide later if the bot goes on
        elif self._first_words is not None and self._detector.in_speech:
            self._first_words.listen(self._detector)

    def _talked_over(self) -> bool:
        """Caller speech over the bot, longer than an acknowledgement."""
        return self._detector.speech_ms >= self._interrupt_ms
