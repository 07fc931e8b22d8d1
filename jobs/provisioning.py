"""Provisioning jobs: thin wrappers that build their context and call services.provisioning."""

from __future__ import annotations

import logging

from rq import get_current_job

from core.encryption import CredentialCipher
from integrations.telephony import (
    RegistrationProblem,
    Telephony,
    TwilioTelephony,
    telephony_from_settings,
)
from jobs.context import JobContext, job_context, will_retry
from jobs.queues import enqueue_provisioning
from models.scoping import staff_session
from services.errors import NotFound
from services.provisioning import ProvisioningSetup, carry_out, jobs_to_dispatch, record_failure
from services.twilio_accounts import own_twilio_account

log = logging.getLogger(__name__)


def provision(job_id: int) -> str:
    """Carry out ProvisioningJob `job_id`; a failure is kept on the row and RQ retries."""
    attempt, after_attempt = _attempts()
    with job_context() as ctx:
        try:
            status = carry_out(
                session_factory=ctx.session_factory,
                job_id=job_id,
                setup=_setup(ctx),
                attempt=attempt,
                after_attempt=after_attempt,
            )
        except NotFound:
            # Its tenant was deleted, or it was never committed: nothing left to do.
            log.info("provisioning job %s does not exist", job_id)
            return "missing"
        except RegistrationProblem as problem:
            # Missing or refused paperwork: no retry helps until someone fixes it, so the
            # job fails now (and says why) instead of backing off for minutes.
            record_failure(
                session_factory=ctx.session_factory,
                job_id=job_id,
                error=str(problem),
                will_retry=False,
                reason=problem.reason,
            )
            log.warning("provisioning job %s failed for good: %s", job_id, problem.reason)
            return "failed"
        except Exception as error:
            retrying = will_retry()
            record_failure(
                session_factory=ctx.session_factory,
                job_id=job_id,
                error=f"{type(error).__name__}: {error}",
                will_retry=retrying,
            )
            log.warning("provisioning job %s failed (retry: %s): %s", job_id, retrying, error)
            raise
        return status.value


def dispatch_provisioning() -> int:
    """Put every provisioning job that should be running on the queue (every minute, from
    the cron): requests whose immediate enqueue never happened, and attempts whose worker
    died. Returns how many were enqueued."""
    with job_context() as ctx:
        lease = ctx.settings.job_timeout_s
        with staff_session(ctx.session_factory) as session:
            job_ids = jobs_to_dispatch(session=session, lease_seconds=lease)
        enqueued = 0
        for job_id, abandoned in job_ids:
            job = enqueue_provisioning(
                redis=ctx.redis, settings=ctx.settings, job_id=job_id, replace_running=abandoned
            )
            enqueued += job is not None
        return enqueued


def _attempts() -> tuple[str | None, str | None]:
    """(this attempt, the one before it) of the current RQ job, named by the job's creation
    and its retries left. RQ runs a retry only once the attempt before it has ended (it
    failed, or its work horse was killed), so a job that attempt left running is ours to
    take over. The first attempt's "one before" never existed, which is harmless."""
    current = get_current_job()
    if current is None or current.created_at is None:
        return None, None
    lineage = f"{current.id}@{current.created_at.timestamp():.6f}"
    left = current.retries_left or 0
    return f"{lineage}#{left}", f"{lineage}#{left + 1}"


def _setup(ctx: JobContext) -> ProvisioningSetup:
    return ProvisioningSetup(
        telephony=telephony_from_settings(ctx.settings),
        public_base_url=ctx.settings.public_base_url,
        platform_bundle_sid=ctx.settings.twilio_bundle_sid,
        own_telephony=lambda tenant_id: _own_telephony(ctx, tenant_id),
        lease_seconds=ctx.settings.job_timeout_s,
    )


def _own_telephony(ctx: JobContext, tenant_id: int) -> Telephony | None:
    """The tenant's own Twilio account, when it brought one and numbers come from Twilio."""
    if ctx.settings.telephony_provider != "twilio":
        return None
    with staff_session(ctx.session_factory) as session:
        account = own_twilio_account(
            session=session,
            cipher=CredentialCipher.from_settings(ctx.settings),
            tenant_id=tenant_id,
        )
    if account is None:
        return None
    return TwilioTelephony(
        account.sid, account.token, api_base_url=ctx.settings.twilio_api_base_url
    )
