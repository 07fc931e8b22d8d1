"""The background jobs in Prometheus' terms: queue depths (read from Redis when scraped, so any
process may export them) and, in the worker, each job's duration and result.

RQ runs every job in a forked work horse that exits afterwards; its figures would die with it.
So the worker process itself times `execute_job` (fork, run, wait) and reads the job's status
once the horse is gone — the figures stay in one long-lived process.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from prometheus_client import CollectorRegistry, Counter, Histogram, make_wsgi_app
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from redis import Redis
from rq.job import Job, JobStatus
from rq.registry import (
    DeferredJobRegistry,
    FailedJobRegistry,
    ScheduledJobRegistry,
    StartedJobRegistry,
)

from core.metrics import metrics_refusal
from core.settings import Settings
from jobs.queues import QUEUE_NAMES, queue

REGISTRIES = {
    "started": StartedJobRegistry,
    "scheduled": ScheduledJobRegistry,
    "deferred": DeferredJobRegistry,
    "failed": FailedJobRegistry,
}
# Seconds: an e-mail (~0.1 s) to an invoice run (minutes).
DURATION_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0)


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
    def __init__(self, registry: CollectorRegistry) -> None:
        self.duration = Histogram(
            "voiceagent_job_duration_seconds",
            "Time a job took in the worker (fork, run, wait), by queue and function.",
            ["queue", "function"],
            buckets=DURATION_BUCKETS,
            registry=registry,
        )
        self.results = Counter(
            "voiceagent_jobs",
            "Jobs the worker ran, by queue, function and result (finished, failed, …).",
            ["queue", "function", "result"],
            registry=registry,
        )

    def observe(self, job: Job, queue_name: str, started: float) -> None:
        status = job.get_status(refresh=True)
        result = status.value if isinstance(status, JobStatus) else "gone"
        function = job.func_name or "?"
        self.duration.labels(queue_name, function).observe(time.perf_counter() - started)
        self.results.labels(queue_name, function, result).inc()


def serve_metrics(
    settings: Settings, registry: CollectorRegistry, host: str, port: int
) -> WSGIServer:
    """/metrics of the worker on a thread of its own (METRICS_TOKEN applies, as on the web
    processes). Returns the server, so a caller may shut it down."""
    exporter = make_wsgi_app(registry)

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        refusal = metrics_refusal(settings, environ.get("HTTP_AUTHORIZATION"))
        if refusal is not None:
            start_response("403 Forbidden", [("Content-Type", "text/plain; charset=utf-8")])
            return [refusal.encode()]
        return exporter(environ, start_response)

    server = make_server(host, port, app, handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, name="metrics", daemon=True).start()
    return server


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base's name)
        """Every scrape would write a line to stderr otherwise."""
