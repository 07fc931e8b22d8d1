"""The usage days the database keeps beside the events (models.UsageDay, migration
usage_days) always say what summing the events says: per Vienna day, bot and kind, however
the events came (a batch, a repeated batch, two workers at once, before the table existed)."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import Session, sessionmaker

from models import Tenant, UsageDay, UsageEvent, UsageKind
from models.database import make_engine, make_session_factory
from models.scoping import staff_session, tenant_session
from services.usage import UsageRecord, record_usage
from services.vienna_time import vienna_day
from tests.conftest import insert_bare_tenant, scratch_database, sqlite_migrated_to
from tests.factories import Factory

# 22:30 UTC on 1 November is 23:30 in Vienna; an hour later it is the 2nd there.
LATE = datetime(2026, 11, 1, 22, 30, tzinfo=UTC)


def records(tenant_id: int, n: int, prefix: str = "call") -> list[UsageRecord]:
    """`n` calls ten minutes apart from LATE on, over three bots (one of them none), each
    with seconds and characters."""
    made = []
    for i in range(n):
        for kind, quantity in ((UsageKind.CALL_SECONDS, 30 + i), (UsageKind.TTS_CHARACTERS, 7)):
            made.append(
                UsageRecord(
                    tenant_id=tenant_id,
                    kind=kind,
                    quantity=quantity,
                    occurred_at=LATE + timedelta(minutes=10 * i),
                    idempotency_key=f"{prefix}:{tenant_id}:{i}:{kind.value}",
                    bot_id=(None, 1, 2)[i % 3],
                )
            )
    return made


def summed_events(session: Session, *, utc_days: bool = False) -> Counter:
    sums: Counter = Counter()
    for event in session.scalars(select(UsageEvent)):
        day = event.occurred_at.date() if utc_days else vienna_day(event.occurred_at)
        sums[event.tenant_id, day, event.bot_id, event.kind] += event.quantity
    return sums


def kept_days(session: Session) -> Counter:
    sums: Counter = Counter()
    for row in session.scalars(select(UsageDay)):
        day = row.day if isinstance(row.day, date) else date.fromisoformat(str(row.day))
        sums[row.tenant_id, day, row.bot_id, row.kind] += row.quantity
    return sums


def test_the_days_sum_the_stored_events_by_vienna_day(staff_db: Session, make: Factory) -> None:
    tenant = make.tenant()
    assert record_usage(session=staff_db, records=records(tenant.id, 12)) == 24
    assert record_usage(session=staff_db, records=records(tenant.id, 15)) == 6  # 3 calls new
    make.usage_event(tenant, occurred_at=LATE, bot_id=1)  # one written by the ORM
    days = kept_days(staff_db)
    assert days == summed_events(staff_db)
    # The first three calls fall on Vienna's 1 November (22:30, 22:40, 22:50 UTC), the rest
    # on the 2nd: a UTC day would put them all on the 1st.
    assert {day for _, day, _, _ in days} == {date(2026, 11, 1), date(2026, 11, 2)}
    assert days[tenant.id, date(2026, 11, 1), None, UsageKind.CALL_SECONDS] == 30
    # One row per day, bot and kind, bot-less calls included.
    assert len(staff_db.scalars(select(UsageDay)).all()) == len(days)


def test_a_company_records_and_reads_its_own_days_under_row_security(
    make: Factory, session_factory: sessionmaker[Session]
) -> None:
    alpha, beta = make.tenant(), make.tenant()
    for tenant in (alpha, beta):
        with tenant_session(session_factory, tenant.id) as own:
            record_usage(session=own, records=records(tenant.id, 4))
            own.commit()
    with tenant_session(session_factory, beta.id) as b:
        assert {tenant for tenant, *_ in kept_days(b)} == {beta.id}
        assert kept_days(b) == summed_events(b)


def test_two_workers_adding_to_the_same_days_at_once_lose_nothing() -> None:
    with scratch_database("usage_days") as url:
        engine = make_engine(url)
        factory = make_session_factory(engine)
        try:
            with staff_session(factory) as session:
                tenant = Tenant(name="Heuriger", slug="heuriger")
                session.add(tenant)
                session.commit()
                tenant_id = tenant.id
            start = threading.Barrier(4)

            def worker(n: int) -> None:
                start.wait()
                for batch in range(5):
                    with staff_session(factory) as session:
                        prefix = f"worker{n}-batch{batch}"
                        record_usage(session=session, records=records(tenant_id, 30, prefix))
                        session.commit()

            threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            with staff_session(factory) as session:
                assert session.scalar(text("SELECT count(*) FROM usage_events")) == 4 * 5 * 60
                assert kept_days(session) == summed_events(session)
        finally:
            engine.dispose()


def test_sqlite_keeps_its_days_too(sqlite_factory: sessionmaker[Session]) -> None:
    with staff_session(sqlite_factory) as session:
        tenant = Factory(session).tenant()
        assert record_usage(session=session, records=records(tenant.id, 12)) == 24
        assert record_usage(session=session, records=records(tenant.id, 12)) == 0
        session.commit()
        assert kept_days(session) == summed_events(session, utc_days=True)


def test_the_migration_sums_the_events_stored_before_it(tmp_path: Path) -> None:
    with sqlite_migrated_to(tmp_path / "before.db", "minimum_charge") as (db, migrate_to):
        insert_bare_tenant(db)
        for i, (bot_id, seconds) in enumerate(((1, 60), (1, 90), (None, 30), (2, 45))):
            db.execute(
                text(
                    "INSERT INTO usage_events (tenant_id, bot_id, kind, quantity, occurred_at,"
                    " idempotency_key) VALUES (1, :bot, 'call_seconds', :seconds,"
                    " '2026-11-02 10:00:00', :key)"
                ),
                {"bot": bot_id, "seconds": seconds, "key": f"before:{i}"},
            )
        migrate_to("usage_days")
        rows = db.execute(
            text("SELECT bot_id, quantity, events FROM usage_days ORDER BY bot_id")
        ).all()
        assert [tuple(row) for row in rows] == [(None, 30, 1), (1, 150, 2), (2, 45, 1)]
