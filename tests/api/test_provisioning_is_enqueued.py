"""Every API route that asks for provisioning puts the job on RQ's queue as it commits — no
cron needed: create, resume without a number, delete (release). A request that fails puts
nothing there."""

from __future__ import annotations

import redis
from fastapi.testclient import TestClient
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from jobs import PROVISIONING
from jobs.queues import queue
from models import BotStatus, ProvisioningJob, ProvisioningKind
from tests.api.conftest import Account
from tests.api.test_bots import SALON_BOT
from tests.factories import Factory


def _waiting(redis_client: redis.Redis) -> list[str]:
    return queue(PROVISIONING, redis_client).get_job_ids()


def _jobs_of(staff_db: Session, bot_id: int) -> list[ProvisioningJob]:
    staff_db.expire_all()
    return list(
        staff_db.scalars(
            select(ProvisioningJob)
            .where(ProvisioningJob.bot_id == bot_id)
            .order_by(ProvisioningJob.id)
        )
    )


def test_creating_a_bot_enqueues_its_number_purchase(
    client: TestClient, alpha: Account, staff_db: Session, redis_client: redis.Redis
) -> None:
    response = client.post("/bots", json=SALON_BOT, headers=alpha.headers())
    assert response.status_code == 201, response.text

    [job] = _jobs_of(staff_db, response.json()["id"])
    assert _waiting(redis_client) == [f"provisioning-{job.id}"]
    stored = Job.fetch(f"provisioning-{job.id}", connection=redis_client, serializer=JSONSerializer)
    assert stored.func_name == "jobs.provisioning.provision" and stored.args == [job.id]
    assert stored.get_status() == JobStatus.QUEUED


def test_resuming_a_bot_without_a_number_and_deleting_one_enqueue_their_jobs(
    client: TestClient, alpha: Account, make: Factory, staff_db: Session, redis_client: redis.Redis
) -> None:
    bot = make.bot(alpha.tenant, status=BotStatus.FAILED)
    staff_db.commit()

    assert client.post(f"/bots/{bot.id}/resume", headers=alpha.headers()).status_code == 200
    [buy] = _jobs_of(staff_db, bot.id)
    assert _waiting(redis_client) == [f"provisioning-{buy.id}"]

    assert client.delete(f"/bots/{bot.id}", headers=alpha.headers()).status_code == 204
    buy, release = _jobs_of(staff_db, bot.id)
    assert release.kind is ProvisioningKind.RELEASE_NUMBER
    assert _waiting(redis_client) == [f"provisioning-{buy.id}", f"provisioning-{release.id}"]


def test_a_refused_request_enqueues_nothing(
    client: TestClient, alpha: Account, redis_client: redis.Redis
) -> None:
    response = client.post("/bots", json={**SALON_BOT, "name": ""}, headers=alpha.headers())
    assert response.status_code == 422, response.text
    assert _waiting(redis_client) == []
