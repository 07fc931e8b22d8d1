"""Asking for a phone number job: a number for a bot, the release of its numbers, or a
replacement. Front doors call these inside their transaction; the row is the durable intent.
Each request (and each staff retry, services.provisioning.retry_job) is also noted on the
session, and the after-commit hook every front door installs (jobs.on_commit) takes the notes
with `take_requested` and enqueues them the moment the transaction commits. Carrying a job
out is services/provisioning.py."""

from __future__ import annotations

from sqlalchemy.orm import Session

from models import Bot, BotStatus, PhoneNumber, ProvisioningJob, ProvisioningKind

# session.info key: {job id: retried by staff} of the jobs this transaction asked for.
_REQUESTED = "provisioning.requested"
# A purchase's intent key: the number (id) the new one replaces, released once it is live.
REPLACES = "replaces"


def request_number(*, session: Session, bot: Bot) -> ProvisioningJob:
    """Ask for a phone number for `bot`; the bot shows as provisioning until it is live."""
    bot.status = BotStatus.PROVISIONING
    job = ProvisioningJob(tenant_id=bot.tenant_id, bot_id=bot.id, kind=ProvisioningKind.BUY_NUMBER)
    session.add(job)
    session.flush()
    note_requested(session, job.id)
    return job


def request_release(*, session: Session, bot: Bot) -> ProvisioningJob:
    """Ask for the release of `bot`'s numbers (the bot is being deleted)."""
    job = ProvisioningJob(
        tenant_id=bot.tenant_id, bot_id=bot.id, kind=ProvisioningKind.RELEASE_NUMBER
    )
    session.add(job)
    session.flush()
    note_requested(session, job.id)
    return job


def request_replacement(*, session: Session, number: PhoneNumber) -> ProvisioningJob:
    """Ask for a new number for `number`'s bot (bought where the tenant's numbers are
    bought now); `number` is released once the new one is live (services/number_moves.py)."""
    job = ProvisioningJob(
        tenant_id=number.tenant_id,
        bot_id=number.bot_id,
        kind=ProvisioningKind.BUY_NUMBER,
        intent={REPLACES: number.id},
    )
    session.add(job)
    session.flush()
    note_requested(session, job.id)
    return job


def take_requested(session: Session) -> dict[int, bool]:
    """The jobs requested or retried in `session` since its last commit or rollback, each
    with whether staff retried it (then it should run now, replacing a dead attempt or a
    waiting back-off); forgets them. For the hook that enqueues after the commit."""
    requested: dict[int, bool] = session.info.pop(_REQUESTED, {})
    return requested


def note_requested(session: Session, job_id: int, *, retried: bool = False) -> None:
    """Remember on `session` that `job_id` was asked for (or retried by staff)."""
    requested = session.info.setdefault(_REQUESTED, {})
    requested[job_id] = requested.get(job_id, False) or retried
