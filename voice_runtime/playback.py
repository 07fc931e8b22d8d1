"""Speaking a reply: μ-law frames paced out in real time, a `mark` after each chunk (a
sentence) and an `<id>:end` mark once the reply's last chunk is sent, and duck / hold /
resume / cancel for barge-in.

The frames go out on the ticks of the runtime's one pacing clock (pacing.py), each as it
falls due: when the audio sent before it would leave Twilio's buffer with LEAD_SECONDS
to play. Twilio buffers whatever it is sent, so the lead only keeps the caller's playout
from running dry when the event loop is late (a busy core); it is small because audio sent
ahead can no longer be made softer when the caller starts talking (a `clear` still stops
all of it at once).

What the caller heard is known from the marks Twilio echoes back once the audio before
them has played. Marks that come back after a `clear` were flushed, not heard, so they do
not count.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from integrations.speech.audio import FRAME_MS, MULAW_FRAME_BYTES, mulaw_frames, quieter
from voice_runtime.call_tasks import Spawn, being_cancelled, spawn_task
from voice_runtime.metrics import RuntimeMetrics
from voice_runtime.outbox import Outbox
from voice_runtime.pacing import PacingClock

FRAME_SECONDS = FRAME_MS / 1000
# Audio sent ahead of real time, so a late event loop or network jitter does not starve
# Twilio's playout: at a reply's start this much goes out at once (and the frame due now).
LEAD_FRAMES = 5
LEAD_SECONDS = LEAD_FRAMES * FRAME_SECONDS
# After the last frame, how long to wait for the last mark before calling the reply heard.
FINAL_MARK_GRACE_SECONDS = 1.0
# While caller speech over the bot is undecided (acknowledgement or interruption), the bot
# talks on 6 dB softer: it yields at once, without the gap a `clear` would leave after
# an "mhm". (At a quarter, the simulated caller, which goes by loudness, took a ducked
# sentence for the bot falling silent.)
DUCK_GAIN = 0.5
# The name after the reply id of the mark sent once a whole reply has been sent.
END_MARK = "end"


@dataclass
class ReplyChunk:
    """One sentence: its text, and its μ-law 8 kHz audio — still growing while its TTS
    streams (`complete` False), so playout starts on the sentence's first audio."""

    text: str
    audio: bytes
    complete: bool = True

    def frames(self) -> list[bytes]:
        """Its 20 ms frames so far: a partial last frame only once the audio is complete."""
        if self.complete:
            return mulaw_frames(self.audio)
        return mulaw_frames(self.audio[: len(self.audio) - len(self.audio) % MULAW_FRAME_BYTES])


@dataclass
class Reply:
    """One bot answer. Chunks are appended while TTS works; the player speaks them."""

    id: str
    chunks: list[ReplyChunk] = field(default_factory=list)
    synthesis_done: bool = False
    heard_chunks: int = 0
    first_frame_at: float | None = None
    first_audio_after: float | None = None  # seconds from the TTS request to its first audio
    first_text_at: float | None = None  # when its first sentence was written (monotonic)
    interrupted: bool = False
    # Goodbyes and hand-over lines are said to the end: caller speech does not hold them.
    interruptible: bool = True
    finished: asyncio.Event = field(default_factory=asyncio.Event)
    _chunk_added: asyncio.Event = field(default_factory=asyncio.Event)

    def add(self, chunk: ReplyChunk) -> None:
        self.chunks.append(chunk)
        self._chunk_added.set()

    def grew(self, chunk: ReplyChunk, audio: bytes, *, complete: bool = False) -> None:
        """More of a sentence's audio has come (all of it when `complete`)."""
        chunk.audio += audio
        chunk.complete = complete
        self._chunk_added.set()

    def done_adding(self) -> None:
        self.synthesis_done = True
        for chunk in self.chunks:  # a voice that broke mid-sentence has said its last
            chunk.complete = True
        self._chunk_added.set()

    async def wait_for_chunk(self) -> None:
        await self._chunk_added.wait()
        self._chunk_added.clear()

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.chunks)

    @property
    def heard_text(self) -> str:
        return " ".join(c.text for c in self.chunks[: self.heard_chunks])


class Player:
    def __init__(
        self,
        outbox: Outbox,
        *,
        metrics: RuntimeMetrics | None = None,
        clock: Callable[[], float] = time.monotonic,
        spawn: Spawn = spawn_task,
        pacing: PacingClock | None = None,
    ) -> None:
        self._outbox = outbox
        self._metrics = metrics
        self._clock = clock
        self._spawn = spawn
        self._pacing = pacing or PacingClock()  # the runtime's, shared by every call
        self._reply: Reply | None = None
        self._task: asyncio.Task[None] | None = None
        self._playing = asyncio.Event()
        self._playing.set()
        self._counting_marks = True
        self._restart_chunk = False
        self._ducked = False
        # When the caller's playout of what was sent runs dry (monotonic): a frame is due
        # LEAD_SECONDS before.
        self._next_at = self._paced_from = 0.0
        # Playout ran dry mid-reply; an underrun once audio follows (not if the reply ended).
        self._ran_dry = False

    @property
    def reply(self) -> Reply | None:
        return self._reply

    @property
    def speaking(self) -> bool:
        return self._reply is not None and not self._reply.finished.is_set()

    @property
    def held(self) -> bool:
        return self.speaking and not self._playing.is_set()

    def start(self, reply: Reply) -> None:
        self._reply = reply
        self._ducked = False
        self._playing.set()
        self._counting_marks = True
        self._task = self._spawn(self._play, reply, name=f"play-{reply.id}")

    @property
    def _yields(self) -> bool:
        """Speaking a reply that caller speech may soften or stop (not a goodbye)."""
        return self._reply is not None and self.speaking and self._reply.interruptible

    def duck(self) -> None:
        """Go on softer (caller speech has begun over the bot) until `resume` or the end."""
        if self._yields:
            self._ducked = True

    async def hold(self) -> bool:
        """Stop talking now (caller speech): `clear` Twilio's buffer, keep the reply.
        Returns False when there was nothing to hold."""
        if not self._yields or self.held:
            return False
        self._playing.clear()
        self._counting_marks = False
        await self._outbox.clear()
        return True

    def resume(self) -> None:
        """Go on at full volume after a backchannel; after a hold, from the start of the
        first chunk not yet heard."""
        self._ducked = False
        if self.held:
            self._restart_chunk = True
            self._counting_marks = True
            self._playing.set()

    async def cancel(self) -> Reply | None:
        """Drop the rest of the reply (a real interruption); returns it, marked interrupted."""
        reply, task = self._reply, self._task
        if reply is None or task is None or reply.finished.is_set():
            return None
        if not self.held:
            await self._outbox.clear()
        reply.interrupted = True
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            if being_cancelled():
                raise  # the call is ending, not only this reply
        reply.finished.set()
        self._playing.set()
        return reply

    def on_mark(self, name: str) -> None:
        reply = self._reply
        if reply is None or not self._counting_marks:
            return
        reply_id, _, index = name.rpartition(":")
        if reply_id == reply.id and index.isdigit():
            reply.heard_chunks = max(reply.heard_chunks, int(index) + 1)
            if reply.synthesis_done and reply.heard_chunks >= len(reply.chunks):
                reply.finished.set()

    async def _play(self, reply: Reply) -> None:
        try:
            await self._send_chunks(reply)
            await self._await_final_mark(reply)
        finally:
            reply.finished.set()

    async def _send_chunks(self, reply: Reply) -> None:
        index = 0
        self._restart_pacing()
        self._ran_dry = False
        while True:
            while index >= len(reply.chunks):
                if reply.synthesis_done:
                    # Says "the reply is over" in the stream itself: a gap between
                    # sentences (slow TTS) is not the end, and the client cannot tell
                    # which sentence mark is the last.
                    await self._outbox.mark(f"{reply.id}:{END_MARK}")
                    return
                await self._starve(reply, underrun=index > 0)  # not the reply's start
            sent = await self._send_chunk(reply, reply.chunks[index], first=index == 0)
            if sent is None:
                return  # the stream is gone
            if sent:
                await self._outbox.mark(f"{reply.id}:{index}")
                index += 1
            else:  # resumed after a hold: from the first sentence not heard
                index = reply.heard_chunks

    async def _send_chunk(self, reply: Reply, chunk: ReplyChunk, *, first: bool) -> bool | None:
        """Pace out one sentence's frames as its audio comes. True once all are sent, False
        to restart after a hold, None when the stream is gone."""
        frames = chunk.frames()
        position = 0
        while True:
            if position >= len(frames):
                frames = chunk.frames()
                if position >= len(frames):
                    if chunk.complete:
                        return True
                    await self._starve(reply, underrun=position > 0 or not first)
                    continue
            if not self._playing.is_set():
                await self._playing.wait()
                self._restart_pacing()
                self._ran_dry = False  # the caller talked: that silence was no gap
                if self._restart_chunk:
                    self._restart_chunk = False
                    return False
            due = self._next_at - LEAD_SECONDS
            if self._clock() < due:
                await self._pacing.tick()
                continue  # held meanwhile, or not due yet
            frame = quieter(frames[position], DUCK_GAIN) if self._ducked else frames[position]
            if not await self._outbox.media(frame):
                return None
            sent_at = self._clock()
            if self._ran_dry:
                self._ran_dry = False
                if self._metrics is not None:
                    self._metrics.underruns += 1
            if reply.first_frame_at is None:
                reply.first_frame_at = sent_at
            if self._metrics is not None:
                self._metrics.frame_sent(lateness=max(0.0, sent_at - max(due, self._paced_from)))
            # Plays after what was sent before, or now if that has played out already.
            self._next_at = max(self._next_at, sent_at) + FRAME_SECONDS
            position += 1

    def _restart_pacing(self) -> None:
        """The caller's buffer is empty now: the frames ahead are due at once."""
        self._next_at = self._paced_from = self._clock()

    async def _starve(self, reply: Reply, *, underrun: bool) -> None:
        """Wait for TTS; when it was slower than playout, start pacing afresh. The gap is
        an underrun when more audio follows it (the next frame sent counts it): a reply
        whose end is only known after its last audio played (a voice's or an LLM's stream
        closing late) just ended, and the caller heard no gap."""
        await reply.wait_for_chunk()
        if self._next_at < self._clock():
            self._ran_dry = self._ran_dry or underrun
            self._restart_pacing()

    async def _await_final_mark(self, reply: Reply) -> None:
        if reply.heard_chunks >= len(reply.chunks):
            return
        try:
            async with asyncio.timeout(LEAD_SECONDS + FINAL_MARK_GRACE_SECONDS):
                await reply.finished.wait()
        except TimeoutError:
            # A client that never echoes marks: count what was sent as heard.
            reply.heard_chunks = len(reply.chunks)
