"""Invoice numbers: consecutive per year, no gaps, never twice — with two real PostgreSQL
sessions racing for the same year's series."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, delete, select, text
from sqlalchemy.orm import Session

from models import InvoiceNumberCounter
from models.database import make_session_factory
from models.scoping import staff_session
from services.invoice_numbers import next_invoice_number, next_invoice_numbers
from tests.jobs.conftest import wait_until

# Years no other test issues invoices in: the counters of this file's tests are their own.
RACE_YEAR = 2093


def _at(year: int, month: int = 6, day: int = 1, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def test_numbers_count_up_within_a_year_and_start_again_in_the_next(staff_db: Session) -> None:
    taken = [
        next_invoice_number(session=staff_db, issued_at=_at(2091)),
        next_invoice_number(session=staff_db, issued_at=_at(2091, 12, 31, 23)),  # 1 Jan, Vienna
        next_invoice_number(session=staff_db, issued_at=_at(2091, 12, 31, 23)),
        next_invoice_number(session=staff_db, issued_at=_at(2091, 7)),
    ]

    assert taken == ["2091-000001", "2092-000001", "2092-000002", "2091-000002"]


def test_a_block_of_numbers_continues_the_series_and_the_next_one_follows_it(
    staff_db: Session,
) -> None:
    first = next_invoice_number(session=staff_db, issued_at=_at(2094))
    block = next_invoice_numbers(session=staff_db, issued_at=_at(2094), count=3)
    none = next_invoice_numbers(session=staff_db, issued_at=_at(2094), count=0)
    after = next_invoice_number(session=staff_db, issued_at=_at(2094))

    assert (first, block, none, after) == (
        "2094-000001",
        ["2094-000002", "2094-000003", "2094-000004"],
        [],
        "2094-000005",
    )


@pytest.fixture
def two_sessions(engine: Engine) -> Iterator[tuple[Session, Session]]:
    """Two staff sessions on two connections of their own, committing for real."""
    factory = make_session_factory(engine)
    first, second = staff_session(factory), staff_session(factory)
    yield first, second
    for session in (first, second):
        session.rollback()
        session.close()
    with staff_session(factory) as cleanup, cleanup.begin():
        cleanup.execute(delete(InvoiceNumberCounter).where(InvoiceNumberCounter.year == RACE_YEAR))


def test_a_second_session_waits_for_the_first_and_a_rollback_leaves_no_gap(
    two_sessions: tuple[Session, Session], engine: Engine
) -> None:
    first, second = two_sessions
    issued = _at(RACE_YEAR)

    def second_takes_one(into: list[str]) -> threading.Thread:
        def take() -> None:
            into.append(next_invoice_number(session=second, issued_at=issued))

        thread = threading.Thread(target=take)
        thread.start()
        return thread

    def second_is_waiting_for_a_lock() -> bool:
        with engine.connect() as look:
            waiting = look.scalar(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    " AND query LIKE '%invoice_number_counters%'"
                )
            )
            return waiting == 1

    # The first session takes a number and holds the year; the second must wait for it.
    assert next_invoice_number(session=first, issued_at=issued) == f"{RACE_YEAR}-000001"
    got: list[str] = []
    waiting = second_takes_one(got)
    wait_until(second_is_waiting_for_a_lock, what="the second session to wait for the lock")
    assert got == []
    first.commit()
    waiting.join(timeout=30)
    assert got == [f"{RACE_YEAR}-000002"]
    second.commit()

    # Now the first takes one and rolls back (its invoice was never made): the second,
    # waiting meanwhile, gets that same number, so none is missing.
    assert next_invoice_number(session=first, issued_at=issued) == f"{RACE_YEAR}-000003"
    got.clear()
    waiting = second_takes_one(got)
    wait_until(second_is_waiting_for_a_lock, what="the second session to wait again")
    first.rollback()
    waiting.join(timeout=30)
    assert got == [f"{RACE_YEAR}-000003"]
    second.commit()

    last = first.scalar(
        select(InvoiceNumberCounter.last_number).where(InvoiceNumberCounter.year == RACE_YEAR)
    )
    assert last == 3
