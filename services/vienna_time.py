"""Calendar days as our customers live them: in Vienna. Months, invoice years and dates on
documents are Vienna days; the database holds UTC (SQLite hands it back naive: `as_utc`), and
payloads write it as ISO 8601 with a Z (`iso_utc`). A time someone asks for without a zone is
a Vienna wall-clock time."""

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


def as_utc(moment: datetime) -> datetime:
    """Aware UTC; SQLite hands back naive datetimes, which are UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def iso_utc(moment: datetime) -> str:
    """`2026-11-30T13:05:00Z`: how webhook payloads and the API write a moment."""
    return as_utc(moment).isoformat().replace("+00:00", "Z")


def asked_time(moment: datetime) -> datetime:
    """A time someone asked for, in UTC; naive means Vienna wall-clock time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=VIENNA)
    return moment.astimezone(UTC)
