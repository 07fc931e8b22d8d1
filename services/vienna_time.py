"""Calendar days as our customers live them: in Vienna. Months, invoice years and dates on
documents are Vienna days; the database holds UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

VIENNA = ZoneInfo("Europe/Vienna")


def vienna_day(moment: datetime) -> date:
    """The Vienna calendar day of a moment (a naive one is UTC: SQLite hands those back)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VIENNA).date()


def vienna_midnight(day: date) -> datetime:
    """The moment `day` begins in Vienna, in UTC."""
    return datetime.combine(day, time(), VIENNA).astimezone(UTC)
