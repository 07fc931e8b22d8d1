"""Provisioning: a bot needs a number, or its numbers must be released.

Front doors ask for a job inside their transaction (services/number_requests.py); the row
is the durable intent, and the after-commit hook enqueues it. The worker (jobs/) carries a
job out with `carry_out`; a request whose enqueue was lost (Redis away at the
commit) is still a queued row, which the cron's dispatcher enqueues within a minute.

Carrying out a purchase is idempotent across crashes. Three short transactions:
1. claim the job (only one attempt runs at a time; a RUNNING job whose attempt outlived the
   lease counts as dead and may be claimed again) and record the intent — the tag that the
   provider will store with the number — before the provider is called;
2. ask the provider for the number with that tag, and buy one only if there is none: this is
   how a retry finds what a killed attempt bought but never recorded;
3. record the number, put the bot live, mark the job done.

An attempt that was killed leaves its job RUNNING. The next attempt may claim it once the
lease is over, or at once when it knows that attempt has ended: RQ retries a job only after
its previous attempt died or failed, so a retry names that attempt (`after_attempt`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, and_, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from core.catalogue import Phrase
from core.logging import redact
from integrations.telephony import Telephony, TelephonyError, wiring_for
from models import (
    Bot,
    BotStatus,
    PhoneNumber,
    PhoneNumberStatus,
    ProvisioningJob,
    ProvisioningKind,
    ProvisioningStatus,
    Tenant,
    User,
)
from models.base import utcnow
from models.scoping import staff_session
from services.audit import record_audit
from services.errors import Conflict, NotFound
from services.number_registration import number_registration
from services.number_requests import REPLACES, note_requested


@dataclass(frozen=True)
class ProvisioningSetup:
    """What carrying out a job needs from outside: the provider and where calls go."""

    telephony: Telephony
    public_base_url: str
    # The platform's regulatory bundle, for tenants without one (services.number_registration).
    platform_bundle_sid: str | None = None
    # A tenant's own provider account, when it brought one (services.twilio_accounts):
    # its numbers are bought and released there.
    own_telephony: Callable[[int], Telephony | None] = lambda _tenant_id: None
    # How long one attempt may run; after that a RUNNING job counts as abandoned.
    lease_seconds: int = 300


def purchase_tag(job_id: int) -> str:
    """Stored with the number at the provider; the same for every attempt of one job."""
    return f"voiceagent-provisioning-{job_id}"


def carry_out(
    *,
    session_factory: sessionmaker[Session],
    job_id: int,
    setup: ProvisioningSetup,
    attempt: str | None = None,
    after_attempt: str | None = None,
) -> ProvisioningStatus:
    """Do what the job asks, once. Returns the job's status afterwards; a job that is done
    or being carried out by another attempt is left alone. Provider errors propagate (the
    caller records them with `record_failure` and retries).

    `attempt` names this attempt on the row; `after_attempt` names an attempt known to have
    ended, whose claim this one may take over without waiting for the lease."""
    if not _claim(session_factory, job_id, setup.lease_seconds, attempt, after_attempt):
        with staff_session(session_factory) as session:
            job = session.get(ProvisioningJob, job_id)
            if job is None:
                raise NotFound(Phrase("Provisioning job {id} does not exist.", id=job_id))
            return job.status
    with staff_session(session_factory) as session:
        kind = session.get_one(ProvisioningJob, job_id).kind
    if kind is ProvisioningKind.BUY_NUMBER:
        _buy(session_factory, job_id, setup)
    else:
        _release(session_factory, job_id, setup)
    return ProvisioningStatus.SUCCEEDED


def record_failure(
    *,
    session_factory: sessionmaker[Session],
    job_id: int,
    error: str,
    will_retry: bool,
    reason: str | None = None,
) -> None:
    """Keep the error on the job for staff, and `reason` (a RegistrationProblem's) for the
    customer's page. Without a retry to come, the job and its bot show as failed until
    staff retry it (or the customer resumes the bot)."""
    with staff_session(session_factory) as session, session.begin():
        job = session.get(ProvisioningJob, job_id)
        if job is None or job.status is ProvisioningStatus.SUCCEEDED:
            return
        job.last_error = redact(error)[:2000]
        job.failure_reason = reason
        job.status = ProvisioningStatus.QUEUED if will_retry else ProvisioningStatus.FAILED
        bot = session.get(Bot, job.bot_id) if job.bot_id else None
        gives_up = not will_retry and job.kind is ProvisioningKind.BUY_NUMBER
        if gives_up and bot is not None and bot.status is BotStatus.PROVISIONING:
            bot.status = BotStatus.FAILED


def retry_job(
    *, session: Session, job_id: int, actor: User | None, lease_seconds: int = 300
) -> ProvisioningJob:
    """Staff's retry action (the back office). Needs a staff session. Once the caller
    commits, the job is enqueued to run now (the after-commit hook, jobs.on_commit): a
    back-off still waiting is cut short and a dead attempt's leftovers replaced.

    Raises NotFound for an unknown job, Conflict for a finished job or one still running.
    """
    job = session.get(ProvisioningJob, job_id)
    if job is None:
        raise NotFound("This provisioning job does not exist.")
    if job.status is ProvisioningStatus.SUCCEEDED:
        raise Conflict("This job has already succeeded; there is nothing to retry.")
    if job.status is ProvisioningStatus.RUNNING and not _lease_expired(job, lease_seconds):
        raise Conflict("This job is running right now; retry it if it has not finished soon.")
    before = {"status": job.status.value, "last_error": job.last_error}
    job.status = ProvisioningStatus.QUEUED
    job.failure_reason = None
    bot = session.get(Bot, job.bot_id) if job.bot_id else None
    if job.kind is ProvisioningKind.BUY_NUMBER and bot and bot.status is BotStatus.FAILED:
        bot.status = BotStatus.PROVISIONING
    record_audit(
        session=session,
        actor=actor,
        action="provisioning_job.retried",
        entity_type="ProvisioningJob",
        entity_id=job.id,
        tenant_id=job.tenant_id,
        before=before,
        after={"status": job.status.value},
    )
    session.flush()
    note_requested(session, job.id, retried=True)
    return job


def jobs_to_dispatch(
    *, session: Session, lease_seconds: int, limit: int = 500
) -> list[tuple[int, bool]]:
    """(id, abandoned) of the jobs that should be on a queue: queued ones, and running ones
    whose attempt outlived the lease (abandoned: its worker died). Needs a staff session."""
    stale_before = utcnow() - timedelta(seconds=lease_seconds)
    rows = session.execute(
        select(ProvisioningJob.id, ProvisioningJob.status)
        .where(
            or_(
                ProvisioningJob.status == ProvisioningStatus.QUEUED,
                and_(
                    ProvisioningJob.status == ProvisioningStatus.RUNNING,
                    ProvisioningJob.updated_at < stale_before,
                ),
            )
        )
        .order_by(ProvisioningJob.id)
        .limit(limit)
    )
    return [(job_id, status is ProvisioningStatus.RUNNING) for job_id, status in rows]


def _lease_expired(job: ProvisioningJob, lease_seconds: int) -> bool:
    return job.updated_at < utcnow() - timedelta(seconds=lease_seconds)


def _claim(
    factory: sessionmaker[Session],
    job_id: int,
    lease_seconds: int,
    attempt: str | None = None,
    after_attempt: str | None = None,
) -> bool:
    """Mark the job running, atomically: of two attempts, exactly one claims it. A running
    job is claimed when its lease is over, or when `after_attempt` (ended) holds it."""
    now = utcnow()
    abandoned = ProvisioningJob.updated_at < now - timedelta(seconds=lease_seconds)
    if after_attempt is not None:
        abandoned = or_(abandoned, ProvisioningJob.intent["attempt"].as_string() == after_attempt)
    with staff_session(factory) as session, session.begin():
        result = session.execute(
            update(ProvisioningJob)
            .where(
                ProvisioningJob.id == job_id,
                or_(
                    ProvisioningJob.status.in_(
                        [ProvisioningStatus.QUEUED, ProvisioningStatus.FAILED]
                    ),
                    and_(ProvisioningJob.status == ProvisioningStatus.RUNNING, abandoned),
                ),
            )
            .values(
                status=ProvisioningStatus.RUNNING,
                attempts=ProvisioningJob.attempts + 1,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        claimed = cast(CursorResult[Any], result).rowcount
        if claimed:
            job = session.get_one(ProvisioningJob, job_id)
            tenant = session.get_one(Tenant, job.tenant_id)
            intent = {"tag": purchase_tag(job_id), "country": tenant.country}
            if attempt is not None:
                intent["attempt"] = attempt
            if REPLACES in job.intent:  # what the request asked, kept for every attempt
                intent[REPLACES] = job.intent[REPLACES]
            job.intent = intent
    return bool(claimed)


def _buy(factory: sessionmaker[Session], job_id: int, setup: ProvisioningSetup) -> None:
    with staff_session(factory) as session:
        job = session.get_one(ProvisioningJob, job_id)
        tag, country = job.intent["tag"], job.intent["country"]
        telephony = setup.own_telephony(job.tenant_id) or setup.telephony
        registration = None
        if telephony.needs_registration(country):
            registration = number_registration(
                tenant=session.get_one(Tenant, job.tenant_id),
                country=country,
                platform_bundle_sid=setup.platform_bundle_sid,
            )
    owned = telephony.find_by_tag(tag) or telephony.buy_number(
        tag=tag,
        country=country,
        wiring=wiring_for(setup.public_base_url),
        registration=registration,
    )
    with staff_session(factory) as session, session.begin():
        job = session.get_one(ProvisioningJob, job_id)
        bot = session.get(Bot, job.bot_id, with_for_update=True) if job.bot_id else None
        number = session.scalars(
            select(PhoneNumber).where(
                PhoneNumber.tenant_id == job.tenant_id,
                PhoneNumber.bot_id == job.bot_id,
                PhoneNumber.provider == telephony.name,
                PhoneNumber.provider_sid == owned.provider_sid,
                PhoneNumber.status == PhoneNumberStatus.ACTIVE,
            )
        ).first()
        if number is None:
            number = PhoneNumber(
                tenant_id=job.tenant_id,
                bot_id=job.bot_id,
                e164=owned.e164,
                provider=telephony.name,
                provider_sid=owned.provider_sid,
                provider_account=telephony.account,
                country=owned.country,
            )
            session.add(number)
            session.flush()
        if bot is None or bot.status is BotStatus.DELETED:
            # The bot went away while we were buying: give the number straight back.
            telephony.release_number(owned.provider_sid)
            number.status, number.released_at = PhoneNumberStatus.RELEASED, utcnow()
        elif bot.status in (BotStatus.PROVISIONING, BotStatus.FAILED):
            bot.status = BotStatus.LIVE  # a bot paused meanwhile stays paused, number kept
        if REPLACES in job.intent and bot is not None:
            _release_later(session, bot, number_id=int(job.intent[REPLACES]))
        _finish(job, phone_number_id=number.id)


def _release_later(session: Session, bot: Bot, *, number_id: int) -> None:
    """The number a new one replaces: released by a job of its own, now that the new one
    answers (services/number_moves.py)."""
    old = session.get(PhoneNumber, number_id)
    if old is None or old.status is not PhoneNumberStatus.ACTIVE or old.bot_id != bot.id:
        return
    job = ProvisioningJob(
        tenant_id=bot.tenant_id,
        bot_id=bot.id,
        phone_number_id=old.id,
        kind=ProvisioningKind.RELEASE_NUMBER,
    )
    session.add(job)
    session.flush()
    note_requested(session, job.id)


def _release(factory: sessionmaker[Session], job_id: int, setup: ProvisioningSetup) -> None:
    with staff_session(factory) as session:
        job = session.get_one(ProvisioningJob, job_id)
        # One number, when the job names it (a replaced one); else all of the bot's.
        which = (
            PhoneNumber.id == job.phone_number_id
            if job.phone_number_id is not None
            else PhoneNumber.bot_id == job.bot_id
        )
        numbers = session.scalars(
            select(PhoneNumber).where(which, PhoneNumber.status == PhoneNumberStatus.ACTIVE)
        ).all()
        to_release = [(n.id, n.provider, n.provider_sid, n.provider_account) for n in numbers]
        tenant_id = job.tenant_id
    for _, provider_name, sid, account in to_release:
        # Releasing is idempotent at the provider, so a retry simply asks again.
        if sid and provider_name == setup.telephony.name:
            _holder(setup, tenant_id, account).release_number(sid)
    with staff_session(factory) as session, session.begin():
        for number_id, *_ in to_release:
            number = session.get_one(PhoneNumber, number_id)
            number.status, number.released_at = PhoneNumberStatus.RELEASED, utcnow()
        job = session.get_one(ProvisioningJob, job_id)
        _finish(job, phone_number_id=to_release[0][0] if to_release else None)


def _holder(setup: ProvisioningSetup, tenant_id: int, account: str | None) -> Telephony:
    """The provider account a number lives in: the platform's, or the tenant's own."""
    if account is None or account == setup.telephony.account:
        return setup.telephony
    own = setup.own_telephony(tenant_id)
    if own is not None and own.account == account:
        return own
    raise TelephonyError(
        f"The number lives in the tenant's Twilio account ending {account[-4:]}, whose keys "
        "are no longer stored: store them again, or release the number in that account."
    )


def _finish(job: ProvisioningJob, *, phone_number_id: int | None) -> None:
    job.status = ProvisioningStatus.SUCCEEDED
    job.phone_number_id = phone_number_id
    job.finished_at = utcnow()
    job.last_error = job.failure_reason = None
