"""No double booking under concurrency: real sessions in real threads, each committing, on a
PostgreSQL database of their own (and on SQLite, which development uses).

The first test forces the race deterministically: A has booked the last place but not
committed; B books the same time and must wait at the lock on that time (PostgreSQL shows it
waiting on a lock); when A commits, B is refused and offered the next slot. Without the lock
B would count no overlap and book too."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from models import Booking, BookingSource, Bot, Service, Tenant
from models.database import make_engine, make_session_factory
from models.migrate import upgrade
from models.scoping import staff_session, tenant_session
from services import bookings
from services.availability import VIENNA
from services.booking_places import SlotTaken
from services.free_slots import find_free_slots
from tests.conftest import scratch_database

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
MONDAY_9 = datetime(2026, 12, 7, 9, 0, tzinfo=VIENNA)
WAIT_S = 30  # a generous limit for a condition, never a measured time


@pytest.fixture(scope="module")
def pg_engine() -> Iterator[Engine]:
    with scratch_database("voiceagent_bookings") as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'dev.db'}"
    upgrade(database_url=url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def salon(factory: sessionmaker[Session], capacity: int) -> tuple[int, int]:
    """A committed tenant with a bot open Mondays 9–11 and a 30-minute service."""
    with staff_session(factory) as db:
        tenant = Tenant(name="Salon", slug=f"salon-{datetime.now().timestamp()}")
        db.add(tenant)
        db.flush()
        db.add(
            Bot(tenant_id=tenant.id, name="Empfang", business_hours={"mon": [["09:00", "11:00"]]})
        )
        service = Service(
            tenant_id=tenant.id, name="Schnitt", duration_minutes=30, capacity=capacity, bot_ids=[]
        )
        db.add(service)
        db.commit()
        return tenant.id, service.id


def book(
    factory: sessionmaker[Session], tenant_id: int, service_id: int, name: str, clock: str = "09:00"
) -> object:
    hours, minutes = (int(part) for part in clock.split(":"))
    with tenant_session(factory, tenant_id) as db:
        try:
            booking = bookings.book(
                session=db,
                service_id=service_id,
                start=MONDAY_9.replace(hour=hours, minute=minutes),
                caller_name=name,
                source=BookingSource.PHONE,
                now=NOW,
            )
            db.commit()
            return booking.id
        except SlotTaken as taken:
            return taken


def held(factory: sessionmaker[Session], tenant_id: int) -> int:
    with tenant_session(factory, tenant_id) as db:
        return db.scalar(select(func.count()).select_from(Booking)) or 0


def test_the_second_of_two_racing_bookers_waits_and_is_offered_the_next_slot(
    pg_engine: Engine,
) -> None:
    factory = make_session_factory(pg_engine)
    tenant_id, service_id = salon(factory, capacity=1)
    first = tenant_session(factory, tenant_id)
    bookings.book(
        session=first,
        service_id=service_id,
        start=MONDAY_9,
        caller_name="Anna",
        source=BookingSource.PHONE,
        now=NOW,
    )  # holds the lock, not committed yet
    with ThreadPoolExecutor(max_workers=1) as pool:
        second = pool.submit(book, factory, tenant_id, service_id, "Berta")
        try:
            _wait_until_someone_waits_for_a_lock(pg_engine)
            assert not second.done()
            first.commit()
        finally:
            first.close()
        outcome = second.result(timeout=WAIT_S)
    assert isinstance(outcome, SlotTaken)
    assert outcome.next_slot is not None
    assert outcome.next_slot.start == datetime(2026, 12, 7, 9, 30, tzinfo=VIENNA)
    assert held(factory, tenant_id) == 1


def test_a_booker_of_another_time_does_not_wait(pg_engine: Engine) -> None:
    """Bookers queue per time (services.booking_locks), not per service: 9:00 held and not
    committed, 10:00 books and commits meanwhile; 9:15 (overlapping 9:00–9:30) waits."""
    factory = make_session_factory(pg_engine)
    tenant_id, service_id = salon(factory, capacity=1)
    first = tenant_session(factory, tenant_id)
    try:
        bookings.book(
            session=first,
            service_id=service_id,
            start=MONDAY_9,
            caller_name="Anna",
            source=BookingSource.PHONE,
            now=NOW,
        )
        with ThreadPoolExecutor(max_workers=1) as pool:
            later = pool.submit(book, factory, tenant_id, service_id, "Berta", "10:00")
            assert isinstance(later.result(timeout=WAIT_S), int)  # while 9:00 is held
            overlapping = pool.submit(book, factory, tenant_id, service_id, "Clara", "09:15")
            _wait_until_someone_waits_for_a_lock(pg_engine)
            assert not overlapping.done()
            first.commit()
            assert isinstance(overlapping.result(timeout=WAIT_S), SlotTaken)
    finally:
        first.close()
    assert held(factory, tenant_id) == 2


@pytest.mark.parametrize("capacity", [1, 2])
def test_a_stampede_books_exactly_the_capacity(pg_engine: Engine, capacity: int) -> None:
    factory = make_session_factory(pg_engine)
    tenant_id, service_id = salon(factory, capacity=capacity)
    outcomes = _stampede(factory, tenant_id, service_id, callers=8)
    assert sum(isinstance(o, int) for o in outcomes) == capacity
    assert all(isinstance(o, int | SlotTaken) for o in outcomes)
    assert held(factory, tenant_id) == capacity


def test_two_racing_bookers_on_sqlite(sqlite_engine: Engine) -> None:
    factory = make_session_factory(sqlite_engine)
    tenant_id, service_id = salon(factory, capacity=1)
    outcomes = _stampede(factory, tenant_id, service_id, callers=2)
    assert sorted(type(o).__name__ for o in outcomes) == ["SlotTaken", "int"]
    assert held(factory, tenant_id) == 1


def _stampede(
    factory: sessionmaker[Session], tenant_id: int, service_id: int, callers: int
) -> list[object]:
    start = threading.Barrier(callers)

    def caller(n: int) -> object:
        start.wait(timeout=WAIT_S)
        return book(factory, tenant_id, service_id, f"Anrufer {n}")

    with ThreadPoolExecutor(max_workers=callers) as pool:
        return list(pool.map(caller, range(callers)))


def _wait_until_someone_waits_for_a_lock(engine: Engine) -> None:
    deadline = datetime.now().timestamp() + WAIT_S
    with engine.connect() as watcher:
        while datetime.now().timestamp() < deadline:
            waiting = watcher.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
            ).scalar()
            watcher.rollback()
            if waiting:
                return
            threading.Event().wait(0.05)
    raise AssertionError("the second booker never waited for a lock")


def test_reading_the_day_is_not_blocked_by_a_booker(pg_engine: Engine) -> None:
    factory = make_session_factory(pg_engine)
    tenant_id, service_id = salon(factory, capacity=1)
    with tenant_session(factory, tenant_id) as holder:
        bookings.book(
            session=holder,
            service_id=service_id,
            start=MONDAY_9,
            caller_name="Anna",
            source=BookingSource.PHONE,
            now=NOW,
        )
        with tenant_session(factory, tenant_id) as reader:
            day = find_free_slots(
                session=reader, service_id=service_id, day_from=date(2026, 12, 7), now=NOW
            )
        assert len(day) == 7  # the uncommitted booking is not seen, and nothing waited
        holder.rollback()
