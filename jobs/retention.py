"""The nightly retention run (services.retention): the cron enqueues one job per tenant,
each carrying only the tenant's id. A job that dies is simply run again: what it finished
is not due any more, so it resumes where it stopped."""

from __future__ import annotations

from rq.exceptions import DuplicateJobError

from jobs.context import job_context
from jobs.queues import DEFAULT, queue, retry_policy
from models.scoping import staff_session
from services.retention import apply_retention, tenants_due

JOB_TIMEOUT_S = 3 * 3600


def dispatch_retention() -> int:
    """Enqueue every tenant's run; a tenant whose run is still waiting or running is skipped.
    Returns how many were enqueued."""
    with job_context() as ctx:
        with staff_session(ctx.session_factory) as session:
            tenant_ids = tenants_due(session=session)
        target = queue(DEFAULT, ctx.redis)
        enqueued = 0
        for tenant_id in tenant_ids:
            try:
                target.enqueue(
                    apply_tenant_retention,
                    tenant_id,
                    job_id=f"retention-{tenant_id}",
                    unique=True,
                    job_timeout=JOB_TIMEOUT_S,
                    retry=retry_policy(ctx.settings),
                    result_ttl=3600,
                    failure_ttl=12 * 3600,  # a failed run must not block the next night
                    description=f"retention for tenant {tenant_id}",
                )
            except DuplicateJobError:
                continue
            enqueued += 1
        return enqueued


def apply_tenant_retention(tenant_id: int) -> dict[str, int]:
    with job_context() as ctx:
        return apply_retention(session_factory=ctx.session_factory, tenant_id=tenant_id).counts
