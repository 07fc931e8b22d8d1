"""A place at a time: no double booking, also under concurrency.

`book` and `move` (services.bookings) check what needs no lock first and write the booking
(with its audit entry and webhook events) behind a savepoint, unseen by others until the
commit; then `hold_place` holds the times they book (services.booking_locks: every quarter
hour of the booking, per service) and counts the overlapping bookings, all in the caller's
transaction. A second booker of an overlapping time waits at the lock until the first
commits, then counts its booking; if the time is full, its own writes are taken back to the
savepoint and it gets `SlotTaken` with the next free slot. Bookers of other times do not
wait for each other, and bookers of one time wait only for each other's count and commit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session, SessionTransaction

from models import Booking, Service
from services.availability import Slot, peak_overlap
from services.booking_locks import hold_times
from services.errors import Conflict
from services.free_slots import held, next_free_slots

# Message id (the front doors translate it; the voice desk says it in the call's language).
SLOT_TAKEN = "This time is no longer free."


class SlotTaken(Conflict):
    """The time is full (every place of the service is taken then). `next_slot` is the next
    free slot after it, to offer instead, or None when there is none within the horizon."""

    def __init__(self, next_slot: Slot | None) -> None:
        super().__init__(SLOT_TAKEN)
        self.next_slot = next_slot


def hold_place(
    session: Session,
    written: SessionTransaction,
    service: Service,
    start: datetime,
    end: datetime,
    booking: Booking,
    bot_id: int | None,
    now: datetime,
    offer_next: bool,
) -> None:
    """Keep what `written` wrote for `booking` (a savepoint: the booking at its new time, its
    audit entry, its webhook events) if the service has a place left at [start, end), or
    take it all back and raise SlotTaken.

    The writes come first because nobody sees them before the commit; only now do bookers
    of this time queue, so the lock is held for the count and the commit alone, not for
    the booking's own statements (bench/booking.py: a rush on one time queues behind it).
    The count runs after the lock, so it sees every booking committed before."""
    hold_times(session, service.id, start, end)
    taken = held(session, service.id, start, end, ignore=booking.id)
    if peak_overlap(taken, start, end) < service.capacity:
        return
    written.rollback()
    offer = (
        next_free_slots(
            session=session, service_id=service.id, after=start, count=1, bot_id=bot_id, now=now
        )
        if offer_next
        else []
    )
    raise SlotTaken(offer[0] if offer else None)


def check_capacity(
    session: Session,
    service: Service,
    start: datetime,
    end: datetime,
    *,
    bot_id: int | None,
    now: datetime,
) -> None:
    """SlotTaken unless the service has a place left at [start, end), counted without a
    lock (for an answer that books nothing)."""
    taken = held(session, service.id, start, end)
    if peak_overlap(taken, start, end) >= service.capacity:
        offer = next_free_slots(
            session=session, service_id=service.id, after=start, count=1, bot_id=bot_id, now=now
        )
        raise SlotTaken(offer[0] if offer else None)
