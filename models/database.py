"""Engine and session factory. Built once per process from the settings and passed in."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, sessionmaker


def make_engine(database_url: str, **kwargs: Any) -> Engine:
    if database_url.startswith("sqlite"):
        engine = create_engine(database_url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # No pre-ping: it costs a round trip on every checkout, which measurably hurt the API's
    # tail latency (bench/api_load.py). A connection that died (database restart) fails one
    # statement, which invalidates the whole pool; recycling keeps connections younger than
    # the idle timeouts of managed databases and proxies.
    return create_engine(database_url, pool_recycle=1800, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Foreign keys are off by default in SQLite; WAL lets the portal read while a worker writes.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_session_factory(bind: Engine | Connection, **kwargs: Any) -> sessionmaker[Session]:
    """Sessions from this factory are neither scoped nor unscoped until models.scoping says so;
    running an ORM query on such a session is refused."""
    return sessionmaker(bind=bind, expire_on_commit=False, **kwargs)
