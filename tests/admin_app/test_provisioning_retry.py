"""Staff's "Retry" really puts the provisioning job on the queue, whatever RQ still holds of
its earlier attempts: a retry waiting for a back-off (or for a scheduler that died), an
attempt whose worker died mid-job, a failure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import redis
from flask.testing import FlaskClient
from rq.job import Job, JobStatus
from rq.serializers import JSONSerializer
from sqlalchemy import update
from sqlalchemy.orm import Session

from jobs import PROVISIONING
from jobs.queues import queue
from models import BotStatus, ProvisioningJob, ProvisioningKind, ProvisioningStatus
from models.base import utcnow
from tests.admin_app.test_audit import post
from tests.factories import Factory


def _left_behind(redis_client: redis.Redis, rq_id: str, job_id: int, state: str) -> None:
    """What RQ holds of the job's earlier attempt."""
    provisioning = queue(PROVISIONING, redis_client)
    function = "jobs.provisioning.provision"
    if state == "retry waiting":
        later = datetime.now(UTC) + timedelta(hours=1)
        provisioning.enqueue_at(later, function, job_id, job_id=rq_id)
        return
    if state == "retry overdue":
        # Due a minute ago, but the scheduler that would move it died holding its lock.
        earlier = datetime.now(UTC) - timedelta(minutes=1)
        provisioning.enqueue_at(earlier, function, job_id, job_id=rq_id)
        return
    job = provisioning.enqueue(function, job_id, job_id=rq_id)
    redis_client.lrem(provisioning.key, 0, rq_id)  # a worker took it off the queue...
    # ...and died in the middle of it, or it failed for good.
    job.set_status(JobStatus.STARTED if state == "worker died" else JobStatus.FAILED)


@pytest.mark.parametrize("state", ["retry waiting", "retry overdue", "worker died", "failed"])
def test_staff_retry_puts_the_job_on_the_queue(
    as_admin: FlaskClient, make: Factory, staff_db: Session, redis_client: redis.Redis, state: str
) -> None:
    bot = make.bot(make.tenant(), status=BotStatus.FAILED)
    job = ProvisioningJob(
        tenant_id=bot.tenant_id,
        bot_id=bot.id,
        kind=ProvisioningKind.BUY_NUMBER,
        status=ProvisioningStatus.RUNNING if state == "worker died" else ProvisioningStatus.FAILED,
        last_error="TelephonyError: no numbers left",
    )
    staff_db.add(job)
    staff_db.flush()
    # A dead attempt's lease is long over.
    staff_db.execute(
        update(ProvisioningJob)
        .where(ProvisioningJob.id == job.id)
        .values(updated_at=utcnow() - timedelta(hours=1))
    )
    staff_db.commit()
    rq_id = f"provisioning-{job.id}"
    _left_behind(redis_client, rq_id, job.id, state)

    response = post(as_admin, "/admin/provisioningjob/action/", action="retry", rowid=str(job.id))

    assert queue(PROVISIONING, redis_client).get_job_ids() == [rq_id]
    stored = Job.fetch(rq_id, connection=redis_client, serializer=JSONSerializer)
    assert stored.get_status() == JobStatus.QUEUED and stored.args == [job.id]
    staff_db.expire_all()
    assert staff_db.get_one(ProvisioningJob, job.id).status is ProvisioningStatus.QUEUED
    assert response.status_code in (200, 302)
