"""Usage events: a batch recorded twice is stored once, on PostgreSQL and on SQLite."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, sessionmaker

from models import UsageEvent, UsageKind
from models.scoping import CrossTenantWriteError, staff_session, tenant_session
from services.usage import UsageRecord, record_usage
from tests.factories import Factory

START = datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def batch(tenant_id: int, n: int, prefix: str = "call") -> list[UsageRecord]:
    return [
        UsageRecord(
            tenant_id=tenant_id,
            kind=UsageKind.CALL_SECONDS,
            quantity=30 + i,
            occurred_at=START + timedelta(minutes=i),
            idempotency_key=f"{prefix}:{tenant_id}:{i}",
        )
        for i in range(n)
    ]


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(UsageEvent))


def test_recording_the_same_batch_twice_stores_it_once(staff_db: Session, make: Factory) -> None:
    tenant = make.tenant()
    assert record_usage(session=staff_db, records=batch(tenant.id, 500)) == 500
    assert record_usage(session=staff_db, records=batch(tenant.id, 500)) == 0
    assert count(staff_db) == 500
    stored = staff_db.scalars(select(UsageEvent).order_by(UsageEvent.id).limit(1)).one()
    assert (stored.quantity, stored.kind, stored.occurred_at) == (30, UsageKind.CALL_SECONDS, START)


def test_keys_are_compared_byte_by_byte_on_postgresql(staff_db: Session, make: Factory) -> None:
    """The ingest's unique index compares keys in byte order, not by the database's
    language (strcoll cost ~10 % of ingest, bench/usage_ingest.py); equality is unchanged."""
    collation = staff_db.scalar(
        text(
            "SELECT collation_name FROM information_schema.columns"
            " WHERE table_name = 'usage_events' AND column_name = 'idempotency_key'"
        )
    )
    assert collation == "C"
    tenant = make.tenant()
    # Keys that a language collation might fold together stay apart, and each stays one.
    keys = ["call:ä:1", "call:a:1", "call:Ä:1", "CALL:a:1"]
    records = [r for key in keys for r in batch(tenant.id, 1, prefix=key)]
    assert record_usage(session=staff_db, records=records + records) == 4


def test_overlapping_batches_and_duplicates_within_a_batch(
    staff_db: Session, make: Factory
) -> None:
    tenant = make.tenant()
    record_usage(session=staff_db, records=batch(tenant.id, 10))
    overlapping = batch(tenant.id, 15) + batch(tenant.id, 15)
    assert record_usage(session=staff_db, records=overlapping) == 5
    assert count(staff_db) == 15


def test_several_batches_in_one_transaction(staff_db: Session, make: Factory) -> None:
    tenant = make.tenant()
    for part in range(3):
        record_usage(session=staff_db, records=batch(tenant.id, 100, prefix=f"part{part}"))
    staff_db.commit()
    assert count(staff_db) == 300


def test_tenant_session_records_only_its_own_usage(
    make: Factory, session_factory: sessionmaker[Session]
) -> None:
    alpha, beta = make.tenant(), make.tenant()
    with tenant_session(session_factory, beta.id) as b:
        assert record_usage(session=b, records=batch(beta.id, 3)) == 3
        with pytest.raises(CrossTenantWriteError):
            record_usage(session=b, records=batch(alpha.id, 3))


def test_sqlite_path_is_idempotent_too(sqlite_factory: sessionmaker[Session]) -> None:
    with staff_session(sqlite_factory) as session:
        tenant = Factory(session).tenant()
        assert record_usage(session=session, records=batch(tenant.id, 50)) == 50
        assert record_usage(session=session, records=batch(tenant.id, 60)) == 10
        session.commit()
        assert count(session) == 60
