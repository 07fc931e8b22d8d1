"""The RQ worker of `voiceagent worker`: RQ's own, with a dead worker's jobs and scheduler
taken over within a minute instead of RQ's minutes.

A worker killed with SIGKILL (or whose machine is lost) leaves its job in the queue's
StartedJobRegistry as "started". RQ sweeps that registry at each worker's maintenance
(StartedJobRegistry.cleanup): an execution whose heartbeat has expired is abandoned — the
job's failure callback and the worker's exception handlers get AbandonedJobError, and the
job is retried by its Retry policy, or moved to the failed registry. RQ lets a heartbeat
live the monitoring interval plus 60 s, and sweeps every 10 minutes: a purchase or an
invoice sync stalled for minutes. This worker heart-beats every quarter of
JOB_LOST_AFTER_S, lets a heartbeat live JOB_LOST_AFTER_S, and sweeps every half of it;
the rest is RQ's. Every job we enqueue may run again this way, so each is idempotent
(jobs/queues.py).

Each queue's scheduler (it moves retries waiting for their back-off onto the queue) runs in
the one worker that holds the queue's lock, `rq:scheduler-lock:<queue>`. A worker killed with
SIGKILL keeps that lock for another 61 s, and RQ tries to take it again only at its
maintenance: after a crash and a restart, retries waited ~10 minutes. So this worker frees
the locks of dead holders before it starts its scheduler and at each maintenance. A holder
without a record is not dead at once: RQ takes the locks in the worker and only then forks
the scheduler, which writes its record once it runs. Taken for dead in that moment, a new
scheduler's locks were freed at the first maintenance and retaken a second later, and every
worker start logged "lock had expired" three times.
"""

from __future__ import annotations

import os
import socket
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import rq
from redis import Redis
from rq import Queue
from rq.job import Job
from rq.scheduler import SCHEDULER_KEY_TEMPLATE, RQScheduler
from rq.scripts import release_lock
from rq.utils import as_text, utcparse

from jobs.metrics import JobMetrics

# A live scheduler writes its heartbeat every second.
STALE_AFTER = timedelta(seconds=10)
# What RQ gives a scheduler lock each time it is taken or refreshed: the scheduler's interval
# (RQScheduler's default, 1 s, which the worker keeps) + 60 s.
LOCK_TTL_S = 61


class Worker(rq.Worker):
    def __init__(self, *args: Any, lost_after_s: int, **kwargs: Any) -> None:
        self.lost_after_s = lost_after_s
        # Maintenance sweeps the started jobs (and frees a dead scheduler's locks).
        maintenance_s = max(1, lost_after_s // 2)
        kwargs.setdefault("maintenance_interval", maintenance_s)
        # An idle worker blocks on the queues for worker_ttl - 15 s between maintenances.
        kwargs.setdefault("worker_ttl", maintenance_s + 15)
        # A busy worker heart-beats its job this often (RQ's default: 30 s).
        kwargs.setdefault("job_monitoring_interval", max(1, lost_after_s // 4))
        super().__init__(*args, **kwargs)
        self.job_metrics = JobMetrics(self.connection)

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        """How long a running job's execution stays in the StartedJobRegistry after each
        heartbeat; past it, RQ's sweep takes the job as abandoned. RQ's is the monitoring
        interval plus 60 s; ours lets a worker miss a few heartbeats, not a minute of them."""
        return self.lost_after_s

    def work(self, *args: Any, **kwargs: Any) -> bool:
        release_dead_scheduler_locks(self.connection, self.queue_names())
        return super().work(*args, **kwargs)

    def execute_job(self, job: Job, queue: Queue) -> None:
        """Runs in this process and waits for the work horse: timed here, and added to the
        figures in Redis that the portal's /metrics exports (jobs/metrics.py)."""
        started = time.perf_counter()
        try:
            super().execute_job(job, queue)
        finally:
            self.job_metrics.observe(job, queue.name, started)

    def run_maintenance_tasks(self) -> None:
        release_dead_scheduler_locks(self.connection, self.queue_names())
        super().run_maintenance_tasks()


def release_dead_scheduler_locks(connection: Redis, queue_names: list[str]) -> list[str]:
    """Free the scheduler lock of each queue whose holder is dead; returns those queues."""
    released = []
    for name in queue_names:
        key = RQScheduler.get_locking_key(name)
        holder = connection.get(key)
        if holder is None:
            continue
        holder_name = as_text(holder)
        # Atomic: a lock that changed hands meanwhile is left alone.
        if _is_dead(connection, key, holder_name) and release_lock(connection, key, holder_name):
            released.append(name)
    return released


def _is_dead(connection: Redis, lock: str, scheduler_name: str) -> bool:
    """Dead: its heartbeat is stale; it ran on this machine under a process id that no longer
    runs (then we need not wait for the heartbeat to go stale); or it has no record and has
    not refreshed its `lock` for as long as a stale heartbeat (a scheduler being born has
    taken its lock moments ago; one whose worker died before the fork never will)."""
    raw = connection.hgetall(SCHEDULER_KEY_TEMPLATE % scheduler_name)
    record = {as_text(k): as_text(v) for k, v in raw.items()}
    heartbeat = record.get("last_heartbeat")
    if not heartbeat:
        return connection.ttl(lock) < LOCK_TTL_S - STALE_AFTER.total_seconds()
    if datetime.now(UTC) - utcparse(heartbeat).replace(tzinfo=UTC) > STALE_AFTER:
        return True
    pid = int(record.get("pid") or 0)
    return record.get("hostname") == socket.gethostname() and pid > 0 and not _runs(pid)


def _runs(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A killed process nobody has reaped yet still answers the signal; it is a zombie.
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True
