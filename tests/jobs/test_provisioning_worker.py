"""Provisioning end to end: a real `voiceagent worker`, real Redis, real PostgreSQL, the local
number pool — success, failure and retry, a worker killed mid-purchase, release on delete."""

from __future__ import annotations

import time

import psycopg
import redis
from rq.registry import FailedJobRegistry
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.settings import Settings
from integrations.telephony import LocalTelephony
from jobs import PROVISIONING, enqueue_provisioning
from jobs.queues import queue
from models import (
    Bot,
    BotStatus,
    PhoneNumber,
    PhoneNumberStatus,
    ProvisioningJob,
    ProvisioningStatus,
    Tenant,
)
from services.number_requests import request_number, request_release
from services.provisioning import purchase_tag, retry_job
from tests.factories import Factory
from tests.jobs.conftest import JOB_TIMEOUT_S, kill_hard, wait_until


def _new_bot(make: Factory, session: Session, **tenant: object) -> tuple[Bot, ProvisioningJob]:
    bot = make.bot(make.tenant(**tenant))
    job = request_number(session=session, bot=bot)
    session.commit()
    return bot, job


def _job_status(session: Session, job_id: int) -> ProvisioningStatus:
    session.expire_all()
    return session.get_one(ProvisioningJob, job_id).status


def _numbers_of(session: Session, bot: Bot) -> list[PhoneNumber]:
    session.expire_all()
    return list(session.scalars(select(PhoneNumber).where(PhoneNumber.bot_id == bot.id)))


def test_a_new_bot_gets_a_wired_number_and_goes_live(
    committed: Session,
    make_committed: Factory,
    worker_settings: Settings,
    start_worker,
    redis_client,
) -> None:
    bot, job = _new_bot(make_committed, committed)
    start_worker()
    enqueue_provisioning(redis=redis_client, settings=worker_settings, job_id=job.id)

    wait_until(lambda: _job_status(committed, job.id) is ProvisioningStatus.SUCCEEDED)

    [number] = _numbers_of(committed, bot)
    assert committed.get_one(Bot, bot.id).status is BotStatus.LIVE
    assert number.status is PhoneNumberStatus.ACTIVE and number.e164.startswith("+431")
    pool = LocalTelephony(worker_settings.local_numbers_path).numbers()
    assert pool[number.provider_sid]["voice_url"] == "https://voice.example.at/twilio/voice"
    assert pool[number.provider_sid]["status_callback"] == "https://voice.example.at/twilio/status"
    assert committed.get_one(ProvisioningJob, job.id).phone_number_id == number.id


def test_a_failure_is_retried_then_kept_for_staff_who_retry_it(
    committed: Session,
    make_committed: Factory,
    worker_settings: Settings,
    start_worker,
    redis_client,
) -> None:
    # The local pool has Vienna numbers only: a German tenant's purchase fails every time.
    bot, job = _new_bot(make_committed, committed, country="DE")
    start_worker()
    enqueue_provisioning(redis=redis_client, settings=worker_settings, job_id=job.id)

    wait_until(lambda: _job_status(committed, job.id) is ProvisioningStatus.FAILED, what="FAILED")
    failed = committed.get_one(ProvisioningJob, job.id)
    assert failed.attempts == 3  # the first attempt and both retries
    assert "only has Vienna numbers" in failed.last_error
    assert committed.get_one(Bot, bot.id).status is BotStatus.FAILED
    registry = FailedJobRegistry(queue=queue(PROVISIONING, redis_client))
    # RQ files the failure just after the job function has recorded it on the row.
    wait_until(lambda: f"provisioning-{job.id}" in registry.get_job_ids(), what="the registry")

    # Staff fix the cause and press retry.
    committed.get_one(Tenant, bot.tenant_id).country = "AT"
    retry_job(session=committed, job_id=job.id, actor=None)
    committed.commit()
    enqueue_provisioning(
        redis=redis_client, settings=worker_settings, job_id=job.id, replace_running=True
    )

    wait_until(lambda: _job_status(committed, job.id) is ProvisioningStatus.SUCCEEDED)
    assert committed.get_one(Bot, bot.id).status is BotStatus.LIVE
    assert len(_numbers_of(committed, bot)) == 1


def test_an_automatic_retry_succeeds_once_the_cause_is_gone(
    committed: Session,
    make_committed: Factory,
    worker_settings: Settings,
    start_worker,
    redis_client,
) -> None:
    bot, job = _new_bot(make_committed, committed, country="DE")
    start_worker()
    enqueue_provisioning(redis=redis_client, settings=worker_settings, job_id=job.id)

    def failed_once() -> bool:
        committed.expire_all()
        row = committed.get_one(ProvisioningJob, job.id)
        return row.status is ProvisioningStatus.QUEUED and row.last_error is not None

    wait_until(failed_once, what="the first failure")
    committed.get_one(Tenant, bot.tenant_id).country = "AT"
    committed.commit()

    wait_until(lambda: _job_status(committed, job.id) is ProvisioningStatus.SUCCEEDED)
    assert committed.get_one(ProvisioningJob, job.id).attempts == 2
    assert len(_numbers_of(committed, bot)) == 1


def test_a_worker_killed_after_buying_is_retried_into_exactly_one_number(
    committed: Session,
    make_committed: Factory,
    worker_settings: Settings,
    start_worker,
    redis_client: redis.Redis,
    database_url: str,
) -> None:
    bot, job = _new_bot(make_committed, committed)
    pool = LocalTelephony(worker_settings.local_numbers_path)
    bought = lambda: [s for s, n in pool.numbers().items() if n["tag"] == purchase_tag(job.id)]  # noqa: E731

    # Hold the bot's row: the worker buys the number, then blocks on recording it. That is
    # the moment to kill it — after the purchase, before the commit.
    dsn = database_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as blocker:
        # As staff: the tests connect as the application role, held to row-level security.
        blocker.execute("SELECT set_config('app.staff', 'on', true)")
        blocker.execute("SELECT id FROM bots WHERE id = %s FOR NO KEY UPDATE", (bot.id,))
        worker = start_worker()
        enqueue_provisioning(redis=redis_client, settings=worker_settings, job_id=job.id)
        wait_until(bought, what="the purchase")
        kill_hard(worker)
        blocker.rollback()

    assert _job_status(committed, job.id) is ProvisioningStatus.RUNNING
    assert _numbers_of(committed, bot) == []

    # Once the dead attempt's lease is over, staff (or the dispatcher) retry it.
    time.sleep(JOB_TIMEOUT_S + 0.2)
    retry_job(session=committed, job_id=job.id, actor=None, lease_seconds=JOB_TIMEOUT_S)
    committed.commit()
    start_worker()
    enqueue_provisioning(
        redis=redis_client, settings=worker_settings, job_id=job.id, replace_running=True
    )

    wait_until(lambda: _job_status(committed, job.id) is ProvisioningStatus.SUCCEEDED)
    [number] = _numbers_of(committed, bot)
    assert bought() == [number.provider_sid]
    assert len(pool.numbers()) == 1
    assert committed.get_one(Bot, bot.id).status is BotStatus.LIVE
    assert committed.get_one(ProvisioningJob, job.id).attempts == 2


def test_deleting_a_bot_releases_its_number(
    committed: Session,
    make_committed: Factory,
    worker_settings: Settings,
    start_worker,
    redis_client,
) -> None:
    bot, job = _new_bot(make_committed, committed)
    start_worker()
    enqueue_provisioning(redis=redis_client, settings=worker_settings, job_id=job.id)
    wait_until(lambda: _job_status(committed, job.id) is ProvisioningStatus.SUCCEEDED)

    bot = committed.get_one(Bot, bot.id)
    bot.status = BotStatus.DELETED
    release = request_release(session=committed, bot=bot)
    committed.commit()
    enqueue_provisioning(redis=redis_client, settings=worker_settings, job_id=release.id)

    wait_until(lambda: _job_status(committed, release.id) is ProvisioningStatus.SUCCEEDED)
    [number] = _numbers_of(committed, bot)
    assert number.status is PhoneNumberStatus.RELEASED and number.released_at is not None
    assert LocalTelephony(worker_settings.local_numbers_path).numbers()[number.provider_sid][
        "released"
    ]
