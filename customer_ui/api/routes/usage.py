"""Usage: call minutes and their cost per day and per bot, for a period."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from customer_ui.api.fields import EARLIEST, LATEST
from customer_ui.api.security import TenantDb
from services.usage_reports import usage_breakdown

router = APIRouter(prefix="/usage", tags=["usage"])


class DayOut(BaseModel):
    day: date
    seconds: int
    cost_cents: int


class BotOut(BaseModel):
    bot_id: int | None
    bot_name: str
    seconds: int
    cost_cents: int


class UsageOut(BaseModel):
    first: date
    last: date
    currency: str
    per_minute_cents: int
    by_day: list[DayOut]
    by_bot: list[BotOut]


@router.get("", response_model=UsageOut, summary="Minutes and cost per day and per bot")
def usage(
    db: TenantDb,
    first: Annotated[
        date,
        Query(alias="from", ge=EARLIEST, le=LATEST, description="First day (Vienna), included."),
    ],
    last: Annotated[
        date, Query(alias="to", ge=EARLIEST, le=LATEST, description="Last day (Vienna), included.")
    ],
) -> UsageOut:
    usage = usage_breakdown(session=db, first=first, last=last)
    pricing = usage.pricing
    return UsageOut(
        first=first,
        last=last,
        currency=pricing.currency,
        per_minute_cents=pricing.per_minute_cents,
        by_day=[
            DayOut(day=d.day, seconds=d.seconds, cost_cents=d.cost_cents) for d in usage.by_day
        ],
        by_bot=[
            BotOut(bot_id=b.bot_id, bot_name=b.bot_name, seconds=b.seconds, cost_cents=b.cost_cents)
            for b in usage.by_bot
        ],
    )
