"""Usage as customers read it: call minutes per day and per bot, with what they cost; CSV.

Figures come from the usage events (what billing counts) as the database keeps them summed
per day and bot (models.UsageDay), so a month's chart reads 30 rows a bot, not every call's
event. Days are Vienna days on PostgreSQL; SQLite (development only) has UTC days.
Cost per row is the plan's per-minute price, billed per second; the plan's included minutes
are taken off once, on the month's bill (`services.billing.tenant_bill`).
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from core.catalogue import N_, Phrase
from models import Bot, PricePlan, UsageDay, UsageKind
from services.billing import tenant_bill
from services.errors import ValidationFailed
from services.pricing import half_up
from services.tenant_settings import session_tenant

MAX_DAYS = 366


@dataclass(frozen=True)
class Pricing:
    currency: str = "EUR"
    monthly_fee_cents: int = 0
    included_minutes: int = 0
    per_minute_cents: int = 0
    number_monthly_fee_cents: int = 0

    def minutes_cost_cents(self, seconds: int) -> int:
        return half_up(seconds * self.per_minute_cents, 60)


@dataclass(frozen=True)
class DaySeconds:
    day: date
    seconds: int

    @property
    def minutes(self) -> float:
        return round(self.seconds / 60, 1)


@dataclass(frozen=True)
class DayUsage(DaySeconds):
    cost_cents: int


@dataclass(frozen=True)
class BotUsage:
    bot_id: int | None
    bot_name: str
    seconds: int
    cost_cents: int

    @property
    def minutes(self) -> float:
        return round(self.seconds / 60, 1)


def pricing_for(*, session: Session) -> Pricing:
    """The tenant's plan as prices (all zero without a plan)."""
    tenant = session_tenant(session=session)
    plan: PricePlan | None = tenant.price_plan if tenant else None
    if plan is None:
        return Pricing(currency=tenant.currency if tenant else "EUR")
    return Pricing(
        currency=plan.currency,
        monthly_fee_cents=plan.monthly_fee_cents,
        included_minutes=plan.included_minutes,
        per_minute_cents=plan.per_minute_cents,
        number_monthly_fee_cents=plan.number_monthly_fee_cents,
    )


def call_seconds_by(
    *, session: Session, first: date, last: date, keys: Sequence[Any]
) -> list[tuple[Any, ...]]:
    """Call seconds from `first` to `last` (Vienna days, both included), summed per `keys`;
    each row is the keys' values, then the seconds. Every usage figure reads through here."""
    _check_period(first, last)
    statement = _call_seconds_statement(tuple(keys))
    return [tuple(row) for row in session.execute(statement, {"first": first, "last": last})]


@functools.lru_cache(maxsize=16)
def _call_seconds_statement(keys: tuple[Any, ...]) -> Select:
    """`call_seconds_by`'s statement for `keys`, built once (the keys are the same column
    objects each time: `USAGE_DAY`, a model's attribute): the dashboard and the usage page
    ask on every render, and building it cost a third of running it."""
    return (
        select(*keys, func.sum(UsageDay.quantity))
        .where(
            UsageDay.kind == UsageKind.CALL_SECONDS,
            UsageDay.day >= bindparam("first"),
            UsageDay.day <= bindparam("last"),
        )
        .group_by(*keys)
    )


def seconds_by_day(*, session: Session, first: date, last: date) -> list[DaySeconds]:
    """Call seconds per day from `first` to `last` (both included), days without calls as
    zero: one grouped query, no prices (the dashboard's chart and month)."""
    rows = call_seconds_by(session=session, first=first, last=last, keys=[USAGE_DAY])
    totals = {sql_date(day): int(seconds) for day, seconds in rows}
    return [DaySeconds(d, totals.get(d, 0)) for d in _days(first, last)]


@dataclass(frozen=True)
class UsageBreakdown:
    pricing: Pricing
    by_day: list[DayUsage]
    by_bot: list[BotUsage]
    # Each bot's seconds per day, in the order of by_bot and by_day: a chart's stacks.
    daily_by_bot: dict[int | None, list[int]]


def usage_breakdown(*, session: Session, first: date, last: date) -> UsageBreakdown:
    """By day and by bot (most used first) from one grouped scan."""
    rows = call_seconds_by(
        session=session, first=first, last=last, keys=[USAGE_DAY, UsageDay.bot_id]
    )
    pricing = pricing_for(session=session)
    per_day: dict[date, int] = {}
    per_bot: dict[int | None, int] = {}
    per_bot_day: dict[tuple[int | None, date], int] = {}
    for day_value, bot_id, seconds in rows:
        day = sql_date(day_value)
        per_day[day] = per_day.get(day, 0) + int(seconds)
        per_bot[bot_id] = per_bot.get(bot_id, 0) + int(seconds)
        per_bot_day[bot_id, day] = per_bot_day.get((bot_id, day), 0) + int(seconds)
    days = _days(first, last)
    names = _bot_names(session, per_bot)
    by_bot = [
        BotUsage(bot_id, names.get(bot_id, "—"), seconds, pricing.minutes_cost_cents(seconds))
        for bot_id, seconds in per_bot.items()
    ]
    by_bot.sort(key=lambda row: (-row.seconds, row.bot_name))
    return UsageBreakdown(
        pricing=pricing,
        by_day=[
            DayUsage(d, per_day.get(d, 0), pricing.minutes_cost_cents(per_day.get(d, 0)))
            for d in days
        ],
        by_bot=by_bot,
        daily_by_bot={
            row.bot_id: [per_bot_day.get((row.bot_id, d), 0) for d in days] for row in by_bot
        },
    )


def month_cost_so_far(*, session: Session, today: date) -> int:
    """This month's bill so far, before VAT: `services.billing.tenant_bill`, the figure the
    invoice run, the dashboard and the billing page share."""
    bill = tenant_bill(session=session, today=today)
    return bill.priced.subtotal_cents if bill else 0


def usage_csv(*, session: Session, first: date, last: date) -> str:
    """Per day and bot: date, bot, seconds, minutes, cost — for spreadsheets (UTF-8, commas)."""
    rows = call_seconds_by(
        session=session, first=first, last=last, keys=[USAGE_DAY, UsageDay.bot_id]
    )
    names = _bot_names(session, {bot_id for _, bot_id, _ in rows})
    pricing = pricing_for(session=session)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "bot", "seconds", "minutes", f"cost_{pricing.currency.lower()}"])
    for day_value, bot_id, seconds in sorted(rows, key=lambda row: sql_date(row[0])):
        seconds = int(seconds)
        writer.writerow(
            [
                sql_date(day_value).isoformat(),
                names.get(bot_id, "") if bot_id is not None else "",
                seconds,
                f"{seconds / 60:.1f}",
                f"{pricing.minutes_cost_cents(seconds) / 100:.2f}",
            ]
        )
    return out.getvalue()


def _bot_names(session: Session, bot_ids: Iterable[int | None]) -> dict[int | None, str]:
    wanted = [bot_id for bot_id in bot_ids if bot_id is not None]
    named = session.execute(select(Bot.id, Bot.name).where(Bot.id.in_(wanted))).all()
    return {bot_id: name for bot_id, name in named}


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# The day of summed usage, as a key of `call_seconds_by`: one object, so the statement for
# it is built once.
USAGE_DAY = UsageDay.day.label("day")


def sql_date(value: date | datetime | str) -> date:
    """A day as the database hands it back: a date (PostgreSQL) or ISO text (SQLite)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _check_period(first: date, last: date) -> None:
    if first > last:
        raise ValidationFailed({"last": N_("The end date is before the start date.")})
    if (last - first).days >= MAX_DAYS:
        raise ValidationFailed(
            {"last": Phrase("Please choose at most {days} days.", days=MAX_DAYS)}
        )
