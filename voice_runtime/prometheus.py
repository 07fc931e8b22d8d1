"""The runtime's in-process figures (voice_runtime/metrics.py) in Prometheus' format.

A collector reads RuntimeMetrics when /metrics is scraped, so the call path keeps counting
into plain integers and fine histograms as before, and nothing is counted twice. The fine
0.5 ms histograms are read out at a few coarse bucket edges — enough for p50/p95 and SLO
alerts, with a bounded number of series.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from models import CallOutcome
from voice_runtime.metrics import Histogram, RuntimeMetrics

# Milliseconds: where replies, recognition and first audio fall, fast engine to slow cloud.
EDGES_MS = (25, 50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000)


class RuntimeCollector(Collector):
    def __init__(self, metrics: RuntimeMetrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterator[Metric]:
        m = self.metrics
        yield GaugeMetricFamily(
            "voiceagent_voice_live_calls", "Calls this process is carrying now.", m.live_calls
        )
        outcomes = CounterMetricFamily(
            "voiceagent_voice_calls",
            "Calls that ended, by outcome (rejected: turned away at the webhook).",
            labels=["outcome"],
        )
        for outcome in CallOutcome:
            outcomes.add_metric([outcome.value], m.outcomes[outcome])
        yield outcomes
        yield _counter("calls_started", "Calls whose media stream began.", m.calls_started)
        yield _counter(
            "streams_refused",
            "Media streams refused before a call began (signature, token, call ended).",
            m.streams_refused,
        )
        yield _counter(
            "streams_cut_off",
            "Streams hung up for sending faster than a phone line.",
            m.streams_cut_off,
        )
        yield _counter(
            "malformed_messages",
            "Media-stream messages that could not be read.",
            m.malformed_messages,
        )
        yield _counter(
            "underruns",
            "Replies whose audio ran out mid-reply (the caller heard a gap).",
            m.underruns,
        )
        yield _counter("frames_sent", "Audio frames (20 ms) sent to callers.", m.frames_sent)
        yield _histogram(
            "reply_overhead",
            "End of the caller's turn detected to the reply's first audio frame sent.",
            m.reply_overhead,
        )
        yield _histogram("stt", "Speech recognition time of a caller's turn.", m.stt)
        yield _histogram(
            "tts_first_audio", "Time to a reply's first synthesised audio.", m.tts_first_audio
        )


def _counter(name: str, documentation: str, value: float) -> CounterMetricFamily:
    return CounterMetricFamily(f"voiceagent_voice_{name}", documentation, value=value)


def _histogram(name: str, documentation: str, histogram: Histogram) -> HistogramMetricFamily:
    buckets = [(str(edge / 1000), float(histogram.count_up_to(edge))) for edge in EDGES_MS]
    buckets.append(("+Inf", float(histogram.total)))
    return HistogramMetricFamily(
        f"voiceagent_voice_{name}_seconds",
        documentation,
        buckets=buckets,
        sum_value=histogram.sum_ms / 1000,
    )
