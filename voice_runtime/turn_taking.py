"""Detect turns, and yield to a caller who talks over the bot.

Each 20 ms frame of the caller's audio goes through the turn detector. At the onset of
speech the bot goes on 6 dB softer at once; once the caller has talked over it for longer
than an acknowledgement (`interrupt_ms`) it stops (`clear`), keeping its reply until the
words decide; each utterance that ends is queued for the conversation, saying whether the
bot was talking when it ended. Shorter speech does not stop the bot: "mhm" while it talks
leaves no gap, and short words that are not an acknowledgement ("stop") stop it once they
are heard (conversation.py).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from voice_runtime.call_state import CallClock
from voice_runtime.caller_events import CallerSpoke, ConversationEvent
from voice_runtime.playback import Player
from voice_runtime.turn_detection import SpeechStarted, TurnDetector, UtteranceEnded


class TurnTaking:
    def __init__(
        self,
        detector: TurnDetector,
        player: Player,
        events: asyncio.Queue[ConversationEvent],
        clock: CallClock,
        *,
        interrupt_ms: int,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._detector = detector
        self._player = player
        self._events = events
        self._clock = clock
        self._interrupt_ms = interrupt_ms
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
        elif isinstance(event, UtteranceEnded):
            self._clock.active(now)
            self._events.put_nowait(CallerSpoke(event, over_bot=self._player.speaking))
        if self._talked_over() and not self._player.held:
            await self._player.hold()  # `clear` now; the words decide later if the bot goes on

    def _talked_over(self) -> bool:
        """Caller speech over the bot, longer than an acknowledgement."""
        return self._player.speaking and self._detector.speech_ms >= self._interrupt_ms
