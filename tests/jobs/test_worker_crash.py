"""Provisioning as people run it: bots made through the REST API, a real `voiceagent worker`,
no cron. A bot goes live on the API's own enqueue; after the worker is SIGKILLed and
restarted, the new worker takes over the scheduler at once, and the retry of a killed work
horse takes over that attempt's job without waiting for its lease."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient
from rq.scheduler import SCHEDULER_KEY_TEMPLATE, RQScheduler
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from core.settings import Settings, load_settings
from customer_ui.api import create_api
from integrations.telephony import LocalTelephony
from jobs import PROVISIONING
from models import (
    Bot,
    BotStatus,
    PhoneNumber,
    ProvisioningJob,
    ProvisioningStatus,
    Role,
    TokenScope,
)
from models.database import make_session_factory
from services.api_tokens import create_api_token
from services.provisioning import purchase_tag
from tests.conftest import REDIS_URL
from tests.factories import Factory
from tests.jobs.conftest import RowLock, kill_hard, wait_until

# Far longer than anything here may take: a job left running by a killed attempt is only
# taken over early because its retry knows that attempt ended, not because the lease ran out.
LONG_LEASE_S = 600
# Generous for a loaded machine, yet far below what the faults cost: a dead worker's
# scheduler lock lived 61 s and was retried every 10 minutes; a lease runs LONG_LEASE_S.
DEADLINE_S = 40.0
SCHEDULER_LOCK = RQScheduler.get_locking_key(PROVISIONING)


def _api(settings: Settings, engine: Engine, redis_client: redis.Redis) -> TestClient:
    app = create_api(
        settings=settings, session_factory=make_session_factory(engine), redis_client=redis_client
    )
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture
def write_token(committed: Session, make_committed: Factory) -> str:
    admin = make_committed.user(make_committed.tenant(), role=Role.CUSTOMER_ADMIN)
    token = create_api_token(
        session=committed, creator=admin, name="ci", scope=TokenScope.READ_WRITE
    )
    committed.commit()
    return token.plain


def _create_bot(client: TestClient, token: str) -> int:
    response = client.post(
        "/bots",
        json={"name": "Rezeption", "language": "de-AT", "greeting": "Grüß Gott!"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201, response.text
    bot_id: int = response.json()["id"]
    return bot_id


def _job_of(session: Session, bot_id: int) -> ProvisioningJob:
    session.expire_all()
    return session.scalars(select(ProvisioningJob).where(ProvisioningJob.bot_id == bot_id)).one()


def _numbers_of(session: Session, bot_id: int) -> list[PhoneNumber]:
    session.expire_all()
    return list(session.scalars(select(PhoneNumber).where(PhoneNumber.bot_id == bot_id)))


def test_a_bot_made_through_the_api_goes_live_without_cron(
    committed: Session,
    write_token: str,
    worker_settings: Settings,
    start_worker: Callable[..., subprocess.Popen],
    redis_client: redis.Redis,
    engine: Engine,
) -> None:
    start_worker()
    bot_id = _create_bot(_api(worker_settings, engine, redis_client), write_token)

    wait_until(
        lambda: _job_of(committed, bot_id).status is ProvisioningStatus.SUCCEEDED,
        timeout=DEADLINE_S,
        what="the purchase",
    )
    assert committed.get_one(Bot, bot_id).status is BotStatus.LIVE
    assert len(_numbers_of(committed, bot_id)) == 1


@pytest.fixture
def long_lease(worker_settings: Settings, database_url: str) -> Settings:
    return load_settings(
        env="test",
        database_url=database_url,
        redis_url=REDIS_URL,
        local_numbers_path=worker_settings.local_numbers_path,
        job_timeout_s=LONG_LEASE_S,
        job_retry_intervals="1,1",
        public_base_url=worker_settings.public_base_url,
    )


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _scheduler_pid(redis_client: redis.Redis) -> int | None:
    holder = redis_client.get(SCHEDULER_LOCK)
    if holder is None:
        return None
    pid = redis_client.hget(SCHEDULER_KEY_TEMPLATE % holder.decode(), "pid")
    return int(pid) if pid else None


def test_a_restarted_worker_retries_a_killed_work_horse_at_once(
    committed: Session,
    write_token: str,
    long_lease: Settings,
    start_worker: Callable[..., subprocess.Popen],
    redis_client: redis.Redis,
    engine: Engine,
    row_lock: RowLock,
) -> None:
    lease = {"JOB_TIMEOUT_S": str(LONG_LEASE_S)}
    crashed = start_worker(**lease)
    wait_until(lambda: _scheduler_pid(redis_client) in _children(crashed.pid), what="scheduler")
    kill_hard(crashed)  # its scheduler dies holding the lock

    bot_id = _create_bot(_api(long_lease, engine, redis_client), write_token)
    row_lock.hold(bot_id)
    restarted = start_worker(**lease)
    # The restarted worker's own scheduler holds the lock within seconds.
    wait_until(
        lambda: _scheduler_pid(redis_client) in _children(restarted.pid),
        timeout=DEADLINE_S,
        what="the restarted worker's scheduler",
    )

    pool = LocalTelephony(long_lease.local_numbers_path)
    tag = purchase_tag(_job_of(committed, bot_id).id)
    wait_until(
        lambda: any(n["tag"] == tag for n in pool.numbers().values()),
        timeout=DEADLINE_S,
        what="the purchase",
    )
    # The work horse runs in a process group of its own (RQ calls setpgrp).
    [horse] = [pid for pid in _children(restarted.pid) if os.getpgid(pid) == pid]
    os.kill(horse, signal.SIGKILL)
    row_lock.release()

    wait_until(
        lambda: _job_of(committed, bot_id).status is ProvisioningStatus.SUCCEEDED,
        timeout=DEADLINE_S,
        what="the retry",
    )
    assert _job_of(committed, bot_id).attempts == 2
    assert committed.get_one(Bot, bot_id).status is BotStatus.LIVE
    [number] = _numbers_of(committed, bot_id)
    assert [sid for sid, n in pool.numbers().items() if n["tag"] == tag] == [number.provider_sid]
