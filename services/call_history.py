"""Reading calls: a filtered, paged list and one call with its transcript.

Read-only; the voice runtime writes the calls. Pass a tenant-bound session: the scoping adds
the tenant filter to ORM statements; the list's Core statement names the session's tenant
itself (models.scoping.core_connection).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from statistics import median
from typing import Any

from sqlalchemy import Select, String, bindparam, select, type_coerce
from sqlalchemy.orm import Session, selectinload

from core.catalogue import N_
from models import Bot, Call, CallOutcome, CallStatus, CallTurn, Speaker
from models.driver_reads import read_rows
from models.keyset import seek, split_page
from models.scoping import core_connection
from services.errors import NotFound, ValidationFailed
from services.vienna_time import VIENNA, as_utc

MAX_PER_PAGE = 100

# Days the platform can have calls for: a filter outside them is a typing mistake, and
# keeps the day arithmetic (and the database's timestamps) far from year 1 and year 9999.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
# The largest id a row can have (BIGINT); a larger one would fail in the database.
MAX_ID = 2**63 - 1
# A caller-number filter: a part of an E.164 number, so digits and "+" only.
NUMBER_FILTER = re.compile(r"\+?[0-9]{0,20}")
# A cursor in an address, as CallCursor.text writes it: microseconds since 1970, then the id.
CURSOR_TEXT = re.compile(r"([0-9]{1,16})\.([1-9][0-9]{0,18})")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)

UNKNOWN_BOT = N_("Unknown bot.")
BAD_NUMBER = N_("Search with the digits of the caller's number (and +), at most 20.")
DAY_OUT_OF_RANGE = N_("Please choose a day between 2000 and 2100.")


@dataclass(frozen=True)
class CallFilter:
    bot_id: int | None = None
    outcome: str | None = None
    status: str | None = None
    date_from: date | None = None  # Vienna days, both ends included
    date_to: date | None = None
    number: str | None = None  # part of the caller's number


@dataclass(frozen=True)
class CallRow:
    id: int
    started_at: datetime
    bot_name: str
    from_number: str
    status: str
    outcome: str | None
    duration_seconds: int | None
    summary: str | None = None  # services.call_summary's line, once the call is closed
    summary_fields: dict[str, Any] | None = None  # and the same as fields


@dataclass(frozen=True)
class CallCursor:
    """Where a page of calls ended: the last call's start and id (newest first)."""

    started_at: datetime
    id: int

    def text(self) -> str:
        """For an address: microseconds since 1970 (UTC), a dot, the id."""
        return f"{(as_utc(self.started_at) - EPOCH) // MICROSECOND}.{self.id}"

    @classmethod
    def read(cls, text: str) -> CallCursor | None:
        """What `text` writes, or None for anything else (an edited address, a time outside
        the platform's years, an id no row can have): nothing of it reaches the database."""
        if not (found := CURSOR_TEXT.fullmatch(text)) or int(found[2]) > MAX_ID:
            return None
        started_at = EPOCH + int(found[1]) * MICROSECOND
        if not FIRST_DAY <= started_at.date() <= LAST_DAY:
            return None
        return cls(started_at, int(found[2]))


@dataclass(frozen=True)
class CallPage:
    """A page of the list and the cursors of the pages either side (None: there is none)."""

    rows: list[CallRow]
    newer: CallCursor | None  # pass as `before` for the page of newer calls
    older: CallCursor | None  # pass as `after` for the page of older calls


@dataclass(frozen=True)
class CallDetail:
    call: Call
    bot_name: str
    turns: list[CallTurn]
    median_turn_latency_ms: int | None


def list_calls(
    *,
    session: Session,
    filters: CallFilter | None = None,
    after: CallCursor | None = None,
    before: CallCursor | None = None,
    per_page: int = 25,
) -> CallPage:
    """Newest first, one page from a cursor: the calls older than `after`, or newer than
    `before`, or (neither) the newest. Each page is read from the index at its cursor, so a
    page 75,000 calls deep costs what the first does: 0.1 ms in the database at 100,000
    calls, where OFFSET read and threw away the 75,000 calls before it (128 ms).

    Nothing is counted: a COUNT of every matching call read the whole tenant's calls on each
    page (25 ms at 100,000 calls, growing with every call), and page numbers need it. So the
    list has no total and no page numbers, only newer, older and back to the newest, as a
    mail inbox has; the dashboard and the usage page give the month's figures.

    `newer` is None on the first page only. A `before` page that reaches the newest call is
    the first page, full, not a short one."""
    filters = filters or CallFilter()
    _check(filters)
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    if before is not None:
        rows, more = _walk(session, filters, before, newest_first=False, limit=per_page)
        if len(rows) == per_page:
            rows.reverse()
            return CallPage(rows, newer=_cursor(rows[0]) if more else None, older=_cursor(rows[-1]))
        after = None
    rows, more = _walk(session, filters, after, newest_first=True, limit=per_page)
    return CallPage(
        rows,
        # Past an edited cursor, or the last calls erased meanwhile, a page can be empty:
        # the calls newer than its cursor are then the page before it.
        newer=(_cursor(rows[0]) if rows else after) if after is not None else None,
        older=_cursor(rows[-1]) if more else None,
    )


def latest_calls(*, session: Session, limit: int = 5) -> list[CallRow]:
    """The newest calls, without counting them all (the dashboard needs no pages): the
    list's first page, by its statement built once."""
    return _walk(session, CallFilter(), None, newest_first=True, limit=limit)[0]


def calls_after(
    *,
    session: Session,
    filters: CallFilter | None = None,
    after: CallCursor | None = None,
    limit: int = 50,
) -> tuple[list[CallRow], CallCursor | None]:
    """Keyset paging for the API: a page deep in the list costs what the first one does.
    Returns the rows and the cursor of the next page (None on the last page)."""
    filters = filters or CallFilter()
    _check(filters)
    limit = max(1, min(limit, MAX_PER_PAGE))
    rows, more = _walk(session, filters, after, newest_first=True, limit=limit)
    return rows, _cursor(rows[-1]) if more else None


def _walk(
    session: Session,
    filters: CallFilter,
    start: CallCursor | None,
    *,
    newest_first: bool,
    limit: int,
) -> tuple[list[CallRow], bool]:
    """Up to `limit` calls past `start` (older ones, or newer ones in ascending order), and
    whether there are more that way. A Core statement: the list pages read plain columns,
    which cost a fifth more through the ORM (models.scoping.core_connection), and run
    through the driver, which costs a quarter less again (models.driver_reads)."""
    connection, tenant_id = core_connection(session)
    values = _filter_values(filters)
    statement = _list_statement(
        tuple(values),
        after=start is not None,
        newest_first=newest_first,
        limit=limit,
        tenant_named=tenant_id is not None,
    )
    if start is not None:
        values |= {"after_started_at": start.started_at, "after_id": start.id}
    if tenant_id is not None:
        values["tenant_id"] = tenant_id
    # Through the driver (models.driver_reads): every API page of calls reads it.
    rows, more = split_page(read_rows(connection, statement, values), limit)
    return [_row(r) for r in rows], more


def _filter_values(filters: CallFilter) -> dict[str, Any]:
    """The filters' values, by the name of their condition in `_CONDITIONS`; a filter left
    empty is not there."""
    values: dict[str, Any] = {}
    if filters.bot_id is not None:
        values["bot_id"] = filters.bot_id
    if filters.outcome:
        values["outcome"] = CallOutcome(filters.outcome)
    if filters.status:
        values["status"] = CallStatus(filters.status)
    if filters.date_from:
        values["day_from"] = vienna_day_bounds(filters.date_from, filters.date_from)[0]
    if filters.date_to:
        values["day_to"] = vienna_day_bounds(filters.date_to, filters.date_to)[1]
    if filters.number and filters.number.strip():
        values["number"] = filters.number.strip()
    return values


# Each filter's condition, on a parameter of its own name. The caller's number is a part of
# an E.164 number (_check: digits and "+"), so it holds none of LIKE's wildcards to escape.
_CONDITIONS = {
    "bot_id": Call.bot_id == bindparam("bot_id"),
    "outcome": Call.outcome == bindparam("outcome"),
    "status": Call.status == bindparam("status"),
    "day_from": Call.started_at >= bindparam("day_from"),
    "day_to": Call.started_at < bindparam("day_to"),
    "number": Call.from_number.contains(bindparam("number")),
}
# Typed as their columns: in a tuple comparison they would not take the columns' types, and
# SQLite would be handed a Python datetime to store its own way.
_AFTER = (
    bindparam("after_started_at", type_=Call.started_at.type),
    bindparam("after_id", type_=Call.id.type),
)


@functools.lru_cache(maxsize=256)
def _list_statement(
    filters: tuple[str, ...], *, after: bool, newest_first: bool, limit: int, tenant_named: bool
) -> Select:
    """The list's statement with the conditions `filters` (and past a cursor: `after`),
    built once per kind of page and kept: building it cost more of an API request's CPU
    than running it (~0.3 ms; and SQLAlchemy matches a new statement against its compiled
    form on every run, one it has seen before not)."""
    query = _row_select().where(*(_CONDITIONS[name] for name in filters))
    query = seek(
        query,
        (Call.started_at, Call.id),
        _AFTER if after else None,
        descending=newest_first,
        limit=limit,
    )
    if tenant_named:
        query = query.where(
            Call.tenant_id == bindparam("tenant_id"), Bot.tenant_id == bindparam("tenant_id")
        )
    return query


def _cursor(row: CallRow) -> CallCursor:
    return CallCursor(row.started_at, row.id)


def call_detail(*, session: Session, call_id: int) -> CallDetail:
    """The call with its transcript in order, or NotFound (also for another tenant's call)."""
    call = session.scalars(
        select(Call)
        .where(Call.id == call_id)
        .options(selectinload(Call.turns), selectinload(Call.bot))
    ).first()
    if call is None:
        raise NotFound("This call does not exist.")
    latencies = [
        t.turn_latency_ms for t in call.turns if t.speaker is Speaker.BOT and t.turn_latency_ms
    ]
    return CallDetail(
        call=call,
        bot_name=call.bot.name if call.bot else "",
        turns=list(call.turns),
        median_turn_latency_ms=int(median(latencies)) if latencies else None,
    )


def _row_select() -> Select:
    """A list row's columns. Status and outcome are read as the text they are stored as:
    a row holds their values, and turning each into its enum member and back cost a tenth
    of the API's page of 50 calls (callgrind: 7.4 -> 6.6 M instructions a request)."""
    return select(
        Call.id,
        Call.started_at,
        Bot.name,
        Call.from_number,
        type_coerce(Call.status, String),
        type_coerce(Call.outcome, String),
        Call.duration_seconds,
        Call.summary,
        Call.summary_fields,
    ).join(Bot, Bot.id == Call.bot_id)


def _row(r: Any) -> CallRow:
    return CallRow(*r)


def vienna_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[start of `first`, start of the day after `last`) in Vienna time, as aware UTC datetimes:
    SQLite stores UTC without an offset and compares text, so a bound in Vienna time would
    be read as UTC there and a call at 00:30 on the 1st would count for the month before."""
    start = datetime.combine(first, time.min, tzinfo=VIENNA).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=VIENNA).astimezone(UTC)
    return start, end


def _check(filters: CallFilter) -> None:
    """Filters typed into a URL or the API: refused with a field error before any query,
    so nothing the database cannot hold (NUL, ids beyond BIGINT) ever reaches it."""
    errors = {}
    if filters.bot_id is not None and not 1 <= filters.bot_id <= MAX_ID:
        errors["bot_id"] = UNKNOWN_BOT
    if filters.number and not NUMBER_FILTER.fullmatch(filters.number.strip()):
        errors["number"] = BAD_NUMBER
    for name in ("date_from", "date_to"):
        day = getattr(filters, name)
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            errors[name] = DAY_OUT_OF_RANGE
    if filters.outcome and filters.outcome not in {o.value for o in CallOutcome}:
        errors["outcome"] = N_("Please choose an outcome from the list.")
    if filters.status and filters.status not in {s.value for s in CallStatus}:
        errors["status"] = N_("Please choose a status from the list.")
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        errors["date_to"] = N_("The end date is before the start date.")
    if errors:
        raise ValidationFailed(errors)
