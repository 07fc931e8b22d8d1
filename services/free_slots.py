"""Free slots: when a service has a place left, inside the opening hours of the bots that
offer it and within the tenant's rules (services.booking_rules). What the phone bot offers a
caller, the portal's calendar shows and the API's availability lists.

`ServiceBook` is what one search reads once (the service, the rules, the hours); the places
already held are the overlapping bookings that are booked or moved (`held`), counted by
services.availability.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select, true
from sqlalchemy.orm import Session

from models import Booking, BookingRules, Bot, BotStatus, Service
from models.base import utcnow
from models.bookings import HOLDING
from services.availability import Slot, opening_windows, peak_overlap, starts_in
from services.booking_rules import LAST_DAY, RulesSpec, check_range, rule_problem
from services.errors import NotFound
from services.offered_services import SERVICE_NOT_FOUND
from services.vienna_time import as_utc, vienna_day, vienna_midnight


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
    check_range(day_from, day_from + timedelta(days=days - 1))
    book = ServiceBook.read(session, service_id, bot_id)
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
    book = ServiceBook.read(session, service_id, bot_id)
    last_day = min(vienna_day(now) + timedelta(days=book.rules.horizon_days), LAST_DAY)
    day, found, days = vienna_day(after), list[Slot](), 1
    while day <= last_day and len(found) < count:
        # The asked-for day first (where a rush is offered its next slot), then two weeks at a time.
        days = min(days, (last_day - day).days + 1)
        found += book.free_slots(session, day, days, now=now, limit=count - len(found), after=after)
        day, days = day + timedelta(days=days), 14
    return found


@dataclass(frozen=True)
class ServiceBook:
    """What finding free slots of a service reads once: the service, the tenant's rules
    and the opening hours of the bots that offer it."""

    service: Service
    rules: RulesSpec
    hours: list[dict]

    @classmethod
    def read(cls, session: Session, service_id: int, bot_id: int | None) -> ServiceBook:
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
        taken = held(session, service.id, first, last + duration)
        found: list[Slot] = []
        for offset in range(days):
            day = day_from + timedelta(days=offset)
            if day in rules.closed_days:
                continue
            for slot in starts_in(opening_windows(day, self.hours), duration):
                if after is not None and slot.start < after:
                    continue
                if rule_problem(slot.start, rules, now) is None and (
                    peak_overlap(taken, slot.start, slot.end) < service.capacity
                ):
                    found.append(slot)
                    if limit is not None and len(found) >= limit:
                        return found
        return found


def held(
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
