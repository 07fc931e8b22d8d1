"""The window of history the demo fills, and its wall-clock times (Vienna)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from services.vienna_time import VIENNA


@dataclass(frozen=True)
class Window:
    """The demo's history: calls from the first day of the month two months back until
    yesterday, invoices for the two complete months among them."""

    today: date
    first_day: date
    invoice_months: tuple[date, date]

    @classmethod
    def ending(cls, today: date) -> Window:
        first_day = add_months(today.replace(day=1), -2)
        return cls(today, first_day, (first_day, add_months(first_day, 1)))

    def days(self) -> list[date]:
        return [self.first_day + timedelta(n) for n in range((self.today - self.first_day).days)]


def add_months(first_of_month: date, months: int) -> date:
    years, month_index = divmod(first_of_month.month - 1 + months, 12)
    return date(first_of_month.year + years, month_index + 1, 1)


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A wall-clock time in Vienna, as an aware UTC datetime."""
    return datetime.combine(day, time(hour, minute, second), tzinfo=VIENNA).astimezone(UTC)


def minutes(hhmm: str) -> int:
    """Minutes since midnight of an "HH:MM" time."""
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)
