"""Reading calls: a filtered, paged list and one call with its transcript.

Read-only; the voice runtime writes the calls. Pass a tenant-bound session: the scoping adds
the tenant filter, so nothing here names a tenant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from statistics import median
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from core.catalogue import N_
from models import Bot, Call, CallOutcome, CallStatus, CallTurn, Speaker
from models.keyset import seek, split_page
from services.errors import NotFound, ValidationFailed
from services.vienna_time import VIENNA

MAX_PER_PAGE = 100

# Days the platform can have calls for: a filter outside them is a typing mistake, and
# keeps the day arithmetic (and the database's timestamps) far from year 1 and year 9999.
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
# The largest id a row can have (BIGINT); a larger one would fail in the database.
MAX_ID = 2**63 - 1
# A caller-number filter: a part of an E.164 number, so digits and "+" only.
NUMBER_FILTER = re.compile(r"\+?[0-9]{0,20}")

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
class CallPage:
    rows: list[CallRow]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


@dataclass(frozen=True)
class CallDetail:
    call: Call
    bot_name: str
    turns: list[CallTurn]
    median_turn_latency_ms: int | None


def list_calls(
    *, session: Session, filters: CallFilter | None = None, page: int = 1, per_page: int = 25
) -> CallPage:
    """Newest first. The page number is clamped to the pages that exist."""
    filters = filters or CallFilter()
    _check(filters)
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    query = _filtered(select(Call.id), filters)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = max(1, min(page, pages))
    rows = session.execute(
        _filtered(_row_select(), filters)
        .order_by(Call.started_at.desc(), Call.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return CallPage(
        rows=[_row(r) for r in rows],
        total=total,
        page=page,
        per_page=per_page,
    )


def latest_calls(*, session: Session, limit: int = 5) -> list[CallRow]:
    """The newest calls, without counting them all (the dashboard needs no pages)."""
    rows = session.execute(
        _row_select().order_by(Call.started_at.desc(), Call.id.desc()).limit(limit)
    ).all()
    return [_row(r) for r in rows]


@dataclass(frozen=True)
class CallCursor:
    """Where a page of calls ended: the last call's start and id (newest first)."""

    started_at: datetime
    id: int


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
    query = seek(
        _filtered(_row_select(), filters),
        (Call.started_at, Call.id),
        (after.started_at, after.id) if after else None,
        descending=True,
        limit=limit,
    )
    rows, more = split_page(session.execute(query).all(), limit)
    page = [_row(r) for r in rows]
    return page, CallCursor(page[-1].started_at, page[-1].id) if more else None


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
    return select(
        Call.id,
        Call.started_at,
        Bot.name,
        Call.from_number,
        Call.status,
        Call.outcome,
        Call.duration_seconds,
        Call.summary,
        Call.summary_fields,
    ).join(Bot, Bot.id == Call.bot_id)


def _row(r: Any) -> CallRow:
    return CallRow(
        id=r[0],
        started_at=r[1],
        bot_name=r[2],
        from_number=r[3],
        status=r[4].value,
        outcome=r[5].value if r[5] else None,
        duration_seconds=r[6],
        summary=r[7],
        summary_fields=r[8],
    )


def vienna_day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """[start of `first`, start of the day after `last`) in Vienna time, as aware UTC datetimes:
    SQLite stores UTC without an offset and compares text, so a bound in Vienna time would
    be read as UTC there and a call at 00:30 on the 1st would count for the month before."""
    start = datetime.combine(first, time.min, tzinfo=VIENNA).astimezone(UTC)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=VIENNA).astimezone(UTC)
    return start, end


def _filtered(query: Select, filters: CallFilter) -> Select:
    if filters.bot_id is not None:
        query = query.where(Call.bot_id == filters.bot_id)
    if filters.outcome:
        query = query.where(Call.outcome == CallOutcome(filters.outcome))
    if filters.status:
        query = query.where(Call.status == CallStatus(filters.status))
    if filters.date_from:
        query = query.where(
            Call.started_at >= vienna_day_bounds(filters.date_from, filters.date_from)[0]
        )
    if filters.date_to:
        query = query.where(
            Call.started_at < vienna_day_bounds(filters.date_to, filters.date_to)[1]
        )
    if filters.number and filters.number.strip():
        query = query.where(Call.from_number.contains(filters.number.strip(), autoescape=True))
    return query


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
        errors["outcome"] = "Unknown outcome."
    if filters.status and filters.status not in {s.value for s in CallStatus}:
        errors["status"] = "Unknown status."
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        errors["date_to"] = N_("The end date is before the start date.")
    if errors:
        raise ValidationFailed(errors)
