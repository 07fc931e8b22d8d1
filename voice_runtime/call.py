"""One phone call on one media stream, from `start` to the last word.

`run_call` opens the call (call_opening.py: `start`, token, bot, engines → CallState) and
`Call` wires its processors, one verb each:

    receive (receiver.py, decoding in inbound.py) → detect turns and yield to the caller
    (turn_taking.py; first_words.py hears if speech over the bot interrupts) → wait
    (waiting.py) → transcribe (transcription.py) → decide
    (conversation.py) → synthesize (synthesis.py) → pace playout (playback.py) → record
    (turn_recorder.py; stored and heart-beaten by call_journal.py)

The receiver and the conversation run in one task group with every reply's tasks; whichever
of the two ends first ends the call and the group cancels the rest. The journal beats from
the call's start until call_closing.py has closed its records — exactly once, also when the
stream just dies; the call's concurrency slot is given back before that, as soon as the
talking ends.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from models import CallOutcome
from services.twilio_accounts import TwilioAccount
from voice_runtime.call_closing import close_call
from voice_runtime.call_journal import CallJournal
from voice_runtime.call_opening import open_call
from voice_runtime.call_state import CallState
from voice_runtime.call_tasks import CallTasks
from voice_runtime.caller_events import ConversationEvent, KeyPressed
from voice_runtime.conversation import Conversation
from voice_runtime.first_words import FirstWords
from voice_runtime.outbox import Outbox
from voice_runtime.pending_turns import PendingTurns
from voice_runtime.playback import Player
from voice_runtime.receiver import Receiver, StreamEnd, cut_off
from voice_runtime.runtime import Runtime
from voice_runtime.speaking import Speaking
from voice_runtime.stream_io import StreamIO
from voice_runtime.synthesis import Synthesis
from voice_runtime.transcription import Transcription
from voice_runtime.turn_detection import TurnDetector
from voice_runtime.turn_recorder import TurnRecorder
from voice_runtime.turn_taking import TurnTaking
from voice_runtime.waiting import Waiting

log = logging.getLogger(__name__)


async def run_call(runtime: Runtime, io: StreamIO, *, account: TwilioAccount | None = None) -> None:
    state = await open_call(runtime, io, account=account)
    if state is not None:
        await Call(state).run()


class _Ended(Exception):
    """The receiver's or the conversation's task has ended: the task group cancels the rest."""

    def __init__(
        self, outcome: CallOutcome | None, *, by_bot: bool, error: Exception | None = None
    ) -> None:
        self.outcome, self.by_bot, self.error = outcome, by_bot, error


class Call:
    """One call's processors, wired once; `run` talks until either side ends, then closes."""

    def __init__(self, state: CallState) -> None:
        self.state = state
        runtime, engines, profile = state.runtime, state.engines, state.profile
        timings, metrics, clock = runtime.timings, runtime.metrics, state.clock
        self.tasks = CallTasks()
        turns = PendingTurns()
        self.journal = CallJournal(runtime, state.grant, turns)
        outbox = Outbox(
            state.io.send_text,
            state.stream_sid,
            timeout_seconds=timings.send_timeout_seconds,
            on_dead=lambda: state.io.close(1011),
        )
        self.player = Player(outbox, metrics=metrics, spawn=self.tasks.spawn, pacing=runtime.pacing)
        events: asyncio.Queue[ConversationEvent] = asyncio.Queue()
        self.transcription = Transcription(
            engines.transcriber,
            call_sid=state.grant.call_sid,
            ahead=engines.first_words is not None,  # offline Whisper: its decodes cost CPU only
            spawn=self.tasks.spawn,
        )
        turn_taking = self._turn_taking(events)
        self.receiver = Receiver(
            state.io.receive_text,
            state.inbound,
            state.limits,
            on_audio=turn_taking.on_audio,
            on_mark=self.player.on_mark,
            on_key=lambda digit: events.put_nowait(KeyPressed(digit)),
        )
        recorder = TurnRecorder(turns, state.history, clock, metrics)
        self.synthesis = Synthesis(engines.synthesizer)
        speaking = Speaking(
            self.synthesis,
            self.player,
            recorder,
            engines.failures,
            language=profile.language,
            spawn=self.tasks.spawn,
        )
        waiting = Waiting(
            events,
            clock,
            max_call_seconds=profile.max_call_seconds,
            silence_timeout_seconds=profile.silence_timeout_seconds,
            busy=lambda: self.player.speaking or turn_taking.caller_speaking,
        )
        self.conversation = Conversation(
            engines=engines,
            profile=profile,
            waiting=waiting,
            transcription=self.transcription,
            speaking=speaking,
            player=self.player,
            recorder=recorder,
            history=state.history,
            call_control=state.call_control,
            call_sid=state.grant.call_sid,
            interrupt_ms=timings.interrupt_ms,
        )

    def _turn_taking(self, events: asyncio.Queue[ConversationEvent]) -> TurnTaking:
        timings, first_words = self.state.runtime.timings, None
        if (hear := self.state.engines.first_words) is not None:
            first_words = FirstWords(hear, self.player, spawn=self.tasks.spawn)
        detector = TurnDetector(
            end_of_turn_ms=timings.end_of_turn_ms,
            onset_ms=timings.barge_in_ms,
            pause_ms=timings.decode_ahead_ms,
        )
        return TurnTaking(
            detector,
            self.player,
            events,
            self.state.clock,
            interrupt_ms=timings.interrupt_ms,
            first_words=first_words,
            paused=self.transcription.paused,
        )

    @property
    def _sid(self) -> str:
        return self.state.grant.call_sid

    async def run(self) -> None:
        self.state.runtime.metrics.calls_started += 1
        self.state.runtime.metrics.live_calls += 1
        self.journal.start()
        outcome = CallOutcome.CALLER_HUNG_UP
        try:
            outcome = await self._talk()
        finally:
            await close_call(
                self.state,
                self.journal,
                outcome=outcome,
                stt_seconds=self.transcription.audio_seconds,
                tts_characters=self.synthesis.characters,
            )

    async def _talk(self) -> CallOutcome:
        ended: _Ended | None = None
        errors: list[BaseException] = []
        try:
            async with self.tasks:
                self.tasks.spawn(self._ends, self._receive, False, name="receive")
                self.tasks.spawn(self._ends, self.conversation.run, True, name="converse")
        except* _Ended as group:
            first = group.exceptions[0]
            ended = first if isinstance(first, _Ended) else None
        except* Exception as group:  # a reply's task failed
            errors += group.exceptions
        if ended is not None and ended.error is not None:
            errors.append(ended.error)
        for error in errors:
            log.error("call %s failed: %r", self._sid, error)
        if ended is not None and ended.by_bot:
            await self.state.io.close(1000)  # Twilio goes on to <Hangup/>
        outcome = ended.outcome if ended is not None else None
        if errors:
            outcome = outcome or CallOutcome.ERROR
        return outcome or CallOutcome.CALLER_HUNG_UP

    async def _ends(self, work: Callable[[], Awaitable[CallOutcome | None]], by_bot: bool) -> None:
        try:
            outcome = await work()
        except Exception as error:
            raise _Ended(None, by_bot=by_bot, error=error) from error
        raise _Ended(outcome, by_bot=by_bot)

    async def _receive(self) -> CallOutcome | None:
        if await self.receiver.run() is StreamEnd.FLOODING:
            state = self.state
            await cut_off(state.io, state.limits, state.runtime.metrics, call_sid=self._sid)
            return CallOutcome.ERROR
        return None
