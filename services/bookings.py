"""The appointment book: services on offer, booking rules, and bookings made, moved and
cancelled — by the phone bot, by hand in the portal, or through the API.

Every function takes a tenant-bound session (models.scoping). The voice dialogue and the
LLM tools call `find_free_slots`, `next_free_slots`, `book`, `move`, `cancel` and
`find_bookings_for_caller` directly, with `source=BookingSource.PHONE` and no actor; the
portal and the API pass the person (`actor`), whose role services.permissions checks.

No double booking, also under concurrency: `book` and `move` check what needs no lock
first and write the booking (with its audit entry and webhook events) behind a savepoint,
unseen by others until the commit; then they hold the times they book
(services.booking_locks: every quarter hour of the booking, per service) and count the
overlapping bookings, all in the caller's transaction. A second booker of an overlapping
time waits at the lock until the first commits, then counts its booking; if the time is
full, its own writes are taken back to the savepoint and it gets `SlotTaken` with the next
free slot. Bookers of other times do not wait for each other, and bookers of one time wait
only for each other's count and commit.

Rules: a slot lies inside the opening hours of a bot that offers the service (its
`business_hours`, Vienna time), not on a closed day, at least `min_notice_minutes` ahead and
at most `horizon_days` ahead. Callers (phone) and the API are held to them; the owner booking
by hand in the portal is not (a favour at 19:00 is theirs to give) — capacity holds for all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select, true
from sqlalchemy.orm import Session, SessionTransaction

from core.catalogue import N_
from models import (
    Booking,
    BookingRules,
    BookingSource,
    BookingStatus,
    Bot,
    BotStatus,
    Call,
    Service,
    User,
)
from models.base import utcnow
from models.bookings import HOLDING
from services.audit import record_audit
from services.availability import (
    VIENNA,
    Slot,
    fits_a_window,
    opening_windows,
    peak_overlap,
    starts_in,
)
from services.booking_locks import hold_times
from services.booking_sms import Change, note_confirmation
from services.call_events import (
    BOOKING_CANCELLED,
    BOOKING_CREATED,
    BOOKING_MOVED,
    queue_booking_event,
)
from services.errors import Conflict, NotFound, ValidationFailed
from services.permissions import Action, require
from services.text_input import text_errors
from services.vienna_time import vienna_day, vienna_midnight

MAX_NAME = 120
MAX_DURATION_MINUTES = 24 * 60
MAX_CAPACITY = 1000
MAX_PRICE_CENTS = 10_000_000
MAX_PARTY_SIZE = 100
MAX_HORIZON_DAYS = 730
MAX_NOTICE_MINUTES = 30 * 24 * 60
MAX_CLOSED_DAYS = 366
# A list or availability request covers at most this many days.
MAX_RANGE_DAYS = 62
# Days the platform can hold bookings for (keeps date arithmetic far from year 9999).
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
DEFAULT_HORIZON_DAYS, DEFAULT_NOTICE_MINUTES = 60, 60
_PHONE = re.compile(r"^\+?[0-9]{3,16}$")

# Message ids: the front doors translate them.
SERVICE_NOT_FOUND = N_("This service does not exist.")
BOOKING_NOT_FOUND = N_("This booking does not exist.")
SLOT_TAKEN = "This time is no longer free."
NOT_OPEN = N_("We are not open at this time.")
CLOSED_DAY = N_("We are closed on this day.")
TOO_SOON = N_("This time is too soon to book.")
TOO_FAR = N_("This time is too far ahead to book.")
IN_THE_PAST = N_("This time has passed.")
NOT_ACTIVE = N_("This booking is cancelled and cannot be changed.")
ARCHIVED = N_("This service is no longer offered.")
NOT_OFFERED_BY_BOT = N_("This bot does not offer this service.")
RANGE_TOO_LONG = N_("Please choose at most 62 days.")
RANGE_BACKWARDS = N_("The last day must not be before the first.")
DAY_OUT_OF_RANGE = N_("Please choose a day between 2000 and 2100.")


class SlotTaken(Conflict):
    """The time is full (every place of the service is taken then). `next_slot` is the next
    free slot after it, to offer instead, or None when there is none within the horizon."""

    def __init__(self, next_slot: Slot | None) -> None:
        super().__init__(SLOT_TAKEN)
        self.next_slot = next_slot


# -- services on offer ---------------------------------------------------------------------


@dataclass
class ServiceSpec:
    name: str
    duration_minutes: int
    price_cents: int = 0
    capacity: int = 1
    bot_ids: list[int] = field(default_factory=list)  # empty: every bot offers it

    @classmethod
    def from_service(cls, service: Service) -> ServiceSpec:
        return cls(
            name=service.name,
            duration_minutes=service.duration_minutes,
            price_cents=service.price_cents,
            capacity=service.capacity,
            bot_ids=list(service.bot_ids or []),
        )


def list_services(*, session: Session, include_archived: bool = False) -> list[Service]:
    query = select(Service).order_by(Service.name, Service.id)
    if not include_archived:
        query = query.where(Service.active.is_(True))
    return list(session.scalars(query))


def services_of_bot(*, session: Session, bot_id: int) -> list[Service]:
    """What a bot offers on the phone."""
    return [s for s in list_services(session=session) if not s.bot_ids or bot_id in s.bot_ids]


def get_service(*, session: Session, service_id: int) -> Service:
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound(SERVICE_NOT_FOUND)
    return service


def create_service(*, session: Session, spec: ServiceSpec, actor: User) -> Service:
    require(actor, Action.SERVICES)
    _check_service(session, spec)
    service = Service(**_service_columns(spec), active=True)
    session.add(service)
    session.flush()
    _audit(session, actor, "service.created", service, after=_service_columns(spec))
    return service


def update_service(
    *, session: Session, service: Service, spec: ServiceSpec, actor: User
) -> Service:
    """A new duration applies to new bookings; booked ones keep their times."""
    require(actor, Action.SERVICES)
    _check_service(session, spec)
    before = _service_columns(ServiceSpec.from_service(service))
    for name, value in _service_columns(spec).items():
        setattr(service, name, value)
    session.flush()
    _audit(session, actor, "service.updated", service, before=before, after=_service_columns(spec))
    return service


def archive_service(*, session: Session, service: Service, actor: User) -> None:
    """The service takes no new bookings; its bookings stay in the book."""
    require(actor, Action.SERVICES)
    service.active = False
    session.flush()
    _audit(session, actor, "service.archived", service)


def _check_service(session: Session, spec: ServiceSpec) -> None:
    errors = text_errors({"name": (spec.name, MAX_NAME)})
    if not spec.name.strip():
        errors["name"] = N_("Please give the service a name.")
    if not 1 <= spec.duration_minutes <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = N_("Please choose a duration between 1 minute and 24 hours.")
    if not 0 <= spec.price_cents <= MAX_PRICE_CENTS:
        errors["price_cents"] = N_("Please enter a price between 0 and 100,000 euros.")
    if not 1 <= spec.capacity <= MAX_CAPACITY:
        errors["capacity"] = N_("Please choose how many bookings may overlap: 1 to 1,000.")
    if spec.bot_ids:
        known = set(
            session.scalars(
                select(Bot.id).where(Bot.id.in_(spec.bot_ids), Bot.status != BotStatus.DELETED)
            )
        )
        if set(spec.bot_ids) - known:
            errors["bot_ids"] = N_("Unknown bot.")
    if errors:
        raise ValidationFailed(errors)


def _service_columns(spec: ServiceSpec) -> dict[str, Any]:
    return {
        "name": spec.name.strip(),
        "duration_minutes": spec.duration_minutes,
        "price_cents": spec.price_cents,
        "capacity": spec.capacity,
        "bot_ids": sorted(set(spec.bot_ids)),
    }


# -- booking rules -------------------------------------------------------------------------


@dataclass
class RulesSpec:
    closed_days: list[date] = field(default_factory=list)
    horizon_days: int = DEFAULT_HORIZON_DAYS
    min_notice_minutes: int = DEFAULT_NOTICE_MINUTES

    @classmethod
    def from_rules(cls, rules: BookingRules) -> RulesSpec:
        return cls(
            closed_days=[date.fromisoformat(d) for d in rules.closed_days or []],
            horizon_days=rules.horizon_days,
            min_notice_minutes=rules.min_notice_minutes,
        )


def booking_rules(*, session: Session) -> RulesSpec:
    """The tenant's rules, or the defaults when it has set none."""
    rules = session.scalars(select(BookingRules)).first()
    return RulesSpec.from_rules(rules) if rules else RulesSpec()


def update_booking_rules(*, session: Session, spec: RulesSpec, actor: User) -> RulesSpec:
    require(actor, Action.SERVICES)
    errors = {}
    if not 1 <= spec.horizon_days <= MAX_HORIZON_DAYS:
        errors["horizon_days"] = N_("Please choose between 1 and 730 days.")
    if not 0 <= spec.min_notice_minutes <= MAX_NOTICE_MINUTES:
        errors["min_notice_minutes"] = N_("Please choose between 0 minutes and 30 days.")
    if len(spec.closed_days) > MAX_CLOSED_DAYS or any(
        not FIRST_DAY <= d <= LAST_DAY for d in spec.closed_days
    ):
        errors["closed_days"] = N_("Please list at most 366 days between 2000 and 2100.")
    if errors:
        raise ValidationFailed(errors)
    rules = session.scalars(select(BookingRules)).first()
    before = _rules_columns(RulesSpec.from_rules(rules)) if rules else None
    if rules is None:
        rules = BookingRules(tenant_id=actor.tenant_id)
        session.add(rules)
    for name, value in _rules_columns(spec).items():
        setattr(rules, name, value)
    session.flush()
    record_audit(
        session=session,
        actor=actor,
        action="booking_rules.updated",
        entity_type="BookingRules",
        entity_id=rules.id,
        tenant_id=rules.tenant_id,
        before=before,
        after=_rules_columns(spec),
    )
    return RulesSpec.from_rules(rules)


def _rules_columns(spec: RulesSpec) -> dict[str, Any]:
    return {
        "closed_days": sorted({d.isoformat() for d in spec.closed_days}),
        "horizon_days": spec.horizon_days,
        "min_notice_minutes": spec.min_notice_minutes,
    }


# -- free slots ----------------------------------------------------------------------------


def find_free_slots(
    *,
    session: Session,
    service_id: int,
    day_from: date,
    days: int = 1,
    bot_id: int | None = None,
    now: datetime | None = None,
    limit: int | None = None,
    after: datetime | None = None,
) -> list[Slot]:
    """The free slots of the service on `days` Vienna days from `day_from` (none starting
    before `after`), earliest first: inside the opening hours of the bots that offer it (or
    of `bot_id` only), on open days, within notice and horizon, with a place left."""
    _check_range(day_from, day_from + timedelta(days=days - 1))
    book = _Book.read(session, service_id, bot_id)
    now = as_utc(now or utcnow())
    return book.free_slots(session, day_from, days, now=now, limit=limit, after=after)


def next_free_slots(
    *,
    session: Session,
    service_id: int,
    after: datetime | None = None,
    count: int = 3,
    bot_id: int | None = None,
    now: datetime | None = None,
) -> list[Slot]:
    """Up to `count` free slots starting at or after `after` (default: now), looking as far
    as the horizon allows: what the bot offers when a time is taken or none was asked for."""
    now = as_utc(now or utcnow())
    after = max(as_utc(after), now) if after else now
    book = _Book.read(session, service_id, bot_id)
    last_day = min(vienna_day(now) + timedelta(days=book.rules.horizon_days), LAST_DAY)
    day, found, days = vienna_day(after), list[Slot](), 1
    while day <= last_day and len(found) < count:
        # The asked-for day first (where a rush is offered its next slot), then two weeks at a time.
        days = min(days, (last_day - day).days + 1)
        found += book.free_slots(session, day, days, now=now, limit=count - len(found), after=after)
        day, days = day + timedelta(days=days), 14
    return found


@dataclass(frozen=True)
class _Book:
    """What finding free slots of a service reads once: the service, the tenant's rules
    and the opening hours of the bots that offer it."""

    service: Service
    rules: RulesSpec
    hours: list[dict]

    @classmethod
    def read(cls, session: Session, service_id: int, bot_id: int | None) -> _Book:
        """In one statement where a bot is named (the phone's case): the service, the
        rules (the defaults when the tenant set none) and the bot's hours."""
        query = (
            select(Service, BookingRules)
            .outerjoin(BookingRules, true())
            .where(Service.id == service_id)
            .limit(1)
        )
        if bot_id is not None:
            query = query.add_columns(
                select(Bot.business_hours)
                .where(Bot.id == bot_id, Bot.status != BotStatus.DELETED)
                .scalar_subquery()
            )
        found = session.execute(query).first()
        if found is None:
            raise NotFound(SERVICE_NOT_FOUND)
        row: tuple[Any, ...] = tuple(found)
        service, rules = row[0], row[1]
        if bot_id is None:
            hours = _opening_hours(session, service, None)
        else:
            hours = [row[2]] if row[2] is not None else []
        return cls(service, RulesSpec.from_rules(rules) if rules else RulesSpec(), hours)

    def free_slots(
        self,
        session: Session,
        day_from: date,
        days: int,
        *,
        now: datetime,
        limit: int | None,
        after: datetime | None,
    ) -> list[Slot]:
        service, rules = self.service, self.rules
        if not service.active:
            return []
        first, last = vienna_midnight(day_from), vienna_midnight(day_from + timedelta(days=days))
        duration = timedelta(minutes=service.duration_minutes)
        held = _held(session, service.id, first, last + duration)
        found: list[Slot] = []
        for offset in range(days):
            day = day_from + timedelta(days=offset)
            if day in rules.closed_days:
                continue
            for slot in starts_in(opening_windows(day, self.hours), duration):
                if after is not None and slot.start < after:
                    continue
                if _rule_problem(slot.start, rules, now) is None and (
                    peak_overlap(held, slot.start, slot.end) < service.capacity
                ):
                    found.append(slot)
                    if limit is not None and len(found) >= limit:
                        return found
        return found


# -- bookings ------------------------------------------------------------------------------


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
    _audit(session, actor, "booking.created", booking, after=_booking_facts(booking))
    queue_booking_event(session=session, event_type=BOOKING_CREATED, data=booking_data(booking))
    _hold_place(session, written, service, start, end, booking, bot_id, now, offer_next)
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
    _check_capacity(session, service, start, end, bot_id=bot_id, now=now)
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
    start = _minute(_utc_input(start))
    # Its row is locked and read fresh: another session may be changing it.
    booking = get_booking(session=session, booking_id=booking_id, lock=True)
    if booking.status not in HOLDING:
        raise ValidationFailed({"status": NOT_ACTIVE})
    book = _Book.read(session, booking.service_id, bot_id)
    service = book.service
    end = start + (as_utc(booking.ends_at) - as_utc(booking.starts_at))
    _check_time(book, start, end, source=source, now=now)
    before = _booking_facts(booking)
    written = session.begin_nested()
    booking.starts_at, booking.ends_at, booking.status = start, end, BookingStatus.MOVED
    session.flush()
    _audit(session, actor, "booking.moved", booking, before=before, after=_booking_facts(booking))
    queue_booking_event(session=session, event_type=BOOKING_MOVED, data=booking_data(booking))
    _hold_place(session, written, service, start, end, booking, bot_id, now, offer_next)
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
    _audit(session, actor, "booking.cancelled", booking, before=before)
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
    _audit(session, actor, "booking.no_show", booking, before=before)
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
    _check_range(day_from, day_to)
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
        "starts_at": _iso(booking.starts_at),
        "ends_at": _iso(booking.ends_at),
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
    start = _minute(_utc_input(start))
    book = _Book.read(session, service_id, bot_id)
    service = book.service
    if not service.active:
        raise ValidationFailed({"service_id": ARCHIVED})
    if bot_id is not None and service.bot_ids and bot_id not in service.bot_ids:
        raise ValidationFailed({"service_id": NOT_OFFERED_BY_BOT})
    end = start + timedelta(minutes=service.duration_minutes)
    _check_time(book, start, end, source=source, now=now)
    return service, start, end


def _check_time(
    book: _Book, start: datetime, end: datetime, *, source: BookingSource, now: datetime
) -> None:
    if not FIRST_DAY <= vienna_day(start) <= LAST_DAY:
        raise ValidationFailed({"start": DAY_OUT_OF_RANGE})
    if source is BookingSource.PORTAL:
        return  # the owner books by hand as they see fit; capacity still holds
    rules = book.rules
    problem = _rule_problem(start, rules, now)
    if problem is None and vienna_day(start) in rules.closed_days:
        problem = CLOSED_DAY
    if problem is None:
        windows = opening_windows(vienna_day(start), book.hours)
        if not fits_a_window(start, end, windows):
            problem = NOT_OPEN
    if problem:
        raise ValidationFailed({"start": problem})


def _rule_problem(start: datetime, rules: RulesSpec, now: datetime) -> str | None:
    if start < now:
        return IN_THE_PAST
    if start < now + timedelta(minutes=rules.min_notice_minutes):
        return TOO_SOON
    if vienna_day(start) > vienna_day(now) + timedelta(days=rules.horizon_days):
        return TOO_FAR
    return None


def _hold_place(
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
    held = _held(session, service.id, start, end, ignore=booking.id)
    if peak_overlap(held, start, end) < service.capacity:
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


def _check_capacity(
    session: Session,
    service: Service,
    start: datetime,
    end: datetime,
    *,
    bot_id: int | None,
    now: datetime,
) -> None:
    held = _held(session, service.id, start, end)
    if peak_overlap(held, start, end) >= service.capacity:
        offer = next_free_slots(
            session=session, service_id=service.id, after=start, count=1, bot_id=bot_id, now=now
        )
        raise SlotTaken(offer[0] if offer else None)


def _held(
    session: Session, service_id: int, start: datetime, end: datetime, ignore: int | None = None
) -> list[tuple[datetime, datetime]]:
    """(start, end) of the service's bookings that hold a place and overlap [start, end)."""
    query = select(Booking.id, Booking.starts_at, Booking.ends_at).where(
        Booking.service_id == service_id,
        Booking.status.in_(HOLDING),
        Booking.starts_at < end,
        Booking.ends_at > start,
    )
    return [
        (as_utc(s), as_utc(e))
        for booking_id, s, e in session.execute(query)
        if booking_id != ignore
    ]


def _opening_hours(session: Session, service: Service, bot_id: int | None) -> list[dict]:
    query = select(Bot.business_hours).where(Bot.status != BotStatus.DELETED)
    if bot_id is not None:
        query = query.where(Bot.id == bot_id)
    elif service.bot_ids:
        query = query.where(Bot.id.in_(service.bot_ids))
    return [hours or {} for hours in session.scalars(query)]


def _own_call_id(session: Session, call_id: int | None) -> int | None:
    if call_id is None:
        return None
    if session.get(Call, call_id) is None:  # another tenant's call is not ours to name
        raise ValidationFailed({"call_id": N_("Unknown call.")})
    return call_id


def _check_caller(name: str, phone: str, party_size: int | None) -> None:
    errors = text_errors({"caller_name": (name, MAX_NAME)})
    if not name:
        errors["caller_name"] = N_("Please give the name the booking is for.")
    if phone and not _PHONE.match(phone):
        errors["caller_phone"] = N_(
            "Please enter a phone number with digits only, e.g. +43 664 1234567."
        )
    if party_size is not None and not 1 <= party_size <= MAX_PARTY_SIZE:
        errors["party_size"] = N_("Please enter how many people come: 1 to 100.")
    if errors:
        raise ValidationFailed(errors)


def _check_range(day_from: date, day_to: date, *, field_from: str = "date_from") -> None:
    if not (FIRST_DAY <= day_from <= LAST_DAY and FIRST_DAY <= day_to <= LAST_DAY):
        raise ValidationFailed({field_from: DAY_OUT_OF_RANGE})
    if day_to < day_from:
        raise ValidationFailed({field_from: RANGE_BACKWARDS})
    if (day_to - day_from).days >= MAX_RANGE_DAYS:
        raise ValidationFailed({field_from: RANGE_TOO_LONG})


def _compact(number: str) -> str:
    return re.sub(r"[\s/()-]", "", (number or "").strip())


def as_utc(moment: datetime) -> datetime:
    """Aware UTC; SQLite hands back naive datetimes, which are UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _utc_input(moment: datetime) -> datetime:
    """A time someone asked for; naive means Vienna wall-clock time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIENNA)
    return moment.astimezone(UTC)


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def _iso(moment: datetime) -> str:
    return as_utc(moment).isoformat().replace("+00:00", "Z")


def _booking_facts(booking: Booking) -> dict[str, Any]:
    return {
        "service_id": booking.service_id,
        "starts_at": _iso(booking.starts_at),
        "ends_at": _iso(booking.ends_at),
        "caller_name": booking.caller_name,
        "status": booking.status.value,
        "source": booking.source.value,
    }


def _audit(
    session: Session,
    actor: User | None,
    action: str,
    row: Booking | Service,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    record_audit(
        session=session,
        actor=actor,
        action=action,
        entity_type=type(row).__name__,
        entity_id=row.id,
        tenant_id=row.tenant_id,
        before=before,
        after=after,
    )
