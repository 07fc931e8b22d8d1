"""Shared fixtures: one PostgreSQL database per test run, one transaction per test.

The database gets a unique name, is migrated once with the real Alembic history, and is
dropped when the run ends. Each test runs inside a transaction on one connection; sessions
join it with savepoints (SQLAlchemy's "joining a session into an external transaction"
recipe), so a test may commit and still leaves nothing behind.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
import redis
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from core.encryption import CredentialCipher, generate_key
from core.settings import Settings, load_settings
from integrations.speech.whisper_stt import WhisperPool
from models.database import make_engine, make_session_factory
from models.migrate import upgrade
from models.scoping import staff_session
from tests import factories

ADMIN_DSN = os.environ.get(
    "TEST_POSTGRES_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"
)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


@contextmanager
def scratch_database(prefix: str) -> Iterator[str]:
    """A new PostgreSQL database with a unique name, migrated; dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    url = f"{base}/{name}"
    try:
        upgrade(database_url=url)
        yield url
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    with scratch_database("voiceagent_test") as url:
        yield url


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


@pytest.fixture
def session_factory(connection: Connection) -> sessionmaker[Session]:
    return make_session_factory(connection, join_transaction_mode="create_savepoint")


@pytest.fixture
def staff_db(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    """An unscoped session, as platform staff and jobs use."""
    session = staff_session(session_factory)
    yield session
    session.close()


@pytest.fixture
def redis_client() -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield client
    client.flushdb()
    client.close()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return load_settings(env="test", database_url=database_url, redis_url=REDIS_URL)


@pytest.fixture
def cipher() -> CredentialCipher:
    return CredentialCipher([generate_key()])


@pytest.fixture
def make(staff_db: Session) -> factories.Factory:
    """Data factories bound to the staff session: `make.tenant()`, `make.bot(tenant)`, …"""
    return factories.Factory(staff_db)


@pytest.fixture(scope="session")
def whisper() -> Iterator[WhisperPool]:
    """One Whisper worker for the whole run (loading the model is the slow part)."""
    pool = WhisperPool(workers=1)
    pool.start()
    yield pool
    pool.shutdown()
