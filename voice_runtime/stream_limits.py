"""What one media stream may cost the runtime, so that a hostile or broken one loses only
itself.

Twilio sends one 20 ms frame (160 bytes of μ-law) fifty times a second, a `mark` back for
each sentence the bot says and a `dtmf` now and then. Every stream gets:

- **message size**: at most `media_protocol.MAX_MESSAGE_CHARS`; the server refuses larger
  WebSocket messages before buffering them (`SERVER_OPTIONS` in app.py);
- **message rate**: `MESSAGES_PER_SECOND` with a burst of `MESSAGE_BURST`; messages beyond
  it are dropped unparsed;
- **audio**: real time plus `AUDIO_BURST_MS` for frames a network hiccup delivers late;
  audio beyond that is dropped before it is decoded, so it never reaches voice activity
  detection or the recogniser — which all calls of a runtime share;
- **work per message**: at most a second of audio is decoded per message (the largest
  payload `media_protocol` accepts, and less once the burst is spent), and the receiver
  yields to the other calls after each message.

Whatever is dropped raises a flood score that drains at `FLOOD_DRAIN_MS_PER_S`: a hiccup
drains away, a stream that keeps sending faster than a phone line crosses `FLOOD_LIMIT_MS`
and is hung up.
"""

from __future__ import annotations

from dataclasses import dataclass

from integrations.speech.audio import SAMPLE_RATE

MESSAGES_PER_SECOND = 150  # three times Twilio's 50 frames a second, marks and keys on top
MESSAGE_BURST = 300
AUDIO_BURST_MS = 2000  # a TCP retransmission on the way holds frames back for a second or two
# A dropped message counts as the 20 ms frame it stands for.
DROPPED_MESSAGE_MS = 20
FLOOD_DRAIN_MS_PER_S = 500
FLOOD_LIMIT_MS = 5000
MULAW_BYTES_PER_MS = SAMPLE_RATE // 1000


@dataclass
class TokenBucket:
    """`rate` units a second, up to `capacity` saved; starts full."""

    rate: float
    capacity: float

    def __post_init__(self) -> None:
        self.level = self.capacity
        self.updated: float | None = None

    def take(self, wanted: float, now: float) -> float:
        """Up to `wanted` units, as many as there are."""
        if self.updated is not None:
            self.level = min(self.capacity, self.level + (now - self.updated) * self.rate)
        self.updated = now
        granted = min(wanted, self.level)
        self.level -= granted
        return granted


class StreamLimits:
    """The budget of one media stream; `now` is monotonic seconds."""

    def __init__(self) -> None:
        self._messages = TokenBucket(rate=MESSAGES_PER_SECOND, capacity=MESSAGE_BURST)
        self._audio = TokenBucket(
            rate=SAMPLE_RATE, capacity=AUDIO_BURST_MS * MULAW_BYTES_PER_MS
        )  # in μ-law bytes: one a sample
        self._flood_ms = 0.0
        self._flood_at = 0.0
        self.dropped_messages = 0
        self.dropped_audio_ms = 0.0

    def admit_message(self, now: float) -> bool:
        """False: over the message rate, drop the message without reading it."""
        if self._messages.take(1, now) >= 1:
            return True
        self.dropped_messages += 1
        self._add_flood(DROPPED_MESSAGE_MS, now)
        return False

    def admit_audio(self, size: int, now: float) -> int:
        """How many of `size` μ-law bytes to keep; the rest came faster than real time."""
        kept = int(self._audio.take(size, now))
        if kept < size:
            dropped_ms = (size - kept) / MULAW_BYTES_PER_MS
            self.dropped_audio_ms += dropped_ms
            self._add_flood(dropped_ms, now)
        return kept

    @property
    def flooding(self) -> bool:
        """The stream kept exceeding its budget: hang it up."""
        return self._flood_ms > FLOOD_LIMIT_MS

    def _add_flood(self, milliseconds: float, now: float) -> None:
        drained = (now - self._flood_at) * FLOOD_DRAIN_MS_PER_S if self._flood_ms else 0.0
        self._flood_ms = max(0.0, self._flood_ms - drained) + milliseconds
        self._flood_at = now
