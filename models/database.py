"""Engine and session factory. Built once per process from the settings and passed in."""

from __future__ import annotations

import json
from typing import Any

import orjson
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import Session, sessionmaker

# How long a request waits for a free pooled connection before it is refused as busy (503 with
# Retry-After; is_database_busy). SQLAlchemy's default of 30 s let an overloaded API queue
# requests for half a minute and then answer 500; a short wait refuses overload early.
POOL_WAIT_SECONDS = 1.0


def make_engine(database_url: str, **kwargs: Any) -> Engine:
    kwargs.setdefault("json_deserializer", json_loads)
    if database_url.startswith("sqlite"):
        engine = create_engine(database_url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # No pre-ping: it costs a round trip on every checkout, which measurably hurt the API's
    # tail latency (bench/api_load.py). A connection that died (database restart) fails one
    # statement, which invalidates the whole pool; recycling keeps connections younger than
    # the idle timeouts of managed databases and proxies.
    kwargs.setdefault("pool_timeout", POOL_WAIT_SECONDS)
    return create_engine(database_url, pool_recycle=1800, **kwargs)


def json_loads(document: str | bytes) -> Any:
    """A JSON column's value, parsed by orjson: ~5x json.loads' speed, and the API's page of
    calls parses the summary of each of its fifty (~3 % of the request's CPU). orjson refuses
    integers past 64 bits, which JSON and jsonb may hold: json parses those."""
    try:
        return orjson.loads(document)
    except orjson.JSONDecodeError:
        return json.loads(document)


# SQLSTATEs of a server that is going away or not back yet: connection exceptions (class 08),
# administrator shutdown, crash shutdown, "cannot connect now" (starting up).
_UNREACHABLE_STATES = ("08", "57P01", "57P02", "57P03")


def is_database_unreachable(error: BaseException) -> bool:
    """The database could not be reached — down, restarting, the network gone — rather than
    a statement that failed: what the front doors answer with 503 and a plain message, and
    what recovers by itself once the server is back (the pool drops the dead connections)."""
    if isinstance(error, BaseExceptionGroup):
        return any(is_database_unreachable(inner) for inner in error.exceptions)
    if not isinstance(error, DBAPIError):
        return False
    if error.connection_invalidated:
        return True
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    if not hasattr(error.orig, "sqlstate"):  # SQLite: a locked or broken file is no outage
        return False
    state = getattr(error.orig, "sqlstate", None)  # None: the connection itself failed
    return state is None or str(state).startswith(_UNREACHABLE_STATES)


def is_database_busy(error: BaseException) -> bool:
    """No pooled connection came free within the pool's wait (POOL_WAIT_SECONDS): more
    requests than connections. The front doors answer 503 with Retry-After and a plain
    message, as for an outage, but "busy" rather than "unavailable"."""
    if isinstance(error, BaseExceptionGroup):
        return any(is_database_busy(inner) for inner in error.exceptions)
    return isinstance(error, PoolTimeout)


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
