"""What a bot may do in its business's appointment book during a call: the `BookingDesk`.

Dialogue engines live in integrations/ and never import services. The voice runtime gives
each call's engines a desk (voice_runtime/call_desk.py), which runs every step through the
services in the call's tenant session; the scripted engine fills slots and calls it, the
chat model calls it through tools. Without a desk (the portal's "Try it" chat) a bot books
nothing and answers as before.

Every time here is timezone-aware, in Vienna time: what a caller hears and says.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol


@dataclass(frozen=True)
class OfferedService:
    """A service the bot offers on the phone."""

    id: int
    name: str
    duration_minutes: int
    price_cents: int = 0


@dataclass(frozen=True)
class Appointment:
    """A booking as the caller knows it."""

    id: int
    service_id: int
    service: str
    start: datetime  # aware, Vienna
    caller_name: str


class Outcome(enum.StrEnum):
    DONE = "done"
    TAKEN = "taken"  # somebody else was quicker: `alternatives` holds the next free times
    REFUSED = "refused"  # a time the rules do not allow (closed, too soon, too far ahead)
    INVALID = "invalid"  # bad input (a name too long, a message without text)


@dataclass(frozen=True)
class DeskResult:
    outcome: Outcome
    appointment: Appointment | None = None
    alternatives: tuple[datetime, ...] = ()  # the next free starts after the one asked for
    reason: str = ""  # the service's message (English), for the model and the logs

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.DONE


class BookingDesk(Protocol):
    async def services(self) -> list[OfferedService]:
        """What this bot offers, in the owner's order."""
        ...

    async def free_starts(self, service_id: int, day: date, days: int = 1) -> list[datetime]:
        """Every free start of the service on `days` days from `day`, earliest first."""
        ...

    async def next_free_starts(
        self, service_id: int, after: datetime | None = None, count: int = 3
    ) -> list[datetime]:
        """The next `count` free starts at or after `after` (default: now)."""
        ...

    async def book(self, service_id: int, start: datetime, caller_name: str) -> DeskResult:
        """Book for the caller (their number is the call's)."""
        ...

    async def caller_bookings(self, caller_name: str) -> list[Appointment]:
        """The caller's coming bookings: by the call's number and this name."""
        ...

    async def move(self, booking_id: int, start: datetime) -> DeskResult:
        """Move one of `caller_bookings` to `start`."""
        ...

    async def cancel(self, booking_id: int) -> DeskResult:
        """Cancel one of `caller_bookings`."""
        ...

    async def take_message(
        self, caller_name: str, about: str, caller_phone: str = ""
    ) -> DeskResult:
        """Leave a message for the business (number: the call's, unless one is given)."""
        ...
