"""RQ's cron scheduler, enqueuing with the JSON serializer like every other producer.

`rq.cron.CronJob.enqueue` builds its Queue with RQ's default (pickle) serializer, which our
JSON workers refuse to read — and pickled job data in Redis is a risk we keep out anyway.
`JsonCronJob.enqueue` is that method with the one difference; the rest is RQ's own cron
(`rq.cron.register` in jobs/cron.py, the scheduler loop, its registry and heartbeats).
"""

from __future__ import annotations

from redis import Redis
from rq import cron_job_registry
from rq.cron import CronJob, CronScheduler
from rq.defaults import DEFAULT_CRON_JOB_HISTORY_LIMIT, DEFAULT_CRON_JOB_HISTORY_TTL
from rq.job import Job

from jobs.queues import queue

CRON_MODULE = "jobs.cron"


class JsonCronJob(CronJob):
    def enqueue(self, connection: Redis) -> Job:
        if not self.func:
            raise ValueError("cron job without a function")
        target = queue(self.queue_name, connection)
        with connection.pipeline() as pipeline:
            job = target.enqueue(
                self.func, args=self.args, kwargs=self.kwargs, **self.job_options, pipeline=pipeline
            )
            enqueued_at = job.enqueued_at.timestamp() if job.enqueued_at else 0.0
            pipeline.zadd(self.job_history_key, {job.id: enqueued_at})
            pipeline.zremrangebyrank(self.job_history_key, 0, -(DEFAULT_CRON_JOB_HISTORY_LIMIT + 1))
            pipeline.expire(self.job_history_key, DEFAULT_CRON_JOB_HISTORY_TTL)
            cron_job_registry.add(self.name, pipeline, enqueue_timestamp=enqueued_at)
            pipeline.execute()
        return job


class JsonCronScheduler(CronScheduler):
    def register(self, func, queue_name, **options):  # type: ignore[no-untyped-def,override]
        cron_job = JsonCronJob(queue_name=queue_name, func=func, **options)
        self._cron_jobs.append(cron_job)
        return cron_job


def cron_scheduler(connection: Redis) -> JsonCronScheduler:
    scheduler = JsonCronScheduler(connection=connection)
    scheduler.load_config_from_file(CRON_MODULE)
    return scheduler
