"""Each queue's scheduler lock (jobs/worker.py): a dead holder's lock is freed, a live one's
never — not even in the moment after RQ takes the locks and before the forked scheduler has
written the record a holder is judged by."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import redis
from rq.scheduler import SCHEDULER_KEY_TEMPLATE, RQScheduler
from rq.utils import utcparse

from jobs import DEFAULT, QUEUE_NAMES
from jobs.worker import LOCK_TTL_S, STALE_AFTER, release_dead_scheduler_locks
from tests.faults.conftest import LOST_WORKER_ENV
from tests.jobs.conftest import wait_until

LOCK = RQScheduler.get_locking_key(DEFAULT)


def test_a_lock_whose_holder_left_no_record_is_freed(redis_client: redis.Redis) -> None:
    # Taken longer ago than a heartbeat may be late, never refreshed: its worker died first.
    unrefreshed_s = int(STALE_AFTER.total_seconds()) + 1
    redis_client.set(LOCK, "gone-scheduler", ex=LOCK_TTL_S - unrefreshed_s)

    assert release_dead_scheduler_locks(redis_client, [DEFAULT]) == [DEFAULT]
    assert redis_client.get(LOCK) is None


def test_the_lock_of_a_scheduler_being_born_is_kept(redis_client: redis.Redis) -> None:
    # Taken a moment ago by another worker, whose forked scheduler has no record yet.
    redis_client.set(LOCK, "just-forked", ex=LOCK_TTL_S)

    assert release_dead_scheduler_locks(redis_client, [DEFAULT]) == []
    assert redis_client.get(LOCK) == b"just-forked"


def _heartbeat_of_holder(redis_client: redis.Redis) -> datetime | None:
    holder = redis_client.get(LOCK)
    if holder is None:
        return None
    beat = redis_client.hget(SCHEDULER_KEY_TEMPLATE % holder.decode(), "last_heartbeat")
    return utcparse(beat.decode()).replace(tzinfo=UTC) if beat else None


def test_a_new_workers_scheduler_keeps_the_locks_it_took(
    redis_client: redis.Redis, start_worker: Callable[..., subprocess.Popen], tmp_path
) -> None:
    # One maintenance a second (JOB_LOST_AFTER_S=3): the first ran before the scheduler's birth.
    worker = start_worker(LOG_LEVEL="INFO", **LOST_WORKER_ENV)
    born = wait_until(lambda: _heartbeat_of_holder(redis_client), what="the scheduler's record")
    assert isinstance(born, datetime)
    wait_until(
        lambda: (_heartbeat_of_holder(redis_client) or born) > born + timedelta(seconds=2),
        what="two more heartbeats",
    )

    assert worker.poll() is None
    log = (tmp_path / "worker-0.log").read_text()
    assert "Acquired scheduler lock" in log
    assert "had expired" not in log
    assert "taken over" not in log
    assert sorted(redis_client.keys(RQScheduler.get_locking_key("*"))) == sorted(
        RQScheduler.get_locking_key(name).encode() for name in QUEUE_NAMES
    )
