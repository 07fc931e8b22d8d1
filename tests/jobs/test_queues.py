"""What `enqueue_provisioning` does with what RQ still holds of a job: the dispatcher's and
the front doors' call, without a worker."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import redis
from rq import Retry
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from core.settings import Settings
from jobs import PROVISIONING, enqueue_provisioning
from jobs.queues import queue

FUNCTION = "jobs.provisioning.provision"


def _scheduled(redis_client: redis.Redis, job_id: int, due: datetime) -> Job:
    """A retry waiting for its back-off: one of two retries already used."""
    job = queue(PROVISIONING, redis_client).enqueue_at(
        due, FUNCTION, job_id, job_id=f"provisioning-{job_id}", retry=Retry(max=2, interval=[1, 1])
    )
    job.retries_left = 1
    job.save()
    return job


def test_a_retry_still_waiting_for_its_back_off_is_left_alone(
    redis_client: redis.Redis, settings: Settings
) -> None:
    _scheduled(redis_client, 7, datetime.now(UTC) + timedelta(minutes=5))

    assert enqueue_provisioning(redis=redis_client, settings=settings, job_id=7) is None
    assert queue(PROVISIONING, redis_client).get_job_ids() == []


def test_an_overdue_retry_whose_scheduler_died_is_moved_onto_the_queue(
    redis_client: redis.Redis, settings: Settings
) -> None:
    _scheduled(redis_client, 7, datetime.now(UTC) - timedelta(minutes=2))

    moved = enqueue_provisioning(redis=redis_client, settings=settings, job_id=7)

    assert moved is not None
    assert queue(PROVISIONING, redis_client).get_job_ids() == ["provisioning-7"]
    stored = Job.fetch("provisioning-7", connection=redis_client, serializer=JSONSerializer)
    # The same job, not a new one: RQ's count of retries left carries on.
    assert stored.get_status() == JobStatus.QUEUED and stored.retries_left == 1
    assert queue(PROVISIONING, redis_client).scheduled_job_registry.get_job_ids() == []


def test_staff_cut_a_waiting_back_off_short(redis_client: redis.Redis, settings: Settings) -> None:
    _scheduled(redis_client, 7, datetime.now(UTC) + timedelta(minutes=5))

    assert enqueue_provisioning(redis=redis_client, settings=settings, job_id=7, now=True)
    assert queue(PROVISIONING, redis_client).get_job_ids() == ["provisioning-7"]


def test_a_waiting_job_is_not_enqueued_twice(redis_client: redis.Redis, settings: Settings) -> None:
    assert enqueue_provisioning(redis=redis_client, settings=settings, job_id=7) is not None
    assert enqueue_provisioning(redis=redis_client, settings=settings, job_id=7) is None
    assert queue(PROVISIONING, redis_client).get_job_ids() == ["provisioning-7"]


def test_a_queued_job_lost_from_its_queue_is_enqueued_again(
    redis_client: redis.Redis, settings: Settings
) -> None:
    provisioning = queue(PROVISIONING, redis_client)
    enqueue_provisioning(redis=redis_client, settings=settings, job_id=7)
    redis_client.lrem(provisioning.key, 0, "provisioning-7")  # taken by a worker that died

    assert enqueue_provisioning(redis=redis_client, settings=settings, job_id=7) is not None
    assert provisioning.get_job_ids() == ["provisioning-7"]
