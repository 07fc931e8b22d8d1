"""The appointment book: bookings made, moved and cancelled — by the phone bot, by hand in
the portal, or through the API — and read back. What is offered is
services.offered_services, when it may be booked services.booking_rules, what is free
services.free_slots, and how a place is held against a second booker services.booking_places.

Every function takes a tenant-bound session (models.scoping). The voice dialogue and the
LLM tools call `find_free_slots`, `next_free_slots`, `book`, `move`, `cancel` and
`find_bookings_for_caller` directly, with `source=BookingSource.PHONE` and no actor; the
portal and the API pass the person (`actor`), whose role services.permissions checks.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.catalogue import N_, Phrase
from models import Booking, BookingSource, BookingStatus, Call, Service, User
from models.base import utcnow
from models.bookings import HOLDING
from services.audit import audit_row
from services.availability import Slot
from services.booking_places import check_capacity, hold_place
from services.booking_rules import check_range, check_time
from services.booking_sms import Change, note_confirmation
from services.call_events import (
    BOOKING_CANCELLED,
    BOOKING_CREATED,
    BOOKING_MOVED,
    queue_booking_event,
)
from services.errors import NotFound, ValidationFailed, Wording
from services.free_slots import ServiceBook
from services.offered_services import MAX_NAME
from services.permissions import Action, require
from services.text_input import text_problem
from services.vienna_time import as_utc, asked_time, iso_utc, vienna_midnight

MAX_PARTY_SIZE = 100
_PHONE = re.compile(r"^\+?[0-9]{3,16}$")

# Message ids: the front doors translate them.
BOOKING_NOT_FOUND = N_("This booking does not exist.")
NOT_ACTIVE = N_("This booking is cancelled and cannot be changed.")
ARCHIVED = N_("This service is no longer offered.")
NOT_OFFERED_BY_BOT = N_("This bot does not offer this service.")


def book(
    *,
    session: Session,
    service_id: int,
    start: datetime,
    caller_name: str,
    caller_phone: str = "",
    party_size: int | None = None,
    source: BookingSource,
    call_id: int | None = None,
    bot_id: int | None = None,
    actor: User | None = None,
    now: datetime | None = None,
    offer_next: bool = True,
) -> Booking:
    """Book the service at `start` (aware; a naive time is read as Vienna time).

    Raises ValidationFailed for bad input or a time the rules do not allow, SlotTaken when
    the time is full (with the next free slot; without `offer_next` none, for a caller that
    looks up its own after rolling back rather than while it holds the time's lock),
    NotFound for an unknown service. The caller commits."""
    _may_book(actor, source)
    now = as_utc(now or utcnow())
    caller_name, caller_phone = caller_name.strip(), _compact(caller_phone)
    _check_caller(caller_name, caller_phone, party_size)
    service, start, end = _bookable_time(session, service_id, start, source, bot_id, now)
    if actor is not None:  # the phone bot names the call it carries; a person is checked
        call_id = _own_call_id(session, call_id)
    written = session.begin_nested()
    booking = Booking(
        service_id=service.id,
        starts_at=start,
        ends_at=end,
        caller_name=caller_name,
        caller_phone=caller_phone,
        party_size=party_size,
        status=BookingStatus.BOOKED,
        source=source,
        call_id=call_id,
    )
    session.add(booking)
    session.flush()
    audit_row(session, actor, "booking.created", booking, after=_booking_facts(booking))
    queue_booking_event(session=session, event_type=BOOKING_CREATED, data=booking_data(booking))
    hold_place(session, written, service, start, end, booking, bot_id, now, offer_next)
    note_confirmation(session, booking, Change.BOOKED)
    return booking


def check_booking(
    *,
    session: Session,
    service_id: int,
    start: datetime,
    caller_name: str,
    bot_id: int | None = None,
    now: datetime | None = None,
) -> Slot:
    """What `book` would answer a phone caller's booking of the service at `start`, without
    booking anything or waiting for another booker: the slot, or the same ValidationFailed,
    NotFound or SlotTaken. For trying a bot without storing (the portal's "Try it" chat);
    a real booking of the same time a moment later may still find it taken."""
    now = as_utc(now or utcnow())
    _check_caller(caller_name.strip(), "", None)
    service, start, end = _bookable_time(
        session, service_id, start, BookingSource.PHONE, bot_id, now
    )
    check_capacity(session, service, start, end, bot_id=bot_id, now=now)
    return Slot(start, end)


def move(
    *,
    session: Session,
    booking_id: int,
    start: datetime,
    source: BookingSource,
    bot_id: int | None = None,
    actor: User | None = None,
    now: datetime | None = None,
    offer_next: bool = True,
) -> Booking:
    """Move a booking to a new start (same service and length); its status becomes moved.
    Its own place does not count against the new time. SlotTaken and `offer_next` as in
    `book`."""
    _may_book(actor, source)
    now = as_utc(now or utcnow())
    start = _minute(asked_time(start))
    # Its row is locked and read fresh: another session may be changing it.
    booking = get_booking(session=session, booking_id=booking_id, lock=True)
    if booking.status not in HOLDING:
        raise ValidationFailed({"status": NOT_ACTIVE})
    book = ServiceBook.read(session, booking.service_id, bot_id)
    service = book.service
    end = start + (as_utc(booking.ends_at) - as_utc(booking.starts_at))
    check_time(book.rules, book.hours, start, end, source=source, now=now)
    before = _booking_facts(booking)
    written = session.begin_nested()
    booking.starts_at, booking.ends_at, booking.status = start, end, BookingStatus.MOVED
    session.flush()
    after = _booking_facts(booking)
    audit_row(session, actor, "booking.moved", booking, before=before, after=after)
    queue_booking_event(session=session, event_type=BOOKING_MOVED, data=booking_data(booking))
    hold_place(session, written, service, start, end, booking, bot_id, now, offer_next)
    note_confirmation(session, booking, Change.MOVED)
    return booking


def cancel(
    *, session: Session, booking_id: int, source: BookingSource, actor: User | None = None
) -> Booking:
    """Cancel a booking; its place is free at once. Cancelling twice changes nothing."""
    _may_book(actor, source)
    booking = get_booking(session=session, booking_id=booking_id)
    if booking.status is BookingStatus.CANCELLED:
        return booking
    before = _booking_facts(booking)
    booking.status, booking.cancelled_at = BookingStatus.CANCELLED, utcnow()
    session.flush()
    audit_row(session, actor, "booking.cancelled", booking, before=before)
    queue_booking_event(session=session, event_type=BOOKING_CANCELLED, data=booking_data(booking))
    note_confirmation(session, booking, Change.CANCELLED)
    return booking


def mark_no_show(*, session: Session, booking_id: int, actor: User) -> Booking:
    """The guest did not come (the owner says so, after the time)."""
    require(actor, Action.BOOKINGS)
    booking = get_booking(session=session, booking_id=booking_id)
    if booking.status not in HOLDING:
        raise ValidationFailed({"status": NOT_ACTIVE})
    before = _booking_facts(booking)
    booking.status = BookingStatus.NO_SHOW
    session.flush()
    audit_row(session, actor, "booking.no_show", booking, before=before)
    return booking


def about_the_time(error: Exception) -> bool:
    """A refusal of when, not of what or who (closed then, too soon, too far ahead): the
    caller may pick another time."""
    return isinstance(error, ValidationFailed) and set(error.fields) <= {"start"}


def get_booking(*, session: Session, booking_id: int, lock: bool = False) -> Booking:
    """The booking; with `lock`, its row is locked until the transaction ends, read fresh."""
    booking = session.get(Booking, booking_id, with_for_update=lock, populate_existing=lock)
    if booking is None:
        raise NotFound(BOOKING_NOT_FOUND)
    return booking


def list_bookings(
    *,
    session: Session,
    day_from: date,
    day_to: date,
    service_id: int | None = None,
    include_cancelled: bool = True,
) -> list[Booking]:
    """The bookings starting on Vienna days `day_from`…`day_to` (both included), by time."""
    check_range(day_from, day_to)
    query = (
        select(Booking)
        .where(
            Booking.starts_at >= vienna_midnight(day_from),
            Booking.starts_at < vienna_midnight(day_to + timedelta(days=1)),
        )
        .order_by(Booking.starts_at, Booking.id)
    )
    if service_id is not None:
        query = query.where(Booking.service_id == service_id)
    if not include_cancelled:
        query = query.where(Booking.status.in_(HOLDING))
    return list(session.scalars(query))


def find_bookings_for_caller(
    *,
    session: Session,
    caller_phone: str,
    caller_name: str | None = None,
    now: datetime | None = None,
) -> list[Booking]:
    """The caller's bookings still to come (booked or moved), by their number and, when
    given, a name that contains or is contained in the booked one (case and accents as
    typed; "Huber" finds "Maria Huber"). Earliest first."""
    phone = _compact(caller_phone)
    if not phone:
        return []
    now = as_utc(now or utcnow())
    found = session.scalars(
        select(Booking)
        .where(
            Booking.caller_phone == phone,
            Booking.status.in_(HOLDING),
            Booking.ends_at > now,
        )
        .order_by(Booking.starts_at, Booking.id)
    ).all()
    if caller_name and caller_name.strip():
        wanted = caller_name.strip().casefold()
        found = [
            b
            for b in found
            if wanted in b.caller_name.casefold() or b.caller_name.casefold() in wanted
        ]
    return list(found)


def booking_data(booking: Booking) -> dict[str, Any]:
    """A booking as the API and the webhooks show it."""
    return {
        "id": booking.id,
        "service": {"id": booking.service_id, "name": booking.service.name},
        "starts_at": iso_utc(booking.starts_at),
        "ends_at": iso_utc(booking.ends_at),
        "caller_name": booking.caller_name,
        "caller_phone": booking.caller_phone,
        "party_size": booking.party_size,
        "status": booking.status.value,
        "source": booking.source.value,
        "call_id": booking.call_id,
    }


# -- inside --------------------------------------------------------------------------------


def _may_book(actor: User | None, source: BookingSource) -> None:
    """The phone bot books for its caller without a person; the portal and the API act for
    a member, whose role must allow bookings."""
    if actor is None and source is BookingSource.PHONE:
        return
    require(actor, Action.BOOKINGS)


def _bookable_time(
    session: Session,
    service_id: int,
    start: datetime,
    source: BookingSource,
    bot_id: int | None,
    now: datetime,
) -> tuple[Service, datetime, datetime]:
    """The service and the booking's start and end (UTC, to the minute), if its rules allow
    booking it then; capacity is not counted here."""
    start = _minute(asked_time(start))
    book = ServiceBook.read(session, service_id, bot_id)
    service = book.service
    if not service.active:
        raise ValidationFailed({"service_id": ARCHIVED})
    if bot_id is not None and service.bot_ids and bot_id not in service.bot_ids:
        raise ValidationFailed({"service_id": NOT_OFFERED_BY_BOT})
    end = start + timedelta(minutes=service.duration_minutes)
    check_time(book.rules, book.hours, start, end, source=source, now=now)
    return service, start, end


def _own_call_id(session: Session, call_id: int | None) -> int | None:
    if call_id is None:
        return None
    if session.get(Call, call_id) is None:  # another tenant's call is not ours to name
        raise ValidationFailed({"call_id": N_("Unknown call.")})
    return call_id


def _check_caller(name: str, phone: str, party_size: int | None) -> None:
    errors: dict[str, Wording] = {}
    if problem := caller_name_problem(name):
        errors["caller_name"] = problem
    if phone and not _PHONE.match(phone):
        errors["caller_phone"] = N_(
            "Please enter a phone number with digits only, e.g. +43 664 1234567."
        )
    if party_size is not None and not 1 <= party_size <= MAX_PARTY_SIZE:
        errors["party_size"] = N_("Please enter how many people come: 1 to 100.")
    if errors:
        raise ValidationFailed(errors)


def caller_name_problem(name: str) -> Wording | None:
    """What is wrong with the name a booking is for, which counts without the spaces around
    it, as it is stored; None when nothing is. The REST API's schema asks the same
    (customer_ui/api/routes/bookings.py)."""
    name = name.strip()
    if not name:
        return N_("Please give the name the booking is for.")
    if len(name) > MAX_NAME:
        return Phrase("The name may have at most {count} characters.", count=MAX_NAME)
    return text_problem(name, max_length=MAX_NAME)


def _compact(number: str) -> str:
    return re.sub(r"[\s/()-]", "", (number or "").strip())


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def _booking_facts(booking: Booking) -> dict[str, Any]:
    return {
        "service_id": booking.service_id,
        "starts_at": iso_utc(booking.starts_at),
        "ends_at": iso_utc(booking.ends_at),
        "caller_name": booking.caller_name,
        "status": booking.status.value,
        "source": booking.source.value,
    }
