"""Invoice numbers: one series per calendar year, consecutive, without gaps, never reused.

§ 11 UStG asks for a consecutive number given out once. A number looks like 2026-000123: the
year of the issue date (Vienna) and the count within it. Each year's last number is one row
of `invoice_number_counters`; taking the next is a single `UPDATE … SET last_number =
last_number + 1 … RETURNING`, which locks that row until the caller's transaction ends. So:
- two transactions never get the same number: the second waits for the first to end and
  then counts on from what it committed;
- a transaction that rolls back gives its number back with everything else it did (the
  invoice it was for is gone too), so the series has no gap;
- invoices are never deleted (a cancelled one is voided and keeps its number), so no number
  is given out twice.
The price: invoices of one year are issued one transaction at a time. The monthly run
holds the lock for its whole transaction, which is what makes its numbers consecutive.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from models import InvoiceNumberCounter
from services.vienna_time import vienna_day


def next_invoice_number(*, session: Session, issued_at: datetime) -> str:
    """The next number of the year `issued_at` falls in, in Vienna. The caller's transaction
    holds that year's series until it ends (commit: the number is used; rollback: it is
    given back)."""
    return next_invoice_numbers(session=session, issued_at=issued_at, count=1)[0]


def next_invoice_numbers(*, session: Session, issued_at: datetime, count: int) -> list[str]:
    """The next `count` numbers of the year, in order, taken in one UPDATE (the invoice run
    numbers all its invoices at once); the year's series is held as above."""
    if count < 1:
        return []
    year = vienna_day(issued_at).year
    _make_sure_the_year_has_a_counter(session, year)
    counter = InvoiceNumberCounter
    last = session.execute(
        update(counter)
        .where(counter.year == year)
        .values(last_number=counter.last_number + count)
        .returning(counter.last_number)
    ).scalar_one()
    return [format_number(year, number) for number in range(last - count + 1, last + 1)]


def format_number(year: int, number: int) -> str:
    return f"{year}-{number:06d}"


def _make_sure_the_year_has_a_counter(session: Session, year: int) -> None:
    # Two first invoices of a year may race to create the row: one inserts, the other's
    # insert does nothing, and both then take their turn at the UPDATE.
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(InvoiceNumberCounter)
        .values(year=year, last_number=0)
        .on_conflict_do_nothing(index_elements=["year"])
    )
