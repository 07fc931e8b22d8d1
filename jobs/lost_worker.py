"""Failure callbacks for a job whose worker was lost mid-job (killed, its machine gone).

RQ's sweep of the started jobs (jobs/worker.py) calls a job's failure callback with
AbandonedJobError — the one failure the job's own code never sees, as it died with its
process. Each callback records it where that job's code records its own failures, so staff
find it in the same place: on the provisioning job (and its bot), or, once no retry is left,
in the audit log (a Stripe sync, a booking's SMS). Other failures reach the callback too;
the job has recorded those itself. Jobs without a callback here are found in RQ's failed
registry (rq-dashboard).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from types import TracebackType

from redis import Redis
from rq.exceptions import AbandonedJobError
from rq.job import Job

from jobs.context import job_context
from models.scoping import tenant_session
from services.booking_sms import Change
from services.booking_sms import record_failure as record_sms_failure
from services.provisioning import record_failure as record_provisioning_failure
from services.stripe_invoices import record_sync_failure

WORKER_LOST = "The worker running this job stopped before it finished (killed or its machine lost)."

FailureCallback = Callable[
    [Job, Redis, type[BaseException], BaseException, TracebackType | None], None
]


def _when_abandoned(record: Callable[[Job], None]) -> FailureCallback:
    """RQ's failure callback that calls `record(job)` for AbandonedJobError only."""

    @functools.wraps(record)
    def callback(
        job: Job,
        connection: Redis,
        kind: type[BaseException],
        error: BaseException,
        traceback: TracebackType | None,
    ) -> None:
        if kind is AbandonedJobError:
            record(job)

    return callback


@_when_abandoned
def provisioning_lost(job: Job) -> None:
    """Queued again (a retry is scheduled) or failed, with the reason, on the job's row."""
    [job_id] = job.args
    with job_context() as ctx:
        record_provisioning_failure(
            session_factory=ctx.session_factory,
            job_id=job_id,
            error=WORKER_LOST,
            will_retry=bool(job.retries_left),
        )


@_when_abandoned
def invoice_sync_lost(job: Job) -> None:
    if job.retries_left:
        return
    [invoice_id] = job.args
    with job_context() as ctx:
        record_sync_failure(
            session_factory=ctx.session_factory, invoice_id=invoice_id, error=WORKER_LOST
        )


@_when_abandoned
def booking_sms_lost(job: Job) -> None:
    """Beside the SMS Twilio refused for good (jobs/sms.py), once no retry is left."""
    if job.retries_left:
        return
    tenant_id, booking_id, change = job.args
    with (
        job_context() as ctx,
        tenant_session(ctx.session_factory, tenant_id) as session,
        session.begin(),
    ):
        record_sms_failure(
            session=session, booking_id=booking_id, change=Change(change), error=WORKER_LOST
        )
