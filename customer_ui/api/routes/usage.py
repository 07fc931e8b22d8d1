"""Usage: call minutes and their cost per day and per bot, for a period; a month's bill so far."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query
from pydantic import BaseModel

from customer_ui.api.fields import EARLIEST, LATEST
from customer_ui.api.routing import ThreadedRoute
from customer_ui.api.security import TenantDb, requires
from models import InvoiceLineKind
from services.billing import Period, tenant_bill
from services.errors import NotFound, ValidationFailed
from services.permissions import Action
from services.usage_reports import usage_breakdown

VIENNA = ZoneInfo("Europe/Vienna")

router = APIRouter(
    prefix="/usage",
    tags=["usage"],
    route_class=ThreadedRoute,
    dependencies=[requires(Action.VIEW_USAGE)],
)


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


class BillLineOut(BaseModel):
    kind: InvoiceLineKind
    description: str
    quantity: int
    unit_amount_cents: int
    amount_cents: int


class MonthBillOut(BaseModel):
    month: str
    as_of: date
    currency: str
    lines: list[BillLineOut]
    subtotal_cents: int
    tax_rate_bp: int
    tax_cents: int
    total_cents: int


@router.get(
    "/month",
    response_model=MonthBillOut,
    summary="A month's bill so far: the same figures as the dashboard and the invoice",
)
def month_bill(
    db: TenantDb,
    month: Annotated[
        str | None,
        Query(
            pattern=r"^\d{4}-\d{2}$",
            description="The month as YYYY-MM (Vienna); this month when left out.",
        ),
    ] = None,
) -> MonthBillOut:
    today = datetime.now(VIENNA).date()
    try:
        period = Period.parse(month) if month else Period.month(today.year, today.month)
    except ValueError as error:
        raise ValidationFailed({"month": str(error)}) from None
    if not EARLIEST <= period.start <= LATEST:
        raise ValidationFailed({"month": "Please choose a month between 2000 and 2100."})
    if period.start > today:
        raise ValidationFailed({"month": "This month has not begun yet."})
    as_of = min(today, period.end - timedelta(days=1))
    bill = tenant_bill(session=db, today=as_of, period=period)
    if bill is None:
        raise NotFound("There is no price plan for this account yet.")
    priced = bill.priced
    return MonthBillOut(
        month=f"{period.start:%Y-%m}",
        as_of=as_of,
        currency=bill.currency,
        lines=[
            BillLineOut(
                kind=line.kind,
                description=line.description,
                quantity=line.quantity,
                unit_amount_cents=line.unit_amount_cents,
                amount_cents=line.amount_cents,
            )
            for line in priced.lines
        ],
        subtotal_cents=priced.subtotal_cents,
        tax_rate_bp=priced.tax_rate_bp,
        tax_cents=priced.tax_cents,
        total_cents=priced.total_cents,
    )
