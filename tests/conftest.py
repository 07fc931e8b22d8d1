"""Shared fixtures: one PostgreSQL database per test run, one transaction per test.

The database gets a unique name, is migrated once with the real Alembic history as the
owner (the superuser of TEST_POSTGRES_ADMIN_DSN), and is dropped when the run ends. Every
test then connects as the application role (TEST_POSTGRES_APP_ROLE: no owner, no superuser,
no BYPASSRLS), as the serving processes do, so the row-level security policies hold for every
test. Each test runs inside a transaction on one connection; sessions
join it with savepoints (SQLAlchemy's "joining a session into an external transaction"
recipe), so a test may commit and still leaves nothing behind.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import redis
from alembic import command
from psycopg import errors, sql
from sqlalchemy import Connection, Engine, make_url, text
from sqlalchemy.orm import Session, sessionmaker

from core.encryption import CredentialCipher, generate_key
from core.settings import Settings, load_settings
from integrations.speech.whisper_stt import WhisperPool
from models.database import make_engine, make_session_factory
from models.migrate import alembic_config, upgrade
from models.scoping import staff_session
from tests import factories
from tests.integrations.cloud.local_cloud import LocalCloud, running_local_cloud

ADMIN_DSN = os.environ.get(
    "TEST_POSTGRES_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/postgres"
)
# A cluster-wide role shared by every test run (trust authentication, no password).
APP_ROLE = os.environ.get("TEST_POSTGRES_APP_ROLE", "voiceagent_test_app")
MigrateTo = Callable[[str], None]


def worker_redis_url(base: str, worker: str | None) -> str:
    """`base` for a plain run and xdist's first worker (gw0); the next DB number for each
    further worker (gw1 → base + 1), so workers never flush each other's keys."""
    index = int(worker.removeprefix("gw")) if worker else 0
    if not index:
        return base
    url = urlsplit(base)
    return url._replace(path=f"/{int(url.path.strip('/') or 0) + index}").geturl()


REDIS_URL = worker_redis_url(
    os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9"),
    os.environ.get("PYTEST_XDIST_WORKER"),
)


@contextmanager
def scratch_database(prefix: str) -> Iterator[str]:
    """A new PostgreSQL database with a unique name, migrated by the owner; yields the
    application role's URL (`owner_url()` gives the owner's). Dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
        _create_app_role(admin)
        admin.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    owner = f"{base}/{name}"
    application = make_url(owner).set(username=APP_ROLE, password=None)
    application_url = application.render_as_string(hide_password=False)
    try:
        # The same step as `voiceagent db upgrade`: migrate, then grant the application role.
        upgrade(database_url=owner, application_url=application_url)
        yield application_url
    finally:
        with psycopg.connect(ADMIN_DSN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def sqlite_migrated_to(path: Path, revision: str) -> Iterator[tuple[Connection, MigrateTo]]:
    """A new SQLite database at `path`, migrated up to `revision`, for a test of a data
    migration: its connection (one transaction) and a function that migrates on to a later
    revision."""
    engine = make_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            config = alembic_config(connection=connection)
            command.upgrade(config, revision)
            yield connection, lambda later: command.upgrade(config, later)
    finally:
        engine.dispose()


@pytest.fixture
def sqlite_factory(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    """Sessions on a new SQLite database migrated as `make run` migrates its own (the
    embedded default), for a test of what must hold there too."""
    url = f"sqlite:///{tmp_path / 'dev.db'}"
    upgrade(database_url=url)
    engine = make_engine(url)
    yield make_session_factory(engine)
    engine.dispose()


def insert_bare_tenant(connection: Connection) -> None:
    """One tenant (id 1 in a new database) by plain SQL, for a data migration's test: the
    models describe the newest schema, not the one the test migrated to."""
    connection.execute(
        text(
            "INSERT INTO tenants (name, slug, status, locale, country, currency,"
            " max_concurrent_calls) VALUES ('H', 'h', 'active', 'de-AT', 'AT', 'EUR', 5)"
        )
    )


def owner_url(application_url: str) -> str:
    """The owner's URL of a scratch database, from its application role's URL."""
    admin = make_url(ADMIN_DSN)
    url = make_url(application_url).set(username=admin.username, password=admin.password)
    return url.render_as_string(hide_password=False)


def _create_app_role(admin: psycopg.Connection) -> None:
    # Test runs and xdist workers race to create it on a fresh cluster. The loser finds it
    # there (duplicate_object) or, when both insert at once, trips the unique index on the
    # role name (unique_violation); either way the role exists, as wanted.
    statement = sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOBYPASSRLS").format(
        sql.Identifier(APP_ROLE)
    )
    with suppress(errors.DuplicateObject, errors.UniqueViolation):
        admin.execute(statement)


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """The run's database, as the application role."""
    with scratch_database("voiceagent_test") as url:
        yield url


@pytest.fixture(scope="session")
def owner_database_url(database_url: str) -> str:
    """The run's database, as its owner: for what the application may not do (schema)."""
    return owner_url(database_url)


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
def settings(database_url: str, owner_database_url: str) -> Settings:
    return load_settings(
        env="test",
        database_url=database_url,
        database_owner_url=owner_database_url,
        redis_url=REDIS_URL,
    )


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


@pytest.fixture
async def local_cloud() -> AsyncIterator[LocalCloud]:
    """The cloud engines' services (Google STT, ElevenLabs, OpenAI) as one local server."""
    async with running_local_cloud() as cloud:
        yield cloud
