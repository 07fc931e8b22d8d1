"""The workers' jobs on the portal's /metrics. A worker dyno gets no traffic on Heroku, so
each `voiceagent worker` adds every job's duration and result to Redis (jobs/metrics.py),
and the portal — a web process the router reaches — exports them beside the queue depths,
behind METRICS_TOKEN like the rest of its /metrics."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest
import redis
from nicegui.testing.user import User
from prometheus_client.parser import text_string_to_metric_families
from pydantic import SecretStr
from rq import Worker

from core.settings import Settings
from jobs.metrics import DURATION_BUCKETS, JOB_FIGURES_KEY
from jobs.queues import DEFAULT, queue
from tests.customer_ui.conftest import user

__all__ = ["user"]  # the portal under NiceGUI's simulated user, from the portal's tests

TOKEN = "scrape-me-0123456789"
SLEEP = "time.sleep"  # a job whose least duration is known
EMAILS = "jobs.email.deliver_emails"
Figures = dict[tuple[str, frozenset[tuple[str, str]]], float]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The portal's settings with a metrics token: every scrape here must send it."""
    return settings.model_copy(update={"metrics_token": SecretStr(TOKEN)})


async def scrape(client: User) -> Figures:
    response = await client.http_client.get(
        "/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 200, response.text
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


async def scrape_until(client: User, done: Callable[[Figures], bool], what: str) -> Figures:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        figures = await scrape(client)
        if done(figures):
            return figures
        await asyncio.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}; last scrape: {figures}")


def jobs(figures: Figures, function: str, result: str) -> float:
    labels = {("queue", DEFAULT), ("function", function), ("result", result)}
    return figures.get(("voiceagent_jobs_total", frozenset(labels)), 0)


def duration(figures: Figures, function: str, sample: str, le: str | None = None) -> float:
    labels = {("queue", DEFAULT), ("function", function)} | ({("le", le)} if le else set())
    return figures[(f"voiceagent_job_duration_seconds_{sample}", frozenset(labels))]


def depth(figures: Figures, state: str) -> float:
    return figures[("voiceagent_queue_jobs", frozenset({("queue", DEFAULT), ("state", state)}))]


async def test_a_job_a_worker_ran_shows_on_the_portals_metrics_with_its_duration(
    start_worker, user: User, redis_client: redis.Redis
) -> None:
    start_worker()
    queue(DEFAULT, redis_client).enqueue(SLEEP, 0.3)

    figures = await scrape_until(user, lambda f: jobs(f, SLEEP, "finished") == 1, "the job")
    assert duration(figures, SLEEP, "count") == 1
    assert duration(figures, SLEEP, "sum") >= 0.3
    assert duration(figures, SLEEP, "bucket", "0.25") == 0  # it slept longer than that
    assert duration(figures, SLEEP, "bucket", "1800.0") == 1
    assert duration(figures, SLEEP, "bucket", "+Inf") == 1
    assert depth(figures, "waiting") == 0
    refused = await user.http_client.get("/metrics")
    assert refused.status_code == 403
    assert "voiceagent_job" not in refused.text


async def test_a_failed_job_counts_as_failed(
    start_worker, user: User, redis_client: redis.Redis
) -> None:
    start_worker()
    default = queue(DEFAULT, redis_client)
    default.enqueue(EMAILS)  # no e-mails waiting: finishes at once
    default.enqueue(EMAILS, "unexpected", "arguments")  # a TypeError in the work horse

    def both_counted(figures: Figures) -> bool:
        return jobs(figures, EMAILS, "finished") + jobs(figures, EMAILS, "failed") == 2

    figures = await scrape_until(user, both_counted, "two jobs")
    assert (jobs(figures, EMAILS, "finished"), jobs(figures, EMAILS, "failed")) == (1, 1)
    assert duration(figures, EMAILS, "count") == 2
    assert depth(figures, "failed") == 1  # kept for staff to retry


async def test_jobs_of_two_workers_are_counted_once_each(
    start_worker, user: User, redis_client: redis.Redis
) -> None:
    start_worker()
    start_worker()
    deadline = time.monotonic() + 60
    while Worker.count(connection=redis_client) < 2 and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
    default = queue(DEFAULT, redis_client)
    for _ in range(6):
        default.enqueue(SLEEP, 0.2)  # long enough that both workers take some

    figures = await scrape_until(user, lambda f: jobs(f, SLEEP, "finished") == 6, "six jobs")
    ran = sorted(w.successful_job_count for w in Worker.all(connection=redis_client))
    assert len(ran) == 2 and ran[0] > 0, f"both workers should have run jobs: {ran}"
    assert duration(figures, SLEEP, "count") == 6
    assert duration(figures, SLEEP, "bucket", "+Inf") == 6
    # Bounded: a counter per bucket, a sum and a result — not a key or a field per job.
    assert redis_client.hlen(JOB_FIGURES_KEY) <= len(DURATION_BUCKETS) + 2
