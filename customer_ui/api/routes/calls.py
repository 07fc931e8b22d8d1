"""Calls: a filtered list with cursor paging, and one call with its transcript."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from core.catalogue import N_
from customer_ui.api.errors import ApiError
from customer_ui.api.fields import EARLIEST, LATEST, MAX_ID, ResourceId
from customer_ui.api.routing import ThreadedRoute
from customer_ui.api.security import TenantDb, requires
from models import CallOutcome, CallStatus, Speaker
from services.call_history import MAX_PER_PAGE, CallCursor, CallFilter, call_detail, calls_after
from services.call_summary import Intent
from services.permissions import Action

router = APIRouter(
    prefix="/calls",
    tags=["calls"],
    route_class=ThreadedRoute,
    dependencies=[requires(Action.VIEW_CALLS)],
)


class CallSummaryFields(BaseModel):
    """What the call's summary line says, as fields."""

    intent: Intent
    bookings_made: int
    bookings_moved: int
    bookings_cancelled: int
    message_taken: bool
    handed_over: bool
    unanswered_questions: list[str] = Field(
        description="What the caller asked that the bot could not match."
    )


class CallOut(BaseModel):
    id: int
    started_at: datetime
    bot_name: str
    from_number: str
    status: CallStatus
    outcome: CallOutcome | None
    duration_seconds: int | None
    summary: str | None = Field(
        None, description="One line on what happened, in the bot's language; null while open."
    )
    summary_fields: CallSummaryFields | None = None


class CallList(BaseModel):
    items: list[CallOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


class TurnOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    seq: int
    speaker: Speaker
    text: str
    started_ms: int
    ended_ms: int | None
    stt_ms: int | None
    dialogue_ms: int | None
    tts_first_audio_ms: int | None
    turn_latency_ms: int | None
    interrupted: bool


class CallDetailOut(BaseModel):
    id: int
    bot_id: int
    bot_name: str
    from_number: str
    to_number: str
    status: CallStatus
    outcome: CallOutcome | None
    language: str
    started_at: datetime
    answered_at: datetime | None
    ended_at: datetime | None
    duration_seconds: int | None
    median_turn_latency_ms: int | None
    summary: str | None = Field(description="One line on what happened; null while open.")
    summary_fields: CallSummaryFields | None
    turns: list[TurnOut]


class CallQuery(BaseModel):
    """The list's filters and paging, read from the query string in one validation (eight
    parameters validated one by one cost FastAPI ~7 % of the request's CPU)."""

    bot_id: int | None = Field(None, ge=1, le=MAX_ID)
    status: CallStatus | None = None
    outcome: CallOutcome | None = None
    date_from: date | None = Field(
        None, alias="from", ge=EARLIEST, le=LATEST, description="First day (Vienna)."
    )
    date_to: date | None = Field(
        None, alias="to", ge=EARLIEST, le=LATEST, description="Last day (Vienna)."
    )
    number: str | None = Field(None, max_length=20, pattern=r"^[+\d]*$")
    limit: int = Field(50, ge=1, le=MAX_PER_PAGE)
    cursor: str | None = Field(None, max_length=100)


@router.get("", response_model=CallList, summary="Your calls, newest first")
def calls(db: TenantDb, query: Annotated[CallQuery, Query()]) -> CallList:
    filters = CallFilter(
        bot_id=query.bot_id,
        status=query.status.value if query.status else None,
        outcome=query.outcome.value if query.outcome else None,
        date_from=query.date_from,
        date_to=query.date_to,
        number=query.number,
    )
    after = decode_cursor(query.cursor) if query.cursor else None
    rows, following = calls_after(session=db, filters=filters, after=after, limit=query.limit)
    # One validation of the whole page: fifty models made one by one cost more.
    return CallList.model_validate(
        {
            "items": [vars(row) for row in rows],
            "next_cursor": encode_cursor(following) if following else None,
        }
    )


@router.get("/{call_id}", response_model=CallDetailOut, summary="One call with its transcript")
def call(call_id: ResourceId, db: TenantDb) -> CallDetailOut:
    detail = call_detail(session=db, call_id=call_id)
    c = detail.call
    return CallDetailOut(
        id=c.id,
        bot_id=c.bot_id,
        bot_name=detail.bot_name,
        from_number=c.from_number,
        to_number=c.to_number,
        status=c.status,
        outcome=c.outcome,
        language=c.language,
        started_at=c.started_at,
        answered_at=c.answered_at,
        ended_at=c.ended_at,
        duration_seconds=c.duration_seconds,
        median_turn_latency_ms=detail.median_turn_latency_ms,
        summary=c.summary,
        summary_fields=CallSummaryFields(**c.summary_fields) if c.summary_fields else None,
        turns=[TurnOut.model_validate(turn) for turn in detail.turns],
    )


def encode_cursor(cursor: CallCursor) -> str:
    raw = f"{cursor.started_at.isoformat()}|{cursor.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str) -> CallCursor:
    """Only what `encode_cursor` writes: an aware time in the platform's years and an id a
    row can have. Anything else — an id beyond BIGINT, a negative one, digits Python's int()
    would forgive ("1_000", " 7", "١٢"), a naive or far-off time — is the client's mistake
    (a 422), never a database error."""
    try:
        raw = base64.b64decode(
            text + "=" * (-len(text) % 4), altchars=b"-_", validate=True
        ).decode()
        started_text, id_text = raw.split("|")
        started_at = datetime.fromisoformat(started_text)
        if (
            started_at.isoformat() != started_text  # not as we write it ("…+00:00\x00")
            or started_at.tzinfo is None
            or not EARLIEST <= started_at.astimezone(UTC).date() <= LATEST
            or not _CURSOR_ID.fullmatch(id_text)
            or int(id_text) > MAX_ID
        ):
            raise ValueError(raw)
        return CallCursor(started_at, int(id_text))
    except (binascii.Error, UnicodeDecodeError, ValueError, OverflowError):
        raise ApiError(
            422, N_("The cursor is not valid; use next_cursor from a previous page.")
        ) from None


_CURSOR_ID = re.compile(r"[1-9][0-9]{0,18}")
