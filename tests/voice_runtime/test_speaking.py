"""Saying a reply alone: text in; the reply synthesized, paced out with its marks, and the
bot's turn recorded once it has played or was cut off."""

from __future__ import annotations

from integrations.speech.null_engines import ToneSynthesizer
from models import Speaker
from tests.voice_runtime.wire import Wire, echo_marks
from voice_runtime.call_state import CallClock
from voice_runtime.call_tasks import CallTasks
from voice_runtime.engines import FailureFlag
from voice_runtime.metrics import RuntimeMetrics
from voice_runtime.pending_turns import PendingTurns
from voice_runtime.playback import END_MARK, Player
from voice_runtime.speaking import Speaking
from voice_runtime.synthesis import Synthesis
from voice_runtime.turn_recorder import TurnRecorder


class Mouth:
    """A Speaking over a wire, with its tasks in `tasks`."""

    def __init__(self, tasks: CallTasks) -> None:
        self.wire = Wire()
        self.turns = PendingTurns()
        self.failures = FailureFlag()
        self.player = Player(self.wire.outbox(), spawn=tasks.spawn)
        recorder = TurnRecorder(
            self.turns, [], CallClock.starting_at(0.0), RuntimeMetrics(), now=lambda: 1.0
        )
        self.speaking = Speaking(
            Synthesis(ToneSynthesizer()),
            self.player,
            recorder,
            self.failures,
            language="en-US",
            spawn=tasks.spawn,
        )


async def test_a_reply_is_said_and_then_recorded() -> None:
    async with CallTasks() as tasks:
        mouth = Mouth(tasks)
        reply = mouth.speaking.say("Hello there. We are open.")
        await echo_marks(mouth.wire, mouth.player, reply)
    assert mouth.wire.marks() == [f"{reply.id}:0", f"{reply.id}:1", f"{reply.id}:{END_MARK}"]
    [turn] = mouth.turns.ready()
    assert (turn.speaker, turn.text, turn.interrupted) == (
        Speaker.BOT,
        "Hello there. We are open.",
        False,
    )
    assert turn.tts_first_audio_ms is not None


async def test_an_apology_goes_first_after_an_engine_failed() -> None:
    async with CallTasks() as tasks:
        mouth = Mouth(tasks)
        mouth.failures.apology_due = True
        reply = mouth.speaking.say("We are open.")
        await echo_marks(mouth.wire, mouth.player, reply)
    [turn] = mouth.turns.ready()
    assert turn.text.startswith("Sorry") and turn.text.endswith("We are open.")
    assert not mouth.failures.apology_due


async def test_a_reply_cut_off_before_a_word_was_heard_leaves_no_turn() -> None:
    async with CallTasks() as tasks:
        mouth = Mouth(tasks)
        reply = mouth.speaking.say("A long answer. " * 20)
        await mouth.player.cancel()
    assert reply.interrupted
    assert "clear" in mouth.wire.events()
    assert mouth.turns.ready() == []  # and nothing held back behind it
