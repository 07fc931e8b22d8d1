"""Counters and latency histograms for one runtime process, bounded in memory.

Histograms have fixed 0.5 ms buckets up to 5 s, so a process that runs for months keeps
the same few kilobytes. bench/voice_load.py reads them; they are cheap enough to keep on.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from models import Speaker
from services.call_records import TurnRecord

BUCKET_MS = 0.5
BUCKETS = 10_000  # 5 s


@dataclass
class Histogram:
    counts: list[int] = field(default_factory=lambda: [0] * (BUCKETS + 1))
    total: int = 0
    sum_ms: float = 0.0

    def add(self, milliseconds: float) -> None:
        bucket = min(BUCKETS, max(0, int(milliseconds / BUCKET_MS)))
        self.counts[bucket] += 1
        self.total += 1
        self.sum_ms += milliseconds

    def count_up_to(self, milliseconds: float) -> int:
        """How many samples were at most `milliseconds` (to bucket edges)."""
        return sum(self.counts[: min(BUCKETS + 1, int(milliseconds / BUCKET_MS))])

    def percentile(self, p: float) -> float:
        """Upper edge of the bucket holding the p-th percentile, in milliseconds."""
        if not self.total:
            return 0.0
        wanted = p / 100 * self.total
        running = 0
        for bucket, count in enumerate(self.counts):
            running += count
            if running >= wanted:
                return (bucket + 1) * BUCKET_MS
        return BUCKETS * BUCKET_MS

    def reset(self) -> None:
        self.counts = [0] * (BUCKETS + 1)
        self.total = 0
        self.sum_ms = 0.0


@dataclass
class RuntimeMetrics:
    pacing_lateness: Histogram = field(default_factory=Histogram)
    # End of the caller's turn detected → first reply frame sent (runtime + engines).
    reply_overhead: Histogram = field(default_factory=Histogram)
    frames_sent: int = 0
    calls_started: int = 0
    calls_finished: int = 0
    calls_closed: int = 0  # records written (or the attempt given up)
    live_calls: int = 0
    malformed_messages: int = 0
    # What streams sent beyond their budget (stream_limits.py), and the streams hung up for it.
    dropped_messages: int = 0
    dropped_audio_ms: float = 0.0
    streams_cut_off: int = 0
    # Media streams turned away before a call began: a bad signature, token or ended call.
    streams_refused: int = 0
    # Replies whose audio ran out mid-reply (TTS slower than playout): the caller heard a gap.
    underruns: int = 0
    # Closed calls by outcome ("completed", "caller_hung_up", …), and calls turned away at
    # the webhook (busy, suspended) under "rejected".
    outcomes: Counter[str] = field(default_factory=Counter)
    # Per turn, from what the call records store: recognition time, and time to the first
    # synthesised audio.
    stt: Histogram = field(default_factory=Histogram)
    tts_first_audio: Histogram = field(default_factory=Histogram)

    def turn_recorded(self, turn: TurnRecord) -> None:
        """A stored turn's timings: the caller's recognition time, the bot's first audio."""
        if turn.speaker == Speaker.CALLER:
            if turn.stt_ms is not None:
                self.stt.add(turn.stt_ms)
        elif turn.tts_first_audio_ms is not None:
            self.tts_first_audio.add(turn.tts_first_audio_ms)

    def frame_sent(self, lateness: float) -> None:
        self.frames_sent += 1
        self.pacing_lateness.add(lateness * 1000)

    def snapshot(self) -> dict[str, float]:
        return {
            "frames_sent": self.frames_sent,
            "calls_started": self.calls_started,
            "calls_finished": self.calls_finished,
            "calls_closed": self.calls_closed,
            "live_calls": self.live_calls,
            "malformed_messages": self.malformed_messages,
            "dropped_messages": self.dropped_messages,
            "dropped_audio_ms": self.dropped_audio_ms,
            "streams_cut_off": self.streams_cut_off,
            "pacing_p50_ms": self.pacing_lateness.percentile(50),
            "pacing_p99_ms": self.pacing_lateness.percentile(99),
            "overhead_p50_ms": self.reply_overhead.percentile(50),
            "overhead_p95_ms": self.reply_overhead.percentile(95),
            "overhead_samples": self.reply_overhead.total,
        }

    def reset_latencies(self) -> None:
        self.pacing_lateness.reset()
        self.reply_overhead.reset()
