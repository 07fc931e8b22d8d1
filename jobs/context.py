"""What a job needs, built inside the job's entry point and torn down after it.

RQ forks a work horse for each job: a database engine made before the fork would share its
sockets with the parent, so every job builds its own (cheap: a pool and one connection).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from redis import Redis
from rq import get_current_job
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from core.settings import Settings, load_settings
from jobs.queues import redis_from_settings
from models.database import make_engine, make_session_factory
from services.platform_keys import with_platform_keys


@dataclass(frozen=True)
class JobContext:
    settings: Settings
    engine: Engine
    session_factory: sessionmaker[Session]
    redis: Redis


@contextmanager
def job_context() -> Iterator[JobContext]:
    """The job's settings carry the platform keys stored in the back office
    (services/platform_keys.py), read for every job: a replaced key applies to the next."""
    settings = load_settings()
    engine = make_engine(settings.database_url)
    current = get_current_job()
    redis = current.connection if current is not None else redis_from_settings(settings)
    try:
        session_factory = make_session_factory(engine)
        settings = with_platform_keys(settings, session_factory)
        yield JobContext(settings, engine, session_factory, redis)
    finally:
        engine.dispose()


def will_retry() -> bool:
    """Whether RQ runs the current job again if this attempt fails."""
    current = get_current_job()
    return bool(current is not None and current.retries_left)
