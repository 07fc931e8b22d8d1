"""The back office's home figures, computed in SQL across every tenant (staff session).

Days are Vienna days on PostgreSQL; SQLite (development only) counts UTC days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from models import (
    Call,
    Invoice,
    InvoiceStatus,
    ProvisioningJob,
    ProvisioningStatus,
    SupportTicket,
    Tenant,
    TenantStatus,
    TicketStatus,
)
from services.call_history import VIENNA, vienna_day_bounds
from services.usage_reports import USAGE_DAY, call_seconds_by, sql_date

CHART_DAYS = 30
INVOICED = (InvoiceStatus.OPEN, InvoiceStatus.PAID)
OPEN_TICKETS = (TicketStatus.OPEN, TicketStatus.WAITING_ON_CUSTOMER)


def vienna_today() -> date:
    return datetime.now(VIENNA).date()


@dataclass(frozen=True)
class DayMinutes:
    day: date
    minutes: float


@dataclass(frozen=True)
class HomeFigures:
    active_tenants: int
    calls_today: int
    minutes_this_month: float
    invoiced_cents_this_month: int
    open_tickets: int
    failed_jobs: int
    daily_minutes: list[DayMinutes]


def home_figures(*, session: Session, today: date) -> HomeFigures:
    today_start, today_end = vienna_day_bounds(today, today)
    month_start, _ = vienna_day_bounds(today.replace(day=1), today)
    return HomeFigures(
        active_tenants=_count(
            session, select(Tenant.id).where(Tenant.status == TenantStatus.ACTIVE)
        ),
        calls_today=_count(
            session,
            select(Call.id).where(Call.started_at >= today_start, Call.started_at < today_end),
        ),
        minutes_this_month=round(_call_seconds(session, today.replace(day=1), today) / 60, 1),
        invoiced_cents_this_month=int(
            session.scalar(
                select(func.coalesce(func.sum(Invoice.total_cents), 0)).where(
                    Invoice.status.in_(INVOICED),
                    Invoice.issued_at >= month_start,
                    Invoice.issued_at < today_end,
                )
            )
            or 0
        ),
        open_tickets=_count(
            session, select(SupportTicket.id).where(SupportTicket.status.in_(OPEN_TICKETS))
        ),
        failed_jobs=_count(
            session,
            select(ProvisioningJob.id).where(ProvisioningJob.status == ProvisioningStatus.FAILED),
        ),
        daily_minutes=daily_minutes(session=session, today=today),
    )


def daily_minutes(*, session: Session, today: date, days: int = CHART_DAYS) -> list[DayMinutes]:
    """Call minutes per day for the `days` days up to and including today, zeros included."""
    first = today - timedelta(days=days - 1)
    rows = call_seconds_by(session=session, first=first, last=today, keys=[USAGE_DAY])
    seconds = {sql_date(value): int(total) for value, total in rows}
    return [
        DayMinutes(d, round(seconds.get(d, 0) / 60, 1))
        for d in (first + timedelta(days=n) for n in range(days))
    ]


def _count(session: Session, query: Select[Any]) -> int:
    return int(session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def _call_seconds(session: Session, first: date, last: date) -> int:
    rows = call_seconds_by(session=session, first=first, last=last, keys=[])
    return int(rows[0][0] or 0) if rows else 0
