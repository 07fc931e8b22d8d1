"""A call's booking desk: the appointment book and the message pad as its dialogue uses
them (integrations.dialogue.booking_desk.BookingDesk), run through the services.

Each step opens a short session bound to the call's tenant on the runtime's executor, and
commits before it returns, as voice_runtime/call_store.py does. Bookings are made with the
call's caller number (Twilio's `From`) and name the call; moving and cancelling reach only
bookings under that number, found by it and the caller's name.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from integrations.dialogue.booking_desk import (
    Appointment,
    DeskResult,
    OfferedService,
    Outcome,
)
from models import Booking, BookingSource, Call
from models.scoping import tenant_session
from services import bookings
from services.availability import VIENNA
from services.booking_places import SLOT_TAKEN, SlotTaken
from services.errors import NotFound, ValidationFailed
from services.free_slots import find_free_slots, next_free_slots
from services.messages import run_take_message_tool
from services.offered_services import services_of_bot
from services.vienna_time import as_utc

log = logging.getLogger(__name__)

T = TypeVar("T")
Blocking = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class Desks:
    """What every call's desk shares: the database and the portal's address (for the
    link in the e-mail a message sends)."""

    factory: sessionmaker[Session]
    portal_url: str

    def for_call(
        self, blocking: Blocking, *, tenant_id: int, bot_id: int, call_id: int
    ) -> CallDesk:
        return CallDesk(self, blocking, tenant_id=tenant_id, bot_id=bot_id, call_id=call_id)


class CallDesk:
    def __init__(
        self, desks: Desks, blocking: Blocking, *, tenant_id: int, bot_id: int, call_id: int
    ) -> None:
        self._desks = desks
        self._blocking = blocking
        self._tenant_id, self._bot_id, self._call_id = tenant_id, bot_id, call_id
        self._offered: list[OfferedService] | None = None
        self._number: str | None = None  # the caller's (Twilio's `From`), read once

    async def services(self) -> list[OfferedService]:
        """Read once a call: the engines ask on every booking turn and tool call."""
        if self._offered is None:
            self._offered = await self._run(self._services)
        return list(self._offered)

    async def free_starts(self, service_id: int, day: date, days: int = 1) -> list[datetime]:
        return await self._run(self._free_starts, service_id, day, days)

    async def next_free_starts(
        self, service_id: int, after: datetime | None = None, count: int = 3
    ) -> list[datetime]:
        return await self._run(self._next_free_starts, service_id, after, count)

    async def book(self, service_id: int, start: datetime, caller_name: str) -> DeskResult:
        return await self._run(self._book, service_id, start, caller_name)

    async def caller_bookings(self, caller_name: str) -> list[Appointment]:
        return await self._run(self._caller_bookings, caller_name)

    async def move(self, booking_id: int, start: datetime) -> DeskResult:
        return await self._run(self._move, booking_id, start)

    async def cancel(self, booking_id: int) -> DeskResult:
        return await self._run(self._cancel, booking_id)

    async def take_message(
        self, caller_name: str, about: str, caller_phone: str = ""
    ) -> DeskResult:
        return await self._run(self._take_message, caller_name, about, caller_phone)

    # ---- on the executor, one session each ---------------------------------------------

    async def _run(self, step: Callable[..., T], *args: Any) -> T:
        def in_session() -> T:
            with tenant_session(self._desks.factory, self._tenant_id) as session:
                result = step(session, *args)
                session.commit()
                return result

        return await self._blocking(in_session)

    def _services(self, session: Session) -> list[OfferedService]:
        # The caller's number too: every booking needs it, and a "yes" should not wait for it.
        self._caller_number(session)
        return [
            OfferedService(s.id, s.name, s.duration_minutes, s.price_cents)
            for s in services_of_bot(session=session, bot_id=self._bot_id)
        ]

    def _free_starts(
        self, session: Session, service_id: int, day: date, days: int
    ) -> list[datetime]:
        slots = find_free_slots(
            session=session, service_id=service_id, day_from=day, days=days, bot_id=self._bot_id
        )
        return [slot.local_start() for slot in slots]

    def _next_free_starts(
        self, session: Session, service_id: int, after: datetime | None, count: int
    ) -> list[datetime]:
        slots = next_free_slots(
            session=session, service_id=service_id, after=after, count=count, bot_id=self._bot_id
        )
        return [slot.local_start() for slot in slots]

    def _book(self, session: Session, service_id: int, start: datetime, name: str) -> DeskResult:
        try:
            booking = bookings.book(
                session=session,
                service_id=service_id,
                start=start,
                caller_name=name,
                caller_phone=self._caller_number(session),
                source=BookingSource.PHONE,
                call_id=self._call_id,
                bot_id=self._bot_id,
                offer_next=False,  # the refusal looks up three, after the rollback
            )
        except SlotTaken:
            session.rollback()
            return self._refusal(session, Outcome.TAKEN, service_id, start, SLOT_TAKEN)
        except (ValidationFailed, NotFound) as error:
            session.rollback()
            outcome = Outcome.REFUSED if bookings.about_the_time(error) else Outcome.INVALID
            return self._refusal(session, outcome, service_id, start, str(error))
        return DeskResult(Outcome.DONE, _appointment(booking))

    def _caller_bookings(self, session: Session, name: str) -> list[Appointment]:
        number = self._caller_number(session)
        if not number or not name.strip():
            return []
        found = bookings.find_bookings_for_caller(
            session=session, caller_phone=number, caller_name=name
        )
        return [_appointment(booking) for booking in found]

    def _move(self, session: Session, booking_id: int, start: datetime) -> DeskResult:
        booking = self._callers_booking(session, booking_id)
        if booking is None:
            return DeskResult(Outcome.INVALID, reason=bookings.BOOKING_NOT_FOUND)
        service_id = booking.service_id
        try:
            moved = bookings.move(
                session=session,
                booking_id=booking_id,
                start=start,
                source=BookingSource.PHONE,
                bot_id=self._bot_id,
                offer_next=False,
            )
        except SlotTaken:
            session.rollback()
            return self._refusal(session, Outcome.TAKEN, service_id, start, SLOT_TAKEN)
        except ValidationFailed as error:
            session.rollback()
            outcome = Outcome.REFUSED if bookings.about_the_time(error) else Outcome.INVALID
            return self._refusal(session, outcome, service_id, start, str(error))
        return DeskResult(Outcome.DONE, _appointment(moved))

    def _cancel(self, session: Session, booking_id: int) -> DeskResult:
        if self._callers_booking(session, booking_id) is None:
            return DeskResult(Outcome.INVALID, reason=bookings.BOOKING_NOT_FOUND)
        cancelled = bookings.cancel(
            session=session, booking_id=booking_id, source=BookingSource.PHONE
        )
        return DeskResult(Outcome.DONE, _appointment(cancelled))

    def _take_message(self, session: Session, name: str, about: str, phone: str) -> DeskResult:
        answer = run_take_message_tool(
            session=session,
            call_id=self._call_id,
            arguments={"caller_name": name, "about": about, "caller_phone": phone},
            portal_url=self._desks.portal_url,
        )
        if answer["ok"]:
            return DeskResult(Outcome.DONE)
        return DeskResult(Outcome.INVALID, reason="; ".join(answer["errors"].values()))

    # ---- inside ------------------------------------------------------------------------

    def _caller_number(self, session: Session) -> str:
        if self._number is None:
            number = session.scalar(select(Call.from_number).where(Call.id == self._call_id))
            self._number = number or ""
        return self._number

    def _callers_booking(self, session: Session, booking_id: int) -> Booking | None:
        """The booking if it is one of the caller's coming ones, under the call's number:
        a caller moves and cancels only their own."""
        number = self._caller_number(session)
        mine = bookings.find_bookings_for_caller(session=session, caller_phone=number)
        return next((booking for booking in mine if booking.id == booking_id), None)

    def _refusal(
        self, session: Session, outcome: Outcome, service_id: int, start: datetime, reason: str
    ) -> DeskResult:
        """Not booked, and the next free times after the one asked for, to offer instead."""
        try:
            offer = self._next_free_starts(session, service_id, start, 3)
        except (ValidationFailed, NotFound):
            offer = []
        log.info("call %s: not booked (%s)", self._call_id, reason)
        return DeskResult(outcome, alternatives=tuple(offer), reason=reason)


def _appointment(booking: Booking) -> Appointment:
    start = as_utc(booking.starts_at).astimezone(VIENNA)
    return Appointment(
        booking.id, booking.service_id, booking.service.name, start, booking.caller_name
    )
