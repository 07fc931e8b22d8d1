"""Receive: the stream's messages, decoded (inbound.py) and each handed to the processor
that owns it — the caller's audio to turn taking, marks to the player, keys to the
conversation — until the stream stops, goes away, or sends faster than a phone line.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import time
from collections.abc import Awaitable, Callable

from voice_runtime import media_protocol
from voice_runtime.inbound import Inbound
from voice_runtime.metrics import RuntimeMetrics
from voice_runtime.stream_io import StreamClosed, StreamIO
from voice_runtime.stream_limits import StreamLimits

log = logging.getLogger(__name__)

# Messages handed over between two pauses for the other calls.
YIELD_EVERY = 8


class StreamEnd(enum.Enum):
    STOPPED = "stopped"  # Twilio's `stop`, or the peer went away
    FLOODING = "flooding"  # kept sending faster than real time: hang it up (cut_off)


class Receiver:
    def __init__(
        self,
        receive_text: Callable[[], Awaitable[str]],
        inbound: Inbound,
        limits: StreamLimits,
        *,
        on_audio: Callable[[bytes], Awaitable[None]],
        on_mark: Callable[[str], None],
        on_key: Callable[[str], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._receive_text = receive_text
        self._inbound = inbound
        self._limits = limits
        self._on_audio = on_audio
        self._on_mark = on_mark
        self._on_key = on_key
        self._clock = clock

    async def run(self) -> StreamEnd:
        handled = 0
        while True:
            try:
                text = await self._receive_text()
            except StreamClosed:
                return StreamEnd.STOPPED
            now = self._clock()
            frame = self._inbound.parse(text, now)
            if isinstance(frame, media_protocol.Media):
                for pcm in self._inbound.pcm_frames(frame, now):
                    await self._on_audio(pcm)
            elif isinstance(frame, media_protocol.Mark):
                self._on_mark(frame.name)
            elif isinstance(frame, media_protocol.Dtmf):
                self._on_key(frame.digit)
            elif isinstance(frame, media_protocol.Stop):
                return StreamEnd.STOPPED
            if self._limits.flooding:
                return StreamEnd.FLOODING
            # Messages already queued are handed over without a pause, so a flooding
            # stream would keep the event loop from every other call: let them run, every
            # few messages (a phone line's one message each 20 ms waits for the socket
            # anyway, and a pause for each cost as much as parsing it).
            handled += 1
            if handled % YIELD_EVERY == 0:
                await asyncio.sleep(0)


async def cut_off(
    io: StreamIO, limits: StreamLimits, metrics: RuntimeMetrics, *, call_sid: str
) -> None:
    """Hang up a stream that keeps sending faster than a phone line."""
    log.warning(
        "call %s: the stream keeps sending faster than real time (%d ms of audio and"
        " %d messages dropped); hanging up",
        call_sid,
        limits.dropped_audio_ms,
        limits.dropped_messages,
    )
    metrics.streams_cut_off += 1
    await io.close(1008)
