"""The background jobs in Prometheus' terms, kept in Redis so that a web process exports them:
queue depths (RQ's own queues and registries) and each job's duration and result.

Heroku routes no traffic to a worker dyno, so a worker cannot be scraped. Every worker
therefore adds its figures to one Redis hash (`JOB_FIGURES_KEY`), and the portal's /metrics
reads that hash and RQ's registries when it is scraped (`JobCollector`, `QueueCollector`).
The figures are the whole platform's, however many workers ran the jobs and whichever web
process answers: take the max (or any one) across web processes, never the sum.

The hash stays small: per queue and function one counter per duration bucket, a sum and
one counter per result — never a key per job. RQ's own worker statistics (successful and
failed job counts, working time) live on each worker's record and vanish with the worker,
and have neither functions nor durations, so they are not used.

RQ runs each job in a forked work horse that exits afterwards, so the worker process itself
times `execute_job` (fork, run, wait) and reads the job's status once the horse is gone.
"""

from __future__ import annotations

import json
import math
import time
from collections import defaultdict
from collections.abc import Iterator
from itertools import accumulate

from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector
from prometheus_client.utils import floatToGoString
from redis import Redis
from rq.job import Job, JobStatus
from rq.registry import (
    DeferredJobRegistry,
    FailedJobRegistry,
    ScheduledJobRegistry,
    StartedJobRegistry,
)

from jobs.queues import QUEUE_NAMES, queue

REGISTRIES = {
    "started": StartedJobRegistry,
    "scheduled": ScheduledJobRegistry,
    "deferred": DeferredJobRegistry,
    "failed": FailedJobRegistry,
}
# Seconds: an e-mail (~0.1 s) to an invoice run (minutes).
DURATION_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0, math.inf)
JOB_FIGURES_KEY = "voiceagent:job-figures"


class QueueCollector(Collector):
    """voiceagent_queue_jobs{queue, state}: waiting (the queue's length), started, scheduled
    (retries waiting for their back-off), deferred, failed (kept for staff to retry)."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily(
            "voiceagent_queue_jobs", "Jobs per queue and state.", labels=["queue", "state"]
        )
        for name in QUEUE_NAMES:
            target = queue(name, self.redis)
            family.add_metric([name, "waiting"], target.count)
            for state, registry_class in REGISTRIES.items():
                # No cleanup: a scrape only reads.
                count = registry_class(queue=target).get_job_count(cleanup=False)
                family.add_metric([name, state], count)
        yield family


class JobMetrics:
    """What a worker adds to JOB_FIGURES_KEY after each job."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    def observe(self, job: Job, queue_name: str, started: float) -> None:
        seconds = time.perf_counter() - started
        status = job.get_status(refresh=True)
        result = status.value if isinstance(status, JobStatus) else "gone"
        function = job.func_name or "?"
        bucket = next(bound for bound in DURATION_BUCKETS if seconds <= bound)
        # One transaction: a scrape never sees a job's count without its duration.
        pipeline = self.redis.pipeline(transaction=True)
        pipeline.hincrby(JOB_FIGURES_KEY, _field("bucket", queue_name, function, bucket), 1)
        pipeline.hincrbyfloat(JOB_FIGURES_KEY, _field("sum", queue_name, function), seconds)
        pipeline.hincrby(JOB_FIGURES_KEY, _field("result", queue_name, function, result), 1)
        pipeline.execute()


class JobCollector(Collector):
    """voiceagent_job_duration_seconds{queue, function} and
    voiceagent_jobs_total{queue, function, result}, read from JOB_FIGURES_KEY when scraped."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    def collect(self) -> Iterator[Metric]:
        buckets: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
        sums: dict[tuple[str, str], float] = {}
        results = CounterMetricFamily(
            "voiceagent_jobs",
            "Jobs the workers ran, by queue, function and result (finished, failed, …).",
            labels=["queue", "function", "result"],
        )
        for raw_field, raw_value in self.redis.hgetall(JOB_FIGURES_KEY).items():
            kind, queue_name, function, *rest = json.loads(raw_field)
            value = float(raw_value)
            if kind == "bucket":
                buckets[queue_name, function][rest[0]] = value
            elif kind == "sum":
                sums[queue_name, function] = value
            else:
                results.add_metric([queue_name, function, rest[0]], value)
        durations = HistogramMetricFamily(
            "voiceagent_job_duration_seconds",
            "Time a job took in a worker (fork, run, wait), by queue and function.",
            labels=["queue", "function"],
        )
        for labels in sorted(buckets.keys() | sums.keys()):
            durations.add_metric(list(labels), _cumulative(buckets[labels]), sums.get(labels, 0.0))
        yield durations
        yield results


def _field(kind: str, queue_name: str, function: str, *rest: str | float) -> str:
    extra = [floatToGoString(x) if isinstance(x, float) else x for x in rest]
    return json.dumps([kind, queue_name, function, *extra])


def _cumulative(counts: dict[str, float]) -> list[tuple[str, float]]:
    """Prometheus' buckets count every job up to their bound; the hash holds each job once,
    in the lowest bucket it fitted. A bound since dropped from DURATION_BUCKETS counts in
    the next one above it."""
    per_bucket = [0.0] * len(DURATION_BUCKETS)
    for le, count in counts.items():
        index = next(i for i, bound in enumerate(DURATION_BUCKETS) if float(le) <= bound)
        per_bucket[index] += count
    return [
        (floatToGoString(bound), total)
        for bound, total in zip(DURATION_BUCKETS, accumulate(per_bucket), strict=True)
    ]
