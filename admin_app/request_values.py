"""How text from a URL or a form becomes a number, a day or a time in the back office: strictly.

Python's `int()` reads "١٢" and "1_000", `str.isdigit()` says yes to "²" (which `int()` then
refuses), and PostgreSQL refuses a number beyond BIGINT or text with NUL in it: each of
those was a 500. Every query or form value of the back office that becomes a number, a day
or a time goes through here, so what reaches the database is something it can hold, and a
value that is not is simply not a value (the list ignores the filter with a notice, a page
or row that cannot exist is not found).

Each reader raises ValueError for what it refuses, the way Werkzeug's `args.get(type=...)`
and Flask-Admin's filters expect.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from services.call_history import FIRST_DAY, LAST_DAY, MAX_ID

VIENNA = ZoneInfo("Europe/Vienna")
Value = TypeVar("Value", date, datetime, int)
# ASCII only: `\d` would match every script's digits.
_NUMBER = re.compile(r"-?[0-9]{1,19}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}")


def whole_number(text: str, *, low: int = -MAX_ID - 1, high: int = MAX_ID) -> int:
    """ASCII digits (and a leading minus) for a number from `low` to `high` (BIGINT's range
    unless narrower)."""
    if not isinstance(text, str) or not _NUMBER.fullmatch(text):
        raise ValueError("not a whole number")
    number = int(text)
    if not low <= number <= high:
        raise ValueError("out of range")
    return number


def row_id(text: str) -> int:
    """An id a row can have: 1 up to BIGINT's largest."""
    return whole_number(text, low=1)


def day(text: str) -> date:
    """YYYY-MM-DD, a real day from 2000 to 2100 (the days the platform can have data for)."""
    if not isinstance(text, str) or not _DAY.fullmatch(text):
        raise ValueError("not a day")
    found = date.fromisoformat(text)  # refuses 2026-02-30
    if not FIRST_DAY <= found <= LAST_DAY:
        raise ValueError("out of range")
    return found


def vienna_moment(text: str) -> datetime:
    """YYYY-MM-DD HH:MM:SS read as Vienna time (what the lists show), on a day `day()`
    accepts; handed back in UTC, which is how every database here compares it."""
    if not isinstance(text, str) or not _MOMENT.fullmatch(text):
        raise ValueError("not a time")
    day(text[:10])
    return datetime.fromisoformat(text).replace(tzinfo=VIENNA).astimezone(UTC)


def ordered_pair(text: str, read: Callable[[str], Value]) -> list[Value]:
    """ "A to B" as two values read by `read`, A not after B (Flask-Admin's between filters)."""
    parts = text.split(" to ") if isinstance(text, str) else []
    if len(parts) != 2:
        raise ValueError("not a range")
    first, last = read(parts[0]), read(parts[1])
    if first > last:
        raise ValueError("the range ends before it starts")
    return [first, last]


def storable_text(text: str) -> str:
    """Text PostgreSQL can hold: no NUL characters."""
    if not isinstance(text, str) or "\x00" in text:
        raise ValueError("NUL in text")
    return text
