"""Fixtures for jobs that run in a real `voiceagent worker` process.

A worker is another process with its own database connection: it cannot see the rows of a
test's rolled-back transaction. These tests commit through `committed` and delete the
tenants they made at the end (everything else of theirs goes with them, by cascade).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
import redis
from rq.registry import FinishedJobRegistry
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from core.settings import Settings, load_settings
from jobs.metrics import REGISTRIES
from jobs.queues import QUEUE_NAMES, queue
from models import Tenant
from models.database import make_session_factory
from models.scoping import staff_session
from tests.conftest import REDIS_URL
from tests.factories import Factory

VOICEAGENT = Path(sys.executable).with_name("voiceagent")
# Short on purpose: a dead attempt is reclaimable after JOB_TIMEOUT_S, retries come fast.
JOB_TIMEOUT_S = 3
RETRY_INTERVALS = "1,1"
# The logs of the workers the running test started: a wait that times out shows their ends.
_WORKER_LOGS: list[Path] = []


@pytest.fixture
def committed(engine: Engine) -> Iterator[Session]:
    """A staff session whose commits are real; its tenants are deleted afterwards."""
    factory = make_session_factory(engine)
    with staff_session(factory) as before:
        last_tenant_id = before.scalar(select(func.max(Tenant.id))) or 0
    session = staff_session(factory)
    yield session
    session.rollback()
    session.close()
    # Tests run one at a time on the run's own database: every newer tenant is this test's.
    with staff_session(factory) as cleanup, cleanup.begin():
        cleanup.execute(delete(Tenant).where(Tenant.id > last_tenant_id))


@pytest.fixture
def make_committed(committed: Session) -> Factory:
    return Factory(committed)


@pytest.fixture
def worker_settings(database_url: str, tmp_path: Path) -> Settings:
    return load_settings(
        env="test",
        database_url=database_url,
        redis_url=REDIS_URL,
        local_numbers_path=tmp_path / "numbers.json",
        job_timeout_s=JOB_TIMEOUT_S,
        job_retry_intervals=RETRY_INTERVALS,
        public_base_url="https://voice.example.at",
    )


@pytest.fixture
def start_worker(
    worker_settings: Settings, redis_client: redis.Redis, tmp_path: Path
) -> Iterator[Callable[..., subprocess.Popen]]:
    """Starts `voiceagent worker` processes (each in its own process group, so a kill takes
    the work horse with it), with extra environment variables if given; stops whatever
    still runs at the end."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("STRIPE_", "TWILIO_"))}
    env.update(
        DATABASE_URL=worker_settings.database_url,
        REDIS_URL=str(worker_settings.redis_url),
        LOCAL_NUMBERS_PATH=str(worker_settings.local_numbers_path),
        JOB_TIMEOUT_S=str(worker_settings.job_timeout_s),
        JOB_RETRY_INTERVALS=worker_settings.job_retry_intervals,
        PUBLIC_BASE_URL=worker_settings.public_base_url,
        TELEPHONY_PROVIDER="local",
        ENV="test",
        LOG_LEVEL="WARNING",
    )
    started: list[subprocess.Popen] = []

    def start(**extra_env: str) -> subprocess.Popen:
        _WORKER_LOGS.append(tmp_path / f"worker-{len(started)}.log")
        with open(_WORKER_LOGS[-1], "w") as log:
            process = subprocess.Popen(  # noqa: S603 (our own script, fixed arguments)
                [str(VOICEAGENT), "worker"],
                cwd=tmp_path,  # keeps a developer's .env out of the test
                env={**env, **extra_env},
                start_new_session=True,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        started.append(process)
        return process

    yield start
    _WORKER_LOGS.clear()
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


class RowLock:
    """Holds a bot's row: the worker buys the number, then blocks on recording it."""

    def __init__(self, connection: psycopg.Connection) -> None:
        self._connection = connection

    def hold(self, bot_id: int) -> None:
        # As staff: the tests connect as the application role, held to row-level security.
        self._connection.execute("SELECT set_config('app.staff', 'on', true)")
        self._connection.execute("SELECT id FROM bots WHERE id = %s FOR NO KEY UPDATE", (bot_id,))

    def release(self) -> None:
        self._connection.rollback()


@pytest.fixture
def row_lock(database_url: str) -> Iterator[RowLock]:
    dsn = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as connection:
        yield RowLock(connection)
        connection.rollback()


def kill_hard(process: subprocess.Popen) -> None:
    """SIGKILL a worker and its work horse at once, as a dying machine would. The horse runs
    in a process group of its own (RQ calls setpgrp), so killing one group is not enough."""
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    for pid in [process.pid, *map(int, children)]:
        os.kill(pid, signal.SIGKILL)
    process.wait()


def wait_until(condition: Callable[[], object], *, timeout: float = 60.0, what: str = "") -> object:
    """Polls until the condition holds. The timeout only bounds a wait that would never end:
    with four test workers on two cores, a worker process can take many seconds to start."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    logs = "".join(
        f"\n--- {log.name} (end) ---\n{log.read_text(errors='replace')[-3000:]}"
        for log in _WORKER_LOGS
    )
    pytest.fail(f"timed out waiting for {what or condition}\n{_jobs_now()}{logs}")


def _jobs_now() -> str:
    """Where each job of the test's Redis is at the moment a wait ran out — never enqueued,
    waiting, started, waiting for a retry, finished or failed (and why) — which the workers'
    logs at WARNING do not say. The states are /metrics' (jobs.metrics), and finished."""
    client = redis.Redis.from_url(REDIS_URL)
    lines = ["--- the queues ---"]
    try:
        for name in QUEUE_NAMES:
            q = queue(name, client)
            states = {
                state: registry(queue=q).get_job_ids(cleanup=False)
                for state, registry in (*REGISTRIES.items(), ("finished", FinishedJobRegistry))
            }
            held = ", ".join(f"{state} {ids}" for state, ids in states.items() if ids)
            lines.append(f"{name}: waiting {q.get_job_ids()}{', ' if held else ''}{held}")
            failed = q.job_class.fetch_many(states["failed"], client, q.serializer)
            for job in filter(None, failed):
                result = job.latest_result()
                error = (result.exc_string or "").strip() if result else ""
                lines.append(f"  {job.description}: {error.splitlines()[-1] if error else ''}")
    except redis.RedisError as error:
        lines.append(f"(Redis could not be read: {error})")
    finally:
        client.close()
    return "\n".join(lines)
