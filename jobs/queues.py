"""The queues, and putting work on them.

Three queues — `provisioning`, `billing`, `default` — on REDIS_URL. Every job is stored
with RQ's JSON serializer and carries ids only: never an object, never a secret. Jobs are
named by their dotted path, so enqueuing imports nothing of the job's code.
"""

from __future__ import annotations

from redis import Redis
from rq import Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer

from core.settings import Settings

PROVISIONING, BILLING, DEFAULT = "provisioning", "billing", "default"
QUEUE_NAMES = (PROVISIONING, BILLING, DEFAULT)
# States in which a job will still run (or is running) without anybody's help.
_PENDING = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED}


def redis_from_settings(settings: Settings) -> Redis:
    if settings.redis_url is None:
        raise RuntimeError("REDIS_URL is not set; `voiceagent dev` sets it for its processes")
    return Redis.from_url(settings.redis_url)


def queue(name: str, connection: Redis) -> Queue:
    return Queue(name, connection=connection, serializer=JSONSerializer)


def retry_policy(settings: Settings) -> Retry | None:
    intervals = settings.retry_intervals
    return Retry(max=len(intervals), interval=intervals) if intervals else None


def enqueue_provisioning(
    *, redis: Redis, settings: Settings, job_id: int, replace_running: bool = False
) -> Job | None:
    """Put ProvisioningJob `job_id` on its queue, after the transaction that created it has
    committed. Returns None when it is already waiting or running. `replace_running` is for
    jobs whose worker died: their RQ job still says "started" but nobody runs it.

    Enqueuing twice is harmless: an attempt claims the row first, so only one does the work.
    """
    return _enqueue_once(
        redis,
        settings,
        PROVISIONING,
        "jobs.provisioning.provision",
        job_id,
        rq_id=f"provisioning-{job_id}",
        description=f"provisioning job {job_id}",
        failure_days=7,
        replace_running=replace_running,
    )


def enqueue_invoice_sync(*, redis: Redis, settings: Settings, invoice_id: int) -> Job | None:
    """Put the Stripe sync of Invoice `invoice_id` on the billing queue, after the invoice
    run has committed. Returns None when it is already waiting or running; a failed one is
    replaced (the sync picks up where it stopped, so running it again is safe)."""
    return _enqueue_once(
        redis,
        settings,
        BILLING,
        "jobs.billing.sync_invoice",
        invoice_id,
        rq_id=f"stripe-sync-{invoice_id}",
        description=f"Stripe sync of invoice {invoice_id}",
    )


def enqueue_invoice_run(*, redis: Redis, settings: Settings, period: str) -> Job | None:
    """Invoice every tenant for `period` ("YYYY-MM") on the billing queue — the back office's
    "run now". Returns None when that month's run is already waiting or running; a rerun of a
    finished one changes nothing, so it may be enqueued again."""
    return _enqueue_once(
        redis,
        settings,
        BILLING,
        "jobs.billing.invoice_run",
        period,
        rq_id=f"invoice-run-{period}",
        description=f"invoice run for {period}",
        timeout_s=3600,
    )


def _enqueue_once(
    redis: Redis,
    settings: Settings,
    queue_name: str,
    function: str,
    argument: int | str,
    *,
    rq_id: str,
    description: str,
    timeout_s: int | None = None,
    failure_days: int = 30,
    replace_running: bool = False,
) -> Job | None:
    """Enqueue `function(argument)` under the fixed id `rq_id`, with our retry policy, unless
    that job is still waiting or running (then None)."""
    if _still_pending(redis, rq_id, replace_running=replace_running):
        return None
    return queue(queue_name, redis).enqueue(
        function,
        argument,
        job_id=rq_id,
        retry=retry_policy(settings),
        job_timeout=timeout_s or settings.job_timeout_s,
        failure_ttl=failure_days * 24 * 3600,
        description=description,
    )


def _still_pending(redis: Redis, rq_id: str, *, replace_running: bool = False) -> bool:
    """Whether RQ job `rq_id` will still run by itself; if not, its remains are deleted so
    the id can be enqueued again."""
    try:
        existing = Job.fetch(rq_id, connection=redis, serializer=JSONSerializer)
    except NoSuchJobError:
        return False
    status = existing.get_status()
    if status in _PENDING and not (replace_running and status == JobStatus.STARTED):
        return True
    existing.delete()
    return False
