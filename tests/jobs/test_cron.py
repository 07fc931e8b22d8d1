"""The cron file loads into RQ's cron scheduler, and what it enqueues a JSON worker can read."""

from __future__ import annotations

import json
import zlib

import redis
from rq.job import Job
from rq.serializers import JSONSerializer

from jobs.schedule import cron_scheduler


def test_the_cron_file_registers_each_scheduled_job(redis_client: redis.Redis) -> None:
    scheduler = cron_scheduler(redis_client)
    entries = {
        job.func_name: (job.queue_name, job.cron, job.interval) for job in scheduler.get_jobs()
    }
    assert entries == {
        "jobs.provisioning.dispatch_provisioning": ("provisioning", None, 60),
        "jobs.email.deliver_emails": ("default", None, 60),
        "jobs.call_reaper.reap_lost_calls_job": ("default", None, 20),
        "jobs.call_events.deliver_call_events": ("default", None, 60),
        "jobs.billing.monthly_invoice_run": ("billing", "0 2 1 * *", None),
        "jobs.billing.suspend_overdue_tenants": ("billing", None, 3600),
        "jobs.billing.dispatch_invoice_sync": ("billing", None, 3600),
        "jobs.retention.dispatch_retention": ("default", "30 3 * * *", None),
        "jobs.trial.remind_trials_ending": ("default", None, 3600),
        "jobs.spending.alert_spending": ("default", None, 300),
        "jobs.subscriptions.end_cancelled_subscriptions": ("default", None, 600),
    }


def test_cron_jobs_are_stored_as_json(redis_client: redis.Redis) -> None:
    [dispatch] = [
        job
        for job in cron_scheduler(redis_client).get_jobs()
        if job.func_name.endswith("dispatch_provisioning")
    ]
    enqueued = dispatch.enqueue(redis_client)
    stored = Job.fetch(enqueued.id, connection=redis_client, serializer=JSONSerializer)
    assert stored.func_name == "jobs.provisioning.dispatch_provisioning"
    raw = zlib.decompress(redis_client.hget(f"rq:job:{enqueued.id}", "data"))
    assert json.loads(raw)[0] == "jobs.provisioning.dispatch_provisioning"  # JSON, not a pickle
