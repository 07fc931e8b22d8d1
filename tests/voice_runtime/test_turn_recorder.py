"""The recording processor alone: turns in, the records the journal stores and the
dialogue's history out, in the order the turns began."""

from __future__ import annotations

from dataclasses import dataclass, field

from integrations.dialogue.base import HistoryTurn
from models import Speaker
from voice_runtime.call_state import CallClock
from voice_runtime.metrics import RuntimeMetrics
from voice_runtime.pending_turns import PendingTurns
from voice_runtime.playback import Reply, ReplyChunk
from voice_runtime.turn_detection import UtteranceEnded
from voice_runtime.turn_recorder import TurnRecorder


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@dataclass
class Recording:
    """A recorder for a call that began at `clock.now`, and where its records go."""

    clock: Clock
    turns: PendingTurns = field(default_factory=PendingTurns)
    history: list[HistoryTurn] = field(default_factory=list)
    metrics: RuntimeMetrics = field(default_factory=RuntimeMetrics)

    def __post_init__(self) -> None:
        self.call_clock = CallClock.starting_at(self.clock.now)
        self.record = TurnRecorder(
            self.turns, self.history, self.call_clock, self.metrics, now=self.clock
        )


def said(*sentences: str, heard: int | None = None) -> Reply:
    reply = Reply(id="r1")
    for sentence in sentences:
        reply.add(ReplyChunk(sentence, b"\xff" * 160))
    reply.done_adding()
    if heard is not None:
        reply.interrupted, reply.heard_chunks = True, heard
    reply.finished.set()
    return reply


def test_a_callers_turn_is_recorded_once_heard() -> None:
    clock = Clock(100.0)
    call = Recording(clock)
    clock.now = 103.0
    call.record.caller("opening hours", 101.5, stt_ms=420)
    [turn] = call.turns.ready()
    assert (turn.speaker, turn.text, turn.started_ms, turn.ended_ms) == (
        Speaker.CALLER,
        "opening hours",
        1500,
        3000,
    )
    assert turn.stt_ms == 420
    assert call.history == [HistoryTurn("caller", "opening hours")]
    assert call.metrics.stt.total == 1


def test_turns_during_a_reply_wait_behind_it_and_are_stored_in_order() -> None:
    clock = Clock(0.0)
    call = Recording(clock)
    record, turns = call.record, call.turns
    trigger = UtteranceEnded(pcm=b"", speech_ms=900, last_voice_at=0.5, detected_at=0.8)
    clock.now = 1.0
    bot_turn = record.reply_started(trigger=trigger, stt_ms=200, dialogue_ms=30)
    clock.now = 2.0
    record.caller("mhm", 1.8)
    assert turns.ready() == []  # the reply that began first is not recorded yet
    reply = said("We are open.", "From nine.")
    reply.first_frame_at, reply.first_audio_after = 1.1, 0.05
    clock.now = 4.0
    record.reply_ended(reply, bot_turn)
    bot, caller = turns.ready()
    assert (bot.speaker, bot.text, bot.started_ms, bot.ended_ms) == (
        Speaker.BOT,
        "We are open. From nine.",
        1000,
        4000,
    )
    assert (bot.stt_ms, bot.dialogue_ms, bot.tts_first_audio_ms) == (200, 30, 50)
    assert (bot.turn_latency_ms, bot.interrupted) == (600, False)  # last voice → first frame
    assert caller.text == "mhm"
    assert [turn.speaker for turn in call.history] == ["caller", "bot"]  # as recorded
    assert call.metrics.reply_overhead.percentile(50) == 300.5  # end of turn → first frame
    assert call.metrics.tts_first_audio.total == 1


def test_a_cut_off_reply_records_what_the_caller_heard_of_it() -> None:
    call = Recording(Clock(0.0))
    record = call.record
    record.reply_ended(said("One.", "Two.", heard=1), record.reply_started())
    record.reply_ended(said("Three.", heard=0), record.reply_started())  # nothing heard
    [turn] = call.turns.ready()
    assert (turn.text, turn.interrupted) == ("One.", True)
    assert len(call.history) == 1


def test_a_finished_reply_is_activity() -> None:
    clock = Clock(0.0)
    call = Recording(clock)
    bot_turn = call.record.reply_started()
    clock.now = 7.0
    call.record.reply_ended(said("Hello."), bot_turn)
    assert call.call_clock.last_activity == 7.0  # the silence timeout counts from here
