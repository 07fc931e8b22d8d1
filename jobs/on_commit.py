"""Work a transaction asked for goes on the queue the moment that transaction commits.

services.provisioning notes on the session every job it creates (a new bot, a resumed bot
without a number, a deleted bot's release) and every job staff retry; services.booking_sms
every booking change a caller gets an SMS about; services.job_requests any other job a
service asks for by name (staff's invoice run). Each front door's app factory (and the voice
runtime's) installs this hook on its session factory once, with the Redis connection it made;
right after a commit the hook hands the noted work to the queues. So pages, API routes and
the phone dialogue need no code of their own. If Redis is away at that moment, provisioning
rows stay queued and the cron's dispatcher enqueues them within a minute; an SMS is lost
(and logged), the booking stands.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction, scoped_session, sessionmaker

from core.settings import Settings
from jobs.queues import enqueue_booking_sms, enqueue_invoice_run, enqueue_provisioning
from services.booking_sms import take_noted
from services.invoice_run import INVOICE_RUN_JOB
from services.job_requests import take_requested_jobs
from services.number_requests import take_requested

log = logging.getLogger(__name__)

# session.info key of the queue the factory's sessions enqueue to.
_QUEUE = "jobs.on_commit_queues"


@dataclass(frozen=True)
class _Queues:
    redis: Redis
    settings: Settings


def enqueue_on_commit(
    sessions: sessionmaker[Any] | scoped_session[Any], *, redis: Redis, settings: Settings
) -> None:
    """Sessions made by `sessions` enqueue the work they asked for when they commit.

    Installing again on the same factory replaces its Redis and settings (tests build many
    back offices over Flask-SQLAlchemy's one session registry) and adds no second hook.
    """
    factory = sessions.session_factory if isinstance(sessions, scoped_session) else sessions
    factory.kw.setdefault("info", {})[_QUEUE] = _Queues(redis, settings)
    for name, listener in (("after_commit", _enqueue), ("after_soft_rollback", _forget)):
        if not event.contains(factory, name, listener):
            event.listen(factory, name, listener)


def _enqueue(session: Session) -> None:
    target = session.info.get(_QUEUE)
    _enqueue_provisioning(session, target)
    _enqueue_sms(session, target)
    _enqueue_requested(session, target)


def _enqueue_requested(session: Session, target: _Queues | None) -> None:
    """Jobs asked for by name. Unlike provisioning nothing picks up a lost one, so a Redis
    error reaches whoever committed (a staff member's "run now" then says it failed)."""
    requested = take_requested_jobs(session)
    if target is None:
        return
    for name, argument in requested:
        if name == INVOICE_RUN_JOB:
            enqueue_invoice_run(redis=target.redis, settings=target.settings, period=str(argument))
        else:
            raise ValueError(f"no job is named {name!r}")


def _enqueue_sms(session: Session, target: _Queues | None) -> None:
    noted = take_noted(session)
    if not noted or target is None:
        return
    for tenant_id, booking_id, change in noted:
        try:
            enqueue_booking_sms(
                redis=target.redis,
                settings=target.settings,
                tenant_id=tenant_id,
                booking_id=booking_id,
                change=change,
            )
        except RedisError as error:
            log.warning("SMS about booking %s not enqueued: %s", booking_id, error)
            return


def _enqueue_provisioning(session: Session, target: _Queues | None) -> None:
    requested = take_requested(session)
    if not requested or target is None:
        return
    for job_id, retried in requested.items():
        try:
            enqueue_provisioning(
                redis=target.redis,
                settings=target.settings,
                job_id=job_id,
                replace_running=retried,
                now=retried,
            )
        except RedisError as error:
            # The commit stands: the rows are queued, and the dispatcher enqueues them.
            log.warning("provisioning not enqueued, the dispatcher will pick it up: %s", error)
            return


def _forget(session: Session, previous_transaction: SessionTransaction) -> None:
    # The jobs of a rolled-back transaction do not exist. (A rolled-back savepoint inside a
    # committed transaction is not told apart; its job ids find no row and end there.)
    if previous_transaction.parent is None:
        take_requested(session)
        take_noted(session)
        take_requested_jobs(session)
