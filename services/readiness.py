"""Readiness: can this process reach what it serves from — PostgreSQL and Redis?

A load balancer (or an operator) asks /readyz; a process that cannot reach either answers 503
with which one, so traffic goes elsewhere while it is cut off. The reasons are plain words:
the exception itself, which may name hosts and users, goes to the log only.
"""

from __future__ import annotations

import logging

import redis
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from models.scoping import staff_session

log = logging.getLogger(__name__)

DATABASE_DOWN = "PostgreSQL is unreachable"
REDIS_DOWN = "Redis is unreachable"


def readiness_problems(
    *, session_factory: sessionmaker[Session], redis_client: redis.Redis
) -> list[str]:
    """What is unreachable right now; empty when the process is ready to serve."""
    problems = []
    try:
        with staff_session(session_factory) as session:
            session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        log.warning("readiness: the database does not answer", exc_info=True)
        problems.append(DATABASE_DOWN)
    try:
        redis_client.ping()
    except (redis.RedisError, OSError):
        log.warning("readiness: Redis does not answer", exc_info=True)
        problems.append(REDIS_DOWN)
    return problems
