"""One phone call on one media stream, from `start` to the last word.

Three tasks run per call: the receiver (Twilio's messages → turn detection, barge-in,
marks), the conversation (utterance → STT → dialogue → TTS → player) and the journal that
stores its turns as they happen and heart-beats (call_journal.py). Whichever of receiver
and conversation ends first ends the call; `finally` closes its records exactly once — also
when the stream just dies.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from core import log_context
from core.tokens import InvalidTokenError
from integrations.dialogue.base import Action, DialogueReply, HistoryTurn
from integrations.dialogue.lexicon import is_backchannel, words
from integrations.dialogue.phrases import phrase
from integrations.speech.audio import SAMPLE_RATE
from models import CallOutcome, Speaker
from services.call_records import TurnRecord
from services.twilio_accounts import TwilioAccount
from voice_runtime import media_protocol
from voice_runtime.call_control import TwilioCallControl
from voice_runtime.call_journal import CallJournal
from voice_runtime.engines import EngineSet
from voice_runtime.inbound import Inbound
from voice_runtime.outbox import Outbox
from voice_runtime.playback import Player, Reply, ReplyChunk
from voice_runtime.runtime import Runtime
from voice_runtime.stream_limits import StreamLimits
from voice_runtime.stream_tokens import StreamGrant
from voice_runtime.turn_detection import SpeechStarted, TurnDetector, UtteranceEnded

log = logging.getLogger(__name__)

SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class CallEnded(Exception):
    """Raised inside the conversation to end the call with an outcome."""

    def __init__(self, outcome: CallOutcome) -> None:
        self.outcome = outcome


@dataclass(frozen=True)
class Dtmf:
    digit: str


@dataclass(frozen=True)
class CallerSpoke:
    utterance: UtteranceEnded
    over_bot: bool  # the bot was talking when the caller's utterance ended


class StreamIO:
    """The three things a call needs from its WebSocket."""

    def __init__(
        self,
        receive_text: Callable[[], Awaitable[str]],
        send_text: Callable[[str], Awaitable[None]],
        close: Callable[[int], Awaitable[None]],
    ) -> None:
        self.receive_text = receive_text
        self.send_text = send_text
        self.close = close


class StreamClosed(Exception):
    """The peer went away."""


class CallSession:
    def __init__(
        self, runtime: Runtime, io: StreamIO, *, account: TwilioAccount | None = None
    ) -> None:
        self.runtime = runtime
        self.io = io
        # The tenant's own Twilio account that signed the stream (None: the platform's): its
        # tenant's calls only, and a hand-over goes through it.
        self.account = account
        self.grant: StreamGrant | None = None
        self.history: list[HistoryTurn] = []
        self.outcome: CallOutcome | None = None
        self._events: asyncio.Queue[CallerSpoke | Dtmf] = asyncio.Queue()
        self.limits = StreamLimits()
        self.inbound = Inbound(runtime.metrics, self.limits)
        self._stt_seconds = 0.0
        self._tts_characters = 0
        self._started = time.monotonic()
        self._last_activity = self._started
        self._turn_watchers: set[asyncio.Task[None]] = set()

    # ---- the call's life ------------------------------------------------------------

    async def run(self) -> None:
        start = await self._await_start()
        if start is None:
            return
        grant = await self._redeem(start)
        if grant is None:
            return
        context = await self.runtime.blocking(
            self.runtime.store.load_context,
            tenant_id=grant.tenant_id,
            bot_id=grant.bot_id,
            call_id=grant.call_id,
        )
        if context is None:
            log.warning("media stream for call %s refused: the call has ended", grant.call_sid)
            self.runtime.metrics.streams_refused += 1
            await self.io.close(1008)
            return
        self.grant = grant
        self.journal = CallJournal(self.runtime, grant)
        log_context.call_id.set(grant.call_sid)  # this call's tasks log with its SID
        self.inbound.call_sid = grant.call_sid
        self.profile = context.profile
        self.engines: EngineSet = self.runtime.engine_factory(context.profile, context.credentials)
        if self.runtime.desks is not None:  # the dialogue books and takes messages through it
            self.engines.use_desk(
                self.runtime.desks.for_call(
                    self.runtime.blocking,
                    tenant_id=grant.tenant_id,
                    bot_id=grant.bot_id,
                    call_id=grant.call_id,
                )
            )
        self.outbox = Outbox(
            self.io.send_text,
            start.stream_sid,
            timeout_seconds=self.runtime.timings.send_timeout_seconds,
            on_dead=lambda: self.io.close(1011),
        )
        self.player = Player(self.outbox, metrics=self.runtime.metrics)
        timings = self.runtime.timings
        self.detector = TurnDetector(
            end_of_turn_ms=timings.end_of_turn_ms, onset_ms=timings.barge_in_ms
        )
        self._started = self._last_activity = time.monotonic()
        metrics = self.runtime.metrics
        metrics.calls_started += 1
        metrics.live_calls += 1
        self.journal.start()
        try:
            await self._converse_until_done()
        finally:
            await self.journal.free_slot()  # the caller has gone: the line is the next one's
            if self.limits.dropped_audio_ms or self.limits.dropped_messages:
                log.warning(
                    "call %s: dropped %d ms of audio and %d messages sent faster than real time",
                    self._sid,
                    self.limits.dropped_audio_ms,
                    self.limits.dropped_messages,
                )
            metrics.dropped_audio_ms += self.limits.dropped_audio_ms
            metrics.dropped_messages += self.limits.dropped_messages
            metrics.live_calls -= 1
            metrics.calls_finished += 1
            metrics.outcomes[self.outcome or CallOutcome.CALLER_HUNG_UP] += 1
            await self._close_records()
            metrics.calls_closed += 1

    async def _converse_until_done(self) -> None:
        receiver = asyncio.create_task(self._receive(), name="receive")
        conversation = asyncio.create_task(self._converse(), name="converse")
        try:
            done, _pending = await asyncio.wait(
                {receiver, conversation}, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            for task in (receiver, conversation, *self._turn_watchers):
                task.cancel()
            await asyncio.gather(
                receiver, conversation, *self._turn_watchers, return_exceptions=True
            )
            await self.player.stop()
        for task in done:
            if not task.cancelled() and task.exception() is not None:
                self.outcome = self.outcome or CallOutcome.ERROR
                log.error("call %s failed: %r", self._sid, task.exception())
        if conversation in done:
            await self.io.close(1000)  # Twilio goes on to <Hangup/>
        self.outcome = self.outcome or CallOutcome.CALLER_HUNG_UP

    @property
    def _sid(self) -> str:
        return self.grant.call_sid if self.grant else "?"

    # ---- before audio: start and token ----------------------------------------------

    async def _await_start(self) -> media_protocol.Start | None:
        """Wait for `start`; everything before it (but `connected`) is dropped unprocessed."""
        deadline = time.monotonic() + self.runtime.timings.start_timeout_seconds
        while True:
            remaining = deadline - time.monotonic()
            try:
                text = await asyncio.wait_for(self.io.receive_text(), timeout=max(0, remaining))
            except TimeoutError:
                log.warning("media stream sent no start in time; closing it")
                await self.io.close(1008)
                return None
            except StreamClosed:
                return None
            frame = self.inbound.parse(text, time.monotonic())
            if isinstance(frame, media_protocol.Start):
                return frame
            if self.limits.flooding:
                await self._cut_off()
                return None
            await asyncio.sleep(0)  # see _receive

    async def _redeem(self, start: media_protocol.Start) -> StreamGrant | None:
        token = start.custom_parameters.get("token", "")
        try:
            grant = await self.runtime.blocking(
                self.runtime.tokens.redeem, token, call_sid=start.call_sid
            )
        except InvalidTokenError as error:
            log.warning("media stream for call %s refused: %s", start.call_sid, error)
            await self._refuse()
            return None
        if self.account is not None and grant.tenant_id != self.account.tenant_id:
            log.warning("media stream for call %s refused: another account's", start.call_sid)
            await self._refuse()
            return None
        return grant

    async def _refuse(self) -> None:
        self.runtime.metrics.streams_refused += 1
        await self.io.close(1008)

    # ---- receiving ------------------------------------------------------------------

    async def _receive(self) -> None:
        while True:
            try:
                text = await self.io.receive_text()
            except StreamClosed:
                return
            now = time.monotonic()
            frame = self.inbound.parse(text, now)
            if isinstance(frame, media_protocol.Media):
                for pcm in self.inbound.pcm_frames(frame, now):
                    await self._on_pcm_frame(pcm)
            elif isinstance(frame, media_protocol.Mark):
                self.player.on_mark(frame.name)
            elif isinstance(frame, media_protocol.Dtmf):
                self._events.put_nowait(Dtmf(frame.digit))
            elif isinstance(frame, media_protocol.Stop):
                return
            if self.limits.flooding:
                self.outcome = CallOutcome.ERROR
                await self._cut_off()
                return
            # Messages already queued are handed over without a pause, so a flooding
            # stream would keep the event loop from every other call: let them run.
            await asyncio.sleep(0)

    async def _cut_off(self) -> None:
        """Hang up a stream that keeps sending faster than a phone line."""
        limits = self.limits
        log.warning(
            "call %s: the stream keeps sending faster than real time (%d ms of audio and"
            " %d messages dropped); hanging up",
            self._sid,
            limits.dropped_audio_ms,
            limits.dropped_messages,
        )
        self.runtime.metrics.streams_cut_off += 1
        await self.io.close(1008)

    async def _on_pcm_frame(self, frame: bytes) -> None:
        now = time.monotonic()
        event = self.detector.process(frame, now)
        if isinstance(event, SpeechStarted):
            self._last_activity = now
            self.player.duck()  # softer at once; the speech's length or words decide the rest
        elif isinstance(event, UtteranceEnded):
            self._last_activity = now
            self._events.put_nowait(CallerSpoke(event, over_bot=self.player.speaking))
        if self._talked_over() and not self.player.held:
            await self.player.hold()  # `clear` now; the words decide later if the bot goes on

    def _talked_over(self) -> bool:
        """Caller speech over the bot, longer than an acknowledgement. Shorter speech does
        not stop the bot: "mhm" while it talks leaves no gap; short words that are not an
        acknowledgement ("stop") stop it when the utterance ends and is heard."""
        speaking_ms = self.detector.speech_ms
        return self.player.speaking and speaking_ms >= self.runtime.timings.interrupt_ms

    # ---- the conversation -----------------------------------------------------------

    async def _converse(self) -> None:
        try:
            await self._say(self.engines.scripted.greeting())
            await self.engines.transcriber.prepare()
            while True:
                event = await self._next_event()
                if isinstance(event, Dtmf):
                    await self._on_digit(event.digit)
                else:
                    await self._on_utterance(event)
        except CallEnded as ended:
            self.outcome = ended.outcome

    async def _next_event(self) -> CallerSpoke | Dtmf:
        """The next utterance or key press; ends the call on silence or at its time limit."""
        while True:
            now = time.monotonic()
            call_left = self._started + self.profile.max_call_seconds - now
            if call_left <= 0:
                await self._goodbye("max_length_goodbye", CallOutcome.MAX_LENGTH)
            busy = self.player.speaking or self.detector.in_speech
            if busy:
                self._last_activity = now
            silence_left = self._last_activity + self.profile.silence_timeout_seconds - now
            if silence_left <= 0:
                await self._goodbye("silence_goodbye", CallOutcome.SILENCE_TIMEOUT)
            try:
                return await asyncio.wait_for(
                    self._events.get(), timeout=min(call_left, silence_left, 1.0)
                )
            except TimeoutError:
                continue

    async def _on_utterance(self, spoke: CallerSpoke) -> None:
        utterance, timings = spoke.utterance, self.runtime.timings
        stt_started = time.monotonic()
        text = (await self.engines.transcriber.transcribe(utterance.pcm)).strip()
        stt_ms = _ms(time.monotonic() - stt_started)
        self._stt_seconds += len(utterance.pcm) / 2 / SAMPLE_RATE
        # How much, never what: the caller's words stay out of the logs, at every level.
        log.debug(
            "call %s heard %d words (%d ms of speech)",
            self._sid,
            len(text.split()),
            utterance.speech_ms,
        )
        if (spoke.over_bot or self.player.held) and (is_backchannel(text) or not words(text)):
            # An acknowledgement or a noise over the bot: it talks on at full volume. Only one
            # that ran long enough to stop it ("okay, thanks, got it") hears the cut sentence
            # again.
            self.player.resume()
            return
        if self.player.speaking:
            await self.player.cancel()  # a real interruption: the rest of the reply is dropped
        if not words(text):
            # Noise, or nothing the recogniser could make out; a bot that cannot hear at all
            # (offline German) says so when the caller spoke longer than an acknowledgement.
            if not self.engines.hears_callers and utterance.speech_ms >= timings.interrupt_ms:
                key = "cannot_hear" if self.profile.handover_number else "cannot_hear_call_back"
                await self._say(phrase(key, self.profile.language))
            return
        self._record(Speaker.CALLER, text, utterance.last_voice_at, stt_ms=stt_ms)
        dialogue_started = time.monotonic()
        answer = await self.engines.dialogue.respond(text, list(self.history))
        if answer.silent:
            return  # the caller only acknowledged ("mhm"): the bot says nothing
        dialogue_ms = _ms(time.monotonic() - dialogue_started)
        reply = await self._say(
            answer.text,
            trigger=utterance,
            stt_ms=stt_ms,
            dialogue_ms=dialogue_ms,
            interruptible=answer.action == Action.CONTINUE,
        )
        await self._follow_action(answer, reply)

    async def _on_digit(self, digit: str) -> None:
        if digit != "0":
            return
        await self.player.cancel()
        answer = self.engines.scripted.handover()
        self._record(Speaker.CALLER, "[0]", time.monotonic())
        reply = await self._say(answer.text, interruptible=answer.action == Action.CONTINUE)
        await self._follow_action(answer, reply)

    async def _follow_action(self, answer: DialogueReply, reply: Reply) -> None:
        if answer.action == Action.CONTINUE:
            return
        await reply.finished.wait()
        if reply.interrupted:
            return
        if answer.action == Action.HANGUP:
            raise CallEnded(CallOutcome.RESOLVED)
        if answer.action == Action.HANDOVER:
            await self._hand_over(answer.text)

    async def _hand_over(self, said: str) -> None:
        """Connect the caller to a person; if that cannot happen, say so and carry on."""
        number = self.profile.handover_number
        control = self.runtime.call_control
        if self.account is not None:  # the call is in the tenant's account, not ours
            control = TwilioCallControl(
                self.account.sid,
                self.account.token,
                api_base_url=self.runtime.settings.twilio_api_base_url,
            )
        if number and await control.hand_over(
            call_sid=self._sid, number=number, text=said, language=self.profile.language
        ):
            raise CallEnded(CallOutcome.HANDED_OVER)
        await self._say(self.engines.scripted.handover_failed().text)

    async def _goodbye(self, key: str, outcome: CallOutcome) -> None:
        await self.player.cancel()
        reply = await self._say(phrase(key, self.profile.language), interruptible=False)
        await reply.finished.wait()
        raise CallEnded(outcome)

    # ---- speaking -------------------------------------------------------------------

    async def _say(
        self,
        text: str,
        *,
        trigger: UtteranceEnded | None = None,
        stt_ms: int | None = None,
        dialogue_ms: int | None = None,
        interruptible: bool = True,
    ) -> Reply:
        """Start speaking `text` (sentence by sentence, as TTS delivers) and return at once;
        the bot's turn is recorded when the reply finishes or is cut off."""
        if self.engines.failures.take_apology():
            text = phrase("apology", self.profile.language) + " " + text
        reply = Reply(id=uuid.uuid4().hex[:8], interruptible=interruptible)
        started = time.monotonic()
        timing: dict[str, float] = {}
        synthesis = asyncio.create_task(self._synthesize(reply, text, timing))
        self.player.start(reply)
        watcher = asyncio.create_task(
            self._record_reply(reply, synthesis, started, timing, trigger, stt_ms, dialogue_ms)
        )
        self._turn_watchers.add(watcher)
        watcher.add_done_callback(self._turn_watchers.discard)
        # Turns that begin while this reply plays are stored after it (call_journal.py).
        hold = self.journal.hold(_ms(started - self._started))
        watcher.add_done_callback(lambda _: self.journal.release(hold))
        return reply

    async def _synthesize(self, reply: Reply, text: str, timing: dict[str, float]) -> None:
        requested = time.monotonic()
        try:
            for sentence in SENTENCE_END.split(text.strip()):
                if not sentence:
                    continue
                audio = bytearray()
                async for chunk in self.engines.synthesizer.synthesize(sentence):
                    timing.setdefault("first_audio", time.monotonic() - requested)
                    audio += chunk
                self._tts_characters += len(sentence)
                reply.add(ReplyChunk(sentence, bytes(audio)))
        finally:
            reply.done_adding()

    async def _record_reply(
        self,
        reply: Reply,
        synthesis: asyncio.Task[None],
        started: float,
        timing: dict[str, float],
        trigger: UtteranceEnded | None,
        stt_ms: int | None,
        dialogue_ms: int | None,
    ) -> None:
        try:
            await reply.finished.wait()
        finally:
            synthesis.cancel()
            text = reply.heard_text if reply.interrupted else reply.text
            latency = None
            if trigger is not None and reply.first_frame_at is not None:
                latency = _ms(reply.first_frame_at - trigger.last_voice_at)
                self.runtime.metrics.reply_overhead.add(
                    (reply.first_frame_at - trigger.detected_at) * 1000
                )
            if text or not reply.interrupted:
                self._record(
                    Speaker.BOT,
                    text,
                    started,
                    stt_ms=stt_ms,
                    dialogue_ms=dialogue_ms,
                    tts_first_audio_ms=_ms(timing["first_audio"]) if timing else None,
                    turn_latency_ms=latency,
                    interrupted=reply.interrupted,
                )
            self._last_activity = time.monotonic()

    def _record(self, speaker: Speaker, text: str, at: float, **timings: object) -> None:
        started_ms = _ms(at - self._started)
        self.journal.add(
            TurnRecord(
                speaker=speaker,
                text=text,
                started_ms=max(0, started_ms),
                ended_ms=_ms(time.monotonic() - self._started),
                **timings,  # type: ignore[arg-type]
            )
        )
        self.history.append(HistoryTurn(speaker.value, text))
        self.runtime.metrics.turn_recorded(speaker.value, timings)

    # ---- the end --------------------------------------------------------------------

    async def _close_records(self) -> None:
        grant = self.grant
        assert grant is not None
        try:
            # Asked while the journal still beats: a slow model never lets the reaper in.
            summary = await self.engines.summary_line(self.history)
            await self.engines.aclose()
            await self.journal.finish(
                outcome=self.outcome or CallOutcome.CALLER_HUNG_UP,
                stt_seconds=self._stt_seconds,
                tts_characters=self._tts_characters,
                summary=summary,
            )
        except Exception:
            log.exception("call %s: closing its records failed", grant.call_sid)


def _ms(seconds: float) -> int:
    return round(seconds * 1000)
