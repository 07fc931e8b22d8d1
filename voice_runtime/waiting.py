"""Wait for the caller: the next utterance or key press — or the end of the call's time,
when the caller has been silent for the bot's silence timeout (time the bot talks or the
caller speaks is not silence) or the call has reached its longest length.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from models import CallOutcome
from voice_runtime.call_state import CallClock
from voice_runtime.caller_events import ConversationEvent


@dataclass(frozen=True, slots=True)
class TimeUp:
    goodbye: str  # the phrase the bot ends the call with (integrations/dialogue/phrases.py)
    outcome: CallOutcome


MAX_LENGTH = TimeUp("max_length_goodbye", CallOutcome.MAX_LENGTH)
SILENCE = TimeUp("silence_goodbye", CallOutcome.SILENCE_TIMEOUT)
# How often the deadlines are looked at again while the bot talks or the caller speaks.
RECHECK_SECONDS = 1.0


class Waiting:
    def __init__(
        self,
        events: asyncio.Queue[ConversationEvent],
        clock: CallClock,
        *,
        max_call_seconds: float,
        silence_timeout_seconds: float,
        busy: Callable[[], bool],
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._events = events
        self._clock = clock
        self._max_call_seconds = max_call_seconds
        self._silence_timeout_seconds = silence_timeout_seconds
        self._busy = busy  # the bot is talking or the caller is speaking
        self._now = now

    def post(self, event: ConversationEvent) -> None:
        self._events.put_nowait(event)

    async def next_event(self) -> ConversationEvent | TimeUp:
        while True:
            now = self._now()
            call_left = self._clock.started + self._max_call_seconds - now
            if call_left <= 0:
                return MAX_LENGTH
            if self._busy():
                self._clock.active(now)
            silence_left = self._clock.last_activity + self._silence_timeout_seconds - now
            if silence_left <= 0:
                return SILENCE
            try:
                # Not asyncio.wait_for: in Python 3.11 it returns an event that comes in the
                # moment the call is ending and drops the cancellation (call_tasks.py).
                async with asyncio.timeout(min(call_left, silence_left, RECHECK_SECONDS)):
                    return await self._events.get()
            except TimeoutError:
                continue
