"""A whole `voiceagent worker` (worker and work horse) SIGKILLed in the middle of buying a
bot's number, as a machine that dies: RQ still lists the job as started and no cron runs.
The next worker's sweep of RQ's started-job registry finds the job abandoned (its worker's
heartbeat stopped) and retries it; the retry finds the number the dead attempt bought and
the bot goes live with exactly that one. A job with no retry left fails where staff look:
the job and its bot show as failed with a plain reason, and RQ's failed registry has it."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

import pytest
import redis
from rq.registry import FailedJobRegistry
from sqlalchemy import select
from sqlalchemy.orm import Session

from core.settings import Settings
from integrations.telephony import LocalTelephony
from jobs import PROVISIONING, enqueue_provisioning
from jobs.lost_worker import WORKER_LOST
from jobs.queues import queue
from models import Bot, BotStatus, PhoneNumber, ProvisioningJob, ProvisioningStatus
from services.number_requests import request_number
from services.provisioning import purchase_tag, retry_job
from tests.factories import Factory
from tests.faults.conftest import LOST_WORKER_ENV, RESUMED_WITHIN_S
from tests.jobs.conftest import RowLock, kill_hard, wait_until

# Far longer than the test: the killed attempt's lease never runs out, so only RQ's retry
# can take the job over.
LONG_LEASE = {"JOB_TIMEOUT_S": "600"}


KilledAfterBuying = Callable[[Settings], tuple[Bot, ProvisioningJob, Callable[[], list[str]]]]


@pytest.fixture
def killed_after_buying(
    committed: Session,
    make_committed: Factory,
    start_worker: Callable[..., subprocess.Popen],
    redis_client: redis.Redis,
    row_lock: RowLock,
) -> KilledAfterBuying:
    """Enqueues a new bot's purchase (under `settings`' retry policy) and kills its worker
    after the number is bought, before it is recorded; returns the bot, its job and what
    the pool holds under the job's tag."""

    def kill(settings: Settings) -> tuple[Bot, ProvisioningJob, Callable[[], list[str]]]:
        bot = make_committed.bot(make_committed.tenant())
        job = request_number(session=committed, bot=bot)
        committed.commit()
        pool = LocalTelephony(settings.local_numbers_path)
        tag = purchase_tag(job.id)
        bought = lambda: [s for s, n in pool.numbers().items() if n["tag"] == tag]  # noqa: E731

        row_lock.hold(bot.id)
        worker = start_worker(**LONG_LEASE, **LOST_WORKER_ENV)
        enqueue_provisioning(redis=redis_client, settings=settings, job_id=job.id)
        wait_until(bought, what="the purchase")
        kill_hard(worker)
        row_lock.release()
        return bot, job, bought

    return kill


def _job(session: Session, job_id: int) -> ProvisioningJob:
    session.expire_all()
    return session.get_one(ProvisioningJob, job_id)


def test_a_purchase_whose_worker_was_killed_resumes_into_one_number(
    committed: Session,
    worker_settings: Settings,
    start_worker: Callable[..., subprocess.Popen],
    killed_after_buying: KilledAfterBuying,
) -> None:
    bot, job, bought = killed_after_buying(worker_settings)
    assert _job(committed, job.id).status is ProvisioningStatus.RUNNING

    start_worker(**LONG_LEASE, **LOST_WORKER_ENV)
    wait_until(
        lambda: _job(committed, job.id).status is ProvisioningStatus.SUCCEEDED,
        timeout=RESUMED_WITHIN_S,
        what="RQ's retry of the abandoned purchase",
    )
    assert _job(committed, job.id).attempts == 2
    assert committed.get_one(Bot, bot.id).status is BotStatus.LIVE
    [number] = committed.scalars(select(PhoneNumber).where(PhoneNumber.bot_id == bot.id))
    assert bought() == [number.provider_sid]


def test_an_abandoned_purchase_without_retries_left_fails_for_staff_to_see(
    committed: Session,
    worker_settings: Settings,
    start_worker: Callable[..., subprocess.Popen],
    redis_client: redis.Redis,
    killed_after_buying: KilledAfterBuying,
) -> None:
    no_retries = worker_settings.model_copy(update={"job_retry_intervals": ""})
    bot, job, bought = killed_after_buying(no_retries)

    start_worker(**LONG_LEASE, **LOST_WORKER_ENV)
    wait_until(
        lambda: _job(committed, job.id).status is ProvisioningStatus.FAILED,
        timeout=RESUMED_WITHIN_S,
        what="the abandoned purchase to show as failed",
    )
    assert _job(committed, job.id).last_error == WORKER_LOST
    assert committed.get_one(Bot, bot.id).status is BotStatus.FAILED
    failed = FailedJobRegistry(queue=queue(PROVISIONING, redis_client))
    # The job's row and RQ's registry are two writes: under load the registry follows a
    # moment after the row (the full suite saw it empty once, right after the row).
    wait_until(
        lambda: f"provisioning-{job.id}" in failed.get_job_ids(),
        timeout=RESUMED_WITHIN_S,
        what="the abandoned purchase in RQ's failed-job registry",
    )

    # Staff press Retry (the back office enqueues it as the retry commits): the number the
    # dead attempt bought is found by its tag, not bought again.
    retry_job(session=committed, job_id=job.id, actor=None)
    committed.commit()
    enqueue_provisioning(redis=redis_client, settings=no_retries, job_id=job.id, now=True)
    wait_until(
        lambda: _job(committed, job.id).status is ProvisioningStatus.SUCCEEDED,
        timeout=RESUMED_WITHIN_S,
        what="staff's retry",
    )
    [number] = committed.scalars(select(PhoneNumber).where(PhoneNumber.bot_id == bot.id))
    assert bought() == [number.provider_sid]
