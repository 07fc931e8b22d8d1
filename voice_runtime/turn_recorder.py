"""Record: each turn as it is said — into the turns the journal stores, the dialogue's
history and the runtime's metrics.

A caller's turn is recorded once it is heard. A bot's turn is recorded when its reply
ends: only then is it known what the caller heard of it (all of it, or the sentences
played before a barge-in). Turns that begin while a reply plays wait behind it
(pending_turns.py), so the call's turns are stored in the order they began.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from integrations.dialogue.base import HistoryTurn
from models import Speaker
from services.call_records import TurnRecord
from voice_runtime.call_state import CallClock, milliseconds
from voice_runtime.metrics import RuntimeMetrics
from voice_runtime.pending_turns import PendingTurns
from voice_runtime.playback import Reply
from voice_runtime.turn_detection import UtteranceEnded


@dataclass(frozen=True, slots=True)
class BotTurn:
    """A reply as it starts: what its record needs once it ends."""

    started: float  # monotonic seconds
    hold: int  # in PendingTurns, until the reply is recorded
    trigger: UtteranceEnded | None  # the caller's utterance it answers, if any
    stt_ms: int | None
    dialogue_ms: int | None


class TurnRecorder:
    def __init__(
        self,
        turns: PendingTurns,
        history: list[HistoryTurn],
        clock: CallClock,
        metrics: RuntimeMetrics,
        *,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._turns = turns
        self._history = history
        self._clock = clock
        self._metrics = metrics
        self._now = now

    def caller(self, text: str, at: float, *, stt_ms: int | None = None) -> None:
        """The caller said (or keyed) `text`, beginning at `at`."""
        self._record(
            TurnRecord(Speaker.CALLER, text, self._started_ms(at), self._ended_ms(), stt_ms=stt_ms)
        )

    def reply_started(
        self,
        *,
        trigger: UtteranceEnded | None = None,
        stt_ms: int | None = None,
        dialogue_ms: int | None = None,
    ) -> BotTurn:
        started = self._now()
        hold = self._turns.hold(self._clock.ms_at(started))
        return BotTurn(started, hold, trigger, stt_ms, dialogue_ms)

    def reply_ended(self, reply: Reply, turn: BotTurn) -> None:
        """The reply has finished or was cut off: record what the caller heard of it."""
        text = reply.heard_text if reply.interrupted else reply.text
        latency = None
        if turn.trigger is not None and reply.first_frame_at is not None:
            first_frame, trigger = reply.first_frame_at, turn.trigger
            latency = milliseconds(first_frame - trigger.last_voice_at)
            self._metrics.reply_overhead.add((first_frame - trigger.detected_at) * 1000)
        if text or not reply.interrupted:
            first_audio = reply.first_audio_after
            self._record(
                TurnRecord(
                    Speaker.BOT,
                    text,
                    self._started_ms(turn.started),
                    self._ended_ms(),
                    stt_ms=turn.stt_ms,
                    dialogue_ms=turn.dialogue_ms,
                    tts_first_audio_ms=None if first_audio is None else milliseconds(first_audio),
                    turn_latency_ms=latency,
                    interrupted=reply.interrupted,
                )
            )
        self._clock.active(self._now())
        self._turns.release(turn.hold)

    def _started_ms(self, at: float) -> int:
        return max(0, self._clock.ms_at(at))

    def _ended_ms(self) -> int:
        return self._clock.ms_at(self._now())

    def _record(self, turn: TurnRecord) -> None:
        self._turns.add(turn)
        self._history.append(HistoryTurn(turn.speaker.value, turn.text))
        self._metrics.turn_recorded(turn)
