"""The worker's /metrics (WORKER_METRICS_PORT): each job's duration and result, timed in the
worker process around the work horse RQ forks, and the queue depths."""

from __future__ import annotations

import httpx
import redis
from prometheus_client.parser import text_string_to_metric_families

from jobs.queues import DEFAULT, queue
from tests.jobs.conftest import wait_until
from tests.tls_redis import free_port

FUNCTION = "jobs.email.deliver_emails"


def scrape(port: int) -> dict[tuple[str, frozenset[tuple[str, str]]], float] | None:
    try:
        response = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5)
    except httpx.TransportError:
        return None  # not listening yet
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def test_job_durations_and_failures_are_counted_by_function(
    start_worker, redis_client: redis.Redis
) -> None:
    port = free_port()
    start_worker(WORKER_METRICS_PORT=str(port))
    default = queue(DEFAULT, redis_client)
    default.enqueue(FUNCTION)  # no e-mails waiting: finishes at once
    default.enqueue(FUNCTION, "unexpected", "arguments")  # a TypeError in the work horse

    def results() -> dict[str, float] | None:
        figures = scrape(port)
        if figures is None:
            return None
        found = {
            dict(labels)["result"]: value
            for (name, labels), value in figures.items()
            if name == "voiceagent_jobs_total" and dict(labels)["function"] == FUNCTION
        }
        return found if sum(found.values()) == 2 else None

    assert wait_until(results, timeout=60, what="two jobs counted") == {
        "finished": 1,
        "failed": 1,
    }
    figures = scrape(port)
    assert figures is not None
    timed = frozenset({("queue", DEFAULT), ("function", FUNCTION)})
    assert figures[("voiceagent_job_duration_seconds_count", timed)] == 2
    assert figures[("voiceagent_job_duration_seconds_sum", timed)] > 0
    failed = frozenset({("queue", DEFAULT), ("state", "failed")})
    assert figures[("voiceagent_queue_jobs", failed)] == 1
    waiting = frozenset({("queue", DEFAULT), ("state", "waiting")})
    assert figures[("voiceagent_queue_jobs", waiting)] == 0
