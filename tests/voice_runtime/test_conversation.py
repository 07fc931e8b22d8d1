"""The deciding processor alone: caller events in as plain values, the bot's replies and
the call's outcome out — no socket, no database."""

from __future__ import annotations

import asyncio
import time

from integrations.dialogue.base import BotProfile, HistoryTurn
from integrations.dialogue.phrases import phrase
from integrations.speech.null_engines import NullTranscriber, ToneSynthesizer
from models import CallOutcome
from tests.voice_runtime.wire import Wire, echo_marks
from voice_runtime.call_state import CallClock
from voice_runtime.call_tasks import CallTasks
from voice_runtime.caller_events import CallerEvent, CallerSpoke, KeyPressed
from voice_runtime.conversation import Conversation
from voice_runtime.engines import EngineSet, null_engines
from voice_runtime.metrics import RuntimeMetrics
from voice_runtime.pending_turns import PendingTurns
from voice_runtime.playback import Player
from voice_runtime.speaking import Speaking
from voice_runtime.synthesis import Synthesis
from voice_runtime.transcription import Transcription
from voice_runtime.turn_detection import UtteranceEnded
from voice_runtime.turn_recorder import TurnRecorder
from voice_runtime.waiting import Waiting

ANSWER = "We are open from nine to five."
PROFILE = BotProfile(
    id=1,
    tenant_id=1,
    name="Salon Anna",
    language="en-US",
    greeting="Hello, this is Salon Anna.",
    faq=(("What are your opening hours?", ANSWER),),
    handover_number="+4315550100",
)
# A conversation that waits for what never comes fails after this instead of hanging.
GUARD_SECONDS = 30


class Telephony:
    """Twilio's side of a hand-over: it records each and takes it or refuses it."""

    def __init__(self) -> None:
        self.hand_overs: list[tuple[str, str, str]] = []
        self.works = True

    async def hand_over(self, *, call_sid: str, number: str, text: str, language: str) -> bool:
        self.hand_overs.append((call_sid, number, text))
        return self.works


class Line:
    """A conversation whose caller is the test: it queues events and the bot's marks are
    echoed."""

    def __init__(self, tasks: CallTasks, heard: list[str]) -> None:
        engines: EngineSet = null_engines(heard)(PROFILE, {})
        assert isinstance(engines.transcriber, NullTranscriber)
        assert isinstance(engines.synthesizer, ToneSynthesizer)
        self.events: asyncio.Queue[CallerEvent] = asyncio.Queue()
        self.history: list[HistoryTurn] = []
        self.telephony = Telephony()
        self.wire = Wire()
        clock = CallClock.starting_at(time.monotonic())
        self.player = Player(self.wire.outbox(), spawn=tasks.spawn)
        recorder = TurnRecorder(PendingTurns(), self.history, clock, RuntimeMetrics())
        self.conversation = Conversation(
            engines=engines,
            profile=PROFILE,
            waiting=Waiting(
                self.events,
                clock,
                max_call_seconds=60,
                silence_timeout_seconds=60,
                busy=lambda: self.player.speaking,
            ),
            transcription=Transcription(engines.transcriber, call_sid="CA1"),
            speaking=Speaking(
                Synthesis(engines.synthesizer),
                self.player,
                recorder,
                engines.failures,
                language=PROFILE.language,
                spawn=tasks.spawn,
            ),
            player=self.player,
            recorder=recorder,
            history=self.history,
            call_control=self.telephony,
            call_sid="CA1",
            interrupt_ms=800,
        )
        self.echo = tasks.group.create_task(echo_marks(self.wire, self.player))

    def says(self) -> None:
        pcm = b"\x00\x00" * 8000
        now = time.monotonic()
        utterance = UtteranceEnded(pcm=pcm, speech_ms=900, last_voice_at=now, detected_at=now)
        self.events.put_nowait(CallerSpoke(utterance, over_bot=False))

    async def bot_has_said(self, turns: int) -> None:
        while sum(turn.speaker == "bot" for turn in self.history) < turns:
            await asyncio.sleep(0.01)


async def test_a_question_is_answered_and_key_0_hands_over() -> None:
    async with asyncio.timeout(GUARD_SECONDS), CallTasks() as tasks:
        line = Line(tasks, heard=["what are your opening hours"])
        talking = tasks.group.create_task(line.conversation.run())
        await line.bot_has_said(1)  # the greeting
        line.says()
        await line.bot_has_said(2)
        line.events.put_nowait(KeyPressed("0"))
        outcome = await talking
        line.echo.cancel()
    assert outcome == CallOutcome.HANDED_OVER
    handover = phrase("handover", "en-US")
    assert line.telephony.hand_overs == [("CA1", PROFILE.handover_number, handover)]
    assert [(turn.speaker, turn.text) for turn in line.history[1:]] == [
        ("caller", "what are your opening hours"),
        ("bot", ANSWER),
        ("caller", "[0]"),
        ("bot", handover),
    ]
    assert "clear" not in line.wire.events()


async def test_a_refused_hand_over_is_said_and_a_goodbye_ends_the_call() -> None:
    async with asyncio.timeout(GUARD_SECONDS), CallTasks() as tasks:
        line = Line(tasks, heard=["can i talk to a person", "thanks bye"])
        line.telephony.works = False
        talking = tasks.group.create_task(line.conversation.run())
        await line.bot_has_said(1)
        line.says()
        await line.bot_has_said(3)  # the hand-over line, then that nobody took it
        line.says()
        outcome = await talking
        line.echo.cancel()
    assert outcome == CallOutcome.RESOLVED
    assert [turn.text for turn in line.history[-3:]] == [
        phrase("no_handover", "en-US"),
        "thanks bye",
        phrase("goodbye", "en-US"),
    ]
