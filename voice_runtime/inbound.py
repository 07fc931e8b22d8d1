"""Decode: one media stream's text messages → frames, and the caller's audio → 20 ms PCM.

The first processor of a call, testable with plain strings. It admits each message under the
stream's budget (stream_limits.py), parses it (media_protocol.py), drops media chunks that
arrive late or twice, and re-frames the caller's audio into the exact 20 ms frames voice
activity detection takes. Bad input is logged one line a message, up to a limit per call,
so a flood cannot fill the logs.
"""

from __future__ import annotations

import logging

from integrations.speech.audio import PCM_FRAME_BYTES, mulaw_to_pcm
from voice_runtime import media_protocol
from voice_runtime.metrics import RuntimeMetrics
from voice_runtime.stream_limits import StreamLimits

log = logging.getLogger(__name__)

MAX_LOGGED_BAD_MESSAGES = 20


class Inbound:
    def __init__(self, metrics: RuntimeMetrics, limits: StreamLimits) -> None:
        self.call_sid = "?"  # for the log lines, once the stream's `start` names the call
        self._metrics = metrics
        self._limits = limits
        self._bad_messages = 0
        self._last_chunk = 0
        self._pcm_buffer = bytearray()

    def parse(self, text: str, now: float) -> media_protocol.InboundFrame | None:
        """The frame in `text`; None for a message over the budget, malformed or unknown."""
        if not self._limits.admit_message(now):
            return None
        try:
            frame = media_protocol.parse(text)
        except media_protocol.MalformedMessage as error:
            self._metrics.malformed_messages += 1
            self._note_bad_input(f"dropped a malformed message: {error}")
            return None
        if frame is None:
            self._metrics.malformed_messages += 1
            self._note_bad_input("ignored a message with an unknown event")
        return frame

    def pcm_frames(self, media: media_protocol.Media, now: float) -> list[bytes]:
        """The caller's audio in `media` as 20 ms PCM frames; none for another track, a late
        or repeated chunk, or audio over the budget."""
        if media.track not in ("inbound", "") or not self._in_order(media.chunk):
            return []
        kept = self._limits.admit_audio(len(media.payload), now)
        if not kept:
            return []
        pcm = mulaw_to_pcm(media.payload[:kept])
        if not self._pcm_buffer and len(pcm) == PCM_FRAME_BYTES:
            return [pcm]  # Twilio's usual 20 ms frame: no re-framing
        self._pcm_buffer += pcm
        frames = []
        while len(self._pcm_buffer) >= PCM_FRAME_BYTES:
            frames.append(bytes(self._pcm_buffer[:PCM_FRAME_BYTES]))
            del self._pcm_buffer[:PCM_FRAME_BYTES]
        return frames

    def _in_order(self, chunk: int) -> bool:
        """Twilio numbers media chunks from 1. A chunk at or below the last one is late or
        repeated, and dropped; a jump means frames were lost on the way, which is noted and
        the audio goes on (the turn detector only sees a shorter utterance)."""
        last = self._last_chunk
        if chunk <= 0:
            return True  # unnumbered: nothing to check against
        if chunk <= last:
            self._metrics.malformed_messages += 1
            self._note_bad_input(f"dropped media chunk {chunk}: late or repeated (last {last})")
            return False
        if last and chunk > last + 1:
            self._note_bad_input(f"{chunk - last - 1} media chunks missing before {chunk}")
        self._last_chunk = chunk
        return True

    def _note_bad_input(self, what: str) -> None:
        self._bad_messages += 1
        if self._bad_messages <= MAX_LOGGED_BAD_MESSAGES:
            log.warning("call %s: %s", self.call_sid, what)
        if self._bad_messages == MAX_LOGGED_BAD_MESSAGES:
            log.warning("call %s: further bad messages are dropped silently", self.call_sid)
