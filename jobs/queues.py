"""The queues, and putting work on them.

Three queues — `provisioning`, `billing`, `default` — on REDIS_URL. Every job is stored
with RQ's JSON serializer and carries ids only: never an object, never a secret. Jobs are
named by their dotted path, so enqueuing imports nothing of the job's code.

Every job may run again after an attempt that did part of its work: RQ retries a job whose
work horse or whole worker died (jobs/worker.py). So each is idempotent — a purchase is
tagged and looked up before buying, a Stripe sync sends idempotency keys and finds what
it made, an invoice run skips invoiced tenants — except the booking SMS, which Twilio cannot
deduplicate (see README). A lost worker's failure is recorded by jobs/lost_worker.py.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from redis import Redis
from rq import Callback, Queue, Retry
from rq.exceptions import NoSuchJobError
from rq.executions import Execution
from rq.job import Job, JobStatus
from rq.registry import ScheduledJobRegistry
from rq.serializers import JSONSerializer

from core.settings import Settings

PROVISIONING, BILLING, DEFAULT = "provisioning", "billing", "default"
QUEUE_NAMES = (PROVISIONING, BILLING, DEFAULT)
# A live scheduler moves a due job onto its queue within a second or two; one due for longer
# has no scheduler to move it (its worker died holding the lock) and is moved by us.
OVERDUE_AFTER = timedelta(seconds=15)


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
    *,
    redis: Redis,
    settings: Settings,
    job_id: int,
    replace_running: bool = False,
    now: bool = False,
) -> Job | None:
    """Put ProvisioningJob `job_id` on its queue, after the transaction that created it has
    committed (jobs.on_commit does this for the front doors). Returns None when it is
    already waiting or running. `replace_running` is for jobs whose worker died: their RQ job
    still says "started" but nobody runs it. `now` cuts a waiting retry's back-off short
    (staff pressed Retry).

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
        on_failure=Callback("jobs.lost_worker.provisioning_lost"),
        failure_days=7,
        replace_running=replace_running,
        now=now,
    )


def enqueue_booking_sms(
    *, redis: Redis, settings: Settings, tenant_id: int, booking_id: int, change: str
) -> Job:
    """Send the caller's SMS about a booking's change (services.booking_sms), after the
    transaction that made the change has committed. Every change is its own job: a booking
    moved twice sends twice, each with the time it then has."""
    return queue(DEFAULT, redis).enqueue(
        "jobs.sms.send_booking_confirmation",
        tenant_id,
        booking_id,
        change,
        retry=retry_policy(settings),
        job_timeout=settings.job_timeout_s,
        failure_ttl=30 * 24 * 3600,
        description=f"SMS about booking {booking_id} ({change})",
        on_failure=Callback("jobs.lost_worker.booking_sms_lost"),
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
        on_failure=Callback("jobs.lost_worker.invoice_sync_lost"),
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
    on_failure: Callback | None = None,
    timeout_s: int | None = None,
    failure_days: int = 30,
    replace_running: bool = False,
    now: bool = False,
) -> Job | None:
    """Enqueue `function(argument)` under the fixed id `rq_id`, with our retry policy, unless
    that job is still waiting or running (then None). A retry that waits for a scheduler
    which is not coming (overdue), or that should run `now`, is moved onto its queue."""
    target = queue(queue_name, redis)
    try:
        existing = Job.fetch(rq_id, connection=redis, serializer=JSONSerializer)
    except NoSuchJobError:
        existing = None
    if existing is not None:
        status = existing.get_status()
        if status == JobStatus.SCHEDULED:
            return _move_scheduled(target, existing, now=now)
        if status == JobStatus.QUEUED and redis.lpos(target.key, rq_id) is not None:
            return None
        if status == JobStatus.STARTED and not replace_running:
            return None
        if status == JobStatus.DEFERRED:
            return None
        # Finished, failed, stopped — or queued/started with nobody left to run it.
        _delete(existing)
    return target.enqueue(
        function,
        argument,
        job_id=rq_id,
        retry=retry_policy(settings),
        on_failure=on_failure,
        job_timeout=timeout_s or settings.job_timeout_s,
        failure_ttl=failure_days * 24 * 3600,
        description=description,
    )


def _delete(job: Job) -> None:
    """Job.delete, after dropping the executions RQ still lists but keeps no more. RQ 3 lists
    an execution 60 s past its record's expiry, and Job.delete fails on such a one
    ("Execution … not found in Redis") — as for a job abandoned by a killed worker, in the
    minute after the sweep failed it, just when staff retry it."""
    registry = job.execution_registry
    for execution_id in registry.get_execution_ids():
        if not job.connection.exists(Execution(execution_id, job.id, job.connection).key):
            job.connection.zrem(registry.key, execution_id)
    job.delete()


def _move_scheduled(target: Queue, job: Job, *, now: bool) -> Job | None:
    """Put a scheduled job (a retry waiting for its back-off) on its queue if it is overdue
    or wanted `now`; None if it may keep waiting. Keeps the job, so RQ's count of retries
    left and the attempt's identity (jobs.provisioning) carry on."""
    registry = ScheduledJobRegistry(queue=target)
    try:
        due = registry.get_scheduled_time(job)
    except NoSuchJobError:
        due = None  # scheduled, yet in no registry: nothing would ever run it
    if due is not None and not now and due > datetime.now(UTC) - OVERDUE_AFTER:
        return None
    # Whoever takes it out of the registry moves it: a scheduler racing us finds it gone.
    if due is not None and not registry.remove(job):
        return None
    return target.enqueue_job(job)
