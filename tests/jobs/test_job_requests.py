"""A job a service asks for by name reaches its queue when the transaction commits, and
only then: staff's invoice run (services.invoice_run.request_invoice_run)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import redis
from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session

from core.settings import Settings
from jobs import BILLING
from jobs.on_commit import enqueue_on_commit
from jobs.queues import queue
from models import AuditEvent, Role, User
from models.database import make_session_factory
from models.scoping import staff_session
from services.billing import Period
from services.invoice_run import request_invoice_run
from tests.factories import Factory


@pytest.fixture
def staff_member(committed: Session, make_committed: Factory) -> Iterator[User]:
    """A platform admin whose row other connections see; removed with its audit events."""
    admin = make_committed.user(None, role=Role.PLATFORM_ADMIN)
    committed.commit()
    yield admin
    committed.rollback()
    committed.execute(delete(AuditEvent).where(AuditEvent.actor_id == admin.id))
    committed.execute(delete(User).where(User.id == admin.id))
    committed.commit()


def test_an_invoice_run_is_enqueued_by_the_commit_that_asked_for_it(
    engine: Engine, redis_client: redis.Redis, settings: Settings, staff_member: User
) -> None:
    factory = make_session_factory(engine)
    enqueue_on_commit(factory, redis=redis_client, settings=settings)
    billing = queue(BILLING, redis_client)
    with staff_session(factory) as db:
        request_invoice_run(session=db, period=Period.parse("2026-09"), actor=staff_member)
        db.rollback()
        request_invoice_run(session=db, period=Period.parse("2026-10"), actor=staff_member)
        assert billing.get_jobs() == []  # not before the commit
        db.commit()
    [job] = billing.get_jobs()
    assert (job.func_name, job.args) == ("jobs.billing.invoice_run", ["2026-10"])
