"""A usage event always belongs to a company that exists, as a foreign key would promise,
though the events have none (migration usage_tenant_per_batch: the key checked each event
of a batch on its own). A batch naming a company that does not exist is refused whole, a
deleted company's events go with it, and a company deleted while its batch is being stored
leaves no events behind — on PostgreSQL and on SQLite."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from models import Tenant, UsageDay, UsageEvent, UsageKind
from models.database import make_engine, make_session_factory
from models.scoping import staff_session
from services.usage import UsageRecord, record_usage
from tests.conftest import scratch_database
from tests.factories import Factory

START = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
REFUSED = "usage events name a company that does not exist"


def batch(
    tenant_id: int, n: int, prefix: str = "call", start: datetime = START
) -> list[UsageRecord]:
    return [
        UsageRecord(
            tenant_id=tenant_id,
            kind=UsageKind.CALL_SECONDS,
            quantity=30,
            occurred_at=start + timedelta(minutes=i),
            idempotency_key=f"{prefix}:{tenant_id}:{i}",
        )
        for i in range(n)
    ]


def events_of(session: Session, tenant_id: int) -> int:
    counted = select(func.count()).select_from(UsageEvent)
    return session.scalar(counted.where(UsageEvent.tenant_id == tenant_id))


def _stores_only_real_companies(session: Session, tenant_id: int) -> None:
    unknown = tenant_id + 1_000
    with pytest.raises(IntegrityError, match=REFUSED), session.begin_nested():
        record_usage(session=session, records=batch(tenant_id, 5) + batch(unknown, 1))
    assert events_of(session, tenant_id) == 0  # the whole batch, not only the stranger
    assert record_usage(session=session, records=batch(tenant_id, 5)) == 5
    # An event sent again is skipped before anything checks it, whatever it names.
    resent = [replace(batch(tenant_id, 1)[0], tenant_id=unknown)]
    assert record_usage(session=session, records=resent) == 0
    first = session.scalars(select(UsageEvent.id).where(UsageEvent.tenant_id == tenant_id)).first()
    with pytest.raises(IntegrityError, match=REFUSED), session.begin_nested():
        session.execute(update(UsageEvent).where(UsageEvent.id == first).values(tenant_id=unknown))


def _events_go_with_their_company(session: Session, gone: int, kept: int) -> None:
    record_usage(session=session, records=batch(gone, 4) + batch(kept, 3))
    session.execute(delete(Tenant).where(Tenant.id == gone))
    assert (events_of(session, gone), events_of(session, kept)) == (0, 3)
    days = select(func.count()).select_from(UsageDay).where(UsageDay.tenant_id == gone)
    assert session.scalar(days) == 0


def test_postgresql_stores_usage_of_real_companies_only(staff_db: Session, make: Factory) -> None:
    _stores_only_real_companies(staff_db, make.tenant().id)


def test_postgresql_deletes_a_companys_events_with_it(staff_db: Session, make: Factory) -> None:
    _events_go_with_their_company(staff_db, make.tenant().id, make.tenant().id)


def test_sqlite_does_both_too(sqlite_factory: sessionmaker[Session]) -> None:
    with staff_session(sqlite_factory) as session:
        make = Factory(session)
        _stores_only_real_companies(session, make.tenant().id)
        _events_go_with_their_company(session, make.tenant().id, make.tenant().id)


@pytest.fixture(scope="module")
def committed_factory() -> Iterator[sessionmaker[Session]]:
    """Sessions with real commits, on a database of their own (two transactions at once)."""
    with scratch_database("usage_tenants") as url:
        engine = make_engine(url)
        try:
            yield make_session_factory(engine)
        finally:
            engine.dispose()


def _new_company(factory: sessionmaker[Session]) -> int:
    with staff_session(factory) as session:
        tenant = Factory(session).tenant()
        session.commit()
        return tenant.id


def _in_thread(work) -> tuple[threading.Thread, list]:  # noqa: ANN001
    """Runs `work` in a thread; the list gets its result or its exception."""
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(work())
        except Exception as error:  # noqa: BLE001 - handed to the test
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _waits(thread: threading.Thread) -> bool:
    thread.join(timeout=1.0)  # a blocked statement stays blocked; a free one ends at once
    return thread.is_alive()


def test_a_company_deleted_after_its_batch_took_its_lock_takes_the_batch_along(
    committed_factory: sessionmaker[Session],
) -> None:
    tenant_id = _new_company(committed_factory)
    with staff_session(committed_factory) as earlier:
        record_usage(session=earlier, records=batch(tenant_id, 10, prefix="earlier"))
        earlier.commit()
    with staff_session(committed_factory) as recording:
        # Onto the same days: only usage_days' existing rows are updated, so no key of
        # theirs locks the company; the trigger's own lock must.
        record_usage(session=recording, records=batch(tenant_id, 10))
        with staff_session(committed_factory) as other, pytest.raises(OperationalError):
            other.execute(
                text("SELECT id FROM tenants WHERE id = :id FOR UPDATE NOWAIT"), {"id": tenant_id}
            )

        def delete_company() -> int:
            with staff_session(committed_factory) as deleting:
                deleting.execute(delete(Tenant).where(Tenant.id == tenant_id))
                deleting.commit()
            return tenant_id

        thread, outcome = _in_thread(delete_company)
        assert _waits(thread), "the deletion must wait for the batch that locked the company"
        recording.commit()
    thread.join()
    assert outcome == [tenant_id]
    with staff_session(committed_factory) as session:
        assert events_of(session, tenant_id) == 0


def test_a_batch_for_a_company_being_deleted_waits_and_is_refused(
    committed_factory: sessionmaker[Session],
) -> None:
    tenant_id = _new_company(committed_factory)
    with staff_session(committed_factory) as deleting:
        deleting.execute(delete(Tenant).where(Tenant.id == tenant_id))

        def record() -> int:
            with staff_session(committed_factory) as recording:
                stored = record_usage(session=recording, records=batch(tenant_id, 10))
                recording.commit()
                return stored

        thread, outcome = _in_thread(record)
        assert _waits(thread), "the batch must wait for the company's deletion"
        deleting.commit()
    thread.join()
    [error] = outcome
    assert isinstance(error, IntegrityError) and REFUSED in str(error)
    with staff_session(committed_factory) as session:
        assert events_of(session, tenant_id) == 0
        assert session.scalar(text("SELECT count(*) FROM usage_days")) == 0


def test_batches_of_a_company_not_being_deleted_do_not_wait_for_each_other(
    committed_factory: sessionmaker[Session],
) -> None:
    """The company's lock is shared. (Batches adding to the same usage days do wait for
    each other, on those rows: these fall on different days.)"""
    tenant_id = _new_company(committed_factory)
    with staff_session(committed_factory) as first:
        record_usage(session=first, records=batch(tenant_id, 10, prefix="first"))

        def second() -> int:
            later = START + timedelta(days=3)
            with staff_session(committed_factory) as session:
                stored = record_usage(session=session, records=batch(tenant_id, 10, "2", later))
                session.commit()
                return stored

        started = time.monotonic()
        thread, outcome = _in_thread(second)
        thread.join(timeout=30)
        assert outcome == [10], f"waited {time.monotonic() - started:.1f} s"
        first.commit()
