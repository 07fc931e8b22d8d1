"""The dashboard's figures: this month's minutes, calls and cost, live bots, 30 days of daily
minutes, the latest calls (`dashboard`, a handful of indexed queries), and the bookings the
phone bot made this week (`bot_bookings_this_week`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from models import Booking, BookingSource, BookingStatus, Bot, BotStatus, Call, Service
from services.billing import tenant_bill
from services.call_history import CallRow, latest_calls, vienna_day_bounds
from services.usage_reports import DaySeconds, pricing_for, seconds_by_day

CHART_DAYS = 30
LATEST_CALLS = 5
BOT_BOOKINGS_SHOWN = 5


@dataclass(frozen=True)
class Dashboard:
    month_seconds: int
    month_calls: int
    month_cost_cents: int
    currency: str
    bots_live: int
    bots_total: int
    daily: list[DaySeconds]
    latest_calls: list[CallRow]

    @property
    def month_minutes(self) -> int:
        return round(self.month_seconds / 60)


# The dashboard's statements are built once: building one cost ~0.2 ms of CPU a render, a
# third of running it (the ORM's tenant filter is still added to each as it runs).
_CALLS_BETWEEN = (
    select(func.count())
    .select_from(Call)
    .where(Call.started_at >= bindparam("start"), Call.started_at < bindparam("end"))
)
_BOTS_BY_STATUS = (
    select(Bot.status, func.count()).where(Bot.status != BotStatus.DELETED).group_by(Bot.status)
)


def dashboard(*, session: Session, today: date) -> Dashboard:
    """`today` is the Vienna date the figures are for (passed in, so tests fix it)."""
    month_start = today.replace(day=1)
    chart_start = today - timedelta(days=CHART_DAYS - 1)
    # One grouped query covers both the chart and the month so far; the cost comes from
    # the bill below, so the days need no prices (two queries fewer a render).
    days = seconds_by_day(session=session, first=min(chart_start, month_start), last=today)
    daily = [d for d in days if d.day >= chart_start]
    month_seconds = sum(d.seconds for d in days if d.day >= month_start)
    start, end = vienna_day_bounds(month_start, today)
    month_calls = session.scalar(_CALLS_BETWEEN, {"start": start, "end": end})
    statuses = dict(session.execute(_BOTS_BY_STATUS).all())
    bill = tenant_bill(session=session, today=today)
    return Dashboard(
        month_seconds=month_seconds,
        month_calls=month_calls or 0,
        # Before VAT, from the bill the invoice run will write (services.billing).
        month_cost_cents=bill.priced.subtotal_cents if bill else 0,
        # The bill's own currency when there is one (it costs no further query).
        currency=bill.currency if bill else pricing_for(session=session).currency,
        bots_live=statuses.get(BotStatus.LIVE, 0),
        bots_total=sum(statuses.values()),
        daily=daily,
        latest_calls=latest_calls(session=session, limit=LATEST_CALLS),
    )


@dataclass(frozen=True)
class BotBooking:
    booking_id: int
    starts_at: datetime
    service_name: str
    caller_name: str
    status: BookingStatus


@dataclass(frozen=True)
class BotBookings:
    count: int
    latest: list[BotBooking]  # the last few made, newest first


def bot_bookings_this_week(*, session: Session, today: date) -> BotBookings:
    """The bookings the phone bot made this week (Monday to Sunday in Vienna, by when they
    were made, whatever became of them since): how many, and the last few."""
    monday = today - timedelta(days=today.weekday())
    start, end = vienna_day_bounds(monday, monday + timedelta(days=6))
    rows = session.execute(_BOT_BOOKINGS_MADE, {"start": start, "end": end}).all()
    # Each row carries the count of all: no row, no booking.
    return BotBookings(
        count=rows[0].made if rows else 0, latest=[BotBooking(*row[:-1]) for row in rows]
    )


# The last few the bot made, each with the count of all it made (a window over the rows
# the WHERE keeps, counted before the LIMIT): one statement, not a count and a list.
_BOT_BOOKINGS_MADE = (
    select(
        Booking.id,
        Booking.starts_at,
        Service.name,
        Booking.caller_name,
        Booking.status,
        func.count().over().label("made"),
    )
    .join(Service, Service.id == Booking.service_id)
    .where(
        Booking.source == BookingSource.PHONE,
        Booking.created_at >= bindparam("start"),
        Booking.created_at < bindparam("end"),
    )
    .order_by(Booking.created_at.desc(), Booking.id.desc())
    .limit(BOT_BOOKINGS_SHOWN)
)
