"""Provisioning goes on the queue the moment the transaction that asked for it commits.

services.provisioning notes on the session every job it creates (a new bot, a resumed bot
without a number, a deleted bot's release) and every job staff retry. Each front door's app
factory installs this hook on its session factory once, with the Redis connection it made;
right after a commit the hook hands the noted jobs to `enqueue_provisioning`. So pages and
API routes need no code of their own, and a bot starts provisioning at once. If Redis is
away at that moment, the rows stay queued and the cron's dispatcher enqueues them within a
minute.
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
from jobs.queues import enqueue_provisioning
from services.provisioning import take_requested

log = logging.getLogger(__name__)

# session.info key of the queue the factory's sessions enqueue to.
_QUEUE = "jobs.provisioning_queue"


@dataclass(frozen=True)
class _ProvisioningQueue:
    redis: Redis
    settings: Settings


def enqueue_on_commit(
    sessions: sessionmaker[Any] | scoped_session[Any], *, redis: Redis, settings: Settings
) -> None:
    """Sessions made by `sessions` enqueue the provisioning they asked for when they commit.

    Installing again on the same factory replaces its Redis and settings (tests build many
    back offices over Flask-SQLAlchemy's one session registry) and adds no second hook.
    """
    factory = sessions.session_factory if isinstance(sessions, scoped_session) else sessions
    factory.kw.setdefault("info", {})[_QUEUE] = _ProvisioningQueue(redis, settings)
    for name, listener in (("after_commit", _enqueue), ("after_soft_rollback", _forget)):
        if not event.contains(factory, name, listener):
            event.listen(factory, name, listener)


def _enqueue(session: Session) -> None:
    requested = take_requested(session)
    target = session.info.get(_QUEUE)
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
